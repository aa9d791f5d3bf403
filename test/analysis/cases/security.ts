/**
 * Inputs of security.test.ts: AuthorizationPolicies against the routes that send traffic through
 * them (MESH013), and the security kinds' own checks.
 */
import { Case, kase, yaml } from '../helpers';

/** A Service and a Deployment running as its own ServiceAccount (`sa`, default the name). */
export function workload(name: string, options: { ns?: string; version?: string; sa?: string; port?: number; portName?: string } = {}): string {
  const ns = options.ns ?? 'default';
  const port = options.port ?? 9080;
  const version = options.version ?? 'v1';
  return yaml(`apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ports: [{name: ${options.portName ?? 'http'}, port: ${port}}]`, deployment(name, version, ns, options.sa ?? name, port));
}

/** An istiod Deployment in istio-system (its container's env as given). */
export function istiod(env = '[]'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: istiod, namespace: istio-system, labels: {app: istiod}}
spec:
  selector: {matchLabels: {app: istiod}}
  template:
    metadata: {labels: {app: istiod}}
    spec:
      containers: [{name: discovery, image: docker.io/istio/pilot:1.30.0, env: ${env}}]`;
}

export function requestAuthentication(ns: string, name: string, spec = ''): string {
  return `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec ? `${spec}\n` : ''}  jwtRules: [{issuer: https://issuer.example.com, jwksUri: https://issuer.example.com/jwks}]`;
}

function peerAuthentication(ns: string, name: string, spec: string): string {
  return `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`;
}

/** A Deployment `name-version` labelled `app: name, version: version`. */
export function deployment(name: string, version: string, ns = 'default', sa = name, port = 9080): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}-${version}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${name}, version: ${version}}}
  template:
    metadata: {labels: {app: ${name}, version: ${version}}}
    spec:
      serviceAccountName: ${sa}
      containers: [{name: ${name}, image: example.com/${name}, ports: [{containerPort: ${port}}]}]`;
}

/** An AuthorizationPolicy (spec lines indented by two). */
export function authz(ns: string, name: string, spec: string): string {
  return `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:${spec === '' ? ' {}' : `\n${spec}`}`;
}

/** An ingress gateway of its own (Deployment, Service) in `gateways`, running as ServiceAccount `ingress`, and an Istio Gateway for it. */
export const INGRESS = yaml(`apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress, namespace: gateways}
spec:
  selector: {matchLabels: {istio: ingress}}
  template:
    metadata: {labels: {istio: ingress}, annotations: {inject.istio.io/templates: gateway}}
    spec:
      serviceAccountName: ingress
      containers: [{name: istio-proxy, image: auto}]`, `apiVersion: v1
kind: Service
metadata: {name: ingress, namespace: gateways}
spec:
  selector: {istio: ingress}
  ports: [{name: http, port: 80, targetPort: 8080}]`, `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: web, namespace: gateways}
spec:
  selector: {istio: ingress}
  servers: [{port: {number: 8080, name: http, protocol: HTTP}, hosts: ["*"]}]`);

export const GATEWAY_PRINCIPAL = 'cluster.local/ns/gateways/sa/ingress';

/** A VirtualService for `reviews.example.com` on the ingress gateway, to reviews (http lines appended to the rule). */
export function gatewayRoute(match = ''): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-ingress, namespace: default}
spec:
  hosts: [reviews.example.com]
  gateways: [gateways/web]
  http:
  - name: to-reviews${match ? `\n    match: ${match}` : ''}
    route: [{destination: {host: reviews, port: {number: 9080}}}]`;
}

/** An Istio Gateway of the ingress gateway istioctl assumes (whose identity is not known). */
const ASSUMED_GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: assumed, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]`;

const REVIEWS_SUBSETS = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]`;

const BOOKINFO = yaml(workload('productpage'), workload('reviews'), workload('ratings'));

