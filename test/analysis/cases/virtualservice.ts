/**
 * Inputs of virtualservice.test.ts.
 */
import { app, Case, kase, yaml } from '../helpers';

/** A VirtualService named NAME with the given spec body (YAML, indented by 2). */
export function vs(name: string, body: string, namespace?: string): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
${body}`;
}

/** `hosts: [HOST]` and one HTTP route to HOST (with EXTRA destination fields). */
export function route(host: string, extra = ''): string {
  return `  hosts: [${host}]
  http:
  - route:
    - destination:
        host: ${host}${extra}`;
}

/** The rules of `route()` without its hosts line. */
function rules(host: string): string {
  return route(host).split('\n').slice(1).join('\n');
}

export const REVIEWS_DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}`;

const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: web, namespace: edge}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["shop.example.com"]`;

/** A gateway in `edge` whose server hosts are HOSTS (YAML list items). */
function gatewayWithHosts(hosts: string): string {
  return GATEWAY.replace('hosts: ["shop.example.com"]', `hosts: [${hosts}]`);
}

const SE = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext}
spec:
  hosts: [api.example.com, "*.partner.example.com"]
  ports: [{number: 443, name: https, protocol: HTTPS}]
  resolution: DNS`;

const TWO_PORTS = app('reviews').replace('  - name: http\n    port: 9080\n', '  - name: http\n    port: 9080\n  - name: grpc\n    port: 9090\n');

const onGateway = (name: string, http: string) => vs(name, `  hosts: [shop.example.com]\n  gateways: [web]\n  http:\n${http}`);

const weighted = (a: number, b?: number) => `  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: ${a}
    - destination: {host: reviews, subset: v2}${b === undefined ? '' : `\n      weight: ${b}`}`;
const REVIEWS_DR_2 = REVIEWS_DR.replace('  - name: v1\n    labels: {version: v1}', '  - name: v1\n    labels: {version: v1}\n  - name: v2\n    labels: {version: v2}');

const EMPTY_MATCH_FIRST = `  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
  - match:
    - headers: {end-user: {exact: jason}}
    route:
    - destination: {host: reviews}
  - route:
    - destination: {host: reviews}`;

/** A header that must be present (an empty StringMatch) is a condition: the next rule's port-only match is not its duplicate. */
const EMPTY_HEADER_MATCH_FIRST = `  hosts: [reviews]
  http:
  - match:
    - headers: {x-canary: {}}
      port: 9080
    route:
    - destination: {host: reviews}
  - match:
    - port: 9080
    route:
    - destination: {host: reviews}`;

/** The same empty StringMatch twice is a duplicate. */
const EMPTY_HEADER_MATCH_TWICE = EMPTY_HEADER_MATCH_FIRST.replace('    - port: 9080\n', '    - headers: {x-canary: {}}\n      port: 9080\n');

const DUPLICATE_MATCH = `  hosts: [reviews]
  http:
  - name: first
    match:
    - uri: {exact: /a}
    route:
    - destination: {host: reviews}
  - match:
    - uri: {exact: /a}
      name: again
    route:
    - destination: {host: reviews}`;

const COVERED_PREFIX = `  hosts: [reviews]
  http:
  - match:
    - uri: {prefix: /api}
    route:
    - destination: {host: reviews}
  - match:
    - uri: {prefix: /api/v2}
    route:
    - destination: {host: reviews}`;

const PREFIX_ROOT_FIRST = `  hosts: [reviews]
  http:
  - match:
    - uri: {prefix: /}
    route:
    - destination: {host: reviews}
  - match:
    - headers: {end-user: {exact: jason}}
    route:
    - destination: {host: reviews}`;

const SPECIFIC_FIRST = `  hosts: [reviews]
  http:
  - match:
    - headers: {end-user: {exact: jason}}
    route:
    - destination: {host: reviews}
  - match:
    - uri: {prefix: /}
      ignoreUriCase: true
    route:
    - destination: {host: reviews}`;

const TCP_CATCH_ALL = `  hosts: [db]
  tcp:
  - match:
    - {}
    route:
    - destination: {host: db}
  - match:
    - port: 3306
    route:
    - destination: {host: db}`;

/** reviews with a first rule matching MATCH (a YAML flow map) and a second rule on a header, both to DESTINATION. */
function afterMatch(match: string, destination = '{host: reviews}'): string {
  return `  hosts: [reviews]
  http:
  - match:
    - ${match}
    route:
    - destination: ${destination}
  - match:
    - headers: {end-user: {exact: jason}}
    route:
    - destination: ${destination}`;
}

