import { App, Duration } from 'cdk8s';
import { BookinfoApp, buildBookinfoApp } from './app';
import { Canary, CanaryTesters, IstioCrds, ProgressiveDelivery, StringMatch } from '../../src';

/**
 * The entire bookinfo mesh (`buildBookinfoApp`) with the reviews canary handed to Argo Rollouts:
 * a `Rollout` named `reviews` runs the pod template of the `reviews-v2` Deployment (emitted at 0
 * replicas) and moves the reviews traffic 10% → 25% → 50% → 100%, pausing 5 minutes at each step,
 * by setting the weights of the route `canary` of the `reviews` VirtualService between the subsets
 * `stable` and `canary` of the DestinationRule `reviews-rollout`. The `reviews-v1` Deployment is
 * not emitted: its pods are the Rollout's stable ReplicaSet. The tester `jason` always reaches the
 * canary subset.
 */
export function buildBookinfoArgoRolloutsApp(app: App, crds: IstioCrds = IstioCrds.none()): BookinfoApp {
  const built = buildBookinfoApp(app, crds);
  const reviews = built.bookinfo.reviews;
  new Canary(built.bookinfo, 'reviews-canary', {
    service: reviews,
    stableVersion: 'v1',
    canaryVersion: 'v2',
    steps: [10, 25, 50],
    testers: CanaryTesters.header('end-user', StringMatch.exact('jason')),
    delivery: ProgressiveDelivery.argoRollouts({ pause: Duration.minutes(5), dynamicStableScale: true }),
  });
  return built;
}
