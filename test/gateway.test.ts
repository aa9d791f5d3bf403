import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  DataPlane,
  Gateway,
  GatewayProps,
  GatewayServiceType,
  GatewayServer,
  GatewayTls,
  GatewayTlsMode,
  GatewayWorkload,
  IstioRelease,
  ManifestAnalysis,
  Mesh,
  MeshProps,
  Protocol,
  RetryOn,
  ServiceEntryResolution,
  StringMatch,
  TlsProtocolVersion,
} from '../src';
import { errorOf, exactly, findAll, findObject, synthErrors, synthValid } from './util/validate';
import { clusterObjects } from '../src/private/cluster-objects';

function setup(props: MeshProps = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh', props);
  return { chart, mesh };
}

/** A service `web` (port 8080, version v1) in the default namespace. */
function web(mesh: Mesh) {
  return mesh.addService('web', { ports: [{ port: 8080 }], versions: [{ name: 'v1', image: 'nginx' }] });
}

/** A mesh with an ingress gateway `ingress` serving HTTP on 80 for `*`, unless props say otherwise. */
function ingress(props: Partial<GatewayProps> = {}, meshProps: MeshProps = {}) {
  const { chart, mesh } = setup(meshProps);
  const gateway = new Gateway(mesh, 'ingress', {
    mesh,
    servers: [GatewayServer.http({ hosts: ['*'] })],
    ...props,
  });
  return { chart, mesh, gateway };
}

const gatewayOf = (objects: any[], name: string, ns?: string) => findObject(objects, 'networking.istio.io/Gateway', name, ns);

describe('GatewayTls', () => {
  test('SIMPLE with a credentialName renders the mode and the Secret name', async () => {
    // GIVEN
    const { chart } = ingress({
      servers: [GatewayServer.https({ hosts: ['shop.example.com'], tls: GatewayTls.simple({ credentialName: 'shop-cert' }) })],
    });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(gatewayOf(objects, 'ingress', 'istio-ingress').spec.servers).toEqual([{
      port: { number: 443, name: 'https', protocol: 'HTTPS' },
      hosts: ['shop.example.com'],
      tls: { mode: 'SIMPLE', credentialName: 'shop-cert' },
    }]);
  });

  test('SIMPLE with file certificates and version limits renders them', () => {
    // WHEN
    const tls = GatewayTls.simple({
      serverCertificate: '/etc/certs/tls.crt',
      privateKey: '/etc/certs/tls.key',
      minProtocolVersion: TlsProtocolVersion.TLSV1_2,
      maxProtocolVersion: TlsProtocolVersion.TLSV1_3,
      cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384'],
    });
    // THEN
    expect(tls.mode).toBe(GatewayTlsMode.SIMPLE);
    expect(tls._toIstio()).toEqual({
      mode: 'SIMPLE',
      serverCertificate: '/etc/certs/tls.crt',
      privateKey: '/etc/certs/tls.key',
      minProtocolVersion: 'TLSV1_2',
      maxProtocolVersion: 'TLSV1_3',
      cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384'],
    });
  });

  test('SIMPLE without a credentialName or files fails', () => {
    expect(errorOf(() => GatewayTls.simple({}))).toBe(
      "SIMPLE TLS requires 'credentialName' (a Secret in the gateway's namespace) or 'serverCertificate' and 'privateKey' (files in the gateway pod)");
  });

  test('SIMPLE with only one of the certificate files fails', () => {
    expect(errorOf(() => GatewayTls.simple({ serverCertificate: '/c' }))).toBe("SIMPLE TLS requires 'privateKey' with 'serverCertificate'");
    expect(errorOf(() => GatewayTls.simple({ privateKey: '/k' }))).toBe("SIMPLE TLS requires 'serverCertificate' with 'privateKey'");
  });

  test('a credentialName together with certificate files fails', () => {
    expect(errorOf(() => GatewayTls.mutual({ credentialName: 'cert', serverCertificate: '/c', caCertificates: '/ca' }))).toBe(
      "'credentialName' excludes 'serverCertificate', 'caCertificates': give the certificates as a Secret or as files, not both");
  });

  test('MUTUAL with file certificates requires the client CA bundle; with a credentialName it does not', () => {
    expect(errorOf(() => GatewayTls.mutual({ serverCertificate: '/c', privateKey: '/k' }))).toBe(
      "MUTUAL TLS with file certificates requires 'caCertificates' (the CA bundle that verifies client certificates)");
    expect(errorOf(() => GatewayTls.optionalMutual({ serverCertificate: '/c', privateKey: '/k' }))).toBe(
      "OPTIONAL_MUTUAL TLS with file certificates requires 'caCertificates' (the CA bundle that verifies client certificates)");
    expect(GatewayTls.mutual({ credentialName: 'cert', subjectAltNames: ['client.example.com'] })._toIstio()).toEqual({
      mode: 'MUTUAL', credentialName: 'cert', subjectAltNames: ['client.example.com'],
    });
    expect(GatewayTls.mutual({ serverCertificate: '/c', privateKey: '/k', caCertificates: '/ca', caCrl: '/crl' })._toIstio()).toEqual({
      mode: 'MUTUAL', serverCertificate: '/c', privateKey: '/k', caCertificates: '/ca', caCrl: '/crl',
    });
  });

  test('a CRL file with a credentialName fails', () => {
    expect(errorOf(() => GatewayTls.mutual({ credentialName: 'cert', caCrl: '/crl' }))).toBe(
      "'caCrl' cannot be used with 'credentialName': put the CRL into the Secret (key 'ca.crl')");
  });

  test('ISTIO_MUTUAL renders only the mode and accepted identities', () => {
    expect(GatewayTls.istioMutual()._toIstio()).toEqual({ mode: 'ISTIO_MUTUAL' });
    expect(GatewayTls.istioMutual({ subjectAltNames: ['spiffe://cluster.local/ns/a/sa/b'] })._toIstio()).toEqual({
      mode: 'ISTIO_MUTUAL', subjectAltNames: ['spiffe://cluster.local/ns/a/sa/b'],
    });
  });

  test('certificates on ISTIO_MUTUAL, and client verification on SIMPLE, fail (untyped callers)', () => {
    expect(errorOf(() => GatewayTls.istioMutual({ credentialName: 'cert', privateKey: '/k' } as any))).toBe([
      "ISTIO_MUTUAL TLS cannot have 'credentialName': the gateway presents its Istio workload certificate and verifies clients with the mesh CA",
      "ISTIO_MUTUAL TLS cannot have 'privateKey': the gateway presents its Istio workload certificate and verifies clients with the mesh CA",
    ].join('\n'));
    expect(errorOf(() => GatewayTls.simple({ credentialName: 'cert', caCertificates: '/ca' } as any))).toContain(
      "SIMPLE TLS cannot have 'caCertificates': SIMPLE TLS does not verify clients (use GatewayTls.mutual())");
  });

  test('PASSTHROUGH and AUTO_PASSTHROUGH carry no certificate', () => {
    expect(GatewayTls.passthrough()._toIstio()).toEqual({ mode: 'PASSTHROUGH' });
    expect(GatewayTls.autoPassthrough()._toIstio()).toEqual({ mode: 'AUTO_PASSTHROUGH' });
    expect(GatewayTls.passthrough().credentialName).toBeUndefined();
  });

  test('protocol versions out of order, and old versions without cipher suites, fail', () => {
    expect(errorOf(() => GatewayTls.simple({
      credentialName: 'cert', minProtocolVersion: TlsProtocolVersion.TLSV1_3, maxProtocolVersion: TlsProtocolVersion.TLSV1_2,
    }))).toBe("'minProtocolVersion' TLSV1_3 must not be above 'maxProtocolVersion' TLSV1_2");
    expect(errorOf(() => GatewayTls.simple({ credentialName: 'cert', minProtocolVersion: TlsProtocolVersion.TLSV1_1 }))).toBe(
      "'minProtocolVersion' TLSV1_1 needs 'cipherSuites': Envoy's default ciphers no longer include ones that TLSV1_1 clients can use");
    expect(() => GatewayTls.simple({
      credentialName: 'cert', minProtocolVersion: TlsProtocolVersion.TLSV1_1, cipherSuites: ['ECDHE-RSA-AES128-SHA'],
    })).not.toThrow();
  });

  test('a credentialName that is no Secret name, and malformed lists, fail', () => {
    expect(errorOf(() => GatewayTls.simple({ credentialName: 'My_Cert' }))).toBe(
      "'credentialName' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'My_Cert'");
    expect(errorOf(() => GatewayTls.mutual({ credentialName: 'c', subjectAltNames: [], verifyCertificateHash: ['abc'] }))).toBe([
      "'subjectAltNames' must have at least one entry, or be left out",
      "'verifyCertificateHash[0]' must be a hex-encoded SHA-256 hash (64 hex digits, optionally ':'-separated), got 'abc'",
    ].join('\n'));
  });
});

