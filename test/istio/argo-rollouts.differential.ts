/**
 * Differential tests: the Rollouts the Argo Rollouts hand-off emits, through an API server that
 * serves Argo Rollouts' own CRDs (the Go module's manifests/crds), and the objects around them
 * through Istio's validation webhook and analyzers.
 */
import { Chart, Duration, Testing, Yaml } from 'cdk8s';
import { apiServerAdmit, istioAnalyze, istioValidate } from './oracle';
import { buildBookinfoArgoRolloutsApp } from '../../examples/bookinfo/argo-rollouts';
import { ArgoRolloutsOptions, Canary, CanaryProps, CanaryTesters, Mesh, ProgressiveDelivery, StringMatch } from '../../src';
import { analyze } from '../../src/analysis';

/** A canary v1 → v2 of `reviews` handed to Argo Rollouts, synthesized. */
function handedOff(options: ArgoRolloutsOptions, props: Partial<CanaryProps> = {}): any[] {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const reviews = new Mesh(chart, 'mesh').addService('reviews', {
    ports: [{ port: 9080 }],
    versions: [{ name: 'v1', image: 'example/reviews:v1' }, { name: 'v2', image: 'example/reviews:v2' }, { name: 'v3', image: 'example/reviews:v3' }],
  });
  new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', steps: [5, 25, 50, 100], delivery: ProgressiveDelivery.argoRollouts(options), ...props });
  return Testing.synth(chart);
}

const CASES: Array<[string, () => any[]]> = [
  ['the bookinfo example', () => {
    const app = Testing.app();
    buildBookinfoArgoRolloutsApp(app);
    return app.charts.flatMap(c => Testing.synth(c));
  }],
  ['defaults', () => handedOff({})],
  ['every option', () => handedOff({
    pause: Duration.hours(1),
    analysis: { templates: ['success-rate', 'latency'], args: { service: 'reviews' }, startingStep: 1 },
    replicas: 4,
    maxSurge: 1,
    maxUnavailable: 0,
    abortScaleDownDelaySeconds: 0,
    scaleDownDelaySeconds: 45,
    stableSubsetName: 'primary',
    canarySubsetName: 'next',
  }, { mirrorPercentage: 25, testers: CanaryTesters.cookie('canary', 'always') })],
  ['dynamic stable scaling, cluster templates', () => handedOff({ dynamicStableScale: true, analysis: { templates: ['rate'], clusterScope: true } })],
];

describe.each(CASES)('Argo Rollouts hand-off: %s', (_name, synth) => {
  const objects = synth();

  test("the API server, serving Argo Rollouts' CRDs, admits every object", () => {
    const answers = apiServerAdmit(objects);
    const rollouts = answers.filter(a => a.kind === 'Rollout');
    expect(rollouts.length).toBe(1);
    expect(rollouts.every(a => a.checked)).toBe(true);
    expect(answers.filter(a => a.error !== undefined || (a.warnings ?? []).length > 0)).toEqual([]);
  });

  test("Istio's validation webhook accepts the routing objects; istioctl analyze, on the cluster the objects make, agrees with this library's analysis", () => {
    expect(istioValidate(objects).filter(v => v.checked && (v.error || v.warning))).toEqual([]);
    // (the pods of the Rollout are those of the canary version's Deployment: the same template)
    const istio = [...new Set(istioAnalyze(Yaml.stringify(...objects), { simulateCluster: true })
      .map(f => `${f.level} ${f.code} ${f.resource}: ${f.message}`))].sort();
    const ours = analyze(objects).filter(f => f.code.startsWith('IST')).map(f => `${f.level} ${f.code} ${f.resource}: ${f.message}`).sort();
    expect(ours).toEqual(istio);
    // and nothing above Info, but the ingress gateway's subset note bookinfo always has (IST0140)
    expect(istio.filter(f => !f.startsWith('Info') && !f.includes('IST0140'))).toEqual([]);
  });
});

test('the tester route reaches the canary subset (sanity of the case above)', () => {
  const objects = handedOff({}, { testers: CanaryTesters.header('end-user', StringMatch.exact('jason')) });
  const vs = objects.find(o => o.kind === 'VirtualService');
  expect(vs.spec.http[0].route).toEqual([{ destination: { host: 'reviews', subset: 'canary' } }]);
});

test('the API server rejects a Rollout with a wrong type or an unknown field (the check above can fail)', () => {
  const rollout = handedOff({}).find(o => o.kind === 'Rollout');
  const wrongType = { ...rollout, spec: { ...rollout.spec, strategy: { canary: { steps: [{ setWeight: 'ten' }] } } } };
  const unknown = { ...rollout, spec: { ...rollout.spec, workloadRefs: rollout.spec.workloadRef } };
  const answers = apiServerAdmit([wrongType, unknown]);
  expect(answers.map(a => a.error !== undefined || (a.warnings ?? []).length > 0)).toEqual([true, true]);
});
