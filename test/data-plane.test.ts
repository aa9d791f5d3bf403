import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { DataPlane, DataPlaneMode, IstioRelease, Mesh, MeshProps, ProxyLogLevel } from '../src';
import { exactly, findObject, synthErrors, synthValid } from './util/validate';

function setup(props: MeshProps = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh', props);
  return { chart, mesh };
}

const web = { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/web:1' }] };

describe('IstioRelease', () => {
  test('defaults to the newest GA release from docker.io/istio', () => {
    const r = IstioRelease.default();
    expect([r.version, r.hub, r.tag, r.revision, r.revisionName]).toEqual(['1.30.3', 'docker.io/istio', '1.30.3', undefined, 'default']);
    expect(r.pilotImage).toBe('docker.io/istio/pilot:1.30.3');
    expect(r.proxyImage).toBe('docker.io/istio/proxyv2:1.30.3');
  });

  test('hub, tag and revision are set in one place', () => {
    const r = IstioRelease.of({ version: '1.29.1', hub: 'registry.example.com/istio/', tag: '1.29.1-distroless', revision: 'canary' });
    expect(r.proxyImage).toBe('registry.example.com/istio/proxyv2:1.29.1-distroless');
    expect(r.revisionName).toBe('canary');
  });

  test("Istio's CNI node agent is off unless the release says the cluster runs it", () => {
    expect([IstioRelease.default().cni, IstioRelease.of({ cni: true }).cni]).toEqual([false, true]);
  });

  test('bad settings fail together', () => {
    expect(() => IstioRelease.of({ version: '1.30', tag: 'bad tag', revision: 'Canary' })).toThrow([
      "'version' must look like 1.30.3, got '1.30'",
      "'tag' must be an image tag (1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'), got 'bad tag'",
      "'revision' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Canary'",
    ].join('\n'));
    expect(() => IstioRelease.of({ revision: 'default' })).toThrow("'revision' 'default' is Istio's name for no revision: leave 'revision' out");
  });
});

describe('webhook data plane', () => {
  test('namespaces are labelled istio-injection=enabled, or istio.io/rev with a revision', async () => {
    // GIVEN / WHEN
    const plain = setup();
    plain.mesh.addService('web', web);
    const revised = setup({ istio: IstioRelease.of({ revision: 'canary' }) });
    revised.mesh.addService('web', web);
    // THEN
    expect(findObject(await synthValid(plain.chart), 'Namespace', 'default').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    expect(findObject(await synthValid(revised.chart), 'Namespace', 'default').metadata.labels).toEqual({ 'istio.io/rev': 'canary' });
  });

  test('pods are not injected by the library', async () => {
    const { chart, mesh } = setup();
    mesh.addService('web', web);
    const pod = findObject(await synthValid(chart), 'Deployment', 'web-v1').spec.template;
    expect(pod.spec.initContainers).toBeUndefined();
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['web']);
    expect(pod.metadata.labels['sidecar.istio.io/inject']).toBeUndefined();
  });
});

describe('synth-time data plane', () => {
  test('deployments get the native-sidecar proxy from the pinned release', async () => {
    // GIVEN
    const { chart, mesh } = setup({ dataPlane: DataPlane.synthTime() });
    // WHEN
    mesh.addService('web', web);
    // THEN
    const objects = await synthValid(chart);
    const deployment = findObject(objects, 'Deployment', 'web-v1');
    const pod = deployment.spec.template;
    expect(pod.spec.initContainers.map((c: any) => [c.name, c.image, c.restartPolicy])).toEqual([
      ['istio-init', 'docker.io/istio/proxyv2:1.30.3', undefined],
      ['istio-proxy', 'docker.io/istio/proxyv2:1.30.3', 'Always'],
    ]);
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['web']);
    expect(pod.metadata.labels).toMatchObject({ 'app': 'web', 'version': 'v1', 'security.istio.io/tlsMode': 'istio' });
    expect(JSON.parse(pod.metadata.annotations['sidecar.istio.io/status']).revision).toBe('default');
    // the rest of the object is as synthesized: no fields from the injector's own serialization
    expect(deployment.status).toBeUndefined();
    // keys sorted like every object cdk8s synthesizes
    for (const o of [deployment, pod, pod.spec, pod.metadata.annotations, pod.spec.initContainers[1]]) {
      expect(Object.keys(o)).toEqual(Object.keys(o).sort());
    }
    expect(deployment.spec.replicas).toBe(1);
    expect(findObject(objects, 'Namespace', 'default').metadata.labels).toBeUndefined();
  });

  test('classic layout puts the proxy among the containers', async () => {
    const { chart, mesh } = setup({ dataPlane: DataPlane.synthTime({ nativeSidecars: false }) });
    mesh.addService('web', web);
    const pod = findObject(await synthValid(chart), 'Deployment', 'web-v1').spec.template.spec;
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['istio-init']);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['web', 'istio-proxy']);
  });

  test('a revision and a hub reach the injected proxy', async () => {
    const { chart, mesh } = setup({
      dataPlane: DataPlane.synthTime(),
      istio: IstioRelease.of({ hub: 'registry.example.com/istio', tag: '1.30.3-distroless', revision: 'canary' }),
    });
    mesh.addService('web', web);
    const pod = findObject(await synthValid(chart), 'Deployment', 'web-v1').spec.template;
    const proxy = pod.spec.initContainers.find((c: any) => c.name === 'istio-proxy');
    expect(proxy.image).toBe('registry.example.com/istio/proxyv2:1.30.3-distroless');
    expect(proxy.env.find((e: any) => e.name === 'CA_ADDR').value).toBe('istiod-canary.istio-system.svc:15012');
    expect(pod.metadata.annotations['istio.io/rev']).toBe('canary');
  });

  test('proxy options become annotations that shape the injected proxy', async () => {
    // GIVEN
    const { chart, mesh } = setup({ dataPlane: DataPlane.synthTime() });
    // WHEN
    mesh.addService('web', {
      ...web,
      proxy: {
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
        },
        concurrency: 1,
        logLevel: ProxyLogLevel.DEBUG,
        holdApplicationUntilProxyStarts: true,
        excludeInboundPorts: [9000],
        excludeOutboundPorts: [5432, 6379],
        excludeOutboundIpRanges: ['10.96.0.1/32'],
      },
    });
    // THEN
    const pod = findObject(await synthValid(chart), 'Deployment', 'web-v1').spec.template;
    expect(pod.metadata.annotations).toMatchObject({
      'sidecar.istio.io/proxyCPU': '50m',
      'sidecar.istio.io/proxyCPULimit': '500m',
      'sidecar.istio.io/proxyMemory': '64Mi',
      'sidecar.istio.io/proxyMemoryLimit': '256Mi',
      'sidecar.istio.io/logLevel': 'debug',
      'proxy.istio.io/config': '{"concurrency":1,"holdApplicationUntilProxyStarts":true}',
      'traffic.sidecar.istio.io/excludeInboundPorts': '9000',
      'traffic.sidecar.istio.io/excludeOutboundPorts': '5432,6379',
      'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.96.0.1/32',
    });
    const proxy = pod.spec.initContainers.find((c: any) => c.name === 'istio-proxy');
    expect(proxy.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(proxy.args).toContain('--proxyLogLevel=debug');
    const init = pod.spec.initContainers.find((c: any) => c.name === 'istio-init');
    expect(init.args.join(' ')).toContain('-o 5432,6379');
    expect(init.args.join(' ')).toContain('-x 10.96.0.1/32');
  });

  test('an invalid Istio annotation fails validation with the construct path', () => {
    const { chart, mesh } = setup({ dataPlane: DataPlane.synthTime() });
    mesh.addService('web', { ...web, versions: [{ name: 'v1', image: 'w:1', podAnnotations: { 'sidecar.istio.io/proxyCPU': 'lots' } }] });
    const message = synthErrors(chart);
    expect(message).toContain('[test/mesh/web/Version-v1/Deployment/Resource] sidecar injection failed:');
    expect(message).toContain('lots');
  });
});