/** reviews with two HTTP ports. */
const REVIEWS_TWO_PORTS = `apiVersion: v1
kind: Service
metadata: {name: reviews}
spec:
  selector: {app: reviews}
  ports:
  - {name: http, port: 9080}
  - {name: http-admin, port: 9090}`;

const TCP_ONLY_PORT_FIRST = `  hosts: [db]
  tcp:
  - match:
    - port: 3306
    route:
    - destination: {host: db}
  - route:
    - destination: {host: db}`;

/** First rules that match every request, written other than as `prefix: /` (MESH001 decides semantically). */
export const MATCH_ALL_RULES: { readonly [name: string]: string } = {
  'an empty URI prefix': "uri: {prefix: ''}",
  'a regex matching every path': "uri: {regex: '(?s).*'}",
  'an anchored regex': "uri: {regex: '^.*$'}",
  'a regex matching every non-empty path': "uri: {regex: '.+'}",
  'a regex that consumes the leading slash': "uri: {regex: '/.*'}",
  'a method regex matching every method': "method: {regex: '[\\s\\S]*'}",
  'a :method header matching every method': "headers: {':method': {regex: '.*'}}",
  "the host's only port": 'port: 9080',
  'the mesh gateway of a mesh VirtualService': 'gateways: [mesh]',
};

/** First rules that restrict, on reviews with two HTTP ports. */
export const RESTRICTING_RULES: { readonly [name: string]: string } = {
  'a regex that needs a character': "uri: {regex: '.+x'}",
  'a header present on some requests only': 'headers: {x-a: {}}',
  'a port of a host with two HTTP ports': 'port: 9080',
};