describe('GatewayServer', () => {
  test('HTTP defaults to port 80 and HTTPS to 443; port names come from the protocol', async () => {
    // GIVEN
    const { chart } = ingress({
      servers: [
        GatewayServer.http({ hosts: ['*'] }),
        GatewayServer.https({ hosts: ['*'], tls: GatewayTls.simple({ credentialName: 'cert' }) }),
      ],
    });
    // WHEN
    const servers = gatewayOf(await synthValid(chart), 'ingress').spec.servers;
    // THEN
    expect(servers.map((s: any) => s.port)).toEqual([
      { number: 80, name: 'http', protocol: 'HTTP' },
      { number: 443, name: 'https', protocol: 'HTTPS' },
    ]);
  });

  test('httpsRedirect renders tls.httpsRedirect alone on the HTTP server', async () => {
    // GIVEN
    const { chart } = ingress({ servers: [GatewayServer.http({ hosts: ['shop.example.com'], httpsRedirect: true })] });
    // WHEN
    const servers = gatewayOf(await synthValid(chart), 'ingress').spec.servers;
    // THEN
    expect(servers).toEqual([{
      port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com'], tls: { httpsRedirect: true },
    }]);
  });

  test('a repeated protocol gets the port in its name, then a counter; earlier names never change', async () => {
    // GIVEN
    const { chart, gateway } = ingress({
      servers: [GatewayServer.https({ hosts: ['a.example.com'], tls: GatewayTls.simple({ credentialName: 'a' }) })],
    });
    // WHEN
    gateway.addServer(GatewayServer.https({ hosts: ['b.example.com'], tls: GatewayTls.simple({ credentialName: 'b' }) }));
    gateway.addServer(GatewayServer.https({ hosts: ['c.example.com'], tls: GatewayTls.passthrough() }));
    gateway.addServer(GatewayServer.http({ port: 8080, hosts: ['*'], name: 'web' }));
    // THEN
    expect(gatewayOf(await synthValid(chart), 'ingress').spec.servers.map((s: any) => s.port.name)).toEqual(['https', 'https-443', 'https-443-2', 'web']);
  });

  test('TLS and TCP servers take their port and protocol', async () => {
    // GIVEN
    const { chart } = ingress({
      ports: [{ port: 80, name: 'http2' }, { port: 15443, name: 'tls' }, { port: 27017, name: 'mongo' }],
      servers: [
        GatewayServer.tls({ port: 15443, hosts: ['*.local'], tls: GatewayTls.autoPassthrough() }),
        GatewayServer.tcp({ port: 27017, protocol: Protocol.MONGO }),
      ],
    });
    // WHEN
    const servers = gatewayOf(await synthValid(chart), 'ingress').spec.servers;
    // THEN
    expect(servers).toEqual([
      { port: { number: 15443, name: 'tls', protocol: 'TLS' }, hosts: ['*.local'], tls: { mode: 'AUTO_PASSTHROUGH' } },
      { port: { number: 27017, name: 'mongo', protocol: 'MONGO' }, hosts: ['*'] },
    ]);
  });

  test('a protocol of another family fails', () => {
    expect(errorOf(() => GatewayServer.http({ hosts: ['*'], protocol: Protocol.TCP }))).toBe(
      "'protocol' of an HTTP server must be one of HTTP, HTTP2, GRPC, GRPC-WEB, got TCP");
    expect(errorOf(() => GatewayServer.tcp({ port: 9000, protocol: Protocol.HTTP }))).toBe(
      "'protocol' of a TCP server must be one of TCP, MONGO, MYSQL, REDIS, got HTTP");
  });

  test('ports must be between 1 and 65535 and not the proxy\'s own', () => {
    expect(() => GatewayServer.http({ port: 1, hosts: ['*'] })).not.toThrow();
    expect(() => GatewayServer.http({ port: 65535, hosts: ['*'] })).not.toThrow();
    expect(errorOf(() => GatewayServer.http({ port: 0, hosts: ['*'] }))).toBe("'port' must be an integer between 1 and 65535, got 0");
    expect(errorOf(() => GatewayServer.http({ port: 65536, hosts: ['*'] }))).toBe("'port' must be an integer between 1 and 65535, got 65536");
    expect(errorOf(() => GatewayServer.http({ port: 15021, hosts: ['*'] }))).toBe(
      "'port' 15021 is a port of the gateway proxy itself (the proxy's health check port; reserved: 15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090)");
  });

  test('hosts may carry a namespace; malformed and missing hosts fail', () => {
    expect(GatewayServer.http({ hosts: ['./a.example.com', 'shop/*.example.com', '*/b.example.com', '*'] }).hosts).toHaveLength(4);
    expect(errorOf(() => GatewayServer.http({ hosts: [] }))).toBe("'hosts' must have at least one entry");
    expect(errorOf(() => GatewayServer.http({ hosts: ['Shop_/x.example.com', 'a.*.com', 'x.com', 'x.com'] }))).toBe([
      "'hosts[0]' must be '[namespace/]host' with a namespace of '*', '.' or a DNS-1123 label, got 'Shop_/x.example.com'",
      "'hosts[1]' must be '*', a DNS name or a DNS name after a leading '*.' (lowercase letters, digits, '-' and '.'), got 'a.*.com'",
      "'hosts[3]' 'x.com' is given twice",
    ].join('\n'));
  });

  test('a port name that is no DNS label fails', () => {
    expect(errorOf(() => GatewayServer.http({ hosts: ['*'], name: 'Web' }))).toBe(
      "'name' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Web'");
  });

  test('duplicate port names, mixed protocols on a port and a host served twice on a port fail', () => {
    // GIVEN
    const { chart } = ingress({
      servers: [
        GatewayServer.http({ hosts: ['a.example.com'], name: 'web' }),
        GatewayServer.http({ port: 443, hosts: ['b.example.com'], name: 'web' }),
        GatewayServer.https({ hosts: ['b.example.com'], tls: GatewayTls.passthrough() }),
        GatewayServer.http({ hosts: ['a.example.com'] }),
      ],
    });
    // WHEN
    const errors = synthErrors(chart);
    // THEN
    expect(errors).toContain("[test/mesh/ingress] servers[0] and servers[1] both have the port name 'web': port names must be unique within a gateway");
    expect(errors).toContain("[test/mesh/ingress] port 443 has 'web' (port 443, HTTP), 'https' (port 443, HTTPS): one port carries either plain-text HTTP, TLS or TCP servers, got plain-text HTTP and TLS");
    expect(errors).toContain("[test/mesh/ingress] servers 'web' (port 80, HTTP) and 'http' (port 80, HTTP) both serve host 'a.example.com' on port 80: the gateway could not tell them apart");
  });

  test('a gateway without servers fails', () => {
    // GIVEN
    const { chart } = ingress({ servers: [] });
    // THEN
    expect(synthErrors(chart)).toContain("[test/mesh/ingress] gateway 'ingress' has no server: give 'servers' or call addServer()");
  });
});

