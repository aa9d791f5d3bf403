import { app, run, summary, withCode, yaml } from './helpers';

function service(name: string, ports: string, extra = ''): string {
  return `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: web}${extra}
  ports:
${ports}`;
}

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: example.com/web, ports: [{containerPort: 8080}, {containerPort: 9090}]}]`;

describe('Service port names (IST0118, IST0150)', () => {
  test('a port whose name and appProtocol name no protocol is reported', () => {
    const messages = run(service('web', '  - {name: web, port: 80, targetPort: 8080}'));
    expect(withCode(messages, 'IST0118').map(m => `${m.level} ${m.message}`)).toEqual([
      "Info Port name web (port: 80, targetPort: 8080) doesn't follow the naming convention of Istio port.",
    ]);
  });

  test('protocol prefixes, appProtocol, UDP and well-known ports are fine', () => {
    const ports = [
      '  - {name: http-web, port: 80}',
      '  - {name: grpc-web-api, port: 81}',
      '  - {name: web, appProtocol: http2, port: 82}',
      '  - {name: web2, appProtocol: kubernetes.io/h2c, port: 83}',
      '  - {name: dns, protocol: UDP, port: 84}',
      '  - {name: db, port: 3306}',
      '  - {name: TCP, port: 85}',
    ].join('\n');
    expect(withCode(run(service('web', ports)), 'IST0118')).toEqual([]);
  });

  test("Istio's own Services are not checked", () => {
    expect(run(service('istiod', '  - {name: web, port: 80}').replace('metadata: {name: istiod}', 'metadata: {name: istiod, labels: {istio: pilot}}'))).toEqual([]);
  });

  test('an ExternalName Service with a tcp or unnamed-protocol port is IST0150', () => {
    const messages = run(service('ext', '  - {name: tcp, port: 80}', '\n  type: ExternalName\n  externalName: example.com'));
    expect(summary(messages)).toEqual(['IST0150 Service ext']);
  });
});

describe('ServiceEntries (IST0134, IST0177)', () => {
  const se = (name: string, spec: string) => `apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: ${name}}\nspec:\n${spec}`;

  test('TCP ports without addresses are reported', () => {
    const messages = run(se('db', '  hosts: [db.example.com]\n  ports: [{number: 5432, name: tcp-pg, protocol: TCP}]\n  resolution: DNS'));
    expect(withCode(messages, 'IST0134').map(m => m.message)).toEqual(['ServiceEntry addresses are required for this protocol.']);
  });

  test('addresses, HTTP ports, or address auto-allocation in the mesh config are fine', () => {
    expect(run(se('db', '  hosts: [db.example.com]\n  addresses: [10.1.2.3]\n  ports: [{number: 5432, name: tcp-pg, protocol: TCP}]'))).toEqual([]);
    expect(run(se('api', '  hosts: [api.example.com]\n  ports: [{number: 80, name: http, protocol: HTTP}]'))).toEqual([]);
    const meshConfig = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    defaultConfig:
      proxyMetadata:
        ISTIO_META_DNS_CAPTURE: "true"
        ISTIO_META_DNS_AUTO_ALLOCATE: "true"`;
    expect(run(yaml(meshConfig, se('db', '  hosts: [db.example.com]\n  ports: [{number: 5432, name: tcp-pg, protocol: TCP}]')))).toEqual([]);
  });

  test('two entries giving one host and port different protocols conflict', () => {
    const a = se('a', '  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]');
    const b = se('b', '  hosts: [api.example.com]\n  ports: [{number: 443, name: tls, protocol: TLS}]');
    expect(withCode(run(yaml(a, b)), 'IST0177').map(m => `${m.resource}: ${m.message}`)).toEqual([
      'ServiceEntry a: Multiple ServiceEntries (default/a, default/b) define the same host "api.example.com" and port 443 with conflicting protocols (HTTPS, TLS).',
      'ServiceEntry b: Multiple ServiceEntries (default/a, default/b) define the same host "api.example.com" and port 443 with conflicting protocols (HTTPS, TLS).',
    ]);
    expect(withCode(run(yaml(a, b.replace('TLS}', 'HTTPS}'))), 'IST0177')).toEqual([]);
    expect(withCode(run(yaml(a, b.replace('protocol: TLS}', 'protocol: TLS}]\n  exportTo: [.]').replace('TLS}]]', 'TLS}]').replace('metadata: {name: b}', 'metadata: {name: b, namespace: other}'))), 'IST0177')).toHaveLength(2);
  });
});

