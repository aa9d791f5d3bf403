import { Duration } from 'cdk8s';
import { arrayOf, bool, duration, mapOf, num, optional, shape, str } from './private/props';

/**
 * The AnalysisTemplates Argo Rollouts runs in the background of a rollout (`strategy.canary.analysis`):
 * a failed analysis aborts the rollout. The templates are the user's; they are named, not emitted.
 */
export interface ArgoRolloutsAnalysis {
  /** Names of AnalysisTemplates in the service's namespace (or ClusterAnalysisTemplates with `clusterScope`). */
  readonly templates: string[];
  /**
   * The templates are ClusterAnalysisTemplates.
   *
   * @default false
   */
  readonly clusterScope?: boolean;
  /**
   * Values of the templates' arguments, by name.
   *
   * @default - none
   */
  readonly args?: { [name: string]: string };
  /**
   * Index into the canary's `steps` of the weight the analysis starts at.
   *
   * @default - from the start of the rollout
   */
  readonly startingStep?: number;
}

/**
 * How Argo Rollouts runs the canary (`argoproj.io/v1alpha1` `Rollout` with Istio traffic routing).
 * The canary's `steps` (or `weight`) become `setWeight` steps, each followed by a pause; its
 * `mirrorPercentage` becomes a mirror phase before them; its testers keep their route to the
 * canary subset.
 */
export interface ArgoRolloutsOptions {
  /**
   * How long to pause after each weight (whole seconds).
   *
   * @default - pause until promoted (`kubectl argo rollouts promote`)
   */
  readonly pause?: Duration;
  /**
   * Background analysis.
   *
   * @default - none
   */
  readonly analysis?: ArgoRolloutsAnalysis;
  /**
   * Pods of the Rollout.
   *
   * @default - the canary version's `replicas`
   */
  readonly replicas?: number;
  /**
   * Pods above `replicas` during an update.
   *
   * @default - Argo Rollouts' default (25%)
   */
  readonly maxSurge?: number;
  /**
   * Pods below `replicas` during an update. Not 0 together with `maxSurge`.
   *
   * @default - Argo Rollouts' default (25%)
   */
  readonly maxUnavailable?: number;
  /**
   * Scale the stable ReplicaSet down as traffic moves to the canary. Excludes `scaleDownDelaySeconds`.
   *
   * @default false
   */
  readonly dynamicStableScale?: boolean;
  /**
   * Seconds before the old ReplicaSet is scaled down after a promotion.
   *
   * @default - Argo Rollouts' default (30)
   */
  readonly scaleDownDelaySeconds?: number;
  /**
   * Seconds before the canary ReplicaSet is scaled down after an abort (0: never).
   *
   * @default - Argo Rollouts' default (30)
   */
  readonly abortScaleDownDelaySeconds?: number;
  /**
   * The name of the subset Argo Rollouts points at the stable pods.
   *
   * @default 'stable'
   */
  readonly stableSubsetName?: string;
  /**
   * The name of the subset Argo Rollouts points at the canary pods.
   *
   * @default 'canary'
   */
  readonly canarySubsetName?: string;
}

/** @internal the types of `ArgoRolloutsOptions` */
export const ARGO_ROLLOUTS_OPTIONS = shape({
  pause: optional(duration),
  analysis: optional(shape({
    templates: arrayOf(str),
    clusterScope: optional(bool),
    args: optional(mapOf(str)),
    startingStep: optional(num),
  })),
  replicas: optional(num),
  maxSurge: optional(num),
  maxUnavailable: optional(num),
  dynamicStableScale: optional(bool),
  scaleDownDelaySeconds: optional(num),
  abortScaleDownDelaySeconds: optional(num),
  stableSubsetName: optional(str),
  canarySubsetName: optional(str),
});
