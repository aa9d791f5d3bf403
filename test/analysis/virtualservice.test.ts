import { app, run, summary, withCode, yaml } from './helpers';

/** A VirtualService named NAME with the given spec body (YAML, indented by 2). */
function vs(name: string, body: string, namespace?: string): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
${body}`;
}

function route(host: string, extra = ''): string {
  return `  hosts: [${host}]
  http:
  - route:
    - destination:
        host: ${host}${extra}`;
}

const REVIEWS_DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}`;

describe('destination hosts and ports (IST0101, IST0112)', () => {
  test('a destination host that is no Service or ServiceEntry is not found', () => {
    const messages = run(yaml(app('reviews'), vs('r', '  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: ratings}')));
    expect(withCode(messages, 'IST0101').map(m => m.message)).toEqual(['Referenced host not found: "ratings"']);
  });

  test('a Service, its FQDN, a ServiceEntry host and a wildcard ServiceEntry host are found', () => {
    const se = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext}
spec:
  hosts: [api.example.com, "*.partner.example.com"]
  ports: [{number: 443, name: https, protocol: HTTPS}]
  resolution: DNS`;
    const messages = run(yaml(app('reviews'), se,
      vs('a', route('reviews')),
      vs('b', route('reviews.default.svc.cluster.local')),
      vs('c', route('api.example.com')),
      vs('d', route('eu.partner.example.com'))));
    expect(withCode(messages, 'IST0101')).toEqual([]);
  });

  test('a short host resolves in the VirtualService namespace only', () => {
    const messages = run(yaml(app('reviews', { namespace: 'backend' }), vs('r', route('reviews'), 'frontend')));
    expect(summary(withCode(messages, 'IST0101'))).toEqual(['IST0101 VirtualService frontend/r']);
  });

  test('a Service exported only to its own namespace is not found from another', () => {
    const svc = app('reviews', { namespace: 'backend' }).replace('  namespace: backend\nspec:\n  selector', '  namespace: backend\n  annotations: {networking.istio.io/exportTo: "."}\nspec:\n  selector');
    expect(withCode(run(yaml(svc, vs('r', route('reviews.backend.svc.cluster.local'), 'frontend'))), 'IST0101')).toHaveLength(1);
    expect(withCode(run(yaml(svc, vs('r', route('reviews.backend.svc.cluster.local'), 'backend'))), 'IST0101')).toHaveLength(0);
  });

  test('a mirror host must exist too', () => {
    const body = `  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
    mirror: {host: shadow}`;
    expect(withCode(run(yaml(app('reviews'), vs('r', body))), 'IST0101').map(m => m.message)).toEqual(['Referenced mirror host not found: "shadow"']);
  });

  test('a destination port the Service does not have is not found', () => {
    const messages = run(yaml(app('reviews'), vs('r', route('reviews', '\n        port: {number: 9090}'))));
    expect(withCode(messages, 'IST0101').map(m => m.message)).toEqual(['Referenced host:port not found: "reviews:9090"']);
    expect(withCode(run(yaml(app('reviews'), vs('r', route('reviews', '\n        port: {number: 9080}')))), 'IST0101')).toEqual([]);
  });

  test('a destination without port to a Service with several ports needs one', () => {
    const twoPorts = app('reviews').replace('  - name: http\n    port: 9080\n', '  - name: http\n    port: 9080\n  - name: grpc\n    port: 9090\n');
    const messages = run(yaml(twoPorts, vs('r', route('reviews'))));
    expect(withCode(messages, 'IST0112').map(m => m.message)).toEqual([
      'This VirtualService routes to a service "reviews" that exposes multiple ports [9080 9090]. Specifying a port in the destination is required to disambiguate.',
    ]);
    expect(withCode(run(yaml(twoPorts, vs('r', route('reviews', '\n        port: {number: 9090}')))), 'IST0112')).toEqual([]);
  });
});

describe('subsets (IST0101)', () => {
  test('a subset that no DestinationRule for the host defines is not found', () => {
    const messages = run(yaml(app('reviews'), REVIEWS_DR, vs('r', route('reviews', '\n        subset: v2'))));
    expect(withCode(messages, 'IST0101').map(m => m.message)).toEqual(['Referenced host+subset in destinationrule not found: "reviews+v2"']);
  });

  test('a defined subset, also through the FQDN, is found', () => {
    expect(withCode(run(yaml(app('reviews'), REVIEWS_DR, vs('r', route('reviews', '\n        subset: v1')))), 'IST0101')).toEqual([]);
    expect(withCode(run(yaml(app('reviews'), REVIEWS_DR, vs('r', route('reviews.default.svc.cluster.local', '\n        subset: v1')))), 'IST0101')).toEqual([]);
  });

  test('a DestinationRule of another namespace does not define the subset', () => {
    const messages = run(yaml(app('reviews'), REVIEWS_DR.replace('name: reviews\n', 'name: reviews\n  namespace: other\n'), vs('r', route('reviews', '\n        subset: v1'))));
    expect(withCode(messages, 'IST0101').map(m => m.message)).toEqual(['Referenced host+subset in destinationrule not found: "reviews+v1"']);
  });
});

describe('gateways (IST0101, IST0132)', () => {
  const gateway = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: web, namespace: edge}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 8080, name: http, protocol: HTTP}
    hosts: ["shop.example.com"]`;

  test('a gateway that does not exist is not found', () => {
    const messages = run(yaml(app('shop'), vs('r', '  hosts: [shop.example.com]\n  gateways: [web]\n' + route('shop').split('\n').slice(1).join('\n'))));
    expect(withCode(messages, 'IST0101').map(m => m.message)).toEqual(['Referenced gateway not found: "web"']);
    expect(summary(withCode(messages, 'IST0132'))).toEqual(['IST0132 VirtualService r']);
  });

  test('a gateway named namespace/name is found, and mesh needs no Gateway', () => {
    const body = '  hosts: [shop.example.com]\n  gateways: [edge/web, mesh]\n' + route('shop').split('\n').slice(1).join('\n');
    const messages = run(yaml(app('shop'), gateway, vs('r', body)));
    expect(withCode(messages, 'IST0101')).toEqual([]);
    expect(withCode(messages, 'IST0132')).toEqual([]);
  });

  test('a host the gateway does not serve is reported', () => {
    const body = '  hosts: [other.example.com]\n  gateways: [edge/web]\n' + route('shop').split('\n').slice(1).join('\n');
    const messages = run(yaml(app('shop'), gateway, vs('r', body)));
    expect(withCode(messages, 'IST0132').map(m => m.message)).toEqual(['one or more host [other.example.com] defined in VirtualService default/r not found in Gateway edge/web.']);
  });
});

describe('conflicting hosts (IST0109, MESH009)', () => {
  test('two mesh VirtualServices for one host conflict', () => {
    const messages = run(yaml(app('reviews'), vs('a', route('reviews')), vs('b', route('reviews.default.svc.cluster.local'))));
    expect(summary(withCode(messages, 'IST0109'))).toEqual(['IST0109 VirtualService a', 'IST0109 VirtualService b']);
    expect(withCode(messages, 'IST0109')[0].message).toContain('The VirtualServices default/a,default/b associated with mesh gateway define the same host */reviews.default.svc.cluster.local');
  });

  test('the same short host in two namespaces, or a gateway-only VirtualService, does not conflict', () => {
    expect(withCode(run(yaml(app('reviews'), app('reviews', { namespace: 'x' }), vs('a', route('reviews')), vs('b', route('reviews'), 'x'))), 'IST0109')).toEqual([]);
    const gw = vs('b', '  hosts: [reviews]\n  gateways: [web]\n' + route('reviews').split('\n').slice(1).join('\n'));
    expect(withCode(run(yaml(app('reviews'), vs('a', route('reviews')), gw)), 'IST0109')).toEqual([]);
  });

  test('a VirtualService exported to its namespace conflicts with one exported everywhere', () => {
    const local = vs('b', '  exportTo: ["."]\n' + route('reviews'));
    expect(summary(withCode(run(yaml(app('reviews'), vs('a', route('reviews')), local)), 'IST0109'))).toEqual(['IST0109 VirtualService a', 'IST0109 VirtualService b']);
  });

  test('VirtualServices merged on one gateway, one with a catch-all route, may shadow each other', () => {
    const onGateway = (name: string, http: string) => vs(name, `  hosts: [shop.example.com]\n  gateways: [web]\n  http:\n${http}`);
    const catchAll = onGateway('a', '  - route:\n    - destination: {host: shop}');
    const specific = onGateway('b', '  - match:\n    - uri: {prefix: /api}\n    route:\n    - destination: {host: shop}');
    expect(summary(withCode(run(yaml(app('shop'), catchAll, specific)), 'MESH009'))).toEqual(['MESH009 VirtualService b']);
    const specific2 = onGateway('a', '  - match:\n    - uri: {prefix: /web}\n    route:\n    - destination: {host: shop}');
    expect(withCode(run(yaml(app('shop'), specific2, specific)), 'MESH009')).toEqual([]);
  });
});

describe('unreachable rules (IST0130, IST0131, MESH001)', () => {
  test('a rule after a rule without matches is unreachable (IST0130), and the message says so', () => {
    const body = `  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
  - match:
    - headers: {end-user: {exact: jason}}
    route:
    - destination: {host: reviews}
  - route:
    - destination: {host: reviews}`;
    const messages = withCode(run(yaml(app('reviews'), vs('r', body))), 'IST0130');
    expect(messages.map(m => m.message)).toEqual([
      'VirtualService rule #1 not used (route without matches defined before): it is unreachable, rule #0 before it has no matches and takes every request.',
      'VirtualService rule #2 not used (only the last rule can have no matches): it is unreachable, rule #0 before it has no matches and takes every request.',
    ]);
    expect(messages[0].level).toBe('Warning');
  });

  test('a rule whose matches all appear earlier is unused; a duplicate match is ineffective', () => {
    const body = `  hosts: [reviews]
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
    const messages = run(yaml(app('reviews'), vs('r', body)));
    expect(withCode(messages, 'IST0131').map(m => m.message)).toEqual(['VirtualService rule #1 match "again" is not used (duplicate/overlapping match in rule "first").']);
    expect(withCode(messages, 'IST0130').map(m => m.message)).toEqual([
      'VirtualService rule #1 not used (all matches used by prior rules): it is unreachable, every one of its matches is taken by an earlier rule.',
    ]);
  });

  test('a prefix match covered by an earlier prefix is ineffective', () => {
    const body = `  hosts: [reviews]
  http:
  - match:
    - uri: {prefix: /api}
    route:
    - destination: {host: reviews}
  - match:
    - uri: {prefix: /api/v2}
    route:
    - destination: {host: reviews}`;
    expect(withCode(run(yaml(app('reviews'), vs('r', body))), 'IST0131').map(m => m.message)).toEqual([
      'VirtualService rule #1 match #0 of prefix /api/v2 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0).',
    ]);
    // near miss: the narrower prefix first
    const reversed = body.replace('/api}', '/TMP}').replace('/api/v2}', '/api}').replace('/TMP}', '/api/v2}');
    expect(withCode(run(yaml(app('reviews'), vs('r', reversed))), 'IST0131')).toEqual([]);
  });

  test('a rule after a rule matching prefix / is unreachable (MESH001)', () => {
    const body = `  hosts: [reviews]
  http:
  - match:
    - uri: {prefix: /}
    route:
    - destination: {host: reviews}
  - match:
    - headers: {end-user: {exact: jason}}
    route:
    - destination: {host: reviews}`;
    const messages = run(yaml(app('reviews'), vs('r', body)));
    expect(withCode(messages, 'MESH001').map(m => m.message)).toEqual([
      'http rule #1 is unreachable: rule #0 before it matches every request; put more specific rules first',
    ]);
    expect(withCode(messages, 'IST0130')).toEqual([]);
  });

  test('specific rules before a catch-all are reachable', () => {
    const body = `  hosts: [reviews]
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
    const messages = run(yaml(app('reviews'), vs('r', body)));
    expect(withCode(messages, 'MESH001')).toEqual([]);
    expect(withCode(messages, 'IST0130')).toEqual([]);
  });

  /** reviews with a first rule matching MATCH (YAML flow map) and a second rule on a header. */
  const afterMatch = (match: string) => `  hosts: [reviews]
  http:
  - match:
    - ${match}
    route:
    - destination: {host: reviews}
  - match:
    - headers: {end-user: {exact: jason}}
    route:
    - destination: {host: reviews}`;

  test.each([
    ['an empty URI prefix', "uri: {prefix: ''}"],
    ['a regex matching every path', "uri: {regex: '(?s).*'}"],
    ['an anchored regex', "uri: {regex: '^.*$'}"],
    ['a regex matching every non-empty path', "uri: {regex: '.+'}"],
    ['a regex that consumes the leading slash', "uri: {regex: '/.*'}"],
    ['a method regex matching every method', "method: {regex: '[\\s\\S]*'}"],
    ['a :method header matching every method', "headers: {':method': {regex: '.*'}}"],
    ["the host's only port", 'port: 9080'],
    ['the mesh gateway of a mesh VirtualService', 'gateways: [mesh]'],
  ])('a rule after one matching every request by %s is unreachable (MESH001)', (_, match) => {
    const messages = run(yaml(app('reviews'), vs('r', afterMatch(match))));
    expect(withCode(messages, 'MESH001').map(m => m.message)).toEqual([
      'http rule #1 is unreachable: rule #0 before it matches every request; put more specific rules first',
    ]);
  });

  test.each([
    ['a regex that needs a character', "uri: {regex: '.+x'}"],
    ['a header present on some requests only', 'headers: {x-a: {}}'],
    ['a port of a host with two HTTP ports', 'port: 9080'],
  ])('a rule after one restricting by %s is reachable', (_, match) => {
    const twoPorts = `apiVersion: v1
kind: Service
metadata: {name: reviews}
spec:
  selector: {app: reviews}
  ports:
  - {name: http, port: 9080}
  - {name: http-admin, port: 9090}`;
    expect(withCode(run(yaml(twoPorts, vs('r', afterMatch(match)))), 'MESH001')).toEqual([]);
  });

  test('a TCP rule after a match-all TCP rule is unreachable', () => {
    const body = `  hosts: [db]
  tcp:
  - match:
    - {}
    route:
    - destination: {host: db}
  - match:
    - port: 3306
    route:
    - destination: {host: db}`;
    expect(withCode(run(yaml(app('db', { port: 3306, portName: 'tcp' }), vs('r', body))), 'MESH001').map(m => m.message))
      .toEqual(['tcp rule #1 is unreachable: rule #0 before it matches every connection; put more specific rules first']);
  });

  test("a TCP rule after one on the host's only TCP port is unreachable", () => {
    const body = `  hosts: [db]
  tcp:
  - match:
    - port: 3306
    route:
    - destination: {host: db}
  - route:
    - destination: {host: db}`;
    expect(withCode(run(yaml(app('db', { port: 3306, portName: 'tcp' }), vs('r', body))), 'MESH001').map(m => m.message))
      .toEqual(['tcp rule #1 is unreachable: rule #0 before it matches every connection; put more specific rules first']);
  });
});

describe('route weights (MESH003)', () => {
  const weighted = (a: number, b?: number) => `  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: ${a}
    - destination: {host: reviews, subset: v2}${b === undefined ? '' : `\n      weight: ${b}`}`;
  const dr = REVIEWS_DR.replace('  - name: v1\n    labels: {version: v1}', '  - name: v1\n    labels: {version: v1}\n  - name: v2\n    labels: {version: v2}');

  test('weights adding up to 80 are reported', () => {
    const messages = run(yaml(app('reviews', { versions: ['v1', 'v2'] }), dr, vs('r', weighted(50, 30))));
    expect(withCode(messages, 'MESH003').map(m => m.message)).toEqual([
      'http rule #0: destination weights add up to 50 + 30 = 80, not 100; Istio splits traffic in proportion to them',
    ]);
  });

  test('a destination without weight beside a weighted one gets none', () => {
    const messages = run(yaml(app('reviews', { versions: ['v1', 'v2'] }), dr, vs('r', weighted(90))));
    expect(withCode(messages, 'MESH003')[0].message).toContain('90 + 0 = 90, not 100; Istio splits traffic in proportion to them, and the 1 destination(s) without a weight get none');
  });

  test('weights adding up to 100, and routes without weights, are fine', () => {
    expect(withCode(run(yaml(app('reviews', { versions: ['v1', 'v2'] }), dr, vs('r', weighted(80, 20)))), 'MESH003')).toEqual([]);
    expect(withCode(run(yaml(app('reviews'), vs('r', route('reviews')))), 'MESH003')).toEqual([]);
    expect(withCode(run(yaml(app('reviews'), vs('r', route('reviews', '\n      weight: 100')))), 'MESH003')).toEqual([]);
  });
});

describe('short hosts (MESH005)', () => {
  test('a short host naming a Service of another namespace is reported with the FQDN to write', () => {
    const messages = run(yaml(app('reviews', { namespace: 'backend' }), vs('r', route('reviews'), 'frontend')));
    expect(withCode(messages, 'MESH005').map(m => m.message)).toEqual([
      "host 'reviews' is a short name, so it means reviews.frontend.svc.cluster.local, which does not exist; the Service 'reviews' is in namespace backend: write 'reviews.backend.svc.cluster.local'",
      "destination host 'reviews' is a short name, so it means reviews.frontend.svc.cluster.local, which does not exist; the Service 'reviews' is in namespace backend: write 'reviews.backend.svc.cluster.local'",
    ].sort());
  });

  test('a short host of the same namespace, an FQDN, or a name no Service has are not reported', () => {
    expect(withCode(run(yaml(app('reviews', { namespace: 'backend' }), vs('r', route('reviews'), 'backend'))), 'MESH005')).toEqual([]);
    expect(withCode(run(yaml(app('reviews', { namespace: 'backend' }), vs('r', route('reviews.backend.svc.cluster.local'), 'frontend'))), 'MESH005')).toEqual([]);
    expect(withCode(run(yaml(vs('r', route('nothing'), 'frontend'))), 'MESH005')).toEqual([]);
  });
});

describe('gateway routes without subset (IST0140)', () => {
  test('a gateway route without subset to a host the mesh splits by subset is reported', () => {
    const mesh = vs('reviews', route('reviews', '\n        subset: v1'));
    const edge = vs('edge', '  hosts: [shop.example.com]\n  gateways: [web]\n  http:\n  - route:\n    - destination: {host: reviews}');
    const messages = run(yaml(app('reviews'), REVIEWS_DR, mesh, edge));
    expect(withCode(messages, 'IST0140').map(m => `${m.resource}: ${m.message}`)).toEqual([
      'VirtualService edge: Subset in virtual service default/reviews has no effect on ingress gateway default/edge requests',
    ]);
    expect(withCode(run(yaml(app('reviews'), REVIEWS_DR, edge)), 'IST0140')).toEqual([]);
  });
});
