import { Chart, Duration, Testing } from 'cdk8s';
import {
  AuthorizationMode, Caller, Canary, CanaryProps, CanaryTesters, FlaggerMetric, FlaggerOptions, FlaggerWebhookType, Gateway, GatewayServer, Mesh,
  MtlsMode, ProgressiveDelivery, Protocol, RetryOn, RoutingApi, StringMatch,
} from '../src';
import { reviewsMesh } from './util/reviews-mesh';
import { bundledCrdProblems, exactly, findAll, findObject, synthErrors, synthValid } from './util/validate';

/** `reviews` (v1, v2, port 9080) with a canary v1 → v2 handed to Flagger. */
function handOff(options: FlaggerOptions = { stepWeight: 10 }, props: Partial<CanaryProps> = {}, versions = ['v1', 'v2']) {
  const { app, chart, mesh, reviews } = reviewsMesh(versions);
  const canary = new Canary(chart, 'canary', {
    service: reviews, stableVersion: 'v1', canaryVersion: 'v2', delivery: ProgressiveDelivery.flagger(options), ...props,
  });
  return { app, chart, mesh, reviews, canary };
}

/** The construct-path-free message of a hand-off that throws when the Canary is created. */
function handOffError(options: FlaggerOptions, props: Partial<CanaryProps> = {}): string {
  try {
    handOff(options, props);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the hand-off succeeded, expected it to fail');
}

async function flaggerCanary(chart: Chart): Promise<any> {
  return findObject(await synthValid(chart), 'flagger.app/Canary', 'reviews');
}

describe('Canary handed off to Flagger', () => {
  describe('what is emitted', () => {
    test('GIVEN steps WHEN the canary is handed to Flagger THEN a Flagger Canary with those stepWeights targets the service\'s Deployment', async () => {
      // GIVEN
      const { chart } = handOff({}, { steps: [5, 25, 50] });
      // THEN
      expect(await flaggerCanary(chart)).toEqual({
        apiVersion: 'flagger.app/v1beta1',
        kind: 'Canary',
        metadata: { name: 'reviews', namespace: 'default' },
        spec: {
          provider: 'istio',
          targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'reviews' },
          service: { name: 'reviews', port: 9080, portName: 'http' },
          analysis: { interval: '1m', threshold: 5, stepWeights: [5, 25, 50] },
        },
      });
    });

    test('GIVEN a hand-off THEN the objects Flagger owns are left out: the Service, VirtualService, DestinationRule and the stable Deployment', async () => {
      // GIVEN
      const { chart } = handOff();
      // WHEN
      const objects = await synthValid(chart);
      // THEN
      expect(objects.filter(o => o.metadata.name.startsWith('reviews')).map(o => `${o.kind}/${o.metadata.name}`).sort())
        .toEqual(['Canary/reviews', 'Deployment/reviews', 'ServiceAccount/reviews']);
    });

    test('GIVEN a hand-off THEN the target is the canary version\'s Deployment, named after the service and selected by app.kubernetes.io/name only', async () => {
      // GIVEN
      const { chart } = handOff();
      // WHEN
      const target = findObject(await synthValid(chart), 'Deployment', 'reviews');
      // THEN
      expect(target.metadata.labels).toEqual({ 'app': 'reviews', 'version': 'v2', 'app.kubernetes.io/name': 'reviews' });
      expect(target.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'reviews' } });
      expect(target.spec.template.metadata.labels).toEqual({
        'app': 'reviews',
        'version': 'v2',
        'app.kubernetes.io/name': 'reviews',
        'service.istio.io/canonical-name': 'reviews',
        'service.istio.io/canonical-revision': 'v2',
      });
      expect(target.spec.template.spec.containers[0].image).toBe('example/reviews:v2');
      expect(target.spec.replicas).toBe(1);
    });

    test('GIVEN a canary version with its own Deployment name THEN the target keeps that name', async () => {
      // GIVEN
      const { chart, reviews } = reviewsMesh(['v1']);
      reviews.addVersion('v2', { image: 'example/reviews:v2', deploymentName: 'reviews-next' });
      // WHEN
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', delivery: ProgressiveDelivery.flagger({ stepWeight: 10 }) });
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'flagger.app/Canary', 'reviews').spec.targetRef.name).toBe('reviews-next');
      expect(findAll(objects, 'Deployment').map(d => d.metadata.name)).toEqual(['reviews-next']);
    });

    test('GIVEN the service\'s policies THEN they still select app: reviews, which Flagger copies to the primary\'s pods unchanged', async () => {
      // GIVEN
      const chart = new Chart(Testing.app(), 'test');
      const mesh = new Mesh(chart, 'mesh', { authorization: AuthorizationMode.DENY_BY_DEFAULT, mtls: MtlsMode.STRICT });
      const reviews = mesh.addService('reviews', {
        ports: [{ port: 9080 }], mtls: MtlsMode.STRICT, versions: [{ name: 'v1', image: 'example/reviews:v1' }, { name: 'v2', image: 'example/reviews:v2' }],
      });
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', delivery: ProgressiveDelivery.flagger({ stepWeight: 10 }) });
      const productpage = mesh.addService('productpage', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'example/productpage:v1' }] });
      // WHEN
      reviews.allowCallsFrom(Caller.service(productpage));
      const objects = await synthValid(chart);
      // THEN
      expect(findObject(objects, 'AuthorizationPolicy', 'reviews').spec.selector).toEqual({ matchLabels: { app: 'reviews' } });
      expect(findObject(objects, 'PeerAuthentication', 'reviews').spec.selector).toEqual({ matchLabels: { app: 'reviews' } });
    });

    test('GIVEN a scoped caller THEN its Sidecar imports Flagger\'s primary and canary hosts beside the service\'s', async () => {
      // GIVEN
      const { chart, reviews, mesh } = handOff();
      const productpage = mesh.addService('productpage', {
        ports: [{ port: 9080 }], sidecarScoping: true, versions: [{ name: 'v1', image: 'example/productpage:v1' }],
      });
      // WHEN
      productpage.calls(reviews);
      // THEN
      expect(findObject(await synthValid(chart), 'Sidecar', 'productpage').spec.egress[0].hosts).toEqual([
        'default/reviews-canary.default.svc.cluster.local',
        'default/reviews-primary.default.svc.cluster.local',
        'default/reviews.default.svc.cluster.local',
        'istio-system/*',
      ]);
    });

    test('GIVEN stepWeight and the Canary\'s weight THEN they are Flagger\'s stepWeight and maxWeight', async () => {
      // GIVEN
      const { chart } = handOff({ stepWeight: 10, stepWeightPromotion: 25 }, { weight: 50 });
      // THEN
      expect((await flaggerCanary(chart)).spec.analysis).toEqual({ interval: '1m', threshold: 5, stepWeight: 10, maxWeight: 50, stepWeightPromotion: 25 });
    });

    test('GIVEN stepWeight and maxWeight options THEN both are written', async () => {
      // GIVEN
      const { chart } = handOff({ stepWeight: 1, maxWeight: 100, interval: Duration.seconds(90), threshold: 1 });
      // THEN
      expect((await flaggerCanary(chart)).spec.analysis).toEqual({ interval: '90s', threshold: 1, stepWeight: 1, maxWeight: 100 });
    });

    test('GIVEN iterations without testers THEN a Blue/Green analysis is written', async () => {
      // GIVEN
      const { chart } = handOff({ iterations: 10, interval: Duration.seconds(10) });
      // THEN
      expect((await flaggerCanary(chart)).spec.analysis).toEqual({ interval: '10s', threshold: 5, iterations: 10 });
    });

    test('GIVEN iterations and header and cookie testers THEN an A/B analysis matches them', async () => {
      // GIVEN
      const { chart } = handOff({ iterations: 5 }, { testers: CanaryTesters.header('end-user', StringMatch.exact('jason')) });
      // THEN
      expect((await flaggerCanary(chart)).spec.analysis).toEqual({
        interval: '1m', threshold: 5, iterations: 5, match: [{ headers: { 'end-user': { exact: 'jason' } } }],
      });
      const cookie = handOff({ iterations: 5 }, { testers: CanaryTesters.cookie('canary', 'always') });
      expect((await flaggerCanary(cookie.chart)).spec.analysis.match).toEqual([{ headers: { cookie: { regex: '^(.*?;\\s*)?(canary=always)(;.*)?$' } } }]);
    });

    test('GIVEN mirrorPercentage THEN Flagger mirrors with that mirrorWeight', async () => {
      // GIVEN
      const { chart } = handOff({ stepWeight: 10 }, { mirrorPercentage: 100 });
      // THEN
      expect((await flaggerCanary(chart)).spec.analysis).toEqual({ interval: '1m', threshold: 5, stepWeight: 10, mirror: true, mirrorWeight: 100 });
    });

    test('GIVEN metrics and webhooks THEN they are written as Flagger reads them', async () => {
      // GIVEN
      const { chart } = handOff({
        stepWeight: 10,
        metrics: [
          FlaggerMetric.requestSuccessRate({ min: 99 }),
          FlaggerMetric.requestDuration({ max: 500, interval: Duration.seconds(30) }),
          FlaggerMetric.template('error-rate', 'error-rate', { templateNamespace: 'flagger', max: 1, min: 0, interval: Duration.minutes(2), variables: { route: 'reviews' } }),
        ],
        webhooks: [
          { name: 'gate', url: 'http://flagger-loadtester.test/gate/approve', type: FlaggerWebhookType.CONFIRM_ROLLOUT },
          { name: 'load', url: 'https://loadtester.test/', timeout: Duration.minutes(1), retries: 3, muteAlert: true, metadata: { cmd: 'hey -z 1m http://reviews-canary:9080/' } },
        ],
      });
      // THEN
      const analysis = (await flaggerCanary(chart)).spec.analysis;
      expect(analysis.metrics).toEqual([
        { name: 'request-success-rate', thresholdRange: { min: 99 } },
        { name: 'request-duration', thresholdRange: { max: 500 }, interval: '30s' },
        {
          name: 'error-rate',
          templateRef: { name: 'error-rate', namespace: 'flagger' },
          templateVariables: { route: 'reviews' },
          thresholdRange: { min: 0, max: 1 },
          interval: '2m',
        },
      ]);
      expect(analysis.webhooks).toEqual([
        { name: 'gate', type: 'confirm-rollout', url: 'http://flagger-loadtester.test/gate/approve' },
        { name: 'load', type: 'rollout', url: 'https://loadtester.test/', timeout: '1m', retries: 3, muteAlert: true, metadata: { cmd: 'hey -z 1m http://reviews-canary:9080/' } },
      ]);
    });

    test.each(Object.values(FlaggerWebhookType))('GIVEN a %s webhook THEN its type is written', async (type) => {
      // GIVEN
      const { chart } = handOff({ stepWeight: 10, webhooks: [{ name: 'hook', url: 'http://hook.test/', type }] });
      // THEN
      expect((await flaggerCanary(chart)).spec.analysis.webhooks).toEqual([{ name: 'hook', type, url: 'http://hook.test/' }]);
    });

    test('GIVEN progressDeadline, skipAnalysis, revertOnDeletion and an autoscaler THEN they are written and the target leaves its replicas to the autoscaler', async () => {
      // GIVEN
      const { chart } = handOff({
        stepWeight: 10, progressDeadline: Duration.minutes(5), skipAnalysis: true, revertOnDeletion: true, horizontalPodAutoscaler: 'reviews',
      });
      // WHEN
      const objects = await synthValid(chart);
      // THEN
      const spec = findObject(objects, 'flagger.app/Canary', 'reviews').spec;
      expect(spec.progressDeadlineSeconds).toBe(300);
      expect(spec.skipAnalysis).toBe(true);
      expect(spec.revertOnDeletion).toBe(true);
      expect(spec.autoscalerRef).toEqual({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'reviews' });
      expect(findObject(objects, 'Deployment', 'reviews').spec.replicas).toBeUndefined();
    });

    test('GIVEN the service\'s traffic policy, target port and its one route\'s retries and timeout THEN they go into spec.service', async () => {
      // GIVEN
      const { chart, reviews } = reviewsMesh(['v1', 'v2']);
      reviews.addTrafficPolicy({ connectionPool: { http: { http2MaxRequests: 100 } }, outlierDetection: { consecutive5xxErrors: 5 } });
      reviews.addRoute({ timeout: Duration.seconds(10), retries: { attempts: 3, retryOn: [RetryOn.FIVE_XX] } });
      // WHEN
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', delivery: ProgressiveDelivery.flagger({ stepWeight: 10 }) });
      // THEN
      expect((await flaggerCanary(chart)).spec.service).toEqual({
        name: 'reviews',
        port: 9080,
        portName: 'http',
        trafficPolicy: { connectionPool: { http: { http2MaxRequests: 100 } }, outlierDetection: { consecutive5xxErrors: 5 } },
        timeout: '10s',
        retries: { attempts: 3, retryOn: '5xx' },
      });
    });

    test('GIVEN a TCP service with a target port THEN Flagger gets appProtocol tcp and the target port', async () => {
      // GIVEN
      const chart = new Chart(Testing.app(), 'test');
      const mesh = new Mesh(chart, 'mesh');
      const db = mesh.addService('db', {
        ports: [{ port: 5432, targetPort: 15432, protocol: Protocol.TCP }],
        versions: [{ name: 'v1', image: 'example/db:v1' }, { name: 'v2', image: 'example/db:v2' }],
      });
      // WHEN
      new Canary(chart, 'canary', { service: db, stableVersion: 'v1', canaryVersion: 'v2', delivery: ProgressiveDelivery.flagger({ stepWeight: 20 }) });
      // THEN
      expect(findObject(await synthValid(chart), 'flagger.app/Canary', 'db').spec.service)
        .toEqual({ name: 'db', port: 5432, portName: 'tcp', targetPort: 15432, appProtocol: 'tcp' });
    });

    test('GIVEN a hand-off WHEN destinations() is asked THEN it is an error: there is no static split', () => {
      // GIVEN
      const { canary } = handOff();
      // THEN
      expect(() => canary.destinations()).toThrow(exactly(
        "[test/canary] 'destinations()' has no weighted split to give: flagger moves the canary's traffic (the versions have no subsets); route to the service itself"));
    });

    test('GIVEN no delivery THEN the static canary is unchanged (the default)', async () => {
      // GIVEN
      const { chart, reviews } = reviewsMesh();
      // WHEN
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', weight: 10 });
      // THEN
      const objects = await synthValid(chart);
      expect(findAll(objects, 'flagger.app/Canary')).toEqual([]);
      expect(findObject(objects, 'VirtualService', 'reviews').spec.http[0].route.map((r: any) => r.weight)).toEqual([90, 10]);
    });
  });

  describe('the emitted Canary is checked against Flagger\'s CRD schema', () => {
    test('GIVEN an emitted Canary WHEN a field has the wrong type, an unknown name or a value outside its enum THEN the schema check fails', async () => {
      // GIVEN
      const canary = await flaggerCanary(handOff().chart);
      // THEN
      expect(await bundledCrdProblems(canary)).toEqual([]);
      expect(await bundledCrdProblems({ ...canary, spec: { ...canary.spec, provider: 'istio-x' } })).not.toEqual([]);
      expect(await bundledCrdProblems({ ...canary, spec: { ...canary.spec, analysis: { ...canary.spec.analysis, stepWeight: '10' } } })).not.toEqual([]);
      const service = { ...canary.spec.service, portNumber: 9080 };
      expect(await bundledCrdProblems({ ...canary, spec: { ...canary.spec, service } })).not.toEqual([]);
      // stepWeight and iterations together match two of the analysis' oneOf branches
      expect(await bundledCrdProblems({ ...canary, spec: { ...canary.spec, analysis: { ...canary.spec.analysis, iterations: 3 } } })).not.toEqual([]);
    });
  });
});

