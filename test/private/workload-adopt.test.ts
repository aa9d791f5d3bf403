import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { DataPlane, Mesh } from '../../src';
import { errorOf, findAll, findObject, synthProblems, synthValid } from '../util/validate';

const WHERE = '[test/mesh/api/Version-v1]';

function setup(dataPlane: DataPlane = DataPlane.synthTime()) {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh', { dataPlane });
  const api = mesh.addService('api', { ports: [{ port: 80, targetPort: 8080 }] });
  return { chart, mesh, api };
}

/** A cdk8s-plus-33 Deployment as an app on current cdk8s writes it, selecting `labels`. */
function plusDeployment(chart: Chart, labels: { [key: string]: string }, options: { namespace?: string; port?: number } = {}) {
  const deployment = new kplus.Deployment(chart, 'legacy', {
    metadata: { name: 'api-legacy', namespace: options.namespace ?? 'default' },
    select: false,
    podMetadata: { labels: { team: 'payments' } },
    securityContext: { ensureNonRoot: false },
    containers: [{ name: 'api', image: 'example/api:0.9', portNumber: options.port ?? 8080, securityContext: { ensureNonRoot: false } }],
  });
  deployment.select(kplus.LabelSelector.of({ labels }));
  return deployment;
}

describe('ServiceVersion workload: an existing Deployment brought under a service', () => {
  test("a cdk8s-plus-33 Deployment gets the version's labels and the proxy, and the library emits no Deployment of its own", async () => {
    // GIVEN
    const { chart, api } = setup();
    const legacy = plusDeployment(chart, { app: 'api', version: 'v1' });
    // WHEN
    const version = api.addVersion('v1', { workload: ApiObject.of(legacy), podLabels: { tier: 'backend' } });
    const objects = await synthValid(chart);
    // THEN
    expect(version.workload).toBe(ApiObject.of(legacy));
    expect(version.deployment).toBeUndefined();
    expect(findAll(objects, 'Deployment').map(d => d.metadata.name)).toEqual(['api-legacy']);
    const pod = findObject(objects, 'Deployment', 'api-legacy', 'default').spec.template;
    expect(pod.metadata.labels).toEqual({
      'app': 'api',
      'version': 'v1',
      'service.istio.io/canonical-name': 'api',
      'service.istio.io/canonical-revision': 'v1',
      'team': 'payments',
      'tier': 'backend',
      'cdk8s.io/metadata.addr': 'test-legacy-c8225bab',
      'security.istio.io/tlsMode': 'istio',
    });
    expect(pod.spec.initContainers.map((c: any) => c.name)).toEqual(['istio-init', 'istio-proxy']);
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['api']);
  });

  test("a StatefulSet written as a plain ApiObject is adopted too; with the webhook data plane its pods are left to the namespace's injection label", async () => {
    // GIVEN
    const { chart, api } = setup(DataPlane.webhook());
    const sts = new ApiObject(chart, 'sts', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'api', namespace: 'default' },
      spec: {
        serviceName: 'api',
        selector: { matchLabels: { app: 'api', version: 'v1' } },
        template: { spec: { containers: [{ name: 'api', image: 'example/api:1', ports: [{ containerPort: 8080 }] }] } },
      },
    });
    // WHEN
    api.addVersion('v1', { workload: sts });
    // THEN
    const objects = Testing.synth(chart);
    expect(findObject(objects, 'StatefulSet', 'api').spec.template.metadata.labels).toEqual({
      'app': 'api', 'version': 'v1', 'service.istio.io/canonical-name': 'api', 'service.istio.io/canonical-revision': 'v1',
    });
  });

  test('a workload of another kind or namespace, or with options of the library\'s Deployment, is refused, each naming the option', () => {
    // GIVEN
    const { chart, api } = setup();
    const job = new kplus.Job(chart, 'job', { metadata: { name: 'migrate' }, containers: [{ image: 'm:1' }] });
    const elsewhere = plusDeployment(chart, { app: 'api', version: 'v2' }, { namespace: 'other' });
    // WHEN
    const jobError = errorOf(() => api.addVersion('v1', { workload: ApiObject.of(job), image: 'api:1', replicas: 2 }));
    const nsError = errorOf(() => api.addVersion('v2', { workload: ApiObject.of(elsewhere), deploy: false }));
    // THEN
    expect(jobError.split('\n')).toEqual([
      "[test/mesh/api/Version-v1] 'workload' must be an apps/v1 Deployment, StatefulSet, ReplicaSet, got batch/v1 Job 'migrate'",
      "[test/mesh/api/Version-v1] 'image' is given with 'workload': Job 'migrate' describes its own pods; set it there, or drop 'workload'",
      "[test/mesh/api/Version-v1] 'replicas' is given with 'workload': Job 'migrate' describes its own pods; set it there, or drop 'workload'",
      "[test/mesh/api/Version-v1] 'workload' Job 'migrate' is in namespace none (the namespace of kubectl's context): it must be in the service's namespace 'default'",
    ]);
    expect(nsError.split('\n')).toEqual([
      "[test/mesh/api/Version-v2] 'workload' is given with 'deploy: false': a version with a workload is deployed by that workload; drop one of them",
      "[test/mesh/api/Version-v2] 'workload' Deployment 'api-legacy' is in namespace 'other': it must be in the service's namespace 'default'",
    ]);
  });

  test('a selector that does not select on version, a missing target port and a contradicting pod label fail synthesis', async () => {
    // GIVEN
    const { chart, api } = setup();
    const legacy = plusDeployment(chart, { app: 'api' }, { port: 9090 });
    const other = new ApiObject(chart, 'other', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api-v2', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'api', version: 'two' } },
        template: { metadata: { labels: { version: 'two' } }, spec: { containers: [{ name: 'api', image: 'a:2', ports: [{ containerPort: 8080 }] }] } },
      },
    });
    // WHEN
    api.addVersion('v1', { workload: ApiObject.of(legacy) });
    api.addVersion('v2', { workload: other });
    // THEN
    expect(await synthProblems(chart)).toEqual([
      `${WHERE} 'workload' Deployment 'api-legacy' has a selector ({"matchLabels":{"app":"api"}}) that does not select on 'version': it would also select the pods of the service's other versions; add 'version: v1' to its matchLabels`,
      `${WHERE} 'workload' Deployment 'api-legacy' has no container port 8080, which the service sends traffic to (its container ports: 9090)`,
      "[test/mesh/api/Version-v2] 'workload' Deployment 'api-v2' labels its pods 'version: two', but the version's pods are labelled 'version: v2': drop the label from its pod template or change it",
      '[test/mesh/api/Version-v2] \'workload\' Deployment \'api-v2\' has a selector ({"matchLabels":{"app":"api","version":"two"}}) that does not select its pods, labelled {"version":"v2","app":"api","service.istio.io/canonical-name":"api","service.istio.io/canonical-revision":"v2"}',
    ]);
  });
});

