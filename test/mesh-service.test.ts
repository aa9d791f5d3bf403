import { Chart, Testing } from 'cdk8s';
import { Mesh, MeshService, Protocol } from '../src';
import { findAll, findObject, synthErrors, synthValid } from './util/validate';

function setup() {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh');
  return { app, chart, mesh };
}

describe('MeshService', () => {
  test('one declaration emits a Service, ServiceAccount, Deployments, DestinationRule and VirtualService', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    mesh.addService('reviews', {
      ports: [{ port: 9080 }],
      versions: [
        { name: 'v1', image: 'example/reviews:v1' },
        { name: 'v2', image: 'example/reviews:v2' },
      ],
    });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'Service', 'reviews', 'default')).toMatchObject({
      metadata: { labels: { app: 'reviews', service: 'reviews' } },
      spec: { ports: [{ name: 'http', port: 9080 }], selector: { app: 'reviews' } },
    });
    expect(findObject(objects, 'ServiceAccount', 'reviews', 'default').metadata.labels).toEqual({ account: 'reviews' });
    expect(findAll(objects, 'Deployment').map(d => d.metadata.name)).toEqual(['reviews-v1', 'reviews-v2']);
    expect(findObject(objects, 'DestinationRule', 'reviews').spec).toEqual({
      host: 'reviews',
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    });
    expect(findObject(objects, 'VirtualService', 'reviews').spec).toEqual({
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
    });
  });

  test('deployments carry app, version and canonical labels, select app and version, and use the service account', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    mesh.addService('ratings', {
      ports: [{ port: 9080 }],
      serviceAccountName: 'bookinfo-ratings',
      versions: [{ name: 'v1', image: 'example/ratings:v1', replicas: 3 }],
    });
    // THEN
    const deployment = findObject(await synthValid(chart), 'Deployment', 'ratings-v1');
    expect(deployment.metadata.labels).toEqual({ app: 'ratings', version: 'v1' });
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'ratings', version: 'v1' } });
    expect(deployment.spec.template.metadata.labels).toEqual({
      'app': 'ratings',
      'version': 'v1',
      'service.istio.io/canonical-name': 'ratings',
      'service.istio.io/canonical-revision': 'v1',
    });
    expect(deployment.spec.template.spec.serviceAccountName).toBe('bookinfo-ratings');
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({
      name: 'ratings',
      image: 'example/ratings:v1',
      imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: 9080 }],
    });
  });

  test('every subset selects the pods of its deployment', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const svc = mesh.addService('reviews', { ports: [{ port: 9080 }] });
    // WHEN
    for (const v of ['v1', 'v2', 'v3']) {
      svc.addVersion(v, { image: `example/reviews:${v}` });
    }
    // THEN
    const objects = await synthValid(chart);
    const service = findObject(objects, 'Service', 'reviews');
    for (const subset of findObject(objects, 'DestinationRule', 'reviews').spec.subsets) {
      const podLabels = findObject(objects, 'Deployment', `reviews-${subset.name}`).spec.template.metadata.labels;
      expect(podLabels).toMatchObject(subset.labels);
      expect(podLabels).toMatchObject(service.spec.selector);
    }
  });

  test('versions added after construction get deployments and subsets', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const svc = mesh.addService('details', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'd:v1' }] });
    // WHEN
    svc.addVersion('v2', { image: 'd:v2' });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'DestinationRule', 'details').spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2']);
    expect(findObject(objects, 'Deployment', 'details-v2').spec.template.spec.containers[0].image).toBe('d:v2');
  });

  test('a version with deploy false is a subset without a deployment', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    mesh.addService('ratings', {
      ports: [{ port: 9080 }],
      versions: [{ name: 'v1', image: 'r:v1' }, { name: 'v2-mysql-vm', deploy: false }],
    });
    // THEN
    const objects = await synthValid(chart);
    expect(findAll(objects, 'Deployment').map(d => d.metadata.name)).toEqual(['ratings-v1']);
    expect(findObject(objects, 'DestinationRule', 'ratings').spec.subsets[1]).toEqual({ name: 'v2-mysql-vm', labels: { version: 'v2-mysql-vm' } });
    // its pods come from elsewhere: istioctl analyze is told not to expect them among the manifests' (IST0173)
    expect(findObject(objects, 'DestinationRule', 'ratings').metadata.annotations).toEqual({ 'galley.istio.io/analyze-suppress': 'IST0173' });
  });

  test('a DestinationRule whose versions are all deployed suppresses nothing', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    mesh.addService('ratings', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'r:v1' }, { name: 'v2', image: 'r:v2' }] });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'DestinationRule', 'ratings').metadata.annotations).toBeUndefined();
  });

  test('the default route goes to the declared default version', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    mesh.addService('reviews', {
      ports: [{ port: 9080 }],
      defaultVersion: 'v2',
      versions: [{ name: 'v1', image: 'r:v1' }, { name: 'v2', image: 'r:v2' }],
    });
    // THEN
    expect(findObject(await synthValid(chart), 'VirtualService', 'reviews').spec.http).toEqual([
      { route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
    ]);
  });

  test('objects carry the service namespace and the namespace is created and labelled for injection', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    mesh.addService('web', { namespace: 'shop', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'w:1' }] });
    // THEN
    const objects = await synthValid(chart);
    for (const kind of ['Service', 'ServiceAccount', 'Deployment', 'DestinationRule', 'VirtualService']) {
      expect(findAll(objects, kind).map(o => o.metadata.namespace)).toEqual(['shop']);
    }
    expect(findObject(objects, 'Namespace', 'shop').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
  });

  test('same-named services in two namespaces are addressed by FQDN', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    mesh.addService('api', { namespace: 'a', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'a:1' }] });
    mesh.addService('api', { namespace: 'b', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'b:1' }] });
    mesh.addService('solo', { namespace: 'a', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 's:1' }] });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'VirtualService', 'api', 'a').spec.hosts).toEqual(['api.a.svc.cluster.local']);
    expect(findObject(objects, 'DestinationRule', 'api', 'b').spec.host).toBe('api.b.svc.cluster.local');
    expect(findObject(objects, 'VirtualService', 'solo', 'a').spec.hosts).toEqual(['solo']);
  });

  test('fqdn and principal follow the cluster domain and trust domain', () => {
    // GIVEN
    const { chart } = setup();
    const mesh = new Mesh(chart, 'other', { clusterDomain: 'corp.local', trustDomain: 'example.org' });
    // WHEN
    const svc = mesh.addService('reviews', { ports: [{ port: 9080 }], serviceAccountName: 'bookinfo-reviews' });
    // THEN
    expect(svc.fqdn).toBe('reviews.default.svc.corp.local');
    expect(svc.principal).toBe('example.org/ns/default/sa/bookinfo-reviews');
    expect(svc.hostFrom('other')).toBe('reviews.default.svc.corp.local');
    expect(svc.hostFrom('default')).toBe('reviews');
  });

  describe('ports', () => {
    test('ports are named for their protocol, with the port number when a protocol repeats', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      mesh.addService('multi', {
        ports: [
          { port: 8080 },
          { port: 8081, protocol: Protocol.HTTP },
          { port: 9090, protocol: Protocol.GRPC },
          { port: 5432, protocol: Protocol.TCP, targetPort: 15432 },
          { port: 8443, protocol: Protocol.GRPC_WEB },
        ],
        versions: [{ name: 'v1', image: 'm:1' }],
      });
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'Service', 'multi').spec.ports).toEqual([
        { name: 'http-8080', port: 8080 },
        { name: 'http-8081', port: 8081 },
        { name: 'grpc', port: 9090 },
        { name: 'tcp', port: 5432, targetPort: 15432 },
        { name: 'grpc-web', port: 8443 },
      ]);
      expect(findObject(objects, 'Deployment', 'multi-v1').spec.template.spec.containers[0].ports)
        .toEqual([8080, 8081, 9090, 15432, 8443].map(containerPort => ({ containerPort })));
    });

    test('a port name without a protocol prefix gets appProtocol', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      mesh.addService('db', {
        ports: [{ port: 3306, name: 'database', protocol: Protocol.MYSQL }, { port: 80, name: 'http-web' }, { port: 53, protocol: Protocol.UDP }],
        versions: [{ name: 'v1', image: 'db:1' }],
      });
      // THEN
      expect(findObject(await synthValid(chart), 'Service', 'db').spec.ports).toEqual([
        { name: 'database', port: 3306, appProtocol: 'mysql' },
        { name: 'http-web', port: 80 },
        { name: 'udp', port: 53, protocol: 'UDP' },
      ]);
    });

    test('a port name is read for its protocol when no protocol is given', () => {
      // GIVEN
      const { mesh } = setup();
      // WHEN
      const svc = mesh.addService('db', { ports: [{ port: 6379, name: 'redis-main' }] });
      // THEN
      expect(svc.ports).toEqual([{ port: 6379, name: 'redis-main', protocol: Protocol.REDIS }]);
    });

    test('tcp ports get tcp routes and tls ports get sni routes', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      mesh.addService('mixed', {
        ports: [{ port: 27017, protocol: Protocol.MONGO }, { port: 443, protocol: Protocol.HTTPS }],
        versions: [{ name: 'v1', image: 'm:1' }],
      });
      // THEN
      expect(findObject(await synthValid(chart), 'VirtualService', 'mixed').spec).toEqual({
        hosts: ['mixed'],
        tls: [{ match: [{ port: 443, sniHosts: ['mixed'] }], route: [{ destination: { host: 'mixed', subset: 'v1' } }] }],
        tcp: [{ route: [{ destination: { host: 'mixed', subset: 'v1' } }] }],
      });
    });

    test.each([
      [0, "'ports[0].port' must be an integer between 1 and 65535, got 0"],
      [65536, "'ports[0].port' must be an integer between 1 and 65535, got 65536"],
      [80.5, "'ports[0].port' must be an integer between 1 and 65535, got 80.5"],
    ])('port %p fails', (port, message) => {
      const { mesh } = setup();
      expect(() => mesh.addService('web', { ports: [{ port }] })).toThrow(`[test/mesh/web] ${message}`);
    });

    test.each([1, 65535])('port %p is accepted', (port) => {
      const { mesh } = setup();
      expect(mesh.addService('web', { ports: [{ port }] }).ports[0].port).toBe(port);
    });

    test.each([
      [0, "'ports[0].targetPort' must be an integer between 1 and 65535, got 0"],
      [65536, "'ports[0].targetPort' must be an integer between 1 and 65535, got 65536"],
    ])('target port %p fails', (targetPort, message) => {
      const { mesh } = setup();
      expect(() => mesh.addService('web', { ports: [{ port: 80, targetPort }] })).toThrow(message);
    });

    test('a port name that names another protocol fails', () => {
      const { mesh } = setup();
      expect(() => mesh.addService('web', { ports: [{ port: 80, name: 'tcp-web', protocol: Protocol.HTTP }] }))
        .toThrow("'ports[0].name' 'tcp-web' tells Istio the protocol is TCP, but 'protocol' is HTTP: rename the port or change its protocol");
    });

    test('duplicate port numbers and names fail together', () => {
      const { mesh } = setup();
      expect(() => mesh.addService('web', { ports: [{ port: 80, name: 'http-a' }, { port: 80, name: 'http-a' }] }))
        .toThrow("[test/mesh/web] 'ports[1].port' 80 is declared twice\n[test/mesh/web] 'ports[1].name' 'http-a' is declared twice");
    });

    test('a port name that is not a DNS label fails', () => {
      const { mesh } = setup();
      expect(() => mesh.addService('web', { ports: [{ port: 80, name: 'HTTP_web' }] })).toThrow("'ports[0].name' must be a DNS-1123 label");
    });
  });

  describe('validation', () => {
    test('a service name that is not a DNS-1035 label fails', () => {
      const { mesh } = setup();
      expect(() => mesh.addService('1reviews')).toThrow("[test/mesh/1reviews] 'name' must be a DNS-1035 label (at most 63 lowercase letters, digits or '-', starting with a letter and ending with a letter or digit), got '1reviews'");
    });

    test('a service declared twice in one namespace fails', () => {
      const { chart, mesh } = setup();
      mesh.addService('reviews', { ports: [{ port: 80 }] });
      expect(() => new MeshService(chart, 'again', { mesh, name: 'reviews', ports: [{ port: 80 }] }))
        .toThrow("[test/again] service 'reviews' is already declared in namespace 'default' (at test/mesh/reviews)");
    });

    test('a version name that is not a DNS label fails', () => {
      const { mesh } = setup();
      const svc = mesh.addService('reviews', { ports: [{ port: 80 }] });
      expect(() => svc.addVersion('V_1', { image: 'r:1' })).toThrow("[test/mesh/reviews/Version-V_1] 'name' must be a DNS-1123 label");
    });

    test('a duplicate version fails', () => {
      const { mesh } = setup();
      const svc = mesh.addService('reviews', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'r:1' }] });
      expect(() => svc.addVersion('v1', { image: 'r:1' })).toThrow("[test/mesh/reviews] version 'v1' is already declared on service 'reviews' (declared: v1)");
    });

    test.each([
      [-1, "'replicas' must be an integer of at least 0, got -1"],
      [1.5, "'replicas' must be an integer of at least 0, got 1.5"],
    ])('replicas %p fails', (replicas, message) => {
      const { mesh } = setup();
      const svc = mesh.addService('reviews', { ports: [{ port: 80 }] });
      expect(() => svc.addVersion('v1', { image: 'r:1', replicas })).toThrow(message);
    });

    test('replicas 0 is accepted', async () => {
      const { chart, mesh } = setup();
      mesh.addService('reviews', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'r:1', replicas: 0 }] });
      expect(findObject(await synthValid(chart), 'Deployment', 'reviews-v1').spec.replicas).toBe(0);
    });

    test('a deployed version without an image fails, and a non-deployed one with an image fails', () => {
      const { mesh } = setup();
      const svc = mesh.addService('reviews', { ports: [{ port: 80 }] });
      expect(() => svc.addVersion('v1')).toThrow("'image' is required for version 'v1' (or set 'deploy: false' when its pods come from elsewhere)");
      expect(() => svc.addVersion('v2', { deploy: false, image: 'r:2' })).toThrow("'image' is given for version 'v2', which has 'deploy: false': drop one of them");
    });

    test('pod labels may not override the labels the library sets', () => {
      const { mesh } = setup();
      const svc = mesh.addService('reviews', { ports: [{ port: 80 }] });
      expect(() => svc.addVersion('v1', { image: 'r:1', podLabels: { version: 'v9' } })).toThrow("'podLabels' must not set 'version': the library sets it");
      expect(() => svc.addVersion('v2', { image: 'r:1', podLabels: { team: 'not ok' } })).toThrow("'podLabels' has an invalid value for label 'team': got 'not ok'");
    });

    test('an undeclared default version, no port and no version are reported together at synth', () => {
      // GIVEN
      const { chart, mesh } = setup();
      mesh.addService('reviews', { ports: [{ port: 80 }], defaultVersion: 'v4', versions: [{ name: 'v1', image: 'r:1' }] });
      mesh.addService('empty');
      // WHEN
      const message = synthErrors(chart);
      // THEN
      expect(message).toContain("[test/mesh/reviews] 'defaultVersion' 'v4' is not declared on service 'reviews' (declared: v1)");
      expect(message).toContain("[test/mesh/empty] service 'empty' has no port: give at least one in 'ports'");
      expect(message).toContain("[test/mesh/empty] service 'empty' declares no version: add one with 'versions' or addVersion()");
    });

    test('a service with only UDP ports fails at synth', () => {
      const { chart, mesh } = setup();
      mesh.addService('dns', { ports: [{ port: 53, protocol: Protocol.UDP }], versions: [{ name: 'v1', image: 'd:1' }] });
      expect(synthErrors(chart)).toContain("service 'dns' has only UDP ports, which Istio cannot route: give it a TCP-based port");
    });

    test('version() of an undeclared version fails with the declared ones', () => {
      const { mesh } = setup();
      const svc = mesh.addService('reviews', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'r:1' }, { name: 'v2', image: 'r:2' }] });
      expect(() => svc.version('v4')).toThrow("version 'v4' is not declared on service 'reviews' (declared: v1, v2)");
    });
  });
});