describe('FlaggerOptions', () => {
  test.each<[string, FlaggerOptions, string]>([
    ['interval below 10s', { stepWeight: 1, interval: Duration.seconds(9) }, "'interval' must be at least 10s (Flagger runs the analysis at most every 10s), got 9s"],
    ['interval of a fraction of a second', { stepWeight: 1, interval: Duration.millis(10500) }, "'interval' must be a whole number of seconds (Flagger's durations are seconds or minutes), got 10500ms"],
    ['threshold 0', { stepWeight: 1, threshold: 0 }, "'threshold' must be an integer of at least 1, got 0"],
    ['stepWeight 0', { stepWeight: 0 }, "'stepWeight' must be an integer between 1 and 100, got 0"],
    ['stepWeight 101', { stepWeight: 101 }, "'stepWeight' must be an integer between 1 and 100, got 101"],
    ['maxWeight 101', { stepWeight: 1, maxWeight: 101 }, "'maxWeight' must be an integer between 1 and 100, got 101"],
    ['maxWeight without stepWeight', { maxWeight: 50 }, "'maxWeight' needs 'stepWeight' (with the Canary's 'steps' the last step is the maximum)"],
    ['stepWeightPromotion 0', { stepWeight: 1, stepWeightPromotion: 0 }, "'stepWeightPromotion' must be an integer between 1 and 100, got 0"],
    ['iterations 0', { iterations: 0 }, "'iterations' must be an integer of at least 1, got 0"],
    ['iterations with stepWeight', { iterations: 1, stepWeight: 1 },
      "'iterations' excludes 'stepWeight' and 'maxWeight': a Blue/Green or A/B analysis runs for a number of intervals, a weighted canary by weight"],
    ['stepWeightPromotion with iterations', { iterations: 1, stepWeightPromotion: 10 }, "'stepWeightPromotion' applies to weighted canaries, not to 'iterations'"],
    ['two metrics of one name', { stepWeight: 1, metrics: [FlaggerMetric.requestDuration({ max: 1 }), FlaggerMetric.requestDuration({ max: 2 })] },
      "'metrics' has two entries named 'request-duration': names must be unique"],
    ['a webhook without a URL scheme', { stepWeight: 1, webhooks: [{ name: 'a', url: 'loadtester.test/' }] }, "'webhooks[0].url' must be an absolute http or https URL, got 'loadtester.test/'"],
    ['a webhook with another scheme', { stepWeight: 1, webhooks: [{ name: 'a', url: 'ftp://loadtester.test/' }] }, "'webhooks[0].url' must be an absolute http or https URL, got 'ftp://loadtester.test/'"],
    ['a webhook without a name', { stepWeight: 1, webhooks: [{ name: '', url: 'http://a.test/' }] }, "'webhooks[0].name' must not be empty"],
    ['a webhook timeout under 1s', { stepWeight: 1, webhooks: [{ name: 'a', url: 'http://a.test/', timeout: Duration.millis(500) }] },
      "'webhooks[0].timeout' must be a whole number of seconds (Flagger's durations are seconds or minutes), got 500ms"],
    ['negative webhook retries', { stepWeight: 1, webhooks: [{ name: 'a', url: 'http://a.test/', retries: -1 }] }, "'webhooks[0].retries' must be an integer of at least 0, got -1"],
    ['two webhooks of one name', { stepWeight: 1, webhooks: [{ name: 'a', url: 'http://a.test/' }, { name: 'a', url: 'http://b.test/' }] },
      "'webhooks' has two entries named 'a': names must be unique"],
    ['confirm-traffic-increase with iterations', { iterations: 2, webhooks: [{ name: 'a', url: 'http://a.test/', type: FlaggerWebhookType.CONFIRM_TRAFFIC_INCREASE }] },
      "'webhooks[0].type' 'confirm-traffic-increase' is never called with 'iterations': Flagger calls it only before raising a weighted canary's weight"],
    ['progressDeadline under 1s', { stepWeight: 1, progressDeadline: Duration.millis(0) }, "'progressDeadline' must be at least 1ms, got 0ms"],
    ['an autoscaler name that is no DNS subdomain', { stepWeight: 1, horizontalPodAutoscaler: 'Reviews' },
      "'horizontalPodAutoscaler' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'Reviews'"],
  ])('GIVEN %s THEN ProgressiveDelivery.flagger throws', (_, options, message) => {
    expect(() => ProgressiveDelivery.flagger(options)).toThrow(exactly(message));
  });

  test.each<[string, FlaggerOptions]>([
    ['interval 10s', { stepWeight: 1, interval: Duration.seconds(10) }],
    ['threshold 1', { stepWeight: 1, threshold: 1 }],
    ['stepWeight 1 and 100', { stepWeight: 100, maxWeight: 1 }],
    ['stepWeightPromotion 100', { stepWeight: 1, stepWeightPromotion: 100 }],
    ['iterations 1', { iterations: 1 }],
    ['a webhook timeout of 1s and 0 retries', { stepWeight: 1, webhooks: [{ name: 'a', url: 'http://a.test/', timeout: Duration.seconds(1), retries: 0 }] }],
    ['confirm-traffic-increase with stepWeight', { stepWeight: 1, webhooks: [{ name: 'a', url: 'http://a.test/', type: FlaggerWebhookType.CONFIRM_TRAFFIC_INCREASE }] }],
    ['progressDeadline 1s', { stepWeight: 1, progressDeadline: Duration.seconds(1) }],
  ])('GIVEN %s THEN ProgressiveDelivery.flagger accepts it', (_, options) => {
    expect(ProgressiveDelivery.flagger(options).controller).toBe('flagger');
  });

  test('GIVEN options of the wrong type THEN the message names the field', () => {
    expect(() => ProgressiveDelivery.flagger({ stepWeight: '10' as any })).toThrow(exactly("'stepWeight' must be a number, got '10'"));
  });
});