/** A mesh VirtualService for `reviews` that sends everything to `ratings`. */
const REVIEWS_TO_RATINGS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http:
  - route: [{destination: {host: ratings}}]`;

const ONLY_FROM = (ns: string, name: string, selector: string, principal: string) => authz(ns, name,
  `  selector: {matchLabels: {app: ${selector}}}\n  rules: [{from: [{source: {principals: ["${principal}"]}}]}]`);

const FROM_GATEWAY = (extra = '') => `  selector: {matchLabels: {app: reviews}}\n  rules:\n  - from: [{source: {principals: ["${GATEWAY_PRINCIPAL}"]}}]${extra}`;

export const CASES: Record<string, Case> = {
  // gateway routes
  'gateway route, no AuthorizationPolicy': kase(yaml(BOOKINFO, INGRESS, gatewayRoute(), REVIEWS_TO_RATINGS)),
  'gateway route allowed': kase(yaml(BOOKINFO, INGRESS, gatewayRoute(), authz('default', 'reviews', FROM_GATEWAY()))),
  'gateway route denied by a DENY rule': kase(yaml(BOOKINFO, INGRESS, gatewayRoute(),
    authz('default', 'no-gateway', '  action: DENY\n  rules: [{from: [{source: {namespaces: [gateways]}}]}]'))),
  'gateway route denied for lack of an ALLOW match': kase(yaml(BOOKINFO, INGRESS, gatewayRoute(),
    ONLY_FROM('default', 'reviews', 'reviews', 'cluster.local/ns/default/sa/productpage'))),
  'allow nothing at the root namespace': kase(yaml(BOOKINFO, INGRESS, gatewayRoute(), authz('istio-system', 'allow-nothing', ''))),
  'allow nothing in the namespace': kase(yaml(BOOKINFO, INGRESS, gatewayRoute(), authz('default', 'allow-nothing', ''))),
  'allow nothing on the workload': kase(yaml(BOOKINFO, INGRESS, gatewayRoute(), authz('default', 'allow-nothing', '  selector: {matchLabels: {app: reviews}}'))),
  'allow nothing on another workload': kase(yaml(BOOKINFO, INGRESS, gatewayRoute(), authz('default', 'allow-nothing', '  selector: {matchLabels: {app: ratings}}'))),
  'dry-run allow nothing': kase(yaml(BOOKINFO, INGRESS, gatewayRoute(),
    authz('default', 'allow-nothing', '  selector: {matchLabels: {app: reviews}}').replace('name: allow-nothing,', 'name: allow-nothing, annotations: {istio.io/dry-run: "true"},'))),
  'methods and paths: the route carries only allowed requests': kase(yaml(BOOKINFO, INGRESS,
    gatewayRoute('[{method: {exact: GET}, uri: {exact: /reviews/1}}, {method: {exact: GET}, uri: {exact: /reviews/2}}]'),
    authz('default', 'reviews', FROM_GATEWAY('\n    to: [{operation: {methods: [GET], paths: ["/reviews/*"]}}]')))),
  'methods and paths: the route carries only rejected requests': kase(yaml(BOOKINFO, INGRESS,
    gatewayRoute('[{method: {exact: POST}, uri: {exact: /reviews/1}}, {method: {exact: GET}, uri: {exact: /admin}}]'),
    authz('default', 'reviews', FROM_GATEWAY('\n    to: [{operation: {methods: [GET], paths: ["/reviews/*"]}}]')))),
  'methods and paths: the route carries some allowed requests': kase(yaml(BOOKINFO, INGRESS,
    gatewayRoute('[{method: {exact: POST}, uri: {exact: /reviews/1}}, {method: {exact: GET}, uri: {exact: /reviews/1}}]'),
    authz('default', 'reviews', FROM_GATEWAY('\n    to: [{operation: {methods: [GET], paths: ["/reviews/*"]}}]')))),
  'methods and paths: a prefix match may carry allowed requests': kase(yaml(BOOKINFO, INGRESS,
    gatewayRoute('[{uri: {prefix: /reviews}}]'),
    authz('default', 'reviews', FROM_GATEWAY('\n    to: [{operation: {methods: [GET], paths: ["/reviews/*"]}}]')))),
  'not-forms: notPaths rejects the route\'s path': kase(yaml(BOOKINFO, INGRESS, gatewayRoute('[{uri: {exact: /admin}}]'),
    authz('default', 'reviews', FROM_GATEWAY('\n    to: [{operation: {notPaths: [/admin]}}]')))),
  'not-forms: a DENY rule for everyone but the gateway': kase(yaml(BOOKINFO, INGRESS, gatewayRoute(),
    authz('default', 'deny-others', `  action: DENY\n  rules: [{from: [{source: {notPrincipals: ["${GATEWAY_PRINCIPAL}"]}}]}]`))),
  'unknown when: a header the route does not match': kase(yaml(BOOKINFO, INGRESS, gatewayRoute(),
    authz('default', 'deny-admin', '  action: DENY\n  rules: [{when: [{key: "request.headers[x-user]", values: [admin]}]}]'))),
  'when: a header the route matches exactly': kase(yaml(BOOKINFO, INGRESS, gatewayRoute('[{headers: {x-user: {exact: admin}}}]'),
    authz('default', 'deny-admin', '  action: DENY\n  rules: [{when: [{key: "request.headers[x-user]", values: [admin]}]}]'))),
  'unknown when: a JWT claim, with a RequestAuthentication': kase(yaml(BOOKINFO, INGRESS, gatewayRoute(),
    authz('default', 'devs', FROM_GATEWAY('\n    when: [{key: "request.auth.claims[group]", values: [dev]}]')),
    `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: default}