describe('Gateway workload', () => {
  test('an ingress gateway runs its own proxyv2 router, shaped like Istio\'s gateway chart', async () => {
    // GIVEN
    const { chart, mesh } = ingress();
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    const labels = {
      'app': 'istio-ingressgateway',
      'istio': 'ingressgateway',
      'app.kubernetes.io/name': 'istio-ingressgateway',
      'app.kubernetes.io/part-of': 'istio',
      'istio.io/dataplane-mode': 'none',
    };
    const deployment = findObject(objects, 'Deployment', 'istio-ingressgateway', 'istio-ingress');
    expect(deployment.metadata.labels).toEqual(labels);
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' } });
    const pod = deployment.spec.template;
    expect(pod.metadata.labels).toEqual({
      ...labels,
      'service.istio.io/canonical-name': 'istio-ingressgateway',
      'service.istio.io/canonical-revision': 'latest',
    });
    expect(pod.metadata.annotations).toMatchObject({
      'inject.istio.io/templates': 'gateway',
      'prometheus.io/path': '/stats/prometheus',
      'prometheus.io/port': '15020',
      'prometheus.io/scrape': 'true',
    });
    expect(pod.spec).toMatchObject({
      serviceAccountName: 'istio-ingressgateway',
      securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] },
      terminationGracePeriodSeconds: 30,
    });
    expect(pod.spec.initContainers).toBeUndefined();
    expect(pod.spec.containers).toHaveLength(1);
    expect(pod.spec.containers[0]).toMatchObject({
      name: 'istio-proxy',
      image: mesh.istio.proxyImage,
      args: ['proxy', 'router', '--domain', '$(POD_NAMESPACE).svc.cluster.local',
        '--proxyLogLevel=warning', '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info'],
      ports: [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }],
      readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 }, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4 },
      resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } },
      securityContext: {
        capabilities: { drop: ['ALL'] },
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: 1337,
        runAsGroup: 1337,
      },
    });
    expect(pod.spec.volumes.map((v: any) => v.name)).toEqual([
      'workload-socket', 'credential-socket', 'workload-certs', 'istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token', 'istiod-ca-cert',
    ]);
    expect(findObject(objects, 'Service', 'istio-ingressgateway', 'istio-ingress')).toMatchObject({
      metadata: { labels },
      spec: {
        type: 'LoadBalancer',
        ports: [
          { name: 'status-port', port: 15021, protocol: 'TCP', targetPort: 15021 },
          { name: 'http2', port: 80, protocol: 'TCP', targetPort: 8080 },
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
        ],
        selector: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
      },
    });
    expect(findObject(objects, 'ServiceAccount', 'istio-ingressgateway', 'istio-ingress').metadata.labels).toEqual(labels);
    expect(findObject(objects, 'Role', 'istio-ingressgateway', 'istio-ingress').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] },
    ]);
    expect(findObject(objects, 'RoleBinding', 'istio-ingressgateway', 'istio-ingress')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'istio-ingressgateway' },
      subjects: [{ kind: 'ServiceAccount', name: 'istio-ingressgateway', namespace: 'istio-ingress' }],
    });
    expect(findAll(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(findAll(objects, 'PodDisruptionBudget')).toEqual([]);
    expect(gatewayOf(objects, 'ingress', 'istio-ingress').spec.selector).toEqual({ istio: 'ingressgateway' });
  });

  test('the gateway namespace is added without a data plane, so the webhook leaves the injected pods alone', async () => {
    // GIVEN
    const { chart, mesh } = ingress();
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'Namespace', 'istio-ingress').metadata.labels).toEqual({ 'istio-injection': 'disabled' });
    expect(mesh.namespaceDataPlane('istio-ingress').mode).toBe('none');
    expect(findObject(objects, 'Deployment', 'istio-ingressgateway').spec.template.metadata.labels['sidecar.istio.io/inject']).toBeUndefined();
  });

  test('in a namespace the webhook watches, the injected pods opt out of a second injection', async () => {
    // GIVEN
    const { chart } = ingress({ namespace: 'default' });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    const deployment = findObject(objects, 'Deployment', 'istio-ingressgateway', 'default');
    expect(deployment.spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('false');
    expect(deployment.spec.template.spec.containers[0].args.slice(0, 2)).toEqual(['proxy', 'router']);
    expect(findObject(objects, 'Namespace', 'default').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
  });

  test('in a namespace declared with synth-time injection, the pods need no opt-out', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    mesh.addNamespace('edge', { dataPlane: DataPlane.synthTime() });
    new Gateway(mesh, 'ingress', { mesh, namespace: 'edge', servers: [GatewayServer.http({ hosts: ['*'] })] });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    const pod = findObject(objects, 'Deployment', 'istio-ingressgateway', 'edge').spec.template;
    expect(pod.metadata.labels['sidecar.istio.io/inject']).toBeUndefined();
    expect(pod.spec.initContainers).toBeUndefined();
  });

  test('the proxy image comes from the mesh\'s Istio release', async () => {
    // GIVEN
    const { chart } = ingress({}, { istio: IstioRelease.of({ hub: 'registry.example.com/istio', tag: '1.30.3-distroless' }) });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'Deployment', 'istio-ingressgateway').spec.template.spec.containers[0].image)
      .toBe('registry.example.com/istio/proxyv2:1.30.3-distroless');
  });

  test('a workload name without the istio- prefix is also the istio label', async () => {
    // GIVEN
    const { chart } = ingress({ workloadName: 'public' });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'Deployment', 'public', 'istio-ingress').spec.selector.matchLabels).toEqual({ app: 'public', istio: 'public' });
    expect(gatewayOf(objects, 'ingress').spec.selector).toEqual({ istio: 'public' });
  });

  test('ports, replicas, resources, Service type and annotations are configurable', async () => {
    // GIVEN
    const { chart } = ingress({
      replicas: 3,
      ports: [{ port: 80, name: 'http2', targetPort: 80 }, { port: 8443, name: 'https' }],
      serviceType: GatewayServiceType.NODE_PORT,
      serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
      resources: { cpu: { request: kplus.Cpu.millis(500) }, memory: { limit: Size.gibibytes(2) } },
    });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    const deployment = findObject(objects, 'Deployment', 'istio-ingressgateway');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({
      limits: { cpu: '2', memory: '2Gi' }, requests: { cpu: '500m', memory: '128Mi' },
    });
    expect(findObject(objects, 'Service', 'istio-ingressgateway')).toMatchObject({
      metadata: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } },
      spec: {
        type: 'NodePort',
        ports: [
          { name: 'status-port', port: 15021, targetPort: 15021 },
          { name: 'http2', port: 80, targetPort: 80 },
          { name: 'https', port: 8443, targetPort: 8443 },
        ],
      },
    });
  });

  test('bad workload options fail, each naming the option', () => {
    // GIVEN
    const { mesh } = setup();
    // WHEN
    const error = errorOf(() => new GatewayWorkload(mesh, 'gw', {
      mesh,
      name: '9gw',
      replicas: -1,
      ports: [{ port: 0, name: 'a' }, { port: 15090, name: 'status-port' }, { port: 80, name: 'a', targetPort: 70000 }],
      serviceType: kplus.ServiceType.EXTERNAL_NAME as string as GatewayServiceType, // what a JavaScript caller can pass
      resources: { cpu: { request: kplus.Cpu.units(3), limit: kplus.Cpu.millis(2000) } },
    }));
    // THEN
    expect(error.split('\n')).toEqual([
      "[test/mesh/gw] 'name' must be a DNS-1035 label (at most 63 lowercase letters, digits or '-', starting with a letter and ending with a letter or digit), got '9gw'",
      "[test/mesh/gw] 'replicas' must be an integer of at least 0, got -1",
      "[test/mesh/gw] 'serviceType' EXTERNAL_NAME cannot expose a gateway: use LOAD_BALANCER, NODE_PORT or CLUSTER_IP",
      "[test/mesh/gw] 'ports[0].port' must be an integer between 1 and 65535, got 0",
      "[test/mesh/gw] 'ports[1]' uses 15090, a port of the gateway proxy itself (Envoy's Prometheus telemetry port; reserved: 15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090)",
      "[test/mesh/gw] 'ports[1].name' 'status-port' is the name of the status port 15021",
      "[test/mesh/gw] 'ports[2].targetPort' must be an integer between 1 and 65535, got 70000",
      "[test/mesh/gw] 'ports[2].name' 'a' is declared twice",
      "[test/mesh/gw] 'resources.cpu.request' 3 must not exceed 'resources.cpu.limit' 2000m",
    ]);
  });

  test('a server port must be a Service port or target port of the workload', async () => {
    // GIVEN
    const { chart } = ingress({
      servers: [
        GatewayServer.http({ hosts: ['*'] }),
        GatewayServer.http({ port: 8080, hosts: ['a.example.com'] }),
        GatewayServer.http({ port: 8081, hosts: ['*'] }),
      ],
    });
    // THEN
    expect(synthErrors(chart)).toContain(
      "[test/mesh/ingress] server 'http-8081' (port 8081, HTTP): port 8081 is not a port of gateway workload 'istio-ingressgateway' (ports: 80 (target 8080), 443 (target 8443)): add it to the workload's 'ports'");
    expect(synthErrors(chart)).not.toContain("'http-8080'");
  });

  test('with a selector, no workload is emitted and server ports are not checked', async () => {
    // GIVEN
    const { chart, gateway } = ingress({
      selector: { istio: 'ingressgateway' },
      namespace: 'istio-system',
      servers: [GatewayServer.http({ port: 8080, hosts: ['*'] })],
    });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(gateway.workload).toBeUndefined();
    expect(findAll(objects, 'Deployment')).toEqual([]);
    expect(findAll(objects, 'Service')).toEqual([]);
    expect(gatewayOf(objects, 'ingress', 'istio-system').spec.selector).toEqual({ istio: 'ingressgateway' });
  });

  test('workload options next to a selector or a shared workload fail; selector and workload exclude each other', () => {
    // GIVEN
    const { mesh } = setup();
    const shared = new GatewayWorkload(mesh, 'shared', { mesh });
    // THEN
    expect(errorOf(() => new Gateway(mesh, 'a', { mesh, selector: { istio: 'ingressgateway' }, replicas: 2, autoscaling: {} }))).toBe([
      "[test/mesh/a] 'replicas' configures the gateway's own workload, but 'selector' names an existing gateway",
      "[test/mesh/a] 'autoscaling' configures the gateway's own workload, but 'selector' names an existing gateway",
    ].join('\n'));
    expect(errorOf(() => new Gateway(mesh, 'b', { mesh, workload: shared, workloadName: 'x' }))).toBe(
      "[test/mesh/b] 'workloadName' configures the gateway's own workload, but 'workload' is test/mesh/shared");
    expect(errorOf(() => new Gateway(mesh, 'c', { mesh, workload: shared, selector: { istio: 'x' } }))).toBe(
      "[test/mesh/c] 'selector' and 'workload' exclude each other: the selector comes from the workload");
    expect(errorOf(() => new Gateway(mesh, 'd', { mesh, selector: {} }))).toBe("[test/mesh/d] 'selector' must have at least one label");
    expect(errorOf(() => new Gateway(mesh, 'e', { mesh, workload: shared, egress: true }))).toBe(
      "[test/mesh/e] 'egress' is true, but workload 'istio-ingressgateway' is an ingress gateway");
  });

  test('several gateways share one workload, in its namespace by default', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const shared = new GatewayWorkload(mesh, 'shared', { mesh });
    // WHEN
    new Gateway(mesh, 'shop', { mesh, workload: shared, servers: [GatewayServer.http({ hosts: ['shop.example.com'] })] });
    new Gateway(mesh, 'blog', { mesh, workload: shared, servers: [GatewayServer.http({ hosts: ['blog.example.com'] })] });
    // THEN
    const objects = await synthValid(chart);
    expect(findAll(objects, 'Deployment')).toHaveLength(1);
    expect(gatewayOf(objects, 'shop', 'istio-ingress').spec.selector).toEqual({ istio: 'ingressgateway' });
    expect(gatewayOf(objects, 'blog', 'istio-ingress').spec.selector).toEqual({ istio: 'ingressgateway' });
  });

  test('two gateways with workloads of one name in one namespace fail; another workloadName fixes it', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    new Gateway(mesh, 'a', { mesh, servers: [GatewayServer.http({ hosts: ['a.example.com'] })] });
    new Gateway(mesh, 'b', { mesh, servers: [GatewayServer.http({ hosts: ['b.example.com'] })] });
    // THEN
    expect(synthErrors(chart)).toContain(
      "Deployment 'istio-ingressgateway' in namespace 'istio-ingress' is emitted twice, by test/mesh/a/Workload/Deployment and test/mesh/b/Workload/Deployment");
    // WHEN
    const { chart: fixed, mesh: mesh2 } = setup();
    new Gateway(mesh2, 'a', { mesh: mesh2, servers: [GatewayServer.http({ hosts: ['a.example.com'] })] });
    new Gateway(mesh2, 'b', { mesh: mesh2, workloadName: 'istio-ingressgateway-b', servers: [GatewayServer.http({ hosts: ['b.example.com'] })] });
    expect(findAll(await synthValid(fixed), 'Deployment').map(d => d.metadata.name)).toEqual(['istio-ingressgateway', 'istio-ingressgateway-b']);
  });

  test('a gateway name with dots fails: Istio requires a DNS-1123 label', () => {
    const { mesh } = setup();
    expect(errorOf(() => new Gateway(mesh, 'gw', { mesh, name: 'shop.gateway' }))).toBe(
      "[test/mesh/gw] 'name' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'shop.gateway'");
  });
});