export const CASES = {
  // destination hosts and ports (IST0101, IST0112)
  'host not found': kase(yaml(app('reviews'), vs('r', '  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: ratings}'))),
  'hosts found': kase(yaml(app('reviews'), SE, vs('a', route('reviews')), vs('b', route('reviews.default.svc.cluster.local')),
    vs('c', route('api.example.com').replace('host: api.example.com', 'host: api.example.com\n        port: {number: 443}')),
    vs('d', route('eu.partner.example.com').replace('host: eu.partner.example.com', 'host: eu.partner.example.com\n        port: {number: 443}')))),
  'short host in another namespace': kase(yaml(app('reviews', { namespace: 'backend' }), vs('r', route('reviews'), 'frontend'))),
  'exported to its namespace, from another': kase(yaml(app('reviews', { namespace: 'backend' })
    .replace('  namespace: backend\nspec:\n  selector', '  namespace: backend\n  annotations: {networking.istio.io/exportTo: "."}\nspec:\n  selector'),
  vs('r', route('reviews.backend.svc.cluster.local'), 'frontend'))),
  'exported to its namespace, from it': kase(yaml(app('reviews', { namespace: 'backend' })
    .replace('  namespace: backend\nspec:\n  selector', '  namespace: backend\n  annotations: {networking.istio.io/exportTo: "."}\nspec:\n  selector'),
  vs('r', route('reviews.backend.svc.cluster.local'), 'backend'))),
  'mirror host not found': kase(yaml(app('reviews'), vs('r', '  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    mirror: {host: shadow}'))),
  'port not found': kase(yaml(app('reviews'), vs('r', route('reviews', '\n        port: {number: 9090}')))),
  'port found': kase(yaml(app('reviews'), vs('r', route('reviews', '\n        port: {number: 9080}')))),
  'port required': kase(yaml(TWO_PORTS, vs('r', route('reviews')))),
  'port given': kase(yaml(TWO_PORTS, vs('r', route('reviews', '\n        port: {number: 9090}')))),

  // subsets (IST0101)
  'subset not found': kase(yaml(app('reviews'), REVIEWS_DR, vs('r', route('reviews', '\n        subset: v2')))),
  'subset found': kase(yaml(app('reviews'), REVIEWS_DR, vs('r', route('reviews', '\n        subset: v1')))),
  'subset found through the FQDN': kase(yaml(app('reviews'), REVIEWS_DR, vs('r', route('reviews.default.svc.cluster.local', '\n        subset: v1')))),
  'subset of a rule in another namespace': kase(yaml(app('reviews'), REVIEWS_DR.replace('name: reviews\n', 'name: reviews\n  namespace: other\n'),
    vs('r', route('reviews', '\n        subset: v1')))),
  'mirror subset not found': kase(yaml(app('reviews'), REVIEWS_DR,
    vs('r', '  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n    mirror: {host: reviews, subset: v9}'))),

  // gateways (IST0101, IST0132, IST0165)
  'gateway not found': kase(yaml(app('shop'), vs('r', `  hosts: [shop.example.com]\n  gateways: [web]\n${rules('shop')}`))),
  'gateway by namespace/name, and mesh': kase(yaml(app('shop'), GATEWAY, vs('r', `  hosts: [shop.example.com]\n  gateways: [edge/web, mesh]\n${rules('shop')}`))),
  'gateway named without namespace is looked up in the VirtualService namespace': kase(yaml(app('shop'), GATEWAY,
    vs('r', `  hosts: [shop.example.com]\n  gateways: [web]\n${rules('shop')}`))),
  'host not in gateway': kase(yaml(app('shop'), GATEWAY, vs('r', `  hosts: [other.example.com]\n  gateways: [edge/web]\n${rules('shop')}`))),
  'one of the hosts in gateway': kase(yaml(app('shop'), GATEWAY, vs('r', `  hosts: [other.example.com, shop.example.com]\n  gateways: [edge/web]\n${rules('shop')}`))),
  'wildcard gateway host': kase(yaml(app('shop'), gatewayWithHosts('"*.example.com"'), vs('r', `  hosts: [shop.example.com]\n  gateways: [edge/web]\n${rules('shop')}`))),
  'gateway host of the VirtualService namespace': kase(yaml(app('shop'), gatewayWithHosts('"default/shop.example.com"'),
    vs('r', `  hosts: [shop.example.com]\n  gateways: [edge/web]\n${rules('shop')}`))),
  'gateway host of another namespace': kase(yaml(app('shop'), gatewayWithHosts('"shop/shop.example.com"'),
    vs('r', `  hosts: [shop.example.com]\n  gateways: [edge/web]\n${rules('shop')}`))),
  'gateway host of its own namespace (./)': kase(yaml(app('shop', { namespace: 'edge' }), gatewayWithHosts('"./shop.example.com"'),
    vs('r', `  hosts: [shop.example.com]\n  gateways: [web]\n${rules('shop')}`, 'edge'),
    vs('r', `  hosts: [shop.example.com]\n  gateways: [edge/web]\n${rules('shop.edge.svc.cluster.local')}`))),
  'gateway host of any namespace (*/)': kase(yaml(app('shop'), gatewayWithHosts('"*/shop.example.com"'),
    vs('r', `  hosts: [shop.example.com]\n  gateways: [edge/web]\n${rules('shop')}`))),
  'gateway host */*': kase(yaml(app('shop'), gatewayWithHosts('"other/x.example.com", "*/*"'),
    vs('r', `  hosts: [shop.example.com]\n  gateways: [edge/web]\n${rules('shop')}`))),
  'internal gateway of a Kubernetes Gateway': kase(yaml(app('shop'),
    vs('r', `  hosts: [shop.example.com]\n  gateways: [default/web~istio-autogenerated-k8s-gateway~http, edge/web]\n${rules('shop')}`),
    vs('s', `  hosts: [shop.example.com]\n  gateways: [web~istio-autogenerated-k8s-gateway~https]\n${rules('shop')}`))),

  // conflicting hosts (IST0109, MESH009)
  'two mesh VirtualServices for one host': kase(yaml(app('reviews'), vs('b', route('reviews')), vs('a', route('reviews.default.svc.cluster.local')))),
  'same short host in two namespaces': kase(yaml(app('reviews'), app('reviews', { namespace: 'x' }), vs('a', route('reviews')), vs('b', route('reviews'), 'x'))),
  'a gateway-only VirtualService does not conflict': kase(yaml(app('reviews'), vs('a', route('reviews')),
    vs('b', `  hosts: [reviews]\n  gateways: [web]\n${rules('reviews')}`))),
  'exported to its namespace and everywhere': kase(yaml(app('reviews'), vs('a', route('reviews')), vs('b', `  exportTo: ["."]\n${route('reviews')}`))),
  'merged on a gateway with a catch-all': kase(yaml(app('shop'), onGateway('a', '  - route:\n    - destination: {host: shop}'),
    onGateway('b', '  - match:\n    - uri: {prefix: /api}\n    route:\n    - destination: {host: shop}'))),
  'merged on a gateway without catch-all': kase(yaml(app('shop'), onGateway('a', '  - match:\n    - uri: {prefix: /web}\n    route:\n    - destination: {host: shop}'),
    onGateway('b', '  - match:\n    - uri: {prefix: /api}\n    route:\n    - destination: {host: shop}'))),

  // unreachable rules (IST0130, IST0131, MESH001)
  'rule after one without matches': kase(yaml(app('reviews'), vs('r', EMPTY_MATCH_FIRST))),
  'duplicate match': kase(yaml(app('reviews'), vs('r', DUPLICATE_MATCH))),
  'empty header match before a port-only match': kase(yaml(app('reviews'), vs('r', EMPTY_HEADER_MATCH_FIRST))),
  'empty header match twice': kase(yaml(app('reviews'), vs('r', EMPTY_HEADER_MATCH_TWICE))),
  'covered prefix': kase(yaml(app('reviews'), vs('r', COVERED_PREFIX))),
  'narrower prefix first': kase(yaml(app('reviews'), vs('r', COVERED_PREFIX.replace('/api}', '/TMP}').replace('/api/v2}', '/api}').replace('/TMP}', '/api/v2}')))),
  'rule after prefix /': kase(yaml(app('reviews'), vs('r', PREFIX_ROOT_FIRST))),
  'specific rules first': kase(yaml(app('reviews'), vs('r', SPECIFIC_FIRST))),
  'tcp rule after a catch-all': kase(yaml(app('db', { port: 3306, portName: 'tcp' }), vs('r', TCP_CATCH_ALL))),
  "tcp rule after one on the host's only port": kase(yaml(app('db', { port: 3306, portName: 'tcp' }), vs('r', TCP_ONLY_PORT_FIRST))),
  ...Object.fromEntries(Object.entries(MATCH_ALL_RULES).map(([name, match]) => [`rule after ${name}`, kase(yaml(app('reviews'), vs('r', afterMatch(match))))])),
  ...Object.fromEntries(Object.entries(RESTRICTING_RULES).map(([name, match]) => [`rule after ${name}`, kase(yaml(REVIEWS_TWO_PORTS, vs('r', afterMatch(match, '{host: reviews, port: {number: 9080}}'))))])),

  // route weights (MESH003)
  'weights 50 + 30': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }), REVIEWS_DR_2, vs('r', weighted(50, 30)))),
  'weight 90 beside none': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }), REVIEWS_DR_2, vs('r', weighted(90)))),
  'weights 80 + 20': kase(yaml(app('reviews', { versions: ['v1', 'v2'] }), REVIEWS_DR_2, vs('r', weighted(80, 20)))),
  'no weights': kase(yaml(app('reviews'), vs('r', route('reviews')))),
  'single weight 100': kase(yaml(app('reviews'), vs('r', route('reviews', '\n      weight: 100')))),

  // short hosts (MESH005)
  'short host of the same namespace': kase(yaml(app('reviews', { namespace: 'backend' }), vs('r', route('reviews'), 'backend'))),
  'FQDN of another namespace': kase(yaml(app('reviews', { namespace: 'backend' }), vs('r', route('reviews.backend.svc.cluster.local'), 'frontend'))),
  'short host no Service has': kase(vs('r', route('nothing'), 'frontend')),

  // gateway routes without subset (IST0140)
  'gateway route without subset': kase(yaml(app('reviews'), REVIEWS_DR, vs('reviews', route('reviews', '\n        subset: v1')),
    vs('edge', '  hosts: [shop.example.com]\n  gateways: [web]\n  http:\n  - route:\n    - destination: {host: reviews}'))),
  'gateway route without subset, no subset routing': kase(yaml(app('reviews'), REVIEWS_DR,
    vs('edge', '  hosts: [shop.example.com]\n  gateways: [web]\n  http:\n  - route:\n    - destination: {host: reviews}'))),
  'mesh-bound route without subset in a VirtualService with gateways: [mesh]': kase(yaml(app('reviews'), REVIEWS_DR,
    vs('reviews', route('reviews', '\n        subset: v1')),
    vs('mesh', '  hosts: [reviews.default.svc.cluster.local]\n  gateways: [mesh]\n  http:\n  - route:\n    - destination: {host: reviews}'))),
} satisfies Record<string, Case>;
