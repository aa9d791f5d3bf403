/**
 * A canary as Argo Rollouts runs it: a `Rollout` whose pods come from the canary version's
 * Deployment (`workloadRef`), with Istio subset-level traffic routing over the service's
 * VirtualService and a DestinationRule of the two subsets the controller points at the stable and
 * the canary ReplicaSets. A pure function of what the hand-off resolved.
 */
import {
  RolloutSpec, RolloutSpecStrategyCanary, RolloutSpecStrategyCanaryMaxSurge, RolloutSpecStrategyCanaryMaxUnavailable,
  RolloutSpecStrategyCanarySteps, RolloutSpecStrategyCanaryStepsPauseDuration,
} from '../../imports/argoproj.io';
import { DestinationRuleSpec } from '../../imports/networking.istio.io';
import { SubsetRouting } from '../../model/handed-off';

/** What the Rollout is rendered from: the canary, the service's objects, and the Argo options. */
export interface RolloutInput {
  /** Pod labels every version of the service carries (`app`): the Rollout's selector. */
  readonly podSelector: { readonly [key: string]: string };
  /** The Deployment whose pod template the Rollout runs (the canary version's, scaled to 0). */
  readonly deploymentName: string;
  readonly replicas: number;
  /** The canary weights, in order. */
  readonly weights: readonly number[];
  /** Seconds to pause after each weight; none: until promoted (`kubectl argo rollouts promote`). */
  readonly pauseSeconds?: number;
  /** Mirror this share (integer percent) of the traffic to the canary before the weights, if any. */
  readonly mirrorPercentage?: number;
  /** The name of the route the mirror phase adds (a managed route). */
  readonly mirrorRouteName: string;
  readonly virtualService: string;
  readonly routing: SubsetRouting;
  readonly analysis?: {
    readonly templates: readonly string[];
    readonly clusterScope: boolean;
    readonly args: { readonly [name: string]: string };
    /** Index into `weights` of the step the background analysis starts at. */
    readonly startingWeight?: number;
  };
  readonly maxSurge?: number;
  readonly maxUnavailable?: number;
  readonly dynamicStableScale?: boolean;
  readonly scaleDownDelaySeconds?: number;
  readonly abortScaleDownDelaySeconds?: number;
}

/** The Rollout's steps: an optional mirror phase, then each weight followed by a pause. */
export function rolloutSteps(input: RolloutInput): RolloutSpecStrategyCanarySteps[] {
  const seconds = input.pauseSeconds;
  const pause = { pause: seconds === undefined ? {} : { duration: RolloutSpecStrategyCanaryStepsPauseDuration.fromNumber(seconds) } };
  const mirror: RolloutSpecStrategyCanarySteps[] = input.mirrorPercentage === undefined ? [] : [
    // a managed route ahead of the weighted one: every request, mirrored to the canary subset
    { setMirrorRoute: { name: input.mirrorRouteName, percentage: input.mirrorPercentage, match: [{ path: { prefix: '/' } }] } },
    pause,
    // without a match, the step removes the route
    { setMirrorRoute: { name: input.mirrorRouteName } },
  ];
  return [...mirror, ...input.weights.flatMap(w => [{ setWeight: w }, pause])];
}

/** The index in `rolloutSteps` of the `setWeight` step of `weights[index]`. */
export function weightStepIndex(input: RolloutInput, index: number): number {
  return (input.mirrorPercentage === undefined ? 0 : 3) + 2 * index;
}

export function renderRolloutSpec(input: RolloutInput): RolloutSpec {
  const routing = input.routing;
  const analysis = input.analysis;
  const canary: RolloutSpecStrategyCanary = {
    maxSurge: input.maxSurge === undefined ? undefined : RolloutSpecStrategyCanaryMaxSurge.fromNumber(input.maxSurge),
    maxUnavailable: input.maxUnavailable === undefined ? undefined : RolloutSpecStrategyCanaryMaxUnavailable.fromNumber(input.maxUnavailable),
    dynamicStableScale: input.dynamicStableScale,
    scaleDownDelaySeconds: input.scaleDownDelaySeconds,
    abortScaleDownDelaySeconds: input.abortScaleDownDelaySeconds,
    analysis: analysis && {
      templates: analysis.templates.map(templateName => ({ templateName, clusterScope: analysis.clusterScope || undefined })),
      args: Object.keys(analysis.args).length > 0 ? Object.entries(analysis.args).map(([name, value]) => ({ name, value })) : undefined,
      startingStep: analysis.startingWeight === undefined ? undefined : weightStepIndex(input, analysis.startingWeight),
    },
    trafficRouting: {
      managedRoutes: input.mirrorPercentage === undefined ? undefined : [{ name: input.mirrorRouteName }],
      istio: {
        virtualService: { name: input.virtualService, routes: [routing.routeName] },
        destinationRule: { name: routing.destinationRule, stableSubsetName: routing.stableSubset, canarySubsetName: routing.canarySubset },
      },
    },
    steps: rolloutSteps(input),
  };
  return {
    replicas: input.replicas,
    selector: { matchLabels: { ...input.podSelector } },
    // the Deployment stays at 0 replicas: Argo Rollouts must not scale it (GitOps owns it)
    workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: input.deploymentName, scaleDown: 'never' },
    strategy: { canary },
  };
}

/**
 * The DestinationRule Argo Rollouts edits: the two subsets, selecting the service's pods; the
 * controller adds `rollouts-pod-template-hash` to each subset's labels (and drops any other
 * subset), so it holds nothing else.
 */
export function renderRolloutDestinationRule(host: string, exportTo: string[] | undefined,
  podSelector: { readonly [key: string]: string }, routing: SubsetRouting): DestinationRuleSpec {
  return {
    host,
    exportTo,
    subsets: [routing.stableSubset, routing.canarySubset].map(name => ({ name, labels: { ...podSelector } })),
  };
}