describe('autoscaling and disruption budget', () => {
  test('autoscaling emits the chart\'s HorizontalPodAutoscaler and drops replicas', async () => {
    // GIVEN
    const { chart } = ingress({ autoscaling: {} });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'Deployment', 'istio-ingressgateway').spec.replicas).toBeUndefined();
    expect(findObject(objects, 'HorizontalPodAutoscaler', 'istio-ingressgateway', 'istio-ingress').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istio-ingressgateway' },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
  });

  test('a memory target alone replaces the CPU target', async () => {
    // GIVEN
    const { chart } = ingress({ autoscaling: { minReplicas: 2, maxReplicas: 2, targetMemoryUtilization: 70 } });
    // WHEN
    const hpa = findObject(await synthValid(chart), 'HorizontalPodAutoscaler', 'istio-ingressgateway');
    // THEN
    expect(hpa.spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 2,
      metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });

  test.each([
    [{ minReplicas: 0 }, "'autoscaling.minReplicas' must be an integer of at least 1, got 0"],
    [{ minReplicas: 3, maxReplicas: 2 }, "'autoscaling.maxReplicas' must be an integer of at least 3, got 2"],
    [{ targetCpuUtilization: 0 }, "'autoscaling.targetCpuUtilization' must be an integer of at least 1, got 0"],
    [{ targetMemoryUtilization: 0 }, "'autoscaling.targetMemoryUtilization' must be an integer of at least 1, got 0"],
  ])('autoscaling %j fails', (autoscaling, message) => {
    const { mesh } = setup();
    expect(errorOf(() => new Gateway(mesh, 'gw', { mesh, autoscaling }))).toBe(`[test/mesh/gw/Workload] ${message}`);
  });

  test.each([
    [{ minReplicas: 1 }],
    [{ minReplicas: 3, maxReplicas: 3 }],
    [{ targetCpuUtilization: 1 }],
    [{ targetMemoryUtilization: 1 }],
  ])('autoscaling %j is accepted', async (autoscaling) => {
    const { chart } = ingress({ autoscaling });
    expect(findAll(await synthValid(chart), 'HorizontalPodAutoscaler')).toHaveLength(1);
  });

  test('replicas and autoscaling exclude each other', () => {
    const { mesh } = setup();
    expect(errorOf(() => new Gateway(mesh, 'gw', { mesh, replicas: 2, autoscaling: {} }))).toBe(
      "[test/mesh/gw/Workload] 'replicas' and 'autoscaling' exclude each other: the HorizontalPodAutoscaler sets the replica count");
  });

  test('a disruption budget selects the gateway pods', async () => {
    // GIVEN
    const { chart } = ingress({ replicas: 2, disruptionBudget: { minAvailable: 1 } });
    // WHEN
    const pdb = findObject(await synthValid(chart), 'PodDisruptionBudget', 'istio-ingressgateway', 'istio-ingress');
    // THEN
    expect(pdb.spec).toEqual({ minAvailable: 1, selector: { matchLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' } } });
  });

  test.each([
    [{ replicas: 2, disruptionBudget: { minAvailable: 1 } }],
    [{ replicas: 1, disruptionBudget: { minAvailable: 0 } }],
    [{ disruptionBudget: { maxUnavailable: 1 } }],
    [{ autoscaling: { minReplicas: 3 }, disruptionBudget: { minAvailable: 2 } }],
  ])('disruption budget %j is accepted', async (props) => {
    const { chart } = ingress(props);
    expect(findAll(await synthValid(chart), 'PodDisruptionBudget')).toHaveLength(1);
  });

  test.each([
    [{ replicas: 2, disruptionBudget: { minAvailable: 2 } },
      "'disruptionBudget.minAvailable' must be below 'replicas' 2, got 2: no pod could ever be evicted, which blocks node drains"],
    [{ disruptionBudget: { minAvailable: 1 } },
      "'disruptionBudget.minAvailable' must be below 'replicas' 1, got 1: no pod could ever be evicted, which blocks node drains"],
    [{ autoscaling: { minReplicas: 3 }, disruptionBudget: { minAvailable: 3 } },
      "'disruptionBudget.minAvailable' must be below 'autoscaling.minReplicas' 3, got 3: no pod could ever be evicted, which blocks node drains"],
    [{ replicas: 2, disruptionBudget: { minAvailable: -1 } }, "'disruptionBudget.minAvailable' must be an integer of at least 0, got -1"],
    [{ disruptionBudget: { maxUnavailable: 0 } }, "'disruptionBudget.maxUnavailable' must be an integer of at least 1, got 0"],
    [{ disruptionBudget: {} }, "'disruptionBudget' needs exactly one of 'minAvailable' and 'maxUnavailable'"],
    [{ replicas: 3, disruptionBudget: { minAvailable: 1, maxUnavailable: 1 } }, "'disruptionBudget' needs exactly one of 'minAvailable' and 'maxUnavailable'"],
  ])('disruption budget %j fails', (props, message) => {
    const { mesh } = setup();
    expect(errorOf(() => new Gateway(mesh, 'gw', { mesh, ...props }))).toBe(`[test/mesh/gw/Workload] ${message}`);
  });
});

describe('gateway routes', () => {
  test('a route becomes a VirtualService bound to the gateway, named after the gateway and its hosts', async () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress();
    const svc = web(mesh);
    // WHEN
    gateway.addRoute({ hosts: ['*'], matches: [{ uri: StringMatch.prefix('/web') }], destinations: [{ host: svc }] });
    // THEN
    expect(findObject(await synthValid(chart), 'VirtualService', 'ingress-wildcard', 'istio-ingress').spec).toEqual({
      hosts: ['*'],
      gateways: ['ingress'],
      http: [{ match: [{ uri: { prefix: '/web' } }], route: [{ destination: { host: 'web.default.svc.cluster.local' } }] }],
    });
  });

  test('a VirtualService in another namespace names the gateway with its namespace', async () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress();
    const svc = web(mesh);
    // WHEN
    gateway.addRoute({ hosts: ['*'], namespace: 'default', virtualServiceName: 'web-public', destinations: [{ host: svc }] });
    // THEN
    expect(findObject(await synthValid(chart), 'VirtualService', 'web-public', 'default').spec).toEqual({
      hosts: ['*'],
      gateways: ['istio-ingress/ingress'],
      http: [{ route: [{ destination: { host: 'web' } }] }],
    });
    expect(gateway.referenceFrom('default')).toBe('istio-ingress/ingress');
    expect(gateway.referenceFrom('istio-ingress')).toBe('ingress');
  });

  test('routes of one set of hosts share a VirtualService, in order; other hosts get their own', async () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress();
    const svc = web(mesh);
    // WHEN
    gateway.addRoute({ hosts: ['b.example.com', 'a.example.com'], matches: [{ uri: StringMatch.prefix('/api') }], destinations: [{ host: svc }] });
    gateway.addRoute({ hosts: ['*.example.com'], destinations: [{ host: svc }] });
    gateway.addRoute({ hosts: ['a.example.com', 'b.example.com'], destinations: [{ host: svc }] });
    // THEN
    const objects = await synthValid(chart);
    expect(findAll(objects, 'VirtualService').map(v => v.metadata.name).filter(n => n !== 'web')).toEqual([
      'ingress-a.example.com-b.example.com', 'ingress-wildcard.example.com',
    ]);
    expect(findObject(objects, 'VirtualService', 'ingress-a.example.com-b.example.com').spec).toMatchObject({
      hosts: ['b.example.com', 'a.example.com'],
      http: [{ match: [{ uri: { prefix: '/api' } }] }, { route: [{ destination: { host: 'web.default.svc.cluster.local' } }] }],
    });
    expect(gateway.virtualServices).toHaveLength(2);
  });

  test('one VirtualService name per host set', () => {
    // GIVEN
    const { mesh, gateway } = ingress();
    const svc = web(mesh);
    gateway.addRoute({ hosts: ['a.example.com'], virtualServiceName: 'shop', destinations: [{ host: svc }] });
    // THEN
    expect(errorOf(() => gateway.addRoute({ hosts: ['a.example.com'], virtualServiceName: 'other', destinations: [{ host: svc }] }))).toBe(
      "[test/mesh/ingress] hosts a.example.com already have the VirtualService 'shop': routes of one set of hosts share one VirtualService");
    expect(errorOf(() => gateway.addRoute({ hosts: ['b.example.com'], virtualServiceName: 'shop', destinations: [{ host: svc }] }))).toBe(
      "[test/mesh/ingress] VirtualService 'shop' already routes other hosts (a.example.com): give these hosts another 'virtualServiceName'");
  });

  test('destinations must name their host, and their port when the host has several', () => {
    // GIVEN
    const { mesh, gateway } = ingress();
    const api = mesh.addService('api', { ports: [{ port: 8080 }, { port: 9090, protocol: Protocol.GRPC }], versions: [{ name: 'v1', image: 'api' }] });
    // THEN
    expect(errorOf(() => gateway.addRoute({ hosts: ['*'], destinations: [{ version: 'v1' }, { host: api, weight: 50 }] }))).toBe([
      "[test/mesh/ingress] 'destinations[0].host' is required: a gateway route has no host of its own to send to",
      "[test/mesh/ingress] 'destinations[1].port' is required: 'api' has several ports (8080, 9090)",
    ].join('\n'));
    expect(errorOf(() => gateway.addRoute({ hosts: ['*'] }))).toBe(
      "[test/mesh/ingress] 'destinations' is required unless 'redirect' is given: a gateway route has no default destination");
    expect(errorOf(() => gateway.addRoute({ hosts: ['*'], destinations: [{ host: api, port: 8080 }], mirror: { destination: { host: api } } }))).toBe(
      "[test/mesh/ingress] 'mirror.destination[0].port' is required: 'api' has several ports (8080, 9090)");
    expect(() => gateway.addRoute({ hosts: ['*'], destinations: [{ host: api, port: 8080 }] })).not.toThrow();
  });

  test('a rejected route leaves no VirtualService behind', async () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress();
    const svc = web(mesh);
    // WHEN
    const error = errorOf(() => gateway.addRoute({ hosts: ['*'], timeout: Duration.millis(0), destinations: [{ host: svc }] }));
    // THEN
    expect(error).toBe("[test/mesh/ingress] VirtualService 'ingress-wildcard': routes[0]: 'timeout' must be at least 1ms, got 0ms");
    expect(gateway.virtualServices).toEqual([]);
    expect(findAll(await synthValid(chart), 'VirtualService').map(v => v.metadata.name)).toEqual(['web']);
  });

  test('mesh route features render the same on gateway routes', async () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress({ servers: [GatewayServer.http({ hosts: ['*'], httpsRedirect: false })] });
    const svc = web(mesh);
    // WHEN
    gateway.addRoute({
      hosts: ['*'],
      name: 'api',
      matches: [{ uri: StringMatch.prefix('/api'), headers: { 'x-canary': StringMatch.exact('1') } }],
      destinations: [{ host: svc, version: 'v1' }],
      timeout: Duration.seconds(5),
      retries: { attempts: 3, retryOn: [RetryOn.GATEWAY_ERROR] },
      rewrite: { uri: '/' },
    });
    gateway.addRoute({ hosts: ['*'], matches: [{ uri: StringMatch.exact('/old') }], redirect: { uri: '/new' } });
    // THEN
    expect(findObject(await synthValid(chart), 'VirtualService', 'ingress-wildcard').spec.http).toEqual([
      {
        name: 'api',
        match: [{ uri: { prefix: '/api' }, headers: { 'x-canary': { exact: '1' } } }],
        route: [{ destination: { host: 'web.default.svc.cluster.local', subset: 'v1' } }],
        timeout: '5s',
        retries: { attempts: 3, retryOn: 'gateway-error' },
        rewrite: { uri: '/' },
      },
      { match: [{ uri: { exact: '/old' } }], redirect: { uri: '/new' } },
    ]);
  });

  test('cross-route problems are found as for mesh routes (undeclared versions, unreachable routes)', () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress();
    const svc = web(mesh);
    // WHEN
    gateway.addRoute({ hosts: ['*'], destinations: [{ host: svc, version: 'v9' }] });
    gateway.addRoute({ hosts: ['*'], matches: [{ uri: StringMatch.prefix('/x') }], destinations: [{ host: svc }] });
    // THEN
    const errors = synthErrors(chart);
    expect(errors).toContain("[test/mesh/ingress/Routes-ingress-wildcard] routes[0]: version 'v9' is not declared on 'web' (declared: v1)");
    expect(errors).toContain('[test/mesh/ingress/Routes-ingress-wildcard] routes[1] is unreachable: routes[0] before it matches every request; put more specific routes first');
  });

  test('route hosts no server serves fail', () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress({ servers: [GatewayServer.http({ hosts: ['*.example.com', './internal.example.org'] })] });
    const svc = web(mesh);
    // WHEN
    gateway.addRoute({ hosts: ['shop.example.com', 'shop.example.net'], destinations: [{ host: svc }] });
    gateway.addRoute({ hosts: ['internal.example.org'], namespace: 'default', destinations: [{ host: svc }] });
    gateway.addRoute({ hosts: ['internal.example.org'], destinations: [{ host: svc }] });
    // THEN
    const errors = synthErrors(chart);
    expect(errors).toContain("[test/mesh/ingress/Routes-ingress-shop.example.com-shop.example.net] HTTP routes for host 'shop.example.net' are not served by gateway 'ingress': no HTTP (HTTP, HTTP2, GRPC, GRPC-WEB, or HTTPS terminating TLS) server lists a matching host for VirtualServices in namespace 'istio-ingress' (HTTP (HTTP, HTTP2, GRPC, GRPC-WEB, or HTTPS terminating TLS) servers: 'http' (port 80, HTTP): *.example.com, ./internal.example.org)");
    expect(errors).toContain("[test/mesh/ingress/Routes-ingress-internal.example.org.default] HTTP routes for host 'internal.example.org' are not served by gateway 'ingress'");
    expect(errors).not.toContain("host 'shop.example.com'");
    expect(errors).not.toContain('[test/mesh/ingress/Routes-ingress-internal.example.org]');
  });

  test('a route host within a server\'s wildcard, or a wildcard route over a named server host, is served', async () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress({ servers: [GatewayServer.http({ hosts: ['default/shop.example.com', '*.example.org'] })] });
    const svc = web(mesh);
    // WHEN
    gateway.addRoute({ hosts: ['*'], namespace: 'default', destinations: [{ host: svc }] });
    gateway.addRoute({ hosts: ['a.b.example.org'], destinations: [{ host: svc }] });
    // THEN
    expect(findAll(await synthValid(chart), 'VirtualService')).toHaveLength(3);
  });

  test('HTTP routes need an HTTP server or an HTTPS server that terminates TLS', async () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress({
      servers: [
        GatewayServer.https({ hosts: ['a.example.com'], tls: GatewayTls.simple({ credentialName: 'a' }) }),
        GatewayServer.https({ hosts: ['b.example.com'], tls: GatewayTls.passthrough() }),
      ],
    });
    const svc = web(mesh);
    // WHEN
    gateway.addRoute({ hosts: ['a.example.com'], destinations: [{ host: svc }] });
    gateway.addRoute({ hosts: ['b.example.com'], destinations: [{ host: svc }] });
    // THEN
    const errors = synthErrors(chart);
    expect(errors).toContain("HTTP routes for host 'b.example.com' are not served by gateway 'ingress'");
    expect(errors).not.toContain("host 'a.example.com'");
  });

  test('an HTTP server that redirects to HTTPS serves no routes', () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress({ servers: [GatewayServer.http({ hosts: ['shop.example.com'], httpsRedirect: true })] });
    const svc = web(mesh);
    // WHEN
    gateway.addRoute({ hosts: ['shop.example.com'], destinations: [{ host: svc }] });
    // THEN
    expect(synthErrors(chart)).toContain("HTTP routes for host 'shop.example.com' are not served by gateway 'ingress'");
  });

  test('TLS routes go to PASSTHROUGH servers; SNI hosts default to the route hosts', async () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress({
      servers: [GatewayServer.https({ hosts: ['*.example.com'], tls: GatewayTls.passthrough() })],
    });
    const db = mesh.addService('db', { ports: [{ port: 443, protocol: Protocol.HTTPS }], versions: [{ name: 'v1', image: 'db' }] });
    // WHEN
    gateway.addTlsRoute({ hosts: ['db.example.com'], destinations: [{ host: db }] });
    gateway.addTlsRoute({ hosts: ['*.example.com'], matches: [{ port: 443, sniHosts: ['x.example.com'] }], destinations: [{ host: db }] });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'VirtualService', 'ingress-db.example.com').spec).toEqual({
      hosts: ['db.example.com'],
      gateways: ['ingress'],
      tls: [{ match: [{ sniHosts: ['db.example.com'] }], route: [{ destination: { host: 'db.default.svc.cluster.local' } }] }],
    });
    expect(findObject(objects, 'VirtualService', 'ingress-wildcard.example.com').spec.tls).toEqual([
      { match: [{ port: 443, sniHosts: ['x.example.com'] }], route: [{ destination: { host: 'db.default.svc.cluster.local' } }] },
    ]);
  });

  test('TLS routes with SNI hosts outside the route hosts, or without a PASSTHROUGH server, fail', () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress({
      servers: [GatewayServer.https({ hosts: ['*'], tls: GatewayTls.simple({ credentialName: 'c' }) })],
    });
    const db = mesh.addService('db', { ports: [{ port: 443, protocol: Protocol.HTTPS }], versions: [{ name: 'v1', image: 'db' }] });
    // WHEN
    gateway.addTlsRoute({ hosts: ['db.example.com'], matches: [{ sniHosts: ['other.example.com'] }], destinations: [{ host: db }] });
    // THEN
    const errors = synthErrors(chart);
    expect(errors).toContain("[test/mesh/ingress/Routes-ingress-db.example.com] tlsRoutes[0]: 'matches[0].sniHosts' entry 'other.example.com' is not within the route's hosts (db.example.com): Istio rejects SNI hosts outside the VirtualService's hosts");
    expect(errors).toContain("[test/mesh/ingress/Routes-ingress-db.example.com] TLS routes for host 'db.example.com' are not served by gateway 'ingress': no PASSTHROUGH (HTTPS or TLS) server lists a matching host for VirtualServices in namespace 'istio-ingress' (PASSTHROUGH (HTTPS or TLS) servers: none)");
  });

  test('TCP routes go to TCP servers, or to TLS servers that terminate TLS', async () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress({
      ports: [{ port: 5432, name: 'postgres' }, { port: 5433, name: 'postgres-tls' }],
      servers: [
        GatewayServer.tcp({ port: 5432 }),
        GatewayServer.tls({ port: 5433, hosts: ['db.example.com'], tls: GatewayTls.simple({ credentialName: 'db' }) }),
      ],
    });
    const db = mesh.addService('db', { ports: [{ port: 5432, protocol: Protocol.TCP }], versions: [{ name: 'v1', image: 'db' }] });
    // WHEN
    gateway.addTcpRoute({ hosts: ['*'], matches: [{ port: 5432 }], destinations: [{ host: db }] });
    gateway.addTcpRoute({ hosts: ['db.example.com'], matches: [{ port: 5433 }], destinations: [{ host: db }] });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'VirtualService', 'ingress-wildcard').spec).toEqual({
      hosts: ['*'],
      gateways: ['ingress'],
      tcp: [{ match: [{ port: 5432 }], route: [{ destination: { host: 'db.default.svc.cluster.local' } }] }],
    });
    expect(findObject(objects, 'VirtualService', 'ingress-db.example.com').spec.tcp).toEqual([
      { match: [{ port: 5433 }], route: [{ destination: { host: 'db.default.svc.cluster.local' } }] },
    ]);
  });

  test('a match port that no server of the route\'s kind listens on fails', () => {
    // GIVEN
    const { chart, mesh, gateway } = ingress();
    const svc = web(mesh);
    // WHEN
    gateway.addRoute({ hosts: ['*'], matches: [{ port: 443 }], destinations: [{ host: svc }] });
    // THEN
    expect(synthErrors(chart)).toContain(
      "[test/mesh/ingress/Routes-ingress-wildcard] HTTP routes match port 443, but gateway 'ingress' has no HTTP (HTTP, HTTP2, GRPC, GRPC-WEB, or HTTPS terminating TLS) server on it (ports: 80)");
  });

  test('bad route hosts fail', () => {
    const { mesh, gateway } = ingress();
    const svc = web(mesh);
    expect(errorOf(() => gateway.addRoute({ hosts: ['ns/a.example.com', 'A.com', 'b.com', 'b.com'], destinations: [{ host: svc }] }))).toBe([
      "[test/mesh/ingress] 'hosts[0]' must be a host name without a namespace, got 'ns/a.example.com' (namespaces are chosen with 'namespace')",
      "[test/mesh/ingress] 'hosts[1]' must be '*', a DNS name or a DNS name after a leading '*.' (lowercase letters, digits, '-' and '.'), got 'A.com'",
      "[test/mesh/ingress] 'hosts[3]' 'b.com' is given twice",
    ].join('\n'));
    expect(errorOf(() => gateway.addRoute({ hosts: [], destinations: [{ host: svc }] }))).toBe("[test/mesh/ingress] 'hosts' must have at least one entry");
  });
});