spec:
  jwtRules: [{issuer: https://issuer.example.com, jwksUri: https://issuer.example.com/jwks}]`)),
  'when: a JWT claim, without a RequestAuthentication': kase(yaml(BOOKINFO, INGRESS, gatewayRoute(),
    authz('default', 'devs', FROM_GATEWAY('\n    when: [{key: "request.auth.claims[group]", values: [dev]}]')))),
  'a DestinationRule with its own TLS mode: the identity is unknown': kase(yaml(BOOKINFO, INGRESS, gatewayRoute(),
    ONLY_FROM('default', 'reviews', 'reviews', 'cluster.local/ns/default/sa/productpage'), `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  trafficPolicy: {tls: {mode: DISABLE}}`)),
  'istioctl\'s assumed gateway: only what denies every identity': kase(yaml(BOOKINFO, gatewayRoute().replace('gateways/web', 'istio-system/assumed'),
    ASSUMED_GATEWAY,
    ONLY_FROM('default', 'reviews', 'reviews', 'cluster.local/ns/default/sa/productpage'))),
  'istioctl\'s assumed gateway and a policy that rejects every identity': kase(yaml(BOOKINFO, gatewayRoute().replace('gateways/web', 'istio-system/assumed'),
    ASSUMED_GATEWAY, authz('default', 'allow-nothing', '  selector: {matchLabels: {app: reviews}}'))),

  // mesh routes
  'mesh route to another service: callers the host allows and the destination rejects': kase(yaml(BOOKINFO, REVIEWS_TO_RATINGS,
    ONLY_FROM('default', 'reviews', 'reviews', 'cluster.local/ns/default/sa/productpage'),
    ONLY_FROM('default', 'ratings', 'ratings', 'cluster.local/ns/default/sa/reviews'))),
  'mesh route to another service that allows the callers': kase(yaml(BOOKINFO, REVIEWS_TO_RATINGS,
    ONLY_FROM('default', 'reviews', 'reviews', 'cluster.local/ns/default/sa/productpage'),
    ONLY_FROM('default', 'ratings', 'ratings', 'cluster.local/ns/default/sa/productpage'))),
  'mesh route to its own host': kase(yaml(BOOKINFO, deployment('reviews', 'v2'), REVIEWS_TO_RATINGS.replace('host: ratings', 'host: reviews'),
    authz('default', 'v2-not-productpage', '  selector: {matchLabels: {app: reviews, version: v2}}\n  action: DENY\n'
      + '  rules: [{from: [{source: {principals: ["cluster.local/ns/default/sa/productpage"]}}]}]'))),
  'mesh route to a subset of its own host': kase(yaml(BOOKINFO, deployment('reviews', 'v2'), `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http: [{route: [{destination: {host: reviews, subset: v2}}]}]`, REVIEWS_SUBSETS,
  authz('default', 'v2-not-productpage', '  selector: {matchLabels: {app: reviews, version: v2}}\n  action: DENY\n'
    + '  rules: [{from: [{source: {principals: ["cluster.local/ns/default/sa/productpage"]}}]}]'))),
  'mesh route to a subset of its own host under the host\'s policies': kase(yaml(BOOKINFO, deployment('reviews', 'v2'), `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http: [{route: [{destination: {host: reviews, subset: v2}}]}]`, REVIEWS_SUBSETS,
  authz('default', 'reviews-admin-port', '  selector: {matchLabels: {app: reviews}}\n  rules: [{to: [{operation: {ports: ["8080"]}}]}]'))),
  'mesh route naming its sources': kase(yaml(BOOKINFO, deployment('reviews', 'v2'), `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http:
  - name: productpage-to-v2
    match: [{sourceLabels: {app: productpage}}]
    route: [{destination: {host: reviews, subset: v2}}]
  - route: [{destination: {host: reviews, subset: v1}}]`, REVIEWS_SUBSETS,
  authz('default', 'v2-not-productpage', '  selector: {matchLabels: {app: reviews, version: v2}}\n  action: DENY\n'
    + '  rules: [{from: [{source: {principals: ["cluster.local/ns/default/sa/productpage"]}}]}]'))),
  'mesh TCP route': kase(yaml(workload('db', { port: 5432, portName: 'tcp' }), workload('cache', { port: 6379, portName: 'tcp' }), workload('productpage'),
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db, namespace: default}
spec:
  hosts: [db]
  tcp: [{route: [{destination: {host: cache, port: {number: 6379}}}]}]`,
    ONLY_FROM('default', 'cache', 'cache', 'cluster.local/ns/default/sa/cache'))),

  // Gateway API
  'HTTPRoute of an Istio-deployed Gateway': kase(yaml(BOOKINFO, `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: default}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]`, `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: default}