describe('a Deployment behind several Services (IST0116, IST0137)', () => {
  test('one port with two protocols is IST0116', () => {
    const messages = run(yaml(WEB, service('a', '  - {name: http, port: 80, targetPort: 8080}'), service('b', '  - {name: udp, port: 80, protocol: UDP, targetPort: 8080}')));
    expect(withCode(messages, 'IST0116').map(m => m.message)).toEqual([
      'This deployment web is associated with multiple services using port 80 but different protocols: [default/a default/b]',
    ]);
  });

  test('one target port behind two ports is IST0137', () => {
    const messages = run(yaml(WEB, service('a', '  - {name: http, port: 80, targetPort: 8080}'), service('b', '  - {name: http, port: 8080}')));
    expect(withCode(messages, 'IST0137').map(m => m.message)).toEqual([
      'This deployment web is associated with multiple services [default/a default/b] using targetPort "8080" but different ports: [80 8080].',
    ]);
  });

  test('Services that agree, or a Deployment out of the mesh, are fine', () => {
    expect(run(yaml(WEB, service('a', '  - {name: http, port: 80, targetPort: 8080}'), service('b', '  - {name: grpc, port: 90, targetPort: 9090}')))).toEqual([]);
    const out = WEB.replace('metadata: {labels: {app: web}}', 'metadata: {labels: {app: web}, annotations: {sidecar.istio.io/inject: "false"}}');
    expect(run(yaml(out, service('a', '  - {name: http, port: 80, targetPort: 8080}'), service('b', '  - {name: http, port: 8080}')))).toEqual([]);
    const outByLabel = WEB.replace('metadata: {labels: {app: web}}', 'metadata: {labels: {app: web, sidecar.istio.io/inject: "false"}}');
    expect(run(yaml(outByLabel, service('a', '  - {name: http, port: 80, targetPort: 8080}'), service('b', '  - {name: http, port: 8080}')))).toEqual([]);
    const notInjected = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: default, labels: {istio-injection: disabled}}';
    expect(withCode(run(yaml(notInjected, WEB, service('a', '  - {name: http, port: 80, targetPort: 8080}'), service('b', '  - {name: http, port: 8080}'))), 'IST0137')).toEqual([]);
  });
});

describe('the proxy user (IST0144)', () => {
  test('a Deployment container running as 1337 is reported', () => {
    const uid = WEB.replace('containers: [{name: web, image: example.com/web,', 'containers: [{name: web, securityContext: {runAsUser: 1337}, image: example.com/web,');
    expect(summary(run(uid))).toEqual(['IST0144 Deployment web']);
    expect(run(uid)[0].message).toBe('User ID (UID) 1337 is reserved for the sidecar proxy.');
  });

  test('another user, or the istio-proxy container itself, is fine', () => {
    expect(run(WEB.replace('containers: [{name: web, image: example.com/web,', 'containers: [{name: web, securityContext: {runAsUser: 1000}, image: example.com/web,'))).toEqual([]);
    expect(run(WEB.replace('containers: [{name: web, image: example.com/web,', 'containers: [{name: istio-proxy, securityContext: {runAsUser: 1337}, image: example.com/web,'))).toEqual([]);
  });
});

describe('Sidecars (IST0101, IST0110, IST0111)', () => {
  const sidecar = (name: string, selector?: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}}
spec:${selector ? `\n  workloadSelector: {labels: {${selector}}}` : ''}
  egress: [{hosts: ["./*"]}]`;

  test('a selector matching no workload of its namespace is not found', () => {
    expect(withCode(run(yaml(WEB, sidecar('s', 'app: api'))), 'IST0101').map(m => m.message)).toEqual(['Referenced selector not found: "app=api"']);
    expect(run(yaml(WEB, sidecar('s', 'app: web')))).toEqual([]);
  });

  test('two Sidecars selecting one workload conflict', () => {
    const messages = run(yaml(WEB, sidecar('a', 'app: web'), sidecar('b', 'app: web')));
    expect(summary(withCode(messages, 'IST0110'))).toEqual(['IST0110 Sidecar a', 'IST0110 Sidecar b']);
    expect(withCode(messages, 'IST0110')[0].message).toBe('The Sidecars [default/a default/b] in namespace "default" select the same workload pod "web", which can lead to undefined behavior.');
  });

  test('two Sidecars without selector in one namespace conflict; one is fine', () => {
    expect(summary(withCode(run(yaml(sidecar('a'), sidecar('b'))), 'IST0111'))).toEqual(['IST0111 Sidecar a', 'IST0111 Sidecar b']);
    expect(run(sidecar('a'))).toEqual([]);
  });
});

describe('AuthorizationPolicies (IST0127, IST0101)', () => {
  const policy = (namespace: string, spec: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow, namespace: ${namespace}}
spec:
${spec}`;

  test('a selector matching no workload in the mesh is reported', () => {
    const messages = run(yaml(WEB, policy('default', '  selector: {matchLabels: {app: api}}\n  action: ALLOW')));
    expect(withCode(messages, 'IST0127').map(m => m.message)).toEqual(['No matching workloads for this resource with the following labels: app=api']);
    expect(run(yaml(WEB, policy('default', '  selector: {matchLabels: {app: web}}\n  action: ALLOW')))).toEqual([]);
  });

  test('a policy in the root namespace selects across namespaces', () => {
    expect(run(yaml(WEB, policy('istio-system', '  selector: {matchLabels: {app: web}}')))).toEqual([]);
  });

  test('a namespace-wide policy in a namespace without workloads is reported', () => {
    expect(summary(withCode(run(yaml(WEB, policy('empty', '  action: DENY\n  rules: [{}]'))), 'IST0127'))).toEqual(['IST0127 AuthorizationPolicy empty/allow']);
  });

  test('source namespaces must exist', () => {
    const spec = '  selector: {matchLabels: {app: web}}\n  rules:\n  - from:\n    - source: {namespaces: [default, "team-*", ghost], notNamespaces: ["*-system"]}';
    const team = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}';
    expect(withCode(run(yaml(WEB, team, policy('default', spec))), 'IST0101').map(m => m.message)).toEqual(['Referenced namespace not found: "ghost"']);
  });
});