describe('egress gateway', () => {
  test('an egress gateway has a ClusterIP Service and pods labelled istio: egressgateway in istio-egress', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    new Gateway(mesh, 'egress', { mesh, egress: true, servers: [GatewayServer.http({ hosts: ['api.example.com'] })] });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'Deployment', 'istio-egressgateway', 'istio-egress').spec.selector.matchLabels).toEqual({
      app: 'istio-egressgateway', istio: 'egressgateway',
    });
    expect(findObject(objects, 'Service', 'istio-egressgateway', 'istio-egress').spec.type).toBe('ClusterIP');
    expect(gatewayOf(objects, 'egress', 'istio-egress').spec.selector).toEqual({ istio: 'egressgateway' });
    expect(findObject(objects, 'Namespace', 'istio-egress').metadata.labels).toEqual({ 'istio-injection': 'disabled' });
  });

  test('HTTP to an external service leaves through the egress gateway (Istio\'s egress gateway pattern)', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const egress = new Gateway(mesh, 'egress', { mesh, egress: true });
    const cnn = mesh.addExternalService('cnn', { hosts: ['edition.cnn.com'], ports: [{ number: 80, protocol: Protocol.HTTP }], resolution: ServiceEntryResolution.DNS });
    // WHEN
    egress.addEgressRoute(cnn);
    // THEN
    const objects = await synthValid(chart);
    expect(gatewayOf(objects, 'egress', 'istio-egress').spec).toEqual({
      selector: { istio: 'egressgateway' },
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['edition.cnn.com'] }],
    });
    expect(findObject(objects, 'VirtualService', 'cnn', 'default').spec).toEqual({
      hosts: ['edition.cnn.com'],
      http: [{
        match: [{ port: 80 }],
        route: [{ destination: { host: 'istio-egressgateway.istio-egress.svc.cluster.local', port: { number: 80 } } }],
      }],
    });
    expect(findObject(objects, 'VirtualService', 'egress-edition.cnn.com', 'istio-egress').spec).toEqual({
      hosts: ['edition.cnn.com'],
      gateways: ['egress'],
      http: [{ match: [{ port: 80 }], route: [{ destination: { host: 'edition.cnn.com', port: { number: 80 } } }] }],
    });
  });

  test('HTTPS to an external service passes through the egress gateway by SNI', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const egress = new Gateway(mesh, 'egress', { mesh, egress: true });
    const cnn = mesh.addExternalService('cnn', {
      hosts: ['edition.cnn.com'],
      resolution: ServiceEntryResolution.DNS,
      ports: [{ number: 80, protocol: Protocol.HTTP }, { number: 443, protocol: Protocol.HTTPS }],
    });
    // WHEN
    egress.addEgressRoute(cnn, { port: 443 });
    // THEN
    const objects = await synthValid(chart);
    expect(gatewayOf(objects, 'egress').spec.servers).toEqual([
      { port: { number: 443, name: 'tls', protocol: 'TLS' }, hosts: ['edition.cnn.com'], tls: { mode: 'PASSTHROUGH' } },
    ]);
    expect(findObject(objects, 'VirtualService', 'cnn', 'default').spec.tls).toEqual([{
      match: [{ port: 443, sniHosts: ['edition.cnn.com'] }],
      route: [{ destination: { host: 'istio-egressgateway.istio-egress.svc.cluster.local', port: { number: 443 } } }],
    }]);
    expect(findObject(objects, 'VirtualService', 'egress-edition.cnn.com', 'istio-egress').spec).toEqual({
      hosts: ['edition.cnn.com'],
      gateways: ['egress'],
      tls: [{ match: [{ port: 443, sniHosts: ['edition.cnn.com'] }], route: [{ destination: { host: 'edition.cnn.com', port: { number: 443 } } }] }],
    });
  });

  test('an existing server for the host is reused', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    const egress = new Gateway(mesh, 'egress', { mesh, egress: true, servers: [GatewayServer.http({ hosts: ['*.cnn.com'] })] });
    const cnn = mesh.addExternalService('cnn', { hosts: ['edition.cnn.com'], ports: [{ number: 80, protocol: Protocol.HTTP }], resolution: ServiceEntryResolution.DNS });
    // WHEN
    egress.addEgressRoute(cnn);
    // THEN
    expect(gatewayOf(await synthValid(chart), 'egress').spec.servers).toHaveLength(1);
  });

  test('egress routes through an ingress gateway, a selected gateway or an unclear port fail', () => {
    // GIVEN
    const { mesh } = setup();
    const cnn = mesh.addExternalService('cnn', {
      hosts: ['edition.cnn.com'],
      resolution: ServiceEntryResolution.DNS,
      ports: [{ number: 80, protocol: Protocol.HTTP }, { number: 443, protocol: Protocol.HTTPS }, { number: 5432, protocol: Protocol.TCP }],
    });
    const ingressGw = new Gateway(mesh, 'in', { mesh });
    const selected = new Gateway(mesh, 'sel', { mesh, egress: true, selector: { istio: 'egressgateway' } });
    const egress = new Gateway(mesh, 'out', { mesh, egress: true });
    // THEN
    expect(errorOf(() => ingressGw.addEgressRoute(cnn, { port: 80 }))).toBe(
      "[test/mesh/in] addEgressRoute() needs an egress gateway ('egress: true'), 'in' is an ingress gateway");
    expect(errorOf(() => selected.addEgressRoute(cnn, { port: 80 }))).toBe(
      "[test/mesh/sel] addEgressRoute() needs the Service of the gateway to send traffic to, but 'selector' names an existing gateway: give 'installedService' "
      + "({} for Istio's installed istio-egressgateway in istio-system, ports 80 and 443), or 'workload' instead");
    expect(errorOf(() => egress.addEgressRoute(cnn))).toBe(
      "[test/mesh/out] 'port' is required: external service 'cnn' has several HTTP, HTTPS or TLS ports (ports: 80 HTTP, 443 HTTPS, 5432 TCP)");
    expect(errorOf(() => egress.addEgressRoute(cnn, { port: 5432 }))).toBe(
      "[test/mesh/out] port 5432 of external service 'cnn' is TCP: only HTTP, HTTPS and TLS carry the host name a gateway routes by");
    expect(errorOf(() => egress.addEgressRoute(cnn, { port: 80, gatewayPort: 8080 }))).toBe(
      "[test/mesh/out] 'gatewayPort' 8080 is not a Service port of gateway workload 'istio-egressgateway' (ports: 80 (target 8080), 443 (target 8443))");
  });
});

