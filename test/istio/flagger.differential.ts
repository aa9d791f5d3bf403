/**
 * Differential tests against the Kubernetes API server's own code with Flagger's CRDs (of the
 * github.com/fluxcd/flagger module at FLAGGER_VERSION, see oracle.ts): every Flagger Canary the
 * hand-off emits, for each option, must be admitted as `kubectl apply --validate=strict
 * --dry-run=server` would admit it (schema, oneOf groups, patterns, unknown fields), with the rest
 * of the mesh's objects.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { apiServerAdmit, FLAGGER_VERSION } from './oracle';
import {
  Canary, CanaryProps, CanaryTesters, FlaggerMetric, FlaggerOptions, FlaggerWebhookType, Mesh, ProgressiveDelivery, Protocol, RetryOn, StringMatch,
} from '../../src';

/** A mesh with `reviews` (v1, v2) whose canary is handed to Flagger with these options and Canary props. */
function handedOff(options: FlaggerOptions, props: Partial<CanaryProps> = {}, protocol = Protocol.HTTP): any[] {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh');
  const reviews = mesh.addService('reviews', {
    ports: [{ port: 9080, targetPort: 8080, protocol }],
    trafficPolicy: { connectionPool: { http: { http2MaxRequests: 100 } } },
    versions: [{ name: 'v1', image: 'example/reviews:v1' }, { name: 'v2', image: 'example/reviews:v2' }],
  });
  if (protocol === Protocol.HTTP) {
    reviews.addRoute({ timeout: Duration.seconds(10), retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.FIVE_XX] } });
  }
  new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', delivery: ProgressiveDelivery.flagger(options), ...props });
  return Testing.synth(chart);
}

const CASES: Array<[string, () => any[]]> = [
  ['steps → stepWeights', () => handedOff({}, { steps: [5, 25, 50, 100] })],
  ['stepWeight, weight → maxWeight, stepWeightPromotion, interval, threshold', () =>
    handedOff({ stepWeight: 10, stepWeightPromotion: 50, interval: Duration.seconds(30), threshold: 10 }, { weight: 60 })],
  ['stepWeight and maxWeight', () => handedOff({ stepWeight: 1, maxWeight: 100 })],
  ['iterations (Blue/Green) with mirroring', () => handedOff({ iterations: 10, interval: Duration.minutes(2) }, { mirrorPercentage: 50 })],
  ['iterations with testers (A/B)', () => handedOff({ iterations: 5 }, {
    testers: CanaryTesters.matching([{ headers: { 'end-user': StringMatch.exact('jason') } }, { queryParams: { beta: StringMatch.regex('^1$') } }]),
  })],
  ['cookie testers', () => handedOff({ iterations: 5 }, { testers: CanaryTesters.cookie('canary', 'always') })],
  ['metrics', () => handedOff({
    stepWeight: 10,
    metrics: [
      FlaggerMetric.requestSuccessRate({ min: 99, interval: Duration.minutes(1) }),
      FlaggerMetric.requestDuration({ max: 500, min: 0, interval: Duration.seconds(30) }),
      FlaggerMetric.template('error-rate', 'error-rate', { templateNamespace: 'flagger', max: 1.5, variables: { route: 'reviews' } }),
    ],
  })],
  ['every webhook type', () => handedOff({
    stepWeight: 10,
    webhooks: Object.values(FlaggerWebhookType).map((type, i) => ({
      name: `hook-${i}`, type, url: `http://flagger-loadtester.test/${type}`, timeout: Duration.seconds(15 + i), retries: i, muteAlert: i % 2 === 0, metadata: { cmd: `echo ${type}` },
    })),
  })],
  ['progressDeadline, skipAnalysis, revertOnDeletion, autoscaler', () => handedOff({
    stepWeight: 10, progressDeadline: Duration.minutes(10), skipAnalysis: true, revertOnDeletion: false, horizontalPodAutoscaler: 'reviews',
  })],
  ['a TCP service', () => handedOff({ stepWeight: 20 }, {}, Protocol.TCP)],
];

describe(`the API server with Flagger ${FLAGGER_VERSION}'s CRDs`, () => {
  test.each(CASES)('admits the hand-off with %s, every object, without warnings', (_, make) => {
    // GIVEN the manifests of a hand-off
    const objects = make();
    expect(objects.filter(o => o.kind === 'Canary' && o.apiVersion === 'flagger.app/v1beta1')).toHaveLength(1);
    // WHEN the API server answers for each object
    const answers = apiServerAdmit(objects);
    // THEN it knows every kind and admits every object
    expect(answers.filter(a => !a.checked).map(a => `${a.apiVersion} ${a.kind}`)).toEqual([]);
    expect(answers.filter(a => a.error || a.warnings?.length).map(a => `${a.kind} ${a.name}: ${a.error ?? a.warnings!.join('; ')}`)).toEqual([]);
  });

  test('rejects a Canary the schema forbids (the oracle checks Flagger\'s schema)', () => {
    // GIVEN the emitted Canary with stepWeight and iterations, which match two of the analysis' oneOf branches
    const canary = handedOff({ stepWeight: 10 }).find(o => o.kind === 'Canary');
    const both = { ...canary, spec: { ...canary.spec, analysis: { ...canary.spec.analysis, iterations: 2 } } };
    // WHEN the API server answers
    const [answer] = apiServerAdmit([both]);
    // THEN it rejects it
    expect(answer.checked).toBe(true);
    expect(answer.error).toContain('spec.analysis');
  });
});