describe('FlaggerMetric', () => {
  test.each<[string, () => FlaggerMetric, string]>([
    ['a success rate above 100', () => FlaggerMetric.requestSuccessRate({ min: 100.5 }), "'min' must be a number between 0 and 100 (percent), got 100.5"],
    ['a negative success rate', () => FlaggerMetric.requestSuccessRate({ max: -1 }), "'max' must be a number between 0 and 100 (percent), got -1"],
    ['a metric without a range', () => FlaggerMetric.requestSuccessRate({}), "give 'min', 'max' or both: a metric without a range never fails the analysis"],
    ['min above max', () => FlaggerMetric.requestDuration({ min: 500, max: 499 }), "'min' (500) must not be greater than 'max' (499)"],
    ['a negative duration', () => FlaggerMetric.requestDuration({ max: -0.5 }), "'max' must be a number at least 0 (milliseconds), got -0.5"],
    ['an interval under 1s', () => FlaggerMetric.requestDuration({ max: 1, interval: Duration.millis(999) }),
      "'interval' must be a whole number of seconds (Flagger's durations are seconds or minutes), got 999ms"],
    ['a template metric named as a built-in one', () => FlaggerMetric.template('request-duration', 'latency', { max: 1 }),
      "'name' 'request-duration' is a built-in metric of Flagger (use FlaggerMetric.requestDuration())"],
    ['a template metric without a name', () => FlaggerMetric.template('', 'latency', { max: 1 }), "'name' must not be empty"],
    ['a template namespace that is no DNS label', () => FlaggerMetric.template('latency', 'latency', { max: 1, templateNamespace: 'Flagger' }),
      "'templateNamespace' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Flagger'"],
    ['an infinite bound', () => FlaggerMetric.template('latency', 'latency', { max: Infinity }), "'max' must be a finite number, got Infinity"],
  ])('GIVEN %s THEN it throws', (_, make, message) => {
    expect(make).toThrow(exactly(message));
  });

  test('GIVEN the edges of the ranges THEN they are accepted', () => {
    expect(FlaggerMetric.requestSuccessRate({ min: 0, max: 100, interval: Duration.seconds(1) }).name).toBe('request-success-rate');
    expect(FlaggerMetric.requestDuration({ min: 0, max: 0 }).name).toBe('request-duration');
    expect(FlaggerMetric.template('latency', 'latency', { min: -5 }).name).toBe('latency');
  });
});

