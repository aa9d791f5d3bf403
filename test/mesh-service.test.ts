import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Canary, CanaryTesters, DataPlane, ManifestAnalysis, Mesh, MeshService, Protocol, RoutingApi, StringMatch } from '../src';
import { exactly, findAll, findObject, synthErrors, synthValid } from './util/validate';

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

  test('versions lists the declared versions in declaration order, constructor ones first', () => {
    // GIVEN
    const { mesh } = setup();
    const svc = mesh.addService('details', { ports: [{ port: 9080 }], versions: [{ name: 'v2', image: 'd:v2' }] });
    // WHEN
    svc.addVersion('v1', { image: 'd:v1' });
    // THEN
    expect(svc.versions.map(v => v.name)).toEqual(['v2', 'v1']);
    expect(svc.versions.map(v => v.service.name)).toEqual(['details', 'details']);
  });

  test('before a version is added the VirtualService has no route to default to', () => {
    // GIVEN
    const { mesh } = setup();
    // WHEN
    const svc = mesh.addService('details', { ports: [{ port: 9080 }] });
    // THEN
    expect(svc.virtualService!.toJson().spec).toEqual({ hosts: ['details'], http: [] });
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

    test('tcp ports get tcp routes and tls ports get sni routes, each destination naming its port', async () => {
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
        tls: [{ match: [{ port: 443, sniHosts: ['mixed'] }], route: [{ destination: { host: 'mixed', subset: 'v1', port: { number: 443 } } }] }],
        tcp: [{ route: [{ destination: { host: 'mixed', subset: 'v1', port: { number: 27017 } } }] }],
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

describe('MeshService: what Kubernetes and Istio reject', () => {
  const PORT_ERROR = (prop: string, port: number, use: string) => `[test/mesh/web] '${prop}' ${port} is reserved by Istio's sidecar (${use}): use another port`;

  test.each([
    [15001, "Envoy's outbound capture port"],
    [15006, "Envoy's inbound capture port"],
    [15020, "the proxy's merged Prometheus telemetry port"],
    [15090, "Envoy's Prometheus telemetry port"],
  ])('service port %p fails, naming its use', (port, use) => {
    const { mesh } = setup();
    expect(() => mesh.addService('web', { ports: [{ port }] })).toThrow(exactly(PORT_ERROR('ports[0].port', port, use)));
  });

  test('a target port the sidecar takes fails; one beside it is accepted', () => {
    const { mesh } = setup();
    expect(() => mesh.addService('web', { ports: [{ port: 80, targetPort: 15021 }] }))
      .toThrow(exactly(PORT_ERROR('ports[0].targetPort', 15021, "the proxy's health check port")));
    expect(mesh.addService('ok', { ports: [{ port: 15091, targetPort: 15022 }] }).ports[0]).toMatchObject({ port: 15091, targetPort: 15022 });
  });

  test('two services may share a ServiceAccount: it is emitted once, by the first', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    const reviews = mesh.addService('reviews', { ports: [{ port: 9080 }], serviceAccountName: 'bookinfo', versions: [{ name: 'v1', image: 'r:1' }] });
    const ratings = mesh.addService('ratings', { ports: [{ port: 9080 }], serviceAccountName: 'bookinfo', versions: [{ name: 'v1', image: 'r:1' }] });
    // THEN
    const objects = await synthValid(chart);
    expect(findAll(objects, 'ServiceAccount').map(sa => `${sa.metadata.namespace}/${sa.metadata.name} ${sa.metadata.labels.account}`))
      .toEqual(['default/bookinfo reviews']);
    expect(findObject(objects, 'Deployment', 'ratings-v1').spec.template.spec.serviceAccountName).toBe('bookinfo');
    expect(ratings.serviceAccount).toBe(reviews.serviceAccount);
    expect(ratings.principal).toBe('cluster.local/ns/default/sa/bookinfo');
  });

  test('a ServiceAccount name in another namespace is another ServiceAccount', async () => {
    const { chart, mesh } = setup();
    mesh.addService('a', { ports: [{ port: 80 }], serviceAccountName: 'shared', versions: [{ name: 'v1', image: 'a:1' }] });
    mesh.addService('b', { namespace: 'other', ports: [{ port: 80 }], serviceAccountName: 'shared', versions: [{ name: 'v1', image: 'b:1' }] });
    expect(findAll(await synthValid(chart), 'ServiceAccount').map(sa => `${sa.metadata.namespace}/${sa.metadata.name}`)).toEqual(['default/shared', 'other/shared']);
  });

  test('a service added twice fails in our words, not the constructs library\'s', () => {
    const { mesh } = setup();
    mesh.addService('reviews', { ports: [{ port: 80 }] });
    expect(() => mesh.addService('reviews', { ports: [{ port: 80 }] }))
      .toThrow(exactly("[test/mesh] service 'reviews' is already declared in namespace 'default' (at test/mesh/reviews)"));
    expect(mesh.addService('reviews', { namespace: 'other', ports: [{ port: 80 }] }).node.path).toBe('test/mesh/reviews.other');
  });

  test('an empty service name fails', () => {
    const { mesh } = setup();
    expect(() => mesh.addService('')).toThrow(exactly(
      "[test/mesh] 'name' must be a DNS-1035 label (at most 63 lowercase letters, digits or '-', starting with a letter and ending with a letter or digit), got ''"));
  });
});

describe('ServiceVersion: what Kubernetes and Istio reject', () => {
  function service() {
    const { chart, mesh } = setup();
    return { chart, svc: mesh.addService('reviews', { ports: [{ port: 9080 }] }) };
  }

  test.each(['istio-proxy', 'istio-init', 'istio-validation', 'enable-core-dump'])('container name %p, which the injector takes, fails', containerName => {
    const { svc } = service();
    expect(() => svc.addVersion('v1', { image: 'r:1', containerName })).toThrow(exactly(
      `[test/mesh/reviews/Version-v1] 'containerName' '${containerName}' is the name of a container Istio's sidecar injector adds (reserved: istio-proxy, istio-init, istio-validation, enable-core-dump)`));
  });

  test('a container name beside the reserved ones is accepted; one that is not a DNS label fails', async () => {
    const { chart, svc } = service();
    svc.addVersion('v1', { image: 'r:1', containerName: 'istio-proxy-app' });
    expect(findObject(await synthValid(chart), 'Deployment', 'reviews-v1').spec.template.spec.containers.map((c: any) => c.name)).toEqual(['istio-proxy-app']);
    expect(() => svc.addVersion('v2', { image: 'r:1', containerName: 'App' })).toThrow(exactly(
      "[test/mesh/reviews/Version-v2] 'containerName' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'App'"));
  });

  test('containers added to the Deployment later must have unique DNS-label names', () => {
    // GIVEN
    const { chart, svc } = service();
    const v1 = svc.addVersion('v1', { image: 'r:1' });
    // WHEN
    v1.deployment!.addContainer({ name: 'reviews', image: 'sidecar:1' });
    v1.deployment!.addContainer({ name: 'Log_Shipper', image: 'log:1' });
    // THEN
    expect(synthErrors(chart)).toBe([
      'Validation failed with the following errors:',
      "  [test/mesh/reviews/Version-v1] Deployment 'reviews-v1' has a container named 'Log_Shipper': container names must be DNS-1123 labels (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit)",
      "  [test/mesh/reviews/Version-v1] Deployment 'reviews-v1' has two containers named 'reviews': container names must be unique within a pod",
    ].join('\n'));
  });

  test.each([
    ['Docker.io/Istio', "the repository 'Istio' must be lowercase"],
    ['docker.io/istio:1.2/proxyv2', "a ':tag' may only follow the last path component"],
    ['reviews:', "the tag must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'"],
    [' reviews:1', 'it contains whitespace'],
    ['reviews@sha256:abc', "the digest must be '<algorithm>:<hex digits>', e.g. sha256: and 64 hexadecimal digits"],
  ])('image %p fails: %s', (image, reason) => {
    const { svc } = service();
    expect(() => svc.addVersion('v1', { image })).toThrow(exactly(
      `[test/mesh/reviews/Version-v1] 'image' must be an image reference the kubelet can pull ([registry[:port]/]path[:tag][@digest]): ${reason}, got '${image}'`));
  });

  test('an image with a registry port, a tag and a digest is accepted', async () => {
    const { chart, svc } = service();
    const image = `registry.example.com:5000/bookinfo/reviews:1.20@sha256:${'0123456789abcdef'.repeat(4)}`;
    svc.addVersion('v1', { image });
    expect(findObject(await synthValid(chart), 'Deployment', 'reviews-v1').spec.template.spec.containers[0].image).toBe(image);
  });

  test('a request equal to its limit is accepted; above it fails, for cpu, memory and ephemeral storage', async () => {
    // GIVEN
    const { chart, svc } = service();
    // WHEN
    svc.addVersion('v1', {
      image: 'r:1',
      resources: {
        cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(256), limit: Size.mebibytes(256) },
        ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(1) },
      },
    });
    // THEN
    expect(findObject(await synthValid(chart), 'Deployment', 'reviews-v1').spec.template.spec.containers[0].resources).toEqual({
      requests: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '1Gi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '1Gi' },
    });
    expect(() => svc.addVersion('v2', {
      image: 'r:1',
      resources: {
        cpu: { request: kplus.Cpu.millis(501), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(257), limit: Size.mebibytes(256) },
        ephemeralStorage: { request: Size.gibibytes(2), limit: Size.gibibytes(1) },
      },
    })).toThrow(exactly([
      "[test/mesh/reviews/Version-v2] 'resources.cpu.request' 501m must not exceed 'resources.cpu.limit' 500m",
      "[test/mesh/reviews/Version-v2] 'resources.memory.request' 257Mi must not exceed 'resources.memory.limit' 256Mi",
      "[test/mesh/reviews/Version-v2] 'resources.ephemeralStorage.request' 2Gi must not exceed 'resources.ephemeralStorage.limit' 1Gi",
    ].join('\n')));
  });

  test('a request without a limit and a limit without a request are accepted', async () => {
    const { chart, svc } = service();
    svc.addVersion('v1', { image: 'r:1', resources: { cpu: { request: kplus.Cpu.units(8) }, memory: { limit: Size.mebibytes(64) } } });
    expect(findObject(await synthValid(chart), 'Deployment', 'reviews-v1').spec.template.spec.containers[0].resources)
      .toEqual({ requests: { cpu: '8' }, limits: { memory: '64Mi' } });
  });

  test('negative and unwritable quantities fail', () => {
    const { svc } = service();
    expect(() => svc.addVersion('v1', {
      image: 'r:1',
      resources: { cpu: { request: kplus.Cpu.millis(-100) }, ephemeralStorage: { limit: Size.mebibytes(512) } },
    })).toThrow(exactly([
      "[test/mesh/reviews/Version-v1] 'resources.cpu.request' must not be negative, got -100m",
      "[test/mesh/reviews/Version-v1] 'resources.ephemeralStorage.limit' must be a whole number of gibibytes (cdk8s-plus writes it in Gi), got 0.5 gibibytes",
    ].join('\n')));
  });

  test('pod annotation keys must be qualified names; case does not matter', async () => {
    const { chart, svc } = service();
    svc.addVersion('v1', { image: 'r:1', podAnnotations: { 'Example.COM/Team': 'books' } });
    expect(findObject(await synthValid(chart), 'Deployment', 'reviews-v1').spec.template.metadata.annotations).toEqual({ 'Example.COM/Team': 'books' });
    expect(() => svc.addVersion('v2', { image: 'r:1', podAnnotations: { 'team name': 'books' } })).toThrow(exactly(
      "[test/mesh/reviews/Version-v2] 'podAnnotations' has an invalid annotation key 'team name' (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"));
  });

  test('pod annotations and the proxy\'s may take 256 KiB together', () => {
    // GIVEN: the proxy annotations take some of the budget
    const { mesh } = setup();
    const svc = mesh.addService('reviews', { ports: [{ port: 9080 }], proxy: { concurrency: 2 } });
    const proxyBytes = 'proxy.istio.io/config'.length + '{"concurrency":2}'.length;
    const room = 256 * 1024 - proxyBytes - 'big'.length;
    // THEN
    expect(() => svc.addVersion('v1', { image: 'r:1', podAnnotations: { big: 'x'.repeat(room) } })).not.toThrow();
    expect(() => svc.addVersion('v2', { image: 'r:1', podAnnotations: { big: 'x'.repeat(room + 1) } })).toThrow(exactly(
      "[test/mesh/reviews/Version-v2] 'podAnnotations' take 262145 bytes (keys and values), more than Kubernetes allows for an object's annotations (262144 bytes)"));
  });

  test.each(['1PATH', '..PATH', 'A=B'])('env name %p fails', name => {
    const { svc } = service();
    expect(() => svc.addVersion('v1', { image: 'r:1', env: { [name]: 'x' } })).toThrow(exactly(
      `[test/mesh/reviews/Version-v1] 'env' has an invalid variable name '${name}' (letters, digits, '-', '.' or '_', not starting with a digit; not '.' or starting with '..')`));
  });

  test('replicas up to the largest int32 are accepted', () => {
    const { svc } = service();
    expect(() => svc.addVersion('v1', { image: 'r:1', replicas: 2_147_483_647 })).not.toThrow();
    expect(() => svc.addVersion('v2', { image: 'r:1', replicas: 2_147_483_648 })).toThrow(exactly(
      "[test/mesh/reviews/Version-v2] 'replicas' must be at most 2147483647 (Kubernetes stores it as a 32-bit integer), got 2147483648"));
  });
});

describe('MeshService: untyped callers', () => {
  test.each([
    [{ ports: 'x' }, "'ports' must be an array, got 'x'"],
    [{ ports: null }, "'ports' must be an array, got null"],
    [{ ports: [null] }, "'ports[0]' must be an object, got null"],
    [{ ports: [{ port: '8080' }] }, "'ports[0].port' must be a number, got '8080'"],
    [{ ports: [{ port: 80, protocol: 'SCTP' }] }, "'ports[0].protocol' must be one of HTTP, HTTP2, HTTPS, GRPC, GRPC-WEB, TCP, TLS, MONGO, MYSQL, REDIS, UDP, got 'SCTP'"],
    [{ ports: [{ port: 80, protocol: 'http' }] }, "'ports[0].protocol' must be one of HTTP, HTTP2, HTTPS, GRPC, GRPC-WEB, TCP, TLS, MONGO, MYSQL, REDIS, UDP, got 'http'"],
    [{ versions: [{ name: 1, image: 'r:1' }] }, "'versions[0].name' must be a string, got 1"],
    [{ versions: [{ name: 'v1', image: { repo: 'r' } }] }, "'versions[0].image' must be a string, got an object"],
    [{ versions: [{ name: 'v1', image: 'r:1', imagePullPolicy: 'always' }] }, "'versions[0].imagePullPolicy' must be one of Always, IfNotPresent, Never, got 'always'"],
    [{ exportTo: '.' }, "'exportTo' must be an array, got '.'"],
    [{ dataPlane: 'synth-time' }, "'dataPlane' must be a DataPlane (e.g. DataPlane.synthTime()), got 'synth-time'"],
    [{ proxy: { logLevel: 'verbose' } }, "'proxy.logLevel' must be one of trace, debug, info, warning, error, critical, off, got 'verbose'"],
    [{ trafficPolicy: { connectionPool: { tcp: { connectTimeout: 5000 } } } },
      "'trafficPolicy.connectionPool.tcp.connectTimeout' must be a Duration (e.g. Duration.seconds(5)), got 5000"],
    [{ trafficPolicy: { loadBalancer: 'ROUND_ROBIN' } }, "'trafficPolicy.loadBalancer' must be a LoadBalancer (e.g. LoadBalancer.roundRobin()), got 'ROUND_ROBIN'"],
  ])('options %j fail', (options, message) => {
    const { mesh } = setup();
    expect(() => mesh.addService('web', options as any)).toThrow(exactly(`[test/mesh] ${message}`));
  });

  test('a numeric name, and options that are not an object, fail', () => {
    const { mesh } = setup();
    expect(() => mesh.addService(42 as any)).toThrow(exactly("[test/mesh] 'name' must be a string, got 42"));
    expect(() => mesh.addService('web', null as any)).toThrow(exactly("[test/mesh] 'options' must be an object, got null"));
  });

  test('new MeshService without a mesh, or with props that are not an object, fails with its path', () => {
    const { chart } = setup();
    expect(() => new MeshService(chart, 'web', {} as any)).toThrow(exactly("[test/web] 'mesh' must be a Mesh, got undefined"));
    expect(() => new MeshService(chart, 'web', undefined as any)).toThrow(exactly("[test/web] 'props' must be an object, got undefined"));
  });

  test('addVersion checks its name and options', () => {
    const { mesh } = setup();
    const svc = mesh.addService('web', { ports: [{ port: 80 }] });
    expect(() => svc.addVersion(1 as any, { image: 'w:1' })).toThrow(exactly("[test/mesh/web] 'name' must be a string, got 1"));
    expect(() => svc.addVersion('v1', { image: 'w:1', replicas: '2' } as any)).toThrow(exactly("[test/mesh/web] 'replicas' must be a number, got '2'"));
    expect(() => svc.addVersion('v1', { image: 'w:1', env: { A: 1 } } as any)).toThrow(exactly("[test/mesh/web] 'env['A']' must be a string, got 1"));
  });
});

describe('ServiceVersion: security contexts Kubernetes and Istio reject', () => {
  function attempt(securityContext: kplus.ContainerSecurityContextProps, dataPlane?: DataPlane, hardened = true) {
    const { mesh } = setup();
    const svc = mesh.addService('reviews', { ports: [{ port: 9080 }], dataPlane });
    return () => svc.addVersion('v1', { image: 'r:1', securityContext, hardened });
  }
  const where = '[test/mesh/reviews/Version-v1]';

  test('a privileged container needs privilege escalation allowed (hardened turns it off)', () => {
    expect(attempt({ privileged: true })).toThrow(exactly(
      `${where} 'securityContext.privileged' needs 'allowPrivilegeEscalation: true' ('hardened' sets it to false): Kubernetes rejects a privileged container that may not escalate`));
    expect(attempt({ privileged: true, allowPrivilegeEscalation: true })).not.toThrow();
  });

  test('CAP_SYS_ADMIN needs privilege escalation allowed', () => {
    expect(attempt({ capabilities: { add: [kplus.Capability.SYS_ADMIN] } })).toThrow(exactly(
      `${where} 'securityContext.capabilities.add' CAP_SYS_ADMIN needs 'allowPrivilegeEscalation: true' ('hardened' sets it to false): Kubernetes rejects it otherwise`));
    expect(attempt({ capabilities: { add: [kplus.Capability.SYS_ADMIN] } }, undefined, false)).not.toThrow();
    expect(attempt({ capabilities: { add: [kplus.Capability.NET_ADMIN] } })).not.toThrow();
  });

  test('user and group IDs are between 0 and 2147483647', () => {
    expect(attempt({ user: 2_147_483_647, group: 0 })).not.toThrow();
    expect(attempt({ user: -1, group: 2_147_483_648 })).toThrow(exactly([
      `${where} 'securityContext.user' must be an integer between 0 and 2147483647, got -1`,
      `${where} 'securityContext.group' must be an integer between 0 and 2147483647, got 2147483648`,
    ].join('\n')));
  });

  test('root with ensureNonRoot (hardened\'s) fails; root without it is accepted', () => {
    expect(attempt({ user: 0 })).toThrow(exactly(
      `${where} 'securityContext.user' 0 runs as root, but 'hardened' requires a non-root user: the kubelet would refuse to start the container (set 'securityContext.ensureNonRoot: false' to run as root)`));
    expect(attempt({ user: 0, ensureNonRoot: false })).not.toThrow();
  });

  test("the proxy's UID and GID fail in a meshed pod, and are accepted without a proxy", () => {
    expect(attempt({ user: 1337, group: 1337 })).toThrow(exactly([
      `${where} 'securityContext.user' 1337 is the UID of Istio's proxy: the sidecar lets its traffic bypass the mesh`,
      `${where} 'securityContext.group' 1337 is the GID of Istio's proxy: the sidecar lets its traffic bypass the mesh`,
    ].join('\n')));
    expect(attempt({ user: 1338 })).not.toThrow();
    expect(attempt({ user: 1337 }, DataPlane.none())).not.toThrow();
  });
});

describe('MeshService: NaN and infinite numbers', () => {
  test('a NaN port and infinite replicas fail with the value given', () => {
    const { mesh } = setup();
    expect(() => mesh.addService('web', { ports: [{ port: NaN }] })).toThrow(exactly("[test/mesh/web] 'ports[0].port' must be an integer between 1 and 65535, got NaN"));
    const svc = mesh.addService('api', { ports: [{ port: 80 }] });
    expect(() => svc.addVersion('v1', { image: 'a:1', replicas: Infinity })).toThrow(exactly(
      "[test/mesh/api/Version-v1] 'replicas' must be an integer of at least 0, got Infinity"));
  });
});

describe('MeshService with several ports', () => {
  /** HTTP 8080 and GRPC 9090 (Istio's grpc-echo), two versions. */
  function echo(routingApi?: RoutingApi) {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const mesh = new Mesh(chart, 'mesh', { routingApi });
    const svc = mesh.addService('echo', {
      ports: [{ port: 8080, protocol: Protocol.HTTP }, { port: 9090, protocol: Protocol.GRPC }],
      versions: [{ name: 'v1', image: 'echo:1' }, { name: 'v2', image: 'echo:2' }],
    });
    return { chart, mesh, svc };
  }

  const errors = (objects: any[]) => ManifestAnalysis.analyze(objects).filter(f => f.level === 'Error').map(f => `${f.code} ${f.message}`);

  test('gets a default route per HTTP port, matching the port and naming it in the destination, and passes the analysis', async () => {
    // GIVEN
    const { chart } = echo();
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'VirtualService', 'echo').spec.http).toEqual([
      { match: [{ port: 8080 }], route: [{ destination: { host: 'echo', subset: 'v1', port: { number: 8080 } } }] },
      { match: [{ port: 9090 }], route: [{ destination: { host: 'echo', subset: 'v1', port: { number: 9090 } } }] },
    ]);
    expect(errors(objects)).toEqual([]);
  });

  test('two TCP ports (tcp-echo) get a TCP default per port', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    mesh.addService('tcp-echo', {
      ports: [{ port: 9000, protocol: Protocol.TCP }, { port: 9001, protocol: Protocol.TCP }],
      versions: [{ name: 'v1', image: 'tcp-echo:1' }],
    });
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'VirtualService', 'tcp-echo').spec).toEqual({
      hosts: ['tcp-echo'],
      tcp: [
        { match: [{ port: 9000 }], route: [{ destination: { host: 'tcp-echo', subset: 'v1', port: { number: 9000 } } }] },
        { match: [{ port: 9001 }], route: [{ destination: { host: 'tcp-echo', subset: 'v1', port: { number: 9001 } } }] },
      ],
    });
    expect(errors(objects)).toEqual([]);
  });

  test('one HTTP and one TCP port: each section has one default, with no match, naming its port', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    mesh.addService('db', {
      ports: [{ port: 8080, protocol: Protocol.HTTP }, { port: 5432, protocol: Protocol.TCP }],
      versions: [{ name: 'v1', image: 'db:1' }],
    });
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'VirtualService', 'db').spec).toEqual({
      hosts: ['db'],
      http: [{ route: [{ destination: { host: 'db', subset: 'v1', port: { number: 8080 } } }] }],
      tcp: [{ route: [{ destination: { host: 'db', subset: 'v1', port: { number: 5432 } } }] }],
    });
    expect(errors(objects)).toEqual([]);
  });

  test('a route to the service that names no port is rendered once per HTTP port, as the Gateway API renders it', async () => {
    // GIVEN
    const { chart, svc } = echo();
    // WHEN
    svc.addRoute({ name: 'jason', matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }], destinations: [{ version: 'v2' }] });
    svc.addRoute({ name: 'grpc-only', matches: [{ port: 9090, uri: StringMatch.prefix('/admin') }], timeout: Duration.seconds(2) });
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'VirtualService', 'echo').spec.http).toEqual([
      { name: 'jason', match: [{ headers: { 'end-user': { exact: 'jason' } }, port: 8080 }], route: [{ destination: { host: 'echo', subset: 'v2', port: { number: 8080 } } }] },
      { name: 'jason', match: [{ headers: { 'end-user': { exact: 'jason' } }, port: 9090 }], route: [{ destination: { host: 'echo', subset: 'v2', port: { number: 9090 } } }] },
      { name: 'grpc-only', match: [{ uri: { prefix: '/admin' }, port: 9090 }], route: [{ destination: { host: 'echo', subset: 'v1', port: { number: 9090 } } }], timeout: '2s' },
      { match: [{ port: 8080 }], route: [{ destination: { host: 'echo', subset: 'v1', port: { number: 8080 } } }] },
      { match: [{ port: 9090 }], route: [{ destination: { host: 'echo', subset: 'v1', port: { number: 9090 } } }] },
    ]);
    expect(errors(objects)).toEqual([]);
  });

  test('a route that names the destination port is rendered once, as given', async () => {
    // GIVEN
    const { chart, svc } = echo();
    // WHEN
    svc.addRoute({ matches: [{ port: 8080, uri: StringMatch.prefix('/v2') }], destinations: [{ version: 'v2', port: 8080 }] });
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'VirtualService', 'echo').spec.http[0]).toEqual(
      { match: [{ uri: { prefix: '/v2' }, port: 8080 }], route: [{ destination: { host: 'echo', subset: 'v2', port: { number: 8080 } } }] });
    expect(errors(objects)).toEqual([]);
  });

  test('a canary splits each HTTP port, and pins its testers per port', async () => {
    // GIVEN
    const { chart, svc } = echo();
    // WHEN
    new Canary(chart, 'canary', { service: svc, stableVersion: 'v1', canaryVersion: 'v2', weight: 10, testers: CanaryTesters.header('x-canary', StringMatch.exact('1')) });
    const objects = await synthValid(chart);
    // THEN
    const at = (port: number, subset: string, weight?: number) => ({ destination: { host: 'echo', subset, port: { number: port } }, weight });
    expect(findObject(objects, 'VirtualService', 'echo').spec.http).toEqual([
      { name: 'v2-testers', match: [{ headers: { 'x-canary': { exact: '1' } }, port: 8080 }], route: [{ destination: { host: 'echo', subset: 'v2', port: { number: 8080 } } }] },
      { name: 'v2-testers', match: [{ headers: { 'x-canary': { exact: '1' } }, port: 9090 }], route: [{ destination: { host: 'echo', subset: 'v2', port: { number: 9090 } } }] },
      { match: [{ port: 8080 }], route: [at(8080, 'v1', 90), at(8080, 'v2', 10)] },
      { match: [{ port: 9090 }], route: [at(9090, 'v1', 90), at(9090, 'v2', 10)] },
    ]);
    expect(errors(objects)).toEqual([]);
  });

  test('a route to another service with several ports must name the port', () => {
    // GIVEN
    const { chart, mesh, svc: echoSvc } = echo();
    const front = mesh.addService('front', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'front:1' }] });
    // WHEN
    front.addRoute({ matches: [{ uri: StringMatch.prefix('/echo') }], destinations: [{ host: echoSvc }] });
    // THEN
    expect(() => Testing.synth(chart)).toThrow(exactly('Validation failed with the following errors:\n  '
      + "[test/mesh/front] routes[0]: the destination 'echo' names no port, but 'echo' has several (8080, 9090): give 'port'"));
  });

  test('a route to another service with several ports that names one passes the analysis', async () => {
    // GIVEN
    const { chart, mesh, svc: echoSvc } = echo();
    const front = mesh.addService('front', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'front:1' }] });
    // WHEN
    front.addRoute({ matches: [{ uri: StringMatch.prefix('/echo') }], destinations: [{ host: echoSvc, port: 9090 }] });
    // THEN
    expect(errors(await synthValid(chart))).toEqual([]);
  });

  test('a TCP route of a service with several ports whose matches name one port sends to that port', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const svc = mesh.addService('tcp-echo', {
      ports: [{ port: 9000, protocol: Protocol.TCP }, { port: 9001, protocol: Protocol.TCP }],
      versions: [{ name: 'v1', image: 'tcp-echo:1' }, { name: 'v2', image: 'tcp-echo:2' }],
    });
    // WHEN
    svc.addTcpRoute({ matches: [{ port: 9000 }], destinations: [{ version: 'v2' }] });
    // THEN
    const tcp = findObject(await synthValid(chart), 'VirtualService', 'tcp-echo').spec.tcp;
    expect(tcp[0]).toEqual({ match: [{ port: 9000 }], route: [{ destination: { host: 'tcp-echo', subset: 'v2', port: { number: 9000 } } }] });
  });

  test('a TCP route of a service with several ports must name the destination port when its matches do not name one port', () => {
    // GIVEN
    const { chart, mesh } = setup();
    const svc = mesh.addService('tcp-echo', {
      ports: [{ port: 9000, protocol: Protocol.TCP }, { port: 9001, protocol: Protocol.TCP }],
      versions: [{ name: 'v1', image: 'tcp-echo:1' }, { name: 'v2', image: 'tcp-echo:2' }],
    });
    // WHEN
    svc.addTcpRoute({ matches: [{ port: 9000 }, { port: 9001 }], destinations: [{ version: 'v2' }] });
    svc.addTcpRoute({ matches: [{ sourceNamespace: 'reports' }], destinations: [{ version: 'v1' }] });
    // THEN
    expect(() => Testing.synth(chart)).toThrow(exactly('Validation failed with the following errors:\n  '
      + "[test/mesh/tcp-echo] tcpRoutes[0]: the destination 'tcp-echo' (version 'v2') names no port, but 'tcp-echo' has several (9000, 9001): give 'port'\n  "
      + "[test/mesh/tcp-echo] tcpRoutes[1]: the destination 'tcp-echo' (version 'v1') names no port, but 'tcp-echo' has several (9000, 9001): give 'port'"));
  });

  test('in the Gateway API mode, the HTTP port gets its HTTPRoute and the GRPC port its GRPCRoute, with the same routes', async () => {
    // GIVEN
    const { chart, svc } = echo(RoutingApi.GATEWAY_API);
    // WHEN
    svc.addRoute({ name: 'jason', matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }], destinations: [{ version: 'v2' }] });
    const objects = await synthValid(chart);
    // THEN
    for (const [kind, port] of [['HTTPRoute', 8080], ['gateway.networking.k8s.io/GRPCRoute', 9090]] as const) {
      expect(findObject(objects, kind, `echo-${port}`).spec.rules.map((r: any) => r.backendRefs)).toEqual([
        [{ group: '', kind: 'Service', name: 'echo-v2', port, weight: 1 }],
        [{ group: '', kind: 'Service', name: 'echo-v1', port, weight: 1 }],
      ]);
    }
    expect(errors(objects)).toEqual([]);
  });
});