describe('injection (IST0102, IST0103, IST0123)', () => {
  const ns = (name: string, labels = '') => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}${labels ? `, labels: {${labels}}` : ''}}`;

  test('a namespace without injection label is reported; enabled, disabled and system namespaces are not', () => {
    const messages = run(yaml(ns('shop'), ns('on', 'istio-injection: enabled'), ns('off', 'istio-injection: disabled'), ns('rev', 'istio.io/rev: canary'), ns('kube-system'), ns('istio-system')));
    expect(withCode(messages, 'IST0102').map(m => `${m.resource}: ${m.message}`)).toEqual([
      "Namespace shop: The namespace is not enabled for Istio injection. Run 'kubectl label namespace shop istio-injection=enabled' to enable it, "
      + "or 'kubectl label namespace shop istio-injection=disabled' to explicitly mark it as not needing injection.",
    ]);
    expect(messages).toHaveLength(1);
  });

  test('both injection labels are IST0123', () => {
    expect(summary(run(ns('both', 'istio-injection: enabled, istio.io/rev: canary')))).toEqual(['IST0123 Namespace both']);
  });

  test('a running Pod without proxy in an injected namespace is IST0103; templates, opt-outs and manifest Pods are not', () => {
    const pod = (name: string, extra = '', status = '\nstatus: {phase: Running}') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: on${extra}}
spec:
  containers: [{name: app, image: example.com/app}]${status}`;
    const messages = run(yaml(ns('on', 'istio-injection: enabled'), pod('a'), pod('b', ', annotations: {sidecar.istio.io/inject: "false"}'), pod('c', '', ''),
      WEB.replace('metadata: {name: web}', 'metadata: {name: web, namespace: on}')));
    expect(withCode(messages, 'IST0103').map(m => `${m.resource}: ${m.message}`)).toEqual([
      'Pod on/a: The pod on/a is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.',
    ]);
  });
});

describe('versions without VirtualService (MESH007)', () => {
  test('a service running two versions without a VirtualService is reported', () => {
    const messages = run(app('reviews', { versions: ['v1', 'v2'] }));
    expect(withCode(messages, 'MESH007').map(m => `${m.level} ${m.message}`)).toEqual([
      "Info service 'reviews' runs 2 versions (v1, v2) but no VirtualService routes it: requests go to every version in turn; add a VirtualService that says which version gets what",
    ]);
  });

  test('one version, or a mesh VirtualService for the host (also by wildcard), is fine', () => {
    expect(run(app('reviews'))).toEqual([]);
    const vs = (host: string, gateways = '') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: r}
spec:
  hosts: ["${host}"]${gateways}
  http:
  - route:
    - destination: {host: reviews}`;
    expect(withCode(run(yaml(app('reviews', { versions: ['v1', 'v2'] }), vs('reviews'))), 'MESH007')).toEqual([]);
    expect(withCode(run(yaml(app('reviews', { versions: ['v1', 'v2'] }), vs('*.default.svc.cluster.local'))), 'MESH007')).toEqual([]);
    expect(withCode(run(yaml(app('reviews', { versions: ['v1', 'v2'] }), vs('reviews', '\n  gateways: [web]'))), 'MESH007')).toHaveLength(1);
  });
});

describe('duplicates (MESH010)', () => {
  test('an object given twice is reported once, and the later definition is analyzed', () => {
    const first = service('web', '  - {name: web, port: 80}');
    const second = service('web', '  - {name: http, port: 80}');
    expect(summary(run(yaml(first, second)))).toEqual(['MESH010 Service web']);
    expect(summary(run(yaml(second, first)))).toEqual(['IST0118 Service web', 'MESH010 Service web']);
  });
});
