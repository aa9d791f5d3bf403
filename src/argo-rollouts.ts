import { HandOff } from './model/hand-off';

/**
 * How Argo Rollouts runs the canary (`argoproj.io/v1alpha1` `Rollout` with Istio traffic routing).
 */
export interface ArgoRolloutsOptions {
}

/** @internal the hand-off to Argo Rollouts (skeleton: filled in by the Argo Rollouts work) */
export function argoRolloutsHandOff(_options: ArgoRolloutsOptions): HandOff {
  return { controller: 'argo-rollouts', apply: () => { throw new Error('not implemented yet'); } };
}
