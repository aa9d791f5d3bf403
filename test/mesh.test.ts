import { Chart, Duration, Testing } from 'cdk8s';
import { DataPlane, Mesh, MtlsMode, Protocol } from '../src';
import { exactly, findAll, findObject, synthValid } from './util/validate';

describe('Mesh', () => {
  test('defaults: root namespace, STRICT mesh-wide mTLS and an injected default namespace', async () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    // WHEN
    const mesh = new Mesh(chart, 'mesh');
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'PeerAuthentication', 'default', 'istio-system')).toMatchObject({
      apiVersion: 'security.istio.io/v1',
      spec: { mtls: { mode: 'STRICT' } },
    });
    expect(findObject(objects, 'Namespace', 'istio-system').metadata.labels).toBeUndefined();
    expect(findObject(objects, 'Namespace', 'default').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    expect(mesh.namespaces).toEqual(['istio-system', 'default']);
    expect([mesh.rootNamespace, mesh.trustDomain, mesh.clusterDomain, mesh.mtls]).toEqual(['istio-system', 'cluster.local', 'cluster.local', MtlsMode.STRICT]);
  });

  test('mesh-wide settings are configurable', async () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    // WHEN
    new Mesh(chart, 'mesh', {
      rootNamespace: 'mesh-root',
      defaultNamespace: 'apps',
      namespaces: ['batch'],
      mtls: MtlsMode.PERMISSIVE,
      dataPlane: DataPlane.synthTime(),
    });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'PeerAuthentication', 'default', 'mesh-root').spec).toEqual({ mtls: { mode: 'PERMISSIVE' } });
    expect(findAll(objects, 'Namespace').map(n => [n.metadata.name, n.metadata.labels])).toEqual([
      ['mesh-root', undefined],
      ['apps', undefined],
      ['batch', undefined],
    ]);
  });

  test('namespaces precede the objects that live in them', async () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh');
    // WHEN
    mesh.addService('web', { namespace: 'late', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'w:1' }] });
    // THEN
    const objects = await synthValid(chart);
    const order = objects.map(o => `${o.kind}/${o.metadata.name}`);
    for (const kind of ['Service', 'ServiceAccount', 'Deployment', 'DestinationRule', 'VirtualService']) {
      expect(order.indexOf('Namespace/late')).toBeLessThan(order.indexOf(`${kind}/web${kind === 'Deployment' ? '-v1' : ''}`));
    }
    expect(order.indexOf('Namespace/istio-system')).toBeLessThan(order.indexOf('PeerAuthentication/default'));
  });

  test('a chart namespace is not stamped on cluster-scoped namespaces', async () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'apps' });
    // WHEN
    new Mesh(chart, 'mesh', { defaultNamespace: 'apps' });
    // THEN
    const objects = await synthValid(chart);
    for (const ns of findAll(objects, 'Namespace')) {
      expect(ns.metadata.namespace).toBeUndefined();
    }
    expect(findObject(objects, 'PeerAuthentication', 'default').metadata.namespace).toBe('istio-system');
  });

  test('addNamespace is idempotent', () => {
    const mesh = new Mesh(new Chart(Testing.app(), 'test'), 'mesh');
    expect(mesh.addNamespace('shop')).toBe(mesh.addNamespace('shop'));
    expect(mesh.namespaces).toEqual(['istio-system', 'default', 'shop']);
  });

  test('Mesh.of finds the enclosing mesh and fails outside one', () => {
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh');
    const svc = mesh.addService('web', { ports: [{ port: 80 }] });
    expect(Mesh.of(svc)).toBe(mesh);
    expect(() => Mesh.of(chart)).toThrow('[test] is not inside a Mesh');
  });

  test('invalid mesh settings are all reported at once', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new Mesh(chart, 'mesh', {
      rootNamespace: 'Istio_System',
      defaultNamespace: '-apps',
      trustDomain: 'Bad Domain',
      namespaces: ['ok', 'NOT'],
    })).toThrow([
      "[test/mesh] 'defaultNamespace' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got '-apps'",
      "[test/mesh] 'rootNamespace' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Istio_System'",
      "[test/mesh] 'trustDomain' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'Bad Domain'",
      "[test/mesh] 'namespaces[1]' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'NOT'",
    ].join('\n'));
  });

  test('the root namespace cannot hold applications', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new Mesh(chart, 'a', { namespaces: ['istio-system'] }))
      .toThrow("'namespaces' must not contain the root namespace 'istio-system': it holds mesh configuration, not applications");
    const mesh = new Mesh(chart, 'b');
    expect(() => mesh.addService('web', { namespace: 'istio-system' }))
      .toThrow("namespace 'istio-system' is the root namespace: it holds mesh configuration, not applications");
  });

  test('a namespace name of 63 characters is accepted and 64 fails', () => {
    const mesh = new Mesh(new Chart(Testing.app(), 'test'), 'mesh');
    expect(() => mesh.addNamespace('a'.repeat(63))).not.toThrow();
    expect(() => mesh.addNamespace('a'.repeat(64))).toThrow("'namespace' must be a DNS-1123 label");
  });
});