describe('data plane per namespace and service', () => {
  test('a namespace can choose its own data plane', async () => {
    const { chart, mesh } = setup();
    mesh.addNamespace('legacy', { dataPlane: DataPlane.none() });
    mesh.addNamespace('baked', { dataPlane: DataPlane.synthTime() });
    mesh.addService('web', { ...web, namespace: 'baked' });
    const objects = await synthValid(chart);
    expect(findObject(objects, 'Namespace', 'legacy').metadata.labels).toEqual({ 'istio-injection': 'disabled' });
    expect(findObject(objects, 'Namespace', 'baked').metadata.labels).toBeUndefined();
    expect(findObject(objects, 'Deployment', 'web-v1').spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['istio-init', 'istio-proxy']);
    expect(mesh.namespaceDataPlane('baked').mode).toBe(DataPlaneMode.SYNTH_TIME);
  });

  test('a service can opt out of a webhook namespace, or opt in from another namespace', async () => {
    const { chart, mesh } = setup();
    mesh.addNamespace('plain', { dataPlane: DataPlane.none() });
    mesh.addService('batch', { ...web, dataPlane: DataPlane.none() });
    mesh.addService('api', { ...web, namespace: 'plain', dataPlane: DataPlane.webhook() });
    const objects = await synthValid(chart);
    expect(findObject(objects, 'Deployment', 'batch-v1').spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('false');
    expect(findObject(objects, 'Deployment', 'api-v1').spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('true');
  });

  test('a service can be injected at synth in a webhook namespace', async () => {
    const { chart, mesh } = setup();
    mesh.addService('web', { ...web, dataPlane: DataPlane.synthTime({ nativeSidecars: false }) });
    const pod = findObject(await synthValid(chart), 'Deployment', 'web-v1').spec.template.spec;
    expect(pod.containers.map((c: any) => c.name)).toEqual(['web', 'istio-proxy']);
  });

  test('a namespace data plane cannot change once the namespace exists', () => {
    const { mesh } = setup();
    mesh.addNamespace('shop');
    expect(() => mesh.addNamespace('shop', { dataPlane: DataPlane.none() }))
      .toThrow("[test/mesh] namespace 'shop' already has the webhook data plane: give its data plane when the namespace is first added");
  });
});

describe('proxy option validation', () => {
  test.each([
    [{ concurrency: -1 }, "'proxy.concurrency' must be an integer between 0 and 1024, got -1"],
    [{ concurrency: 1025 }, "'proxy.concurrency' must be an integer between 0 and 1024, got 1025"],
    [{ excludeInboundPorts: [0] }, "'proxy.excludeInboundPorts[0]' must be an integer between 1 and 65535, got 0"],
    [{ excludeOutboundPorts: [65536] }, "'proxy.excludeOutboundPorts[0]' must be an integer between 1 and 65535, got 65536"],
    [{ excludeOutboundIpRanges: ['10.0.0.0'] }, "'proxy.excludeOutboundIpRanges[0]' must be a CIDR block like 10.0.0.0/8, got '10.0.0.0'"],
    [{ excludeOutboundIpRanges: ['300.0.0.0/8'] }, "'proxy.excludeOutboundIpRanges[0]' must be a CIDR block like 10.0.0.0/8, got '300.0.0.0/8'"],
    [{ resources: { cpu: { request: kplus.Cpu.millis(600), limit: kplus.Cpu.millis(500) } } }, "'proxy.resources.cpu.request' 600m must not exceed 'proxy.resources.cpu.limit' 500m"],
    [{ resources: { memory: { request: Size.gibibytes(1), limit: Size.mebibytes(512) } } }, "'proxy.resources.memory.request' 1024Mi must not exceed 'proxy.resources.memory.limit' 512Mi"],
  ])('%p fails', (proxy, message) => {
    const { mesh } = setup();
    expect(() => mesh.addService('web', { ...web, proxy })).toThrow(`[test/mesh/web] ${message}`);
  });

  test.each([[{ concurrency: 0 }], [{ concurrency: 1024 }], [{ excludeInboundPorts: [1, 65535] }]])('%p is accepted', (proxy) => {
    const { mesh } = setup();
    expect(() => mesh.addService('web', { ...web, proxy })).not.toThrow();
  });

  test('pod annotations cannot override proxy options', () => {
    const { mesh } = setup();
    const svc = mesh.addService('web', { ports: [{ port: 80 }], proxy: { logLevel: ProxyLogLevel.ERROR } });
    expect(() => svc.addVersion('v1', { image: 'w:1', podAnnotations: { 'sidecar.istio.io/logLevel': 'debug' } }))
      .toThrow("'podAnnotations' must not set 'sidecar.istio.io/logLevel': the service's 'proxy' option sets it");
  });
});

describe('IstioRelease: hubs and tags the kubelet can pull', () => {
  test.each(['docker.io/istio', 'istio', 'localhost:5000', 'registry.example.com:5000/mirror/istio'])('hub %p is accepted', hub => {
    expect(IstioRelease.of({ hub }).proxyImage).toBe(`${hub}/proxyv2:1.30.3`);
  });

  test.each(['Docker.io/Istio', 'docker.io/istio:1.30.3', `docker.io/istio@sha256:${'0'.repeat(64)}`, 'docker.io/ istio'])('hub %p fails', hub => {
    expect(() => IstioRelease.of({ hub })).toThrow(exactly(
      `'hub' must be an image registry path like docker.io/istio or registry.example.com:5000/mirror/istio (lowercase, no tag or digest), got '${hub}'`));
  });

  test('a tag of 128 characters is accepted, 129 and an empty tag fail', () => {
    expect(IstioRelease.of({ tag: 'a'.repeat(128) }).tag).toHaveLength(128);
    for (const tag of ['a'.repeat(129), '']) {
      expect(() => IstioRelease.of({ tag })).toThrow(exactly(
        `'tag' must be an image tag (1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'), got '${tag}'`));
    }
  });

  test('untyped props fail', () => {
    expect(() => IstioRelease.of({ version: 1.3, revision: ['canary'] } as any)).toThrow(exactly(
      "'version' must be a string, got 1.3\n'revision' must be a string, got an array"));
  });
});

describe('DataPlane and proxy options: untyped callers', () => {
  test('synth-time options are checked', () => {
    expect(() => DataPlane.synthTime({ nativeSidecars: 'false' } as any)).toThrow(exactly("'nativeSidecars' must be a boolean, got 'false'"));
    expect(DataPlane.synthTime({ nativeSidecars: false }).nativeSidecars).toBe(false);
  });

  test.each([
    [{ concurrency: '2' }, "'proxy.concurrency' must be a number, got '2'"],
    [{ excludeInboundPorts: 15020 }, "'proxy.excludeInboundPorts' must be an array, got 15020"],
    [{ resources: { cpu: { limit: 2 } } }, "'proxy.resources.cpu.limit' must be a Cpu (e.g. Cpu.millis(500)), got 2"],
  ])('%j fails', (proxy, message) => {
    const { mesh } = setup();
    expect(() => mesh.addService('web', { ...web, proxy } as any)).toThrow(exactly(`[test/mesh] ${message}`));
  });

  test('ephemeral storage of the proxy fails: Istio has no annotation for it', () => {
    const { mesh } = setup();
    expect(() => mesh.addService('web', { ...web, proxy: { resources: { ephemeralStorage: { limit: Size.gibibytes(1) } } } })).toThrow(exactly(
      "[test/mesh/web] 'proxy.resources.ephemeralStorage' cannot be set: Istio's pod annotations set only the proxy's cpu and memory"));
  });

  test('proxy memory that is not whole mebibytes is written in KiB; a negative CPU fails', async () => {
    const { chart, mesh } = setup();
    mesh.addService('web', { ...web, proxy: { resources: { memory: { request: Size.kibibytes(1536) } } } });
    expect(findObject(await synthValid(chart), 'Deployment', 'web-v1').spec.template.metadata.annotations).toEqual({ 'sidecar.istio.io/proxyMemory': '1536Ki' });
    expect(() => mesh.addService('api', { ...web, proxy: { resources: { cpu: { request: kplus.Cpu.millis(-5) } } } }))
      .toThrow(exactly("[test/mesh/api] 'proxy.resources.cpu.request' must not be negative, got -5m"));
  });
});