spec:
  parentRefs: [{name: web}]
  rules:
  - matches: [{path: {type: Exact, value: /reviews/1}, method: GET}]
    backendRefs: [{name: reviews, port: 9080}]`, ONLY_FROM('default', 'reviews', 'reviews', 'cluster.local/ns/default/sa/productpage'))),
  'HTTPRoute of an Istio-deployed Gateway with its own ServiceAccount, allowed': kase(yaml(BOOKINFO, `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: default, annotations: {gateway.istio.io/service-account: edge}}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]`, `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: default}
spec:
  parentRefs: [{name: web}]
  rules: [{backendRefs: [{name: reviews, port: 9080}]}]`, ONLY_FROM('default', 'reviews', 'reviews', 'cluster.local/ns/default/sa/edge'))),

  // istiod and RequestAuthentications (IST0175)
  // (with several, istioctl lists them in an order that changes from run to run: security.test.ts has those)
  'a RequestAuthentication and istiod without BLOCKED_CIDRS_IN_JWKS_URIS': kase(yaml(istiod('[{name: OTHER, value: x}, {name: BLOCKED_CIDRS_IN_JWKS_URIS, value: ""}]'),
    requestAuthentication('api', 'a'))),
  'RequestAuthentications and istiod with BLOCKED_CIDRS_IN_JWKS_URIS': kase(yaml(istiod('[{name: BLOCKED_CIDRS_IN_JWKS_URIS, value: 10.0.0.0/8}]'),
    requestAuthentication('default', 'a'))),
  'istiod without RequestAuthentications': kase(istiod()),

  // deprecated fields and kinds (IST0002)
  'deprecated fields and kinds': kase(yaml(BOOKINFO, `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: default}