describe('Mesh object names', () => {
  test('an external service and a mesh service that would emit the same VirtualService fail together', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh');
    mesh.addService('api', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'a:1' }] });
    const external = mesh.addExternalService('ext', {
      hosts: ['api.example.com'],
      ports: [{ number: 80, protocol: Protocol.HTTP }],
      virtualServiceName: 'api',
    });
    external.addRoute({ timeout: Duration.seconds(3) });
    // WHEN / THEN
    expect(() => Testing.synth(chart)).toThrow(
      "[test/mesh] VirtualService 'api' in namespace 'default' is emitted twice, by test/mesh/api/VirtualService and test/mesh/external-ext/VirtualService: give one of them another name",
    );
  });
});

describe('Mesh.findService', () => {
  test('finds a service by name and namespace', () => {
    const mesh = new Mesh(new Chart(Testing.app(), 'test'), 'mesh');
    const a = mesh.addService('api', { ports: [{ port: 80 }] });
    const b = mesh.addService('api', { namespace: 'other', ports: [{ port: 80 }] });
    expect(mesh.findService('api')).toBe(a);
    expect(mesh.findService('api', 'other')).toBe(b);
    expect(mesh.findService('api', 'third')).toBeUndefined();
    expect(mesh.findService('nope')).toBeUndefined();
  });
});

describe('Mesh: untyped callers', () => {
  test.each([
    [{ mtls: 'strict' }, "'mtls' must be one of STRICT, PERMISSIVE, DISABLE, UNSET, got 'strict'"],
    [{ routingApi: 'BOGUS' }, "'routingApi' must be one of ISTIO, GATEWAY_API, got 'BOGUS'"],
    [{ namespaces: 'apps' }, "'namespaces' must be an array, got 'apps'"],
    [{ namespaces: ['apps', 7] }, "'namespaces[1]' must be a string, got 7"],
    [{ defaultNamespace: null }, "'defaultNamespace' must be a string, got null"],
    [{ dataPlane: {} }, "'dataPlane' must be a DataPlane (e.g. DataPlane.synthTime()), got an object"],
    [{ istio: { version: '1.30.3' } }, "'istio' must be an IstioRelease (e.g. IstioRelease.of({ version: '1.30.3' })), got an object"],
  ])('props %j fail', (props, message) => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new Mesh(chart, 'mesh', props as any)).toThrow(exactly(`[test/mesh] ${message}`));
  });

  test('addNamespace checks its name and options', () => {
    const mesh = new Mesh(new Chart(Testing.app(), 'test'), 'mesh');
    expect(() => mesh.addNamespace(5 as any)).toThrow(exactly("[test/mesh] 'namespace' must be a string, got 5"));
    expect(() => mesh.addNamespace('apps', { dataPlane: 'none' } as any))
      .toThrow(exactly("[test/mesh] 'dataPlane' must be a DataPlane (e.g. DataPlane.synthTime()), got 'none'"));
  });
});

describe('Mesh: external services', () => {
  test('an external service added twice fails in our words; another name is accepted', () => {
    const mesh = new Mesh(new Chart(Testing.app(), 'test'), 'mesh');
    const options = { hosts: ['api.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }] };
    mesh.addExternalService('api', options);
    expect(() => mesh.addExternalService('api', options)).toThrow(exactly("[test/mesh] external service 'api' is already declared (at test/mesh/external-api)"));
    expect(mesh.addExternalService('api2', options).name).toBe('api2');
  });

  test('an empty or numeric external service name fails', () => {
    const mesh = new Mesh(new Chart(Testing.app(), 'test'), 'mesh');
    const options = { hosts: ['api.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }] };
    expect(() => mesh.addExternalService('', options)).toThrow(exactly(
      "[test/mesh] 'name' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got ''"));
    expect(() => mesh.addExternalService(3 as any, options)).toThrow(exactly("[test/mesh] 'name' must be a string, got 3"));
  });
});
