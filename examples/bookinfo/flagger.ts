import { App, Duration } from 'cdk8s';
import { BookinfoApp, buildBookinfoApp } from './app';
import { Caller, Canary, FlaggerMetric, FlaggerWebhookType, IstioCrds, ProgressiveDelivery } from '../../src';

/**
 * The bookinfo mesh with the release of reviews v2 handed to Flagger: reviews has its stable
 * version v1 and its canary v2, and instead of static weights the mesh carries a Flagger `Canary`
 * (provider istio) that moves 10%, 20%, 30%, 50% of the traffic to v2 while the request success
 * rate stays at or above 99% and the p99 latency under 500ms, with a load test at every interval
 * (Flagger's load tester, `flagger-loadtester` in the namespace `test`, which the zero-trust mesh
 * lets call reviews).
 * Flagger then owns the Services `reviews`, `reviews-primary`, `reviews-canary`, the
 * VirtualService `reviews`, the DestinationRules `reviews-primary`/`reviews-canary` and the
 * Deployment `reviews-primary`; the mesh emits the target Deployment `reviews` (v2's spec).
 */
export function buildBookinfoFlaggerApp(app: App, crds: IstioCrds = IstioCrds.none()): BookinfoApp & { canary: Canary } {
  const built = buildBookinfoApp(app, crds, { reviewsVersions: ['v1', 'v2'] });
  built.bookinfo.reviews.allowCallsFrom(Caller.serviceAccount('test', 'flagger-loadtester'), { ports: [9080], methods: ['GET'] });
  const canary = new Canary(built.bookinfo, 'reviews-canary', {
    service: built.bookinfo.reviews,
    stableVersion: 'v1',
    canaryVersion: 'v2',
    steps: [10, 20, 30, 50],
    delivery: ProgressiveDelivery.flagger({
      interval: Duration.minutes(1),
      threshold: 5,
      metrics: [
        FlaggerMetric.requestSuccessRate({ min: 99, interval: Duration.minutes(1) }),
        FlaggerMetric.requestDuration({ max: 500, interval: Duration.seconds(30) }),
      ],
      webhooks: [{
        name: 'load-test',
        type: FlaggerWebhookType.ROLLOUT,
        url: 'http://flagger-loadtester.test/',
        timeout: Duration.seconds(5),
        metadata: { cmd: 'hey -z 1m -q 10 -c 2 http://reviews-canary.default:9080/reviews/0' },
      }],
    }),
  });
  return { ...built, canary };
}