describe('gateway workload: what Kubernetes rejects', () => {
  test('a given request above a default limit raises the limit, a given limit below a default request lowers the request', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    new GatewayWorkload(mesh, 'gw', { mesh, resources: { cpu: { request: kplus.Cpu.units(3) }, memory: { limit: Size.mebibytes(64) } } });
    // THEN
    const container = findObject(await synthValid(chart), 'Deployment', 'istio-ingressgateway').spec.template.spec.containers[0];
    expect(container.resources).toEqual({ requests: { cpu: '3', memory: '64Mi' }, limits: { cpu: '3', memory: '64Mi' } });
  });

  test('ephemeral storage is written too, and sizes that are not whole mebibytes in KiB', async () => {
    const { chart, mesh } = setup();
    new GatewayWorkload(mesh, 'gw', { mesh, resources: { ephemeralStorage: { request: Size.mebibytes(512) }, memory: { request: Size.kibibytes(1536) } } });
    const container = findObject(await synthValid(chart), 'Deployment', 'istio-ingressgateway').spec.template.spec.containers[0];
    expect(container.resources).toEqual({
      requests: { 'cpu': '100m', 'memory': '1536Ki', 'ephemeral-storage': '512Mi' },
      limits: { cpu: '2', memory: '1Gi' },
    });
  });

  test('a negative CPU amount fails', () => {
    const { mesh } = setup();
    expect(() => new GatewayWorkload(mesh, 'gw', { mesh, resources: { cpu: { limit: kplus.Cpu.millis(-1) } } }))
      .toThrow(exactly("[test/mesh/gw] 'resources.cpu.limit' must not be negative, got -1m"));
  });

  test('Service annotation keys must be qualified names', async () => {
    const { chart, mesh } = setup();
    new GatewayWorkload(mesh, 'gw', { mesh, serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } });
    expect(findObject(await synthValid(chart), 'Service', 'istio-ingressgateway').metadata.annotations)
      .toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
    expect(() => new GatewayWorkload(mesh, 'gw2', { mesh, name: 'gw2', serviceAnnotations: { 'lb type': 'nlb' } })).toThrow(exactly(
      "[test/mesh/gw2] 'serviceAnnotations' has an invalid annotation key 'lb type' (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"));
  });

  test('replicas and autoscaling bounds are 32-bit', () => {
    const { mesh } = setup();
    expect(() => new GatewayWorkload(mesh, 'gw', { mesh, autoscaling: { maxReplicas: 2 ** 31 } })).toThrow(exactly(
      "[test/mesh/gw] 'autoscaling.maxReplicas' must be at most 2147483647 (Kubernetes stores it as a 32-bit integer), got 2147483648"));
    expect(() => new GatewayWorkload(mesh, 'gw2', { mesh, name: 'gw2', autoscaling: { maxReplicas: 2 ** 31 - 1 } })).not.toThrow();
  });

  test('untyped workload props fail, each naming the prop', () => {
    const { mesh } = setup();
    expect(() => new GatewayWorkload(mesh, 'gw', {
      mesh, replicas: '2', serviceType: 'LoadBalancer ', ports: [{ port: 80 }], egress: 'yes',
    } as any)).toThrow(exactly([
      "[test/mesh/gw] 'replicas' must be a number, got '2'",
      "[test/mesh/gw] 'ports[0].name' must be a string, got undefined",
      "[test/mesh/gw] 'serviceType' must be one of ClusterIP, NodePort, LoadBalancer, ExternalName, got 'LoadBalancer '",
      "[test/mesh/gw] 'egress' must be a boolean, got 'yes'",
    ].join('\n')));
  });
});