spec:
  outboundTrafficPolicy: {mode: REGISTRY_ONLY, egressProxy: {host: egress.example.com, port: {number: 443}}}`, `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http:
  - match: [{headers: {x-test: {exact: slow}}}]
    fault: {delay: {percent: 10, fixedDelay: 1s}}
    route: [{destination: {host: reviews}}]
  - fault: {delay: {percentage: {value: 10}, fixedDelay: 1s}}
    route: [{destination: {host: reviews}}]`)),

  // selectors of RequestAuthentications and PeerAuthentications (MESH014)
  'RequestAuthentication and PeerAuthentication selecting no pod': kase(yaml(BOOKINFO,
    requestAuthentication('default', 'jwt', '  selector: {matchLabels: {app: api}}'),
    peerAuthentication('default', 'strict', '  selector: {matchLabels: {app: api}}\n  mtls: {mode: STRICT}'),
    peerAuthentication('istio-system', 'mesh-api', '  selector: {matchLabels: {app: api}}\n  mtls: {mode: STRICT}'))),
  'RequestAuthentication and PeerAuthentication selecting pods': kase(yaml(BOOKINFO,
    requestAuthentication('default', 'jwt', '  selector: {matchLabels: {app: reviews}}'),
    peerAuthentication('default', 'strict', '  selector: {matchLabels: {app: reviews}}\n  mtls: {mode: STRICT}'),
    peerAuthentication('istio-system', 'mesh-reviews', '  selector: {matchLabels: {app: reviews}}\n  mtls: {mode: STRICT}'),
    peerAuthentication('default', 'namespace', '  mtls: {mode: STRICT}'))),
  'RequestAuthentication targeting a Gateway': kase(yaml(BOOKINFO, `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: default}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]`,
  requestAuthentication('default', 'web', '  targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: web}'),
  requestAuthentication('default', 'api', '  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: api}]'))),

  // port-level mutual TLS (MESH015)
  'port-level mTLS for ports of the workload and not': kase(yaml(BOOKINFO,
    peerAuthentication('default', 'reviews', '  selector: {matchLabels: {app: reviews}}\n  mtls: {mode: STRICT}\n  portLevelMtls: {"9080": {mode: DISABLE}, "8081": {mode: DISABLE}}'))),
  'port-level mTLS for a target port of a Service': kase(yaml(BOOKINFO, `apiVersion: v1
kind: Service
metadata: {name: reviews-admin, namespace: default}
spec:
  selector: {app: reviews}
  ports: [{name: http-admin, port: 80, targetPort: 8081}]`,
  peerAuthentication('default', 'reviews', '  selector: {matchLabels: {app: reviews}}\n  portLevelMtls: {"8081": {mode: DISABLE}}'))),
  'port-level mTLS for pods that declare no ports': kase(yaml(BOOKINFO.replace(/, ports: \[\{containerPort: 9080\}\]/g, ''),
    peerAuthentication('default', 'reviews', '  selector: {matchLabels: {app: reviews}}\n  portLevelMtls: {"8081": {mode: DISABLE}}'))),

  // identities no workload has (MESH016)
  'principals and service accounts no workload runs as': kase(yaml(BOOKINFO, authz('default', 'reviews', `  selector: {matchLabels: {app: reviews}}
  rules:
  - from: [{source: {principals: [cluster.local/ns/default/sa/productpage, cluster.local/ns/default/sa/prodpage]}}]
  - from: [{source: {serviceAccounts: [ratngs, default/reviews], notPrincipals: [cluster.local/ns/default/sa/detail]}}]
  - from: [{source: {principals: [cluster.local/ns/frontend/sa/web, other.domain/ns/default/sa/x, cluster.local/ns/default/sa/*]}}]`))),
  'a principal of a ServiceAccount object no workload runs as': kase(yaml(BOOKINFO, `apiVersion: v1
kind: ServiceAccount
metadata: {name: batch, namespace: default}`, authz('default', 'reviews', '  rules: [{from: [{source: {principals: [cluster.local/ns/default/sa/batch]}}]}]'))),

  // Sidecar egress hosts (MESH017)
  'Sidecar egress hosts that import nothing': kase(yaml(BOOKINFO, `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: default}
spec:
  egress:
  - hosts: [./ratings.default.svc.cluster.local, ./detail.default.svc.cluster.local, "./*.default.svc.cluster.local", istio-system/*, ~/*, payments/api.payments.svc.cluster.local, "*/*.example.com"]`)),
  'Sidecar egress hosts of a ServiceEntry and a VirtualService': kase(yaml(BOOKINFO, `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: default}
spec:
  hosts: [api.example.com]
  ports: [{number: 443, name: https, protocol: HTTPS}]
  resolution: DNS`, REVIEWS_TO_RATINGS.replace('hosts: [reviews]', 'hosts: [reviews.example.org]'), `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: default}
spec:
  egress: [{hosts: ["*/*.example.com", ./reviews.example.org]}]`)),
};