describe('what Flagger cannot carry', () => {
  test.each<[string, FlaggerOptions, Partial<CanaryProps>, string]>([
    ['currentStep', {}, { steps: [10, 50], currentStep: 1 }, "'currentStep' has no meaning when Flagger runs the canary: Flagger advances through 'steps' itself; leave it out"],
    ['steps and stepWeight', { stepWeight: 5 }, { steps: [10, 50] }, "'steps' (10, 50) are Flagger's 'stepWeights': they exclude the options 'stepWeight' and 'iterations'"],
    ['steps and iterations', { iterations: 5 }, { steps: [10, 50] }, "'steps' (10, 50) are Flagger's 'stepWeights': they exclude the options 'stepWeight' and 'iterations'"],
    ['a step of 0', {}, { steps: [0, 50] },
      "'steps' must be weights between 1 and 100 when Flagger runs the canary (its first step is the first weight it sends), got 0, 50"],
    ['weight and maxWeight', { stepWeight: 5, maxWeight: 40 }, { weight: 50 }, "'weight' (50) is Flagger's 'maxWeight': give it once, as 'weight' or as the option 'maxWeight' (40)"],
    ['weight and iterations', { iterations: 5 }, { weight: 50 }, "'weight' excludes the option 'iterations': a Blue/Green or A/B analysis sends no weighted traffic"],
    ['weight without stepWeight', {}, { weight: 50 }, "'weight' (50) is Flagger's 'maxWeight' and needs the option 'stepWeight' (the weight added at each interval)"],
    ['weight 0', { stepWeight: 5 }, { weight: 0 }, "'weight' must be between 1 and 100 when Flagger runs the canary: it is the weight at which Flagger promotes"],
    ['no traffic plan', {}, {}, "Flagger needs a traffic plan: give the Canary 'steps', or the option 'stepWeight' (weighted canary) or 'iterations' (Blue/Green, or A/B testing with 'testers')"],
    ['testers without iterations', { stepWeight: 5 }, { testers: CanaryTesters.header('end-user', StringMatch.exact('jason')) },
      "'testers' are Flagger's A/B testing ('analysis.match'), which needs the option 'iterations': Flagger sends matching requests to the canary and every other request to the primary"],
    ['testers matching a path', { iterations: 5 }, { testers: CanaryTesters.matching([{ uri: StringMatch.prefix('/beta') }]) },
      "'testers' match 0 has 'uri': Flagger's 'analysis.match' matches on headers, queryParams, sourceLabels"],
    ['a fraction of a percent mirrored', { stepWeight: 5 }, { mirrorPercentage: 0.5 },
      "'mirrorPercentage' must be an integer between 1 and 100 when Flagger runs the canary (its 'mirrorWeight'), got 0.5"],
    ['mirroring with testers', { iterations: 5 }, { mirrorPercentage: 10, testers: CanaryTesters.header('end-user', StringMatch.exact('jason')) },
      "'mirrorPercentage' and 'testers' exclude each other when Flagger runs the canary: its A/B routes carry no mirror"],
  ])('GIVEN %s THEN the hand-off throws', (_, options, props, message) => {
    expect(handOffError(options, props)).toBe(`[test/canary] ${message}`);
  });

  test('GIVEN the edges of the plan rules THEN they are accepted', async () => {
    expect((await flaggerCanary(handOff({}, { steps: [1, 100] }).chart)).spec.analysis.stepWeights).toEqual([1, 100]);
    expect((await flaggerCanary(handOff({ stepWeight: 5 }, { weight: 1 }).chart)).spec.analysis.maxWeight).toBe(1);
    expect((await flaggerCanary(handOff({ stepWeight: 5 }, { mirrorPercentage: 1 }).chart)).spec.analysis.mirrorWeight).toBe(1);
    const queryTesters = CanaryTesters.matching([{ queryParams: { beta: StringMatch.exact('1') } }]);
    expect((await flaggerCanary(handOff({ iterations: 1 }, { testers: queryTesters }).chart)).spec.analysis.match).toEqual([{ queryParams: { beta: { exact: '1' } } }]);
  });

  test('GIVEN a service with two ports THEN the hand-off throws: Flagger\'s Services have one port', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh');
    const svc = mesh.addService('reviews', {
      ports: [{ port: 9080 }, { port: 9090 }],
      versions: [{ name: 'v1', image: 'example/reviews:v1' }, { name: 'v2', image: 'example/reviews:v2' }],
    });
    // THEN
    expect(() => new Canary(chart, 'canary', { service: svc, stableVersion: 'v1', canaryVersion: 'v2', delivery: ProgressiveDelivery.flagger({ stepWeight: 10 }) }))
      .toThrow(exactly("[test/canary] Flagger's Services have one port ('spec.service.port'), service 'reviews' has 2 (9080, 9090): give it one port, or keep the static canary"));
  });

  test('GIVEN a TLS port THEN the hand-off throws: Flagger routes HTTP or TCP', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh');
    const svc = mesh.addService('reviews', {
      ports: [{ port: 443, protocol: Protocol.TLS }],
      versions: [{ name: 'v1', image: 'example/reviews:v1' }, { name: 'v2', image: 'example/reviews:v2' }],
    });
    // THEN
    expect(() => new Canary(chart, 'canary', { service: svc, stableVersion: 'v1', canaryVersion: 'v2', delivery: ProgressiveDelivery.flagger({ stepWeight: 10 }) }))
      .toThrow(exactly("[test/canary] port 443 of service 'reviews' is TLS: Flagger's Istio VirtualService routes HTTP or TCP (allowed: HTTP, HTTP2, GRPC, GRPC-WEB, TCP)"));
  });

  test('GIVEN a mesh routing with the Gateway API THEN the hand-off throws', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { routingApi: RoutingApi.GATEWAY_API });
    const svc = mesh.addService('reviews', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'example/reviews:v1' }, { name: 'v2', image: 'example/reviews:v2' }] });
    // THEN
    expect(() => new Canary(chart, 'canary', { service: svc, stableVersion: 'v1', canaryVersion: 'v2', delivery: ProgressiveDelivery.flagger({ stepWeight: 10 }) }))
      .toThrow(exactly("[test/canary] 'delivery' Flagger runs canaries with its Istio provider here; the mesh routes with GATEWAY_API (allowed: RoutingApi.ISTIO)"));
  });

  test('GIVEN a canary version declared after the Canary THEN the hand-off throws', () => {
    // GIVEN
    const { chart, reviews } = reviewsMesh(['v1']);
    // THEN
    expect(() => new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', delivery: ProgressiveDelivery.flagger({ stepWeight: 10 }) }))
      .toThrow(exactly("[test/canary] 'canaryVersion' 'v2' must be declared on service 'reviews' before its canary is handed to Flagger"));
  });

  test('GIVEN a canary version with deploy: false THEN the hand-off throws: it is Flagger\'s target', () => {
    // GIVEN
    const { chart, reviews } = reviewsMesh(['v1']);
    reviews.addVersion('v2', { deploy: false });
    // THEN
    expect(() => new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', delivery: ProgressiveDelivery.flagger({ stepWeight: 10 }) }))
      .toThrow(exactly("[test/canary] 'canaryVersion' 'v2' must be a version whose Deployment the library writes (not 'deploy: false' nor 'workload'): it is Flagger's target"));
  });

  test('GIVEN a third version THEN synthesis fails: Flagger runs one primary and one canary', () => {
    // GIVEN
    const { chart } = handOff({ stepWeight: 10 }, {}, ['v1', 'v2', 'v3']);
    // THEN
    expect(synthErrors(chart)).toContain(
      "[test/canary] service 'reviews' has versions besides 'v1' and 'v2' (v3): Flagger runs one primary and one canary; remove them, or keep the static canary");
  });

  test('GIVEN exportTo THEN synthesis fails', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh');
    const svc = mesh.addService('reviews', {
      ports: [{ port: 9080 }], exportTo: ['.'], versions: [{ name: 'v1', image: 'example/reviews:v1' }, { name: 'v2', image: 'example/reviews:v2' }],
    });
    new Canary(chart, 'canary', { service: svc, stableVersion: 'v1', canaryVersion: 'v2', delivery: ProgressiveDelivery.flagger({ stepWeight: 10 }) });
    // THEN
    expect(synthErrors(chart)).toContain(
      "[test/canary] service 'reviews' has 'exportTo' (.): Flagger's VirtualService and DestinationRules are visible mesh-wide; leave 'exportTo' out");
  });

  test('GIVEN a route with matches, a second route or a fault THEN synthesis fails naming the route and what Flagger carries', () => {
    // GIVEN
    const one = handOff();
    one.reviews.addRoute({ name: 'jason', matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }], timeout: Duration.seconds(1) });
    const two = handOff();
    two.reviews.addRoute({ name: 'a', timeout: Duration.seconds(1), matches: [{ uri: StringMatch.prefix('/a') }] });
    two.reviews.addRoute({ name: 'b', timeout: Duration.seconds(2) });
    const fault = handOff();
    fault.reviews.addRoute({ name: 'slow', fault: { delay: { fixedDelay: Duration.seconds(7) } } });
    // THEN
    expect(synthErrors(one.chart)).toContain("[test/canary] routes[0] 'jason' of service 'reviews' has 'matches': Flagger's route would answer only matching requests (others get no route), "
      + 'where the library sends them to the default route; Flagger\'s route carries only timeout, retries, headers, corsPolicy, rewrite');
    expect(synthErrors(two.chart)).toContain("[test/canary] service 'reviews' has 2 HTTP routes (routes[0] 'a', routes[1] 'b'): Flagger's VirtualService has one route, which can carry one route's timeout, retries, headers, corsPolicy, rewrite");
    expect(synthErrors(fault.chart)).toContain("[test/canary] routes[0] 'slow' of service 'reviews' has 'fault': Flagger's route carries only timeout, retries, headers, corsPolicy, rewrite");
  });

  test('GIVEN retries Flagger\'s route has no field for THEN synthesis fails naming the field', () => {
    // GIVEN
    const { chart, reviews } = handOff();
    reviews.addRoute({ name: 'retry', retries: { attempts: 2, retryRemoteLocalities: true } });
    // THEN
    expect(synthErrors(chart)).toContain("[test/canary] routes[0] 'retry' of service 'reviews' sets 'retries.retryRemoteLocalities', which Flagger's 'spec.service.retries' does not have");
  });

  test('GIVEN traffic policy for a version, for a port, or a TCP connection pool THEN synthesis fails', () => {
    // GIVEN
    const version = handOff();
    version.reviews.addTrafficPolicy({ connectionPool: { http: { http2MaxRequests: 10 } } }, { version: 'v2' });
    const port = handOff();
    port.reviews.addTrafficPolicy({ connectionPool: { http: { http2MaxRequests: 10 } } }, { port: 9080 });
    const tcp = handOff();
    tcp.reviews.addTrafficPolicy({ connectionPool: { tcp: { maxConnections: 10 } } });
    // THEN
    expect(synthErrors(version.chart)).toContain("[test/canary] service 'reviews' has traffic policy for version 'v2' (connectionPool): Flagger gives its primary and canary one traffic policy ('spec.service.trafficPolicy'); set it for the whole service");
    expect(synthErrors(port.chart)).toContain("[test/canary] service 'reviews' has traffic policy for port 9080 (connectionPool): Flagger's 'spec.service.trafficPolicy' has no port-level settings; set it for the whole service");
    expect(synthErrors(tcp.chart)).toContain("[test/canary] service 'reviews' has traffic policy 'trafficPolicy.connectionPool.tcp', which Flagger's 'spec.service.trafficPolicy' does not have");
  });

  test('GIVEN a route of another service or a gateway to a version of the handed-off service THEN synthesis fails; to the service itself it is fine', async () => {
    // GIVEN
    const { chart, reviews, mesh } = handOff();
    const productpage = mesh.addService('productpage', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'example/productpage:v1' }] });
    productpage.addRoute({ name: 'beta', matches: [{ uri: StringMatch.prefix('/beta') }], destinations: [{ host: reviews, version: 'v2' }] });
    const gateway = new Gateway(chart, 'gw', { mesh, servers: [GatewayServer.http({ hosts: ['*'] })] });
    gateway.addRoute({ hosts: ['reviews.example.com'], destinations: [{ host: reviews, version: 'v1' }] });
    // THEN
    const errors = synthErrors(chart);
    expect(errors).toContain("[test/canary] routes[0] 'beta' of service 'productpage' sends to version 'v2' of service 'reviews', whose subsets Flagger replaces: route to the service itself");
    expect(errors).toContain("[test/canary] routes[0] of gateway 'gw' sends to version 'v1' of service 'reviews', whose subsets Flagger replaces: route to the service itself");
    const fine = handOff();
    const gw = new Gateway(fine.chart, 'gw', { mesh: fine.mesh, servers: [GatewayServer.http({ hosts: ['*'] })] });
    gw.addRoute({ hosts: ['reviews.example.com'], destinations: [{ host: fine.reviews }] });
    await synthValid(fine.chart);
  });

  test('GIVEN a service named <service>-primary THEN synthesis fails: Flagger creates that Service', () => {
    // GIVEN
    const { chart, mesh } = handOff();
    mesh.addService('reviews-primary', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'example/x:v1' }] });
    // THEN
    expect(synthErrors(chart)).toContain(
      "[test/canary] Flagger creates the Service 'reviews-primary' for service 'reviews', but the mesh declares a service of that name in namespace 'default'");
  });
});