describe('gateway: untyped callers', () => {
  test('Gateway props are checked before they are read', () => {
    const { mesh } = setup();
    expect(() => new Gateway(mesh, 'gw', { mesh, servers: [{ port: 80, hosts: ['*'] }], selector: 'ingressgateway' } as any)).toThrow(exactly([
      "[test/mesh/gw] 'servers[0]' must be a GatewayServer (e.g. GatewayServer.http({ hosts: ['*'] })), got an object",
      "[test/mesh/gw] 'selector' must be an object, got 'ingressgateway'",
    ].join('\n')));
    expect(() => new Gateway(mesh, 'gw2', { servers: [] } as any)).toThrow(exactly("[test/mesh/gw2] 'mesh' must be a Mesh, got undefined"));
  });

  test('addServer takes only a GatewayServer', () => {
    const { gateway } = ingress();
    expect(() => gateway.addServer({ port: 443 } as any)).toThrow(exactly(
      "[test/mesh/ingress] 'server' must be a GatewayServer (e.g. GatewayServer.http({ hosts: ['*'] })), got an object"));
  });

  test.each([
    [() => GatewayServer.http({ hosts: '*' } as any), "'hosts' must be an array, got '*'"],
    [() => GatewayServer.http({ hosts: ['*'], port: '80' } as any), "'port' must be a number, got '80'"],
    [() => GatewayServer.http({ hosts: ['*'], protocol: 'SCTP' } as any),
      "'protocol' must be one of HTTP, HTTP2, HTTPS, GRPC, GRPC-WEB, TCP, TLS, MONGO, MYSQL, REDIS, UDP, got 'SCTP'"],
    [() => GatewayServer.https({ hosts: ['*'], tls: { mode: 'SIMPLE' } } as any),
      "'tls' must be a GatewayTls (e.g. GatewayTls.simple({ credentialName: 'cert' })), got an object"],
    [() => GatewayServer.tls({ hosts: ['*'], tls: GatewayTls.passthrough() } as any), "'port' must be a number, got undefined"],
    [() => GatewayServer.tcp(undefined as any), "'options' must be an object, got undefined"],
    [() => GatewayTls.simple({ credentialName: 5 } as any), "'credentialName' must be a string, got 5"],
    [() => GatewayTls.simple({ credentialName: 'c', minProtocolVersion: 'TLS1_2' } as any),
      "'minProtocolVersion' must be one of TLS_AUTO, TLSV1_0, TLSV1_1, TLSV1_2, TLSV1_3, got 'TLS1_2'"],
    [() => GatewayTls.mutual({ credentialName: 'c', subjectAltNames: 'spiffe://a' } as any), "'subjectAltNames' must be an array, got 'spiffe://a'"],
    [() => GatewayTls.istioMutual({ subjectAltNames: [1] } as any), "'subjectAltNames[0]' must be a string, got 1"],
  ])('%# a factory given the wrong types fails', (make, message) => {
    expect(make).toThrow(exactly(message));
  });
});

