/**
 * Inputs of workloads.test.ts: Services, ServiceEntries, Deployments and Pods, Sidecars,
 * AuthorizationPolicies, injection, versions.
 */
import { app, Case, kase, namespace, yaml } from '../helpers';

export function service(name: string, ports: string, extra = '', ns = ''): string {
  return `apiVersion: v1
kind: Service
metadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}
spec:
  selector: {app: web}${extra}
  ports:
${ports}`;
}

export const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: example.com/web, ports: [{containerPort: 8080}, {containerPort: 9090}]}]`;

const se = (name: string, spec: string, ns = '') => `apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}\nspec:\n${spec}`;
/** A TCP ServiceEntry without resolution (NONE): istiod allocates it no address. */
const TCP_SE = '  hosts: [db.example.com]\n  ports: [{number: 5432, name: tcp-pg, protocol: TCP}]';
const meshConfigMap = (mesh: string, ns = 'istio-system') => `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: ${ns}}
data:
  mesh: |
${mesh.split('\n').map(l => `    ${l}`).join('\n')}`;
const AUTO_ALLOCATE = 'defaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_CAPTURE: "true"\n    ISTIO_META_DNS_AUTO_ALLOCATE: "true"';

const SE_A = se('a', '  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]');
const SE_B = se('b', '  hosts: [api.example.com]\n  ports: [{number: 443, name: tls, protocol: TLS}]');

const uid = (where: string) => WEB.replace('containers: [{name: web, image: example.com/web,', `containers: [{name: ${where}, securityContext: {runAsUser: 1337}, image: example.com/web,`);

const sidecar = (name: string, selector?: string, ns = '') => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}
spec:${selector ? `\n  workloadSelector: {labels: {${selector}}}` : ''}
  egress: [{hosts: ["./*"]}]`;

const authz = (ns: string, spec: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow, namespace: ${ns}}
spec:
${spec}`;

/** A Pod as a cluster runs it, in NAMESPACE (the shape of istioctl's own test inputs). */
const pod = (name: string, ns: string, extra = '', containers = '[{name: app, image: example.com/app}]') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}${extra}}
spec:
  containers: ${containers}`;

const INJECTOR_BY_DEFAULT = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio-sidecar-injector, namespace: istio-system}
data:
  values: '{"sidecarInjectorWebhook": {"enableNamespacesByDefault": true}, "global": {"hub": "docker.io/istio", "tag": "1.30.0", "proxy": {"image": "proxyv2"}}}'`;

const vsFor = (host: string, gateways = '') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: r}
spec:
  hosts: ["${host}"]${gateways}
  http:
  - route:
    - destination: {host: reviews}`;

const httpRoute = (parent: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews}
spec:
  parentRefs:
  - ${parent}
  rules:
  - backendRefs: [{name: reviews, port: 9080}]`;

export const CASES = {
  // Service port names (IST0118, IST0150)
  'port name without protocol': kase(service('web', '  - {name: web, port: 80, targetPort: 8080}')),
  'port name without protocol nor target port': kase(service('web', '  - {name: web, port: 80}\n  - {name: web2, port: 81, targetPort: metrics}')),
  'protocol prefixes, appProtocol, UDP, well-known ports': kase(service('web', [
    '  - {name: http-web, port: 80}',
    '  - {name: grpc-web-api, port: 81}',
    '  - {name: web, appProtocol: http2, port: 82}',
    '  - {name: web2, appProtocol: kubernetes.io/h2c, port: 83}',
    '  - {name: dns, protocol: UDP, port: 84}',
    '  - {name: db, port: 3306}',
    '  - {name: TCP, port: 85}',
    '  - {name: Grpc-Web, port: 86}',
  ].join('\n'))),
  'SCTP and an empty appProtocol name no protocol': kase(service('web', '  - {name: sctp, protocol: SCTP, port: 80}\n  - {name: http, appProtocol: "", port: 81}')),
  'Istio\'s own Service': kase(service('istiod', '  - {name: web, port: 80}').replace('metadata: {name: istiod}', 'metadata: {name: istiod, labels: {istio: pilot}}')),
  'managed gateway Service': kase(service('web-istio', '  - {name: web, port: 80}').replace('metadata: {name: web-istio}',
    'metadata: {name: web-istio, labels: {gateway.istio.io/managed: istio.io-gateway-controller}}')),
  'Service in a Kubernetes namespace': kase(yaml(service('dns', '  - {name: dns-tcp, port: 5353}', '', 'kube-system'),
    service('metrics', '  - {name: metrics, port: 9100}', '', 'kube-public'), service('lease', '  - {name: x, port: 1}', '', 'kube-node-lease'),
    service('storage', '  - {name: x, port: 1}', '', 'local-path-storage'))),
  'ExternalName port tcp': kase(service('ext', '  - {name: tcp, port: 80}', '\n  type: ExternalName\n  externalName: example.com')),
  'ExternalName port without protocol': kase(service('ext', '  - {name: db, port: 5432}', '\n  type: ExternalName\n  externalName: example.com')),
  'ExternalName port named for its protocol': kase(service('ext', '  - {name: tcp-db, port: 5432}', '\n  type: ExternalName\n  externalName: example.com')),

  // ServiceEntries (IST0134, MESH011)
  'TCP port without addresses': kase(se('db', TCP_SE)),
  'TCP port, resolution NONE': kase(se('db', `${TCP_SE}\n  resolution: NONE`)),
  'TCP port, resolution DNS: istiod allocates addresses': kase(se('db', `${TCP_SE}\n  resolution: DNS`)),
  'TCP port, resolution DNS, opted out of allocation': kase(se('db', `${TCP_SE}\n  resolution: DNS`)
    .replace('metadata: {name: db}', 'metadata: {name: db, labels: {networking.istio.io/enable-autoallocate-ip: "False"}}')),
  'wildcard host, resolution DNS': kase(se('db', '  hosts: ["*.db.example.com"]\n  ports: [{number: 5432, name: tcp-pg, protocol: TCP}]\n  resolution: DNS')),
  'wildcard host, resolution DYNAMIC_DNS': kase(se('db', '  hosts: ["*.db.example.com"]\n  ports: [{number: 5432, name: tcp-pg, protocol: TCP}]\n  resolution: DYNAMIC_DNS')),
  'TCP port with addresses': kase(se('db', '  hosts: [db.example.com]\n  addresses: [10.1.2.3]\n  ports: [{number: 5432, name: tcp-pg, protocol: TCP}]')),
  'TCP port with an empty addresses list': kase(se('db', '  hosts: [db.example.com]\n  addresses: []\n  ports: [{number: 5432, name: tcp-pg, protocol: TCP}]')),
  'ports without protocol, lower-case tcp': kase(se('db', '  hosts: [db.example.com]\n  ports: [{number: 5432, name: pg}, {number: 5433, name: pg2, protocol: tcp}]')),
  'HTTP port without addresses': kase(se('api', '  hosts: [api.example.com]\n  ports: [{number: 80, name: http, protocol: HTTP}]')),
  'addresses allocated in the status': kase(`${se('db', TCP_SE)}\nstatus:\n  addresses: [{value: 240.240.0.1, host: db.example.com}]`),
  'auto-allocation in the istio ConfigMap': kase(yaml(meshConfigMap(AUTO_ALLOCATE), se('db', TCP_SE))),
  'auto-allocation in the meshConfig option': kase(se('db', TCP_SE), { meshConfig: AUTO_ALLOCATE }),
  'DNS capture without auto-allocation': kase(yaml(meshConfigMap('defaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_CAPTURE: "true"'), se('db', TCP_SE))),
  'auto-allocation without DNS capture': kase(se('db', TCP_SE), { meshConfig: 'defaultConfig:\n  proxyMetadata:\n    PILOT_ENABLE_IP_AUTOALLOCATE: "true"' }),
  'PILOT_ENABLE_IP_AUTOALLOCATE with DNS capture': kase(se('db', TCP_SE),
    { meshConfig: 'defaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_CAPTURE: "true"\n    PILOT_ENABLE_IP_AUTOALLOCATE: "true"' }),
  'the istio ConfigMap of another namespace': kase(yaml(meshConfigMap(AUTO_ALLOCATE, 'other'), se('db', TCP_SE))),
  'conflicting protocols': kase(yaml(SE_A, SE_B)),
  'same protocols': kase(yaml(SE_A, SE_B.replace('TLS}', 'HTTPS}'))),
  'conflicting protocols, one exported to its namespace': kase(yaml(SE_A, SE_B.replace('protocol: TLS}]', 'protocol: TLS}]\n  exportTo: [.]')
    .replace('metadata: {name: b}', 'metadata: {name: b, namespace: other}'))),

  // a Deployment behind several Services (IST0116, IST0137)
  'one port, two protocols': kase(yaml(WEB, service('b', '  - {name: http, port: 80, targetPort: 8080}'), service('a', '  - {name: udp, port: 80, protocol: UDP, targetPort: 8080}'))),
  'one target port, two ports': kase(yaml(WEB, service('b', '  - {name: http, port: 80, targetPort: 8080}'), service('a', '  - {name: http, port: 8080}'))),
  'Services that agree': kase(yaml(WEB, service('a', '  - {name: http, port: 80, targetPort: 8080}'), service('b', '  - {name: grpc, port: 90, targetPort: 9090}'))),
  'opted out by annotation': kase(yaml(WEB.replace('metadata: {labels: {app: web}}', 'metadata: {labels: {app: web}, annotations: {sidecar.istio.io/inject: "false"}}'),
    service('a', '  - {name: http, port: 80, targetPort: 8080}'), service('b', '  - {name: http, port: 8080}'))),
  'opted out by label': kase(yaml(WEB.replace('metadata: {labels: {app: web}}', 'metadata: {labels: {app: web, sidecar.istio.io/inject: "false"}}'),
    service('a', '  - {name: http, port: 80, targetPort: 8080}'), service('b', '  - {name: http, port: 8080}'))),
  'namespace not injected': kase(yaml(namespace('default', 'istio-injection: disabled'), WEB,
    service('a', '  - {name: http, port: 80, targetPort: 8080}'), service('b', '  - {name: http, port: 8080}'))),
  'undeclared namespace not assumed injected': kase(yaml(WEB, service('a', '  - {name: http, port: 80, targetPort: 8080}'), service('b', '  - {name: http, port: 8080}')),
    { assumeInjected: false }),
  'namespace with a revision label': kase(yaml(namespace('default', 'istio.io/rev: canary'), WEB,
    service('a', '  - {name: http, port: 80, targetPort: 8080}'), service('b', '  - {name: http, port: 8080}'))),
  'waypoint Deployment': kase(yaml(WEB.replace('metadata: {name: web}', 'metadata: {name: web, labels: {gateway.istio.io/managed: istio.io-mesh-controller}}'),
    service('a', '  - {name: http, port: 80, targetPort: 8080}'), service('b', '  - {name: http, port: 8080}'))),

  // the proxy user (IST0144)
  'container as 1337': kase(uid('web')),
  'pod as 1337': kase(WEB.replace('    spec:\n      containers:', '    spec:\n      securityContext: {runAsUser: 1337}\n      containers:')),
  'StatefulSet container as 1337': kase(uid('web').replace('kind: Deployment', 'kind: StatefulSet')),
  'Pod container as 1337': kase(pod('debug', 'default', '', '[{name: app, image: example.com/app, securityContext: {runAsUser: 1337}}]')),
  'another user': kase(WEB.replace('containers: [{name: web, image: example.com/web,', 'containers: [{name: web, securityContext: {runAsUser: 1000}, image: example.com/web,')),
  'istio-proxy and istio-operator as 1337': kase(yaml(uid('istio-proxy'), uid('istio-operator').replace('name: web}', 'name: operator}'))),
  'Istio\'s own workload as 1337': kase(uid('web').replace('metadata: {name: web}', 'metadata: {name: web, labels: {istio: pilot}}')
    .replace('metadata: {labels: {app: web}}', 'metadata: {labels: {app: web, istio: pilot}}')),

  // Sidecars (IST0101, IST0110, IST0111, IST0167)
  'Sidecar selecting no pod': kase(yaml(WEB, sidecar('s', 'app: api'))),
  'Sidecar selecting a pod': kase(yaml(WEB, sidecar('s', 'app: web'))),
  'Sidecar selecting a pod of another namespace': kase(yaml(WEB, sidecar('s', 'app: web', 'other'))),
  'two Sidecars, one pod': kase(yaml(WEB, sidecar('b', 'app: web'), sidecar('a', 'app: web'))),
  'two Sidecars without selector': kase(yaml(sidecar('b'), sidecar('a'))),
  'one Sidecar without selector': kase(sidecar('a')),
  'Sidecar without selector in an ambient namespace': kase(yaml(namespace('mesh', 'istio.io/dataplane-mode: ambient'), sidecar('a', undefined, 'mesh'), sidecar('b', undefined, 'mesh'))),
  'Sidecar without selector in an ambient namespace with sidecar injection': kase(yaml(
    namespace('mesh', 'istio.io/dataplane-mode: ambient, istio-injection: enabled'), sidecar('a', undefined, 'mesh'))),
  'Sidecar selecting a pod in ambient mode': kase(yaml(namespace('mesh', 'istio.io/dataplane-mode: ambient'),
    WEB.replace('metadata: {name: web}', 'metadata: {name: web, namespace: mesh}'), sidecar('s', 'app: web', 'mesh'))),
  'Sidecar selecting a Pod annotated for ambient': kase(yaml(pod('web-1', 'default', ', labels: {app: web}, annotations: {ambient.istio.io/redirection: enabled}'), sidecar('s', 'app: web'))),

  // AuthorizationPolicies (IST0127, IST0101)
  'policy selecting no pod': kase(yaml(WEB, authz('default', '  selector: {matchLabels: {app: api}}\n  action: ALLOW'))),
  'policy selecting the pods of a Rollout': kase(yaml(WEB.replace('apps/v1', 'argoproj.io/v1alpha1').replace('kind: Deployment', 'kind: Rollout'),
    authz('default', '  selector: {matchLabels: {app: web}}\n  action: ALLOW'))),
  'policy selecting a Rollout of another group': kase(yaml(WEB.replace('apps/v1', 'example.com/v1').replace('kind: Deployment', 'kind: Rollout'),
    authz('default', '  selector: {matchLabels: {app: web}}\n  action: ALLOW'))),
  'policy selecting a pod': kase(yaml(WEB, authz('default', '  selector: {matchLabels: {app: web}}\n  action: ALLOW'))),
  'policy selecting a pod opted out by annotation': kase(yaml(WEB.replace('metadata: {labels: {app: web}}',
    'metadata: {labels: {app: web}, annotations: {sidecar.istio.io/inject: "false"}}'), authz('default', '  selector: {matchLabels: {app: web}}'))),
  'policy selecting a pod out of the mesh': kase(yaml(namespace('default', 'istio-injection: disabled'), WEB, authz('default', '  selector: {matchLabels: {app: web}}'))),
  'policy selecting a pod in ambient mode': kase(yaml(namespace('default', 'istio.io/dataplane-mode: ambient'), WEB, authz('default', '  selector: {matchLabels: {app: web}}'))),
  'policy in the root namespace': kase(yaml(WEB, authz('istio-system', '  selector: {matchLabels: {app: web}}'))),
  'policy in the mesh config\'s root namespace': kase(yaml(WEB, authz('mesh-root', '  selector: {matchLabels: {app: web}}'), meshConfigMap('rootNamespace: mesh-root'))),
  'namespace-wide policy without pods': kase(yaml(WEB, authz('empty', '  action: DENY\n  rules: [{}]'))),
  'namespace-wide policy with an empty selector': kase(yaml(WEB, authz('default', '  selector: {}\n  action: DENY\n  rules: [{}]'))),
  'policy with a targetRef': kase(yaml(WEB, authz('default', '  targetRef: {kind: Service, group: "", name: web}\n  action: DENY\n  rules: [{}]'))),
  'source namespaces': kase(yaml(WEB, namespace('team-a'), authz('default',
    '  selector: {matchLabels: {app: web}}\n  rules:\n  - from:\n    - source: {namespaces: [default, "team-*", ghost, TEAM-A, "*-a", "Team-*"], notNamespaces: ["*-system", kube-system]}'))),

  // injection (IST0102, IST0103, IST0123, IST0148)
  'namespace injection labels': kase(yaml(namespace('shop'), namespace('on', 'istio-injection: enabled'), namespace('off', 'istio-injection: disabled'),
    namespace('rev', 'istio.io/rev: canary'), namespace('kube-system'), namespace('istio-system'), namespace('ambient', 'istio.io/dataplane-mode: ambient'),
    namespace('empty', 'istio-injection: ""'))),
  'root namespace of another name': kase(namespace('mesh-root'), { rootNamespace: 'mesh-root' }),
  'both injection labels': kase(namespace('both', 'istio-injection: enabled, istio.io/rev: canary')),
  'injection and ambient labels': kase(yaml(namespace('a', 'istio-injection: enabled, istio.io/dataplane-mode: ambient'),
    namespace('b', 'istio-injection: disabled, istio.io/rev: canary, istio.io/dataplane-mode: ambient'),
    namespace('c', 'istio.io/rev: canary, istio.io/dataplane-mode: ambient'))),
  'namespaces injected by default': kase(yaml(INJECTOR_BY_DEFAULT, namespace('shop'), namespace('off', 'istio-injection: disabled'),
    WEB.replace('metadata: {name: web}', 'metadata: {name: web, namespace: shop}'))),
  'pods without proxy': kase(yaml(namespace('on', 'istio-injection: enabled'),
    pod('a', 'on'),
    pod('b', 'on', ', annotations: {sidecar.istio.io/inject: "false"}'),
    pod('c', 'on', ', labels: {sidecar.istio.io/inject: "False"}'),
    pod('d', 'on', '', '[{name: app, image: example.com/app}, {name: istio-proxy, image: proxyv2}]'),
    pod('e', 'on', '', '[{name: app, image: example.com/app}, {name: istio-proxy}]'),
    `${pod('f', 'on')}\n  hostNetwork: true`,
    pod('g', 'on', ', labels: {sidecar.istio.io/inject: "true"}, annotations: {sidecar.istio.io/inject: "false"}'),
    WEB.replace('metadata: {name: web}', 'metadata: {name: web, namespace: on}'))),
  'pods without proxy in a revision namespace': kase(yaml(namespace('rev', 'istio.io/rev: canary'), pod('a', 'rev'))),
  'pods without proxy in an undeclared namespace': kase(pod('a', 'shop')),
  'templates opting in and out': kase(yaml(namespace('off', 'istio-injection: disabled'), namespace('plain'),
    WEB.replace('metadata: {name: web}', 'metadata: {name: web, namespace: off}').replace('metadata: {labels: {app: web}}', 'metadata: {labels: {app: web, sidecar.istio.io/inject: "true"}}'),
    WEB.replace('metadata: {name: web}', 'metadata: {name: web, namespace: plain}').replace('metadata: {labels: {app: web}}', 'metadata: {labels: {app: web, sidecar.istio.io/inject: "true"}}'),
    authz('off', '  selector: {matchLabels: {app: web}}'), authz('plain', '  selector: {matchLabels: {app: web}}'))),

  // image: auto (IST0146, IST0147)
  'image auto injected': kase(WEB.replace('containers: [{name: web,', 'containers: [{name: istio-proxy, image: auto}, {name: web,')),
  'image auto not injected': kase(yaml(namespace('off', 'istio-injection: disabled'),
    WEB.replace('metadata: {name: web}', 'metadata: {name: web, namespace: off}').replace('containers: [{name: web,', 'containers: [{name: istio-proxy, image: auto}, {name: web,'),
    pod('debug', 'default', '', '[{name: app, image: example.com/app}, {name: istio-proxy, image: auto}]'))),
  'image auto of a StatefulSet not injected': kase(yaml(namespace('off', 'istio-injection: disabled'),
    WEB.replace('kind: Deployment\nmetadata: {name: web}', 'kind: StatefulSet\nmetadata: {name: web, namespace: off}')
      .replace('containers: [{name: web,', 'containers: [{name: istio-proxy, image: auto}, {name: web,'))),

  // versions without mesh routing (MESH007)
  'two versions without routing': kase(app('reviews', { versions: ['v1', 'v2'] })),
  'one version': kase(app('reviews')),
  'two versions with a VirtualService': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }), vsFor('reviews'))),
  'two versions with a wildcard VirtualService': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }), vsFor('*.default.svc.cluster.local'))),
  'two versions with a gateway VirtualService': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }), vsFor('reviews', '\n  gateways: [web]'))),
  'two versions with an HTTPRoute': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }), httpRoute('{group: "", kind: Service, name: reviews}'))),
  'two versions with an HTTPRoute to another Service': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }), httpRoute('{group: "", kind: Service, name: ratings}'))),
  'two versions with an HTTPRoute of a Gateway': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }), httpRoute('{name: web}'))),
  'two versions with a GRPCRoute in another namespace': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }),
    httpRoute('{group: "", kind: Service, name: reviews, namespace: default}').replace('kind: HTTPRoute\nmetadata: {name: reviews}', 'kind: GRPCRoute\nmetadata: {name: reviews, namespace: client}'))),
} satisfies Record<string, Case>;
