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
  'mesh route to its own host': kase(yaml(BOOKINFO, REVIEWS_TO_RATINGS.replace('host: ratings', 'host: reviews'),
    ONLY_FROM('default', 'reviews', 'reviews', 'cluster.local/ns/default/sa/productpage'))),
  'mesh route naming its sources': kase(yaml(BOOKINFO, deployment('reviews', 'v2'), `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http:
  - name: productpage-to-v2
    match: [{sourceLabels: {app: productpage}}]
    route: [{destination: {host: reviews, subset: v2}}]
  - route: [{destination: {host: reviews, subset: v1}}]`, `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]`,
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
};