describe('gateway: TLS Secrets the cluster holds', () => {
  test("the servers' credentialName Secrets are expected in the cluster, in the workload's namespace, once each", () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    new Gateway(mesh, 'ingress', {
      mesh,
      servers: [
        GatewayServer.https({ hosts: ['a.example.com'], tls: GatewayTls.simple({ credentialName: 'shop-cert' }) }),
        GatewayServer.https({ hosts: ['b.example.com'], port: 8443, tls: GatewayTls.simple({ credentialName: 'shop-cert' }) }),
        GatewayServer.http({ hosts: ['*'] }),
      ],
    });
    // THEN
    expect(clusterObjects(chart)).toEqual([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'shop-cert', namespace: 'istio-ingress' } }]);
  });

  test('a gateway that selects pods elsewhere expects its Secrets in its own namespace', () => {
    const { chart, mesh } = setup();
    const gateway = new Gateway(mesh, 'edge', { mesh, namespace: 'edge', selector: { istio: 'edge' }, servers: [GatewayServer.http({ hosts: ['*'] })] });
    gateway.addServer(GatewayServer.https({ hosts: ['*'], tls: GatewayTls.mutual({ credentialName: 'edge-cert' }) }));
    expect(clusterObjects(chart)).toEqual([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'edge-cert', namespace: 'edge' } }]);
  });

  test('servers without a Secret expect nothing', () => {
    const { chart, mesh } = setup();
    new Gateway(mesh, 'ingress', { mesh, servers: [GatewayServer.https({ hosts: ['*'], tls: GatewayTls.passthrough() })] });
    expect(clusterObjects(chart)).toEqual([]);
  });
});

describe('egress routes: untyped callers', () => {
  test('addEgressRoute takes an ExternalService and numeric ports', () => {
    const { mesh } = setup();
    const egress = new Gateway(mesh, 'egress', { mesh, egress: true });
    const cnn = mesh.addExternalService('cnn', { hosts: ['edition.cnn.com'], ports: [{ number: 80, protocol: Protocol.HTTP }], resolution: ServiceEntryResolution.DNS });
    expect(() => egress.addEgressRoute('edition.cnn.com' as any)).toThrow(exactly("[test/mesh/egress] 'service' must be an ExternalService, got 'edition.cnn.com'"));
    expect(() => egress.addEgressRoute(cnn, { port: '80' } as any)).toThrow(exactly("[test/mesh/egress] 'port' must be a number, got '80'"));
    expect(() => egress.addEgressRoute(cnn, { port: 80 })).not.toThrow();
  });
});

describe('gateway routes: untyped callers', () => {
  test("the route's hosts, VirtualService name and namespace are checked before they are read", () => {
    const { gateway, mesh } = ingress();
    const api = web(mesh);
    expect(() => gateway.addRoute({ hosts: '*', destinations: [{ host: api }] } as any)).toThrow(exactly("[test/mesh/ingress] 'hosts' must be an array, got '*'"));
    expect(() => gateway.addTcpRoute({ hosts: ['*'], namespace: 5, destinations: [{ host: api }] } as any))
      .toThrow(exactly("[test/mesh/ingress] 'namespace' must be a string, got 5"));
    expect(() => gateway.addRoute({ hosts: ['*'], destinations: [{ host: api }] })).not.toThrow();
  });
});

describe('gateway: TLS Secrets and the analysis', () => {
  test('with the Secrets the gateway expects in the cluster, the analysis finds every credentialName (IST0101 without them)', async () => {
    // GIVEN: the Gateway's own doc example, on the ports the proxy listens on
    const { chart, mesh } = setup();
    const frontend = mesh.addService('frontend', { ports: [{ port: 8080 }], versions: [{ name: 'v1', image: 'f:1' }] });
    const gateway = new Gateway(mesh, 'ingress', {
      mesh,
      servers: [
        GatewayServer.http({ port: 8080, hosts: ['shop.example.com'], httpsRedirect: true }),
        GatewayServer.https({ port: 8443, hosts: ['shop.example.com'], tls: GatewayTls.simple({ credentialName: 'shop-cert' }) }),
      ],
    });
    gateway.addRoute({ hosts: ['shop.example.com'], destinations: [{ host: frontend }] });
    const objects = await synthValid(chart);
    const lines = (findings: Array<{ code: string; resource: string; message: string }>) => findings.map(f => `${f.code} ${f.resource}: ${f.message}`);
    // THEN
    expect(lines(ManifestAnalysis.analyze(objects))).toEqual(['IST0101 Gateway istio-ingress/ingress: Referenced credentialName not found: "shop-cert"']);
    expect(lines(ManifestAnalysis.analyze(objects, { clusterObjects: clusterObjects(chart) }))).toEqual([]);
  });
});

describe('gateway workload: NaN ports', () => {
  test('a NaN port is reported once, not as declared twice', () => {
    const { mesh } = setup();
    expect(() => new GatewayWorkload(mesh, 'gw', { mesh, ports: [{ port: NaN, name: 'http', targetPort: 8080 }] })).toThrow(exactly(
      "[test/mesh/gw] 'ports[0].port' must be an integer between 1 and 65535, got NaN"));
  });
});
