import { RoutedBy, RoutingSimulator } from '../../../src/analysis/simulate/facade';
import { docs } from '../helpers';

/** A Service with a Deployment per version (labels app, version), in a namespace. */
function service(name: string, ns = 'default', port = 9080, versions = ['v1']): string {
  return `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec: { selector: { app: ${name} }, ports: [{ name: http, port: ${port} }] }
${versions.map(v => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}-${v}, namespace: ${ns} }
spec: { template: { metadata: { labels: { app: ${name}, version: ${v} } }, spec: { serviceAccountName: ${name}, containers: [{ name: app, image: x }] } } }
`).join('')}`;
}

function vs(name: string, spec: string, ns = 'default'): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: ${ns} }
spec: ${spec}
`;
}

const sim = (...parts: string[]) => RoutingSimulator.of(docs(parts.join('\n---\n')));
const REVIEWS_DR = `
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews }
spec: { host: reviews, subsets: [{ name: v1, labels: { version: v1 } }, { name: v2, labels: { version: v2 } }] }
`;
const RETRIES = { attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', meshDefault: true };

describe('the request', () => {
  test('GIVEN a short host, THEN it is resolved in the source\'s namespace, and the port is the Service\'s only one', () => {
    const s = sim(service('reviews', 'shop'));
    const route = s.route({ host: 'reviews', source: { namespace: 'shop' } });
    expect(route).toEqual({
      routedBy: RoutedBy.DEFAULT,
      destinations: [{ host: 'reviews.shop.svc.cluster.local', service: 'shop/reviews', labels: { app: 'reviews' }, port: 9080, weight: 100 }],
      retries: RETRIES,
      caveats: [],
    });
    expect(s.route({ host: 'reviews' }).routedBy).toBe(RoutedBy.NONE);
    expect(s.route({ host: 'reviews.shop.svc.cluster.local' }).routedBy).toBe(RoutedBy.DEFAULT);
    // name.namespace and name.namespace.svc are domains of the Service's virtual host too
    for (const host of ['reviews.shop', 'reviews.shop.svc']) {
      expect([host, s.route({ host }).destinations[0]?.service, s.route({ host }).destinations[0]?.port]).toEqual([host, 'shop/reviews', 9080]);
    }
    expect(s.route({ host: 'reviews.other' }).routedBy).toBe(RoutedBy.NONE);
    expect(s.route({ host: 'reviews.shop.cluster' }).routedBy).toBe(RoutedBy.NONE);
  });

  test('GIVEN a source workload, THEN its namespace and pod labels are the client\'s', () => {
    const s = sim(service('reviews', 'shop', 9080, ['v1', 'v2']), vs('reviews', `
  hosts: [reviews]
  http:
  - match: [{ sourceLabels: { version: v2 }, sourceNamespace: shop }]
    directResponse: { status: 418 }
  - directResponse: { status: 200 }`, 'shop'));
    expect(s.route({ host: 'reviews', source: { workload: 'shop/reviews-v2' } }).status).toBe(418);
    expect(s.route({ host: 'reviews', source: { workload: 'shop/reviews-v1' } }).status).toBe(200);
  });

  test('GIVEN an unknown source workload, THEN a caveat says so', () => {
    expect(sim(service('reviews')).route({ host: 'reviews', source: { workload: 'nope' } }).caveats).toEqual([
      'the manifests hold no workload default/nope (Deployment, StatefulSet, DaemonSet, Pod, Rollout …): the source has only the labels, namespace and service account the request gives',
    ]);
  });

  test('GIVEN a source without Istio\'s proxy, THEN no VirtualService applies', () => {
    const s = sim(service('reviews', 'default', 9080, ['v1', 'v2']), REVIEWS_DR, vs('reviews', '{ hosts: [reviews], http: [{ route: [{ destination: { host: reviews, subset: v2 } }] }] }'), `
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: legacy }
spec: { template: { metadata: { labels: { app: legacy }, annotations: { sidecar.istio.io/inject: "false" } }, spec: { containers: [{ name: app, image: x }] } } }`);
    const route = s.route({ host: 'reviews', source: { workload: 'legacy' } });
    expect(route.routedBy).toBe(RoutedBy.DEFAULT);
    expect(route.caveats).toEqual(['the source default/legacy runs no Istio proxy: no VirtualService applies, Kubernetes sends the request to any pod of the Service']);
    expect(s.route({ host: 'reviews', source: { workload: 'reviews-v1' } }).destinations[0].subset).toBe('v2');
  });
});

describe('which VirtualService applies', () => {
  test('GIVEN no VirtualService for a known host, THEN it goes to the Service as is; an unknown host goes nowhere', () => {
    const s = sim(service('reviews'));
    expect(s.route({ host: 'reviews' }).routedBy).toBe(RoutedBy.DEFAULT);
    expect(s.route({ host: 'ratings' })).toEqual({
      routedBy: RoutedBy.NONE,
      destinations: [],
      caveats: ['the manifests hold no Service or ServiceEntry for ratings.default.svc.cluster.local: with the mesh\'s default outboundTrafficPolicy '
        + 'ALLOW_ANY the sidecar passes the request through to the address the client resolved; with REGISTRY_ONLY it answers 502'],
    });
  });

  test('GIVEN a VirtualService in another namespace with a short host, THEN the host is resolved in the VirtualService\'s namespace', () => {
    const s = sim(service('reviews', 'shop'), service('reviews', 'default'), vs('r', '{ hosts: [reviews], http: [{ directResponse: { status: 418 } }] }', 'shop'));
    expect(s.route({ host: 'reviews.shop.svc.cluster.local' }).status).toBe(418);
    expect(s.route({ host: 'reviews' }).routedBy).toBe(RoutedBy.DEFAULT);
  });

  test('GIVEN a VirtualService bound to a gateway only, THEN sidecars do not apply it; with mesh among its gateways, they do', () => {
    const gwOnly = sim(service('reviews'), vs('r', '{ hosts: [reviews], gateways: [web], http: [{ directResponse: { status: 418 } }] }'));
    expect(gwOnly.route({ host: 'reviews' }).routedBy).toBe(RoutedBy.DEFAULT);
    const both = sim(service('reviews'), vs('r', '{ hosts: [reviews], gateways: [web, mesh], http: [{ directResponse: { status: 418 } }] }'));
    expect(both.route({ host: 'reviews' }).status).toBe(418);
  });

  test('GIVEN exportTo, THEN only the namespaces it names see the VirtualService ("." its own)', () => {
    const s = sim(service('reviews'), vs('r', '{ hosts: [reviews], exportTo: ["."], http: [{ directResponse: { status: 418 } }] }'));
    expect(s.route({ host: 'reviews' }).status).toBe(418);
    expect(s.route({ host: 'reviews.default.svc.cluster.local', source: { namespace: 'other' } }).routedBy).toBe(RoutedBy.DEFAULT);
    const named = sim(service('reviews'), vs('r', '{ hosts: [reviews], exportTo: [other], http: [{ directResponse: { status: 418 } }] }'));
    expect(named.route({ host: 'reviews.default.svc.cluster.local', source: { namespace: 'other' } }).status).toBe(418);
    expect(named.route({ host: 'reviews' }).routedBy).toBe(RoutedBy.DEFAULT);
  });

  test('GIVEN two VirtualServices for one host, THEN the namespace-local one wins over a public one, else the first by name', () => {
    const s = sim(service('reviews'),
      vs('a-public', '{ hosts: [reviews], http: [{ directResponse: { status: 201 } }] }'),
      vs('z-local', '{ hosts: [reviews], exportTo: ["."], http: [{ directResponse: { status: 202 } }] }'));
    const route = s.route({ host: 'reviews' });
    expect(route.status).toBe(202);
    expect(route.caveats).toEqual(['VirtualServices default/z-local, default/a-public all declare reviews.default.svc.cluster.local: '
      + 'the proxy uses default/z-local (the first by export scope and creation time) and ignores the others']);
    const byName = sim(service('reviews'),
      vs('b', '{ hosts: [reviews], http: [{ directResponse: { status: 202 } }] }'),
      vs('a', '{ hosts: [reviews], http: [{ directResponse: { status: 201 } }] }'));
    expect(byName.route({ host: 'reviews' }).status).toBe(201);
  });

  test('GIVEN a VirtualService exported to its own namespace by name, THEN it is private there and comes before public ones', () => {
    const s = sim(service('reviews'),
      vs('a-public', '{ hosts: [reviews], http: [{ directResponse: { status: 201 } }] }'),
      vs('z-own', '{ hosts: [reviews], exportTo: [default], http: [{ directResponse: { status: 202 } }] }'),
      vs('b-named', '{ hosts: [reviews.default.svc.cluster.local], exportTo: [other], http: [{ directResponse: { status: 203 } }] }'),
      vs('a-other', '{ hosts: [reviews.default.svc.cluster.local], exportTo: [default], http: [{ directResponse: { status: 204 } }] }', 'other'));
    expect(s.route({ host: 'reviews' }).status).toBe(202);
    // from other: the one exported to it by name before the public one
    expect(s.route({ host: 'reviews.default.svc.cluster.local', source: { namespace: 'other' } }).status).toBe(203);
  });

  test('GIVEN an exact and a wildcard host, THEN the exact one wins, else the longest wildcard', () => {
    const s = sim(vs('wild', '{ hosts: ["*.example.com"], http: [{ directResponse: { status: 201 } }] }'),
      vs('api', '{ hosts: ["*.api.example.com"], http: [{ directResponse: { status: 202 } }] }'),
      vs('exact', '{ hosts: [v1.api.example.com], http: [{ directResponse: { status: 203 } }] }'));
    expect(s.route({ host: 'v1.api.example.com' }).status).toBe(203);
    expect(s.route({ host: 'v2.api.example.com' }).status).toBe(202);
    expect(s.route({ host: 'www.example.com' }).status).toBe(201);
    expect(s.route({ host: 'example.com' }).routedBy).toBe(RoutedBy.NONE);
  });

  test('GIVEN a delegate, THEN its rules replace the root rule, matches merged and unset fields inherited', () => {
    const s = sim(service('reviews', 'default', 9080, ['v1', 'v2']), REVIEWS_DR,
      vs('root', '{ hosts: [reviews], http: [{ name: api, match: [{ uri: { prefix: /api } }], delegate: { name: leaf, namespace: team }, timeout: 3s }] }'),
      vs('leaf', '{ http: [{ name: v2, match: [{ uri: { prefix: /api/v2 } }], route: [{ destination: { host: reviews.default.svc.cluster.local, subset: v2 } }] }, '
        + '{ name: conflict, match: [{ uri: { prefix: /other } }], route: [{ destination: { host: reviews.default.svc.cluster.local } }] }, '
        + '{ route: [{ destination: { host: reviews.default.svc.cluster.local, subset: v1 } }], timeout: 1s }] }', 'team'));
    const v2 = s.route({ host: 'reviews', path: '/api/v2/x' });
    expect(v2.rule).toEqual({ kind: 'VirtualService', namespace: 'team', name: 'leaf', index: 0, ruleName: 'api-v2', matchIndex: 0 });
    expect(v2.timeout).toBe('3s');
    expect(v2.destinations.map(d => d.subset)).toEqual(['v2']);
    // the conflicting rule is dropped; the last inherits the root's match
    const v1 = s.route({ host: 'reviews', path: '/api/x' });
    expect(v1.rule).toEqual({ kind: 'VirtualService', namespace: 'team', name: 'leaf', index: 2, ruleName: 'api', matchIndex: 0 });
    expect(v1.timeout).toBe('1s');
    expect(s.route({ host: 'reviews', path: '/other' }).status).toBe(404);
  });
});

describe('the first matching rule', () => {
  const s = sim(service('reviews', 'default', 9080, ['v1', 'v2']), REVIEWS_DR, vs('reviews', `
  hosts: [reviews]
  http:
  - name: jason
    match: [{ headers: { end-user: { exact: jason } } }]
    route: [{ destination: { host: reviews, subset: v2 } }]
  - match: [{ uri: { prefix: /admin } }]
    route: [{ destination: { host: reviews, subset: v1 } }]`));

  test('GIVEN rules in order, THEN the first whose match accepts the request routes it', () => {
    expect(s.route({ host: 'reviews', path: '/admin', headers: { 'end-user': 'jason' } }).rule).toEqual({
      kind: 'VirtualService', namespace: 'default', name: 'reviews', index: 0, ruleName: 'jason', matchIndex: 0,
    });
    expect(s.route({ host: 'reviews', path: '/admin' }).rule?.index).toBe(1);
  });

  test('GIVEN no rule matches, THEN nothing routes the request and the proxy answers 404', () => {
    expect(s.route({ host: 'reviews', path: '/' })).toEqual({
      routedBy: RoutedBy.NONE,
      destinations: [],
      status: 404,
      caveats: ['no rule of VirtualService default/reviews matches the request: the proxy answers 404'],
    });
  });
});

describe('what the matched rule does', () => {
  test('GIVEN weights, faults, timeout, retries and mirrors, THEN each is reported', () => {
    const s = sim(service('reviews', 'default', 9080, ['v1', 'v2']), service('ratings'), REVIEWS_DR, vs('reviews', `
  hosts: [reviews]
  http:
  - route:
    - { destination: { host: reviews, subset: v1 }, weight: 75 }
    - { destination: { host: reviews, subset: v2 }, weight: 25 }
    fault: { delay: { fixedDelay: 7s, percentage: { value: 50 } }, abort: { httpStatus: 500 } }
    timeout: 2s
    retries: { attempts: 3, perTryTimeout: 1s }
    mirror: { host: ratings }
    mirrorPercentage: { value: 10 }`));
    expect(s.route({ host: 'reviews' })).toEqual({
      routedBy: RoutedBy.VIRTUAL_SERVICE,
      rule: { kind: 'VirtualService', namespace: 'default', name: 'reviews', index: 0 },
      destinations: [
        { host: 'reviews.default.svc.cluster.local', service: 'default/reviews', subset: 'v1', labels: { app: 'reviews', version: 'v1' }, port: 9080, weight: 75 },
        { host: 'reviews.default.svc.cluster.local', service: 'default/reviews', subset: 'v2', labels: { app: 'reviews', version: 'v2' }, port: 9080, weight: 25 },
      ],
      fault: { delay: '7s', delayPercentage: 50, abortHttpStatus: 500, abortPercentage: 100 },
      timeout: '2s',
      retries: { attempts: 3, perTryTimeout: '1s', retryOn: RETRIES.retryOn },
      mirrors: [{ host: 'ratings.default.svc.cluster.local', port: 9080, percentage: 10 }],
      caveats: [],
    });
  });

  test('GIVEN retries with 0 attempts, THEN retries are off; a mirror of 0 % is dropped', () => {
    const s = sim(service('reviews'), vs('reviews', '{ hosts: [reviews], http: [{ route: [{ destination: { host: reviews } }], retries: { attempts: 0 }, mirror: { host: reviews }, mirrorPercentage: { value: 0 } }] }'));
    const route = s.route({ host: 'reviews' });
    expect(route.retries).toEqual({ attempts: 0 });
    expect(route.mirrors).toBeUndefined();
  });

  test('GIVEN a subset no DestinationRule defines, THEN a caveat says Istio answers 503', () => {
    const s = sim(service('reviews'), vs('reviews', '{ hosts: [reviews], http: [{ route: [{ destination: { host: reviews, subset: v9 } }] }] }'));
    expect(s.route({ host: 'reviews' }).caveats).toEqual([
      "no DestinationRule for reviews.default.svc.cluster.local defines the subset 'v9': Istio answers 503 (no healthy upstream)",
    ]);
  });

  test('GIVEN several mirrors and a gRPC abort, THEN each mirror has its share (100 when not given) and the abort its status', () => {
    const s = sim(service('reviews'), service('ratings'), service('details'), vs('reviews', `
  hosts: [reviews]
  http:
  - route: [{ destination: { host: reviews } }]
    mirrors: [{ destination: { host: ratings }, percentage: { value: 5.5 } }, { destination: { host: details } }]
    fault: { abort: { grpcStatus: UNAVAILABLE, percentage: { value: 0.1 } } }`));
    const route = s.route({ host: 'reviews' });
    expect(route.mirrors).toEqual([
      { host: 'ratings.default.svc.cluster.local', port: 9080, percentage: 5.5 },
      { host: 'details.default.svc.cluster.local', port: 9080, percentage: 100 },
    ]);
    expect(route.fault).toEqual({ abortGrpcStatus: 'UNAVAILABLE', abortPercentage: 0.1 });
  });

  test('GIVEN DestinationRules for a host in the client\'s and the Service\'s namespace, THEN the client\'s own one defines the subsets it sees', () => {
    const dr = (ns: string, version: string) => `
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: ${ns} }
spec: { host: reviews.shop.svc.cluster.local, subsets: [{ name: pinned, labels: { version: ${version} } }] }`;
    const s = sim(service('reviews', 'shop', 9080, ['v1', 'v2']), dr('shop', 'v1'), dr('web', 'v2'),
      vs('reviews', '{ hosts: [reviews.shop.svc.cluster.local], http: [{ route: [{ destination: { host: reviews.shop.svc.cluster.local, subset: pinned } }] }] }', 'shop'));
    expect(s.route({ host: 'reviews.shop.svc.cluster.local', source: { namespace: 'web' } }).destinations[0].labels).toEqual({ app: 'reviews', version: 'v2' });
    expect(s.route({ host: 'reviews.shop.svc.cluster.local', source: { namespace: 'other' } }).destinations[0].labels).toEqual({ app: 'reviews', version: 'v1' });
  });

  test('GIVEN a redirect or a direct response, THEN the proxy answers with its status', () => {
    const s = sim(service('reviews'), vs('reviews', `
  hosts: [reviews]
  http:
  - match: [{ uri: { exact: /old } }]
    redirect: { uri: /new, authority: new.example.com }
  - match: [{ uri: { exact: /moved } }]
    redirect: { uri: /new, redirectCode: 308 }
  - directResponse: { status: 503 }`));
    const old = s.route({ host: 'reviews', path: '/old' });
    expect([old.status, old.redirect, old.destinations]).toEqual([301, 'http://new.example.com/new', []]);
    expect(s.route({ host: 'reviews', path: '/moved' }).redirect).toBe('http://reviews/new');
    expect(s.route({ host: 'reviews', path: '/moved' }).status).toBe(308);
    expect(s.route({ host: 'reviews', path: '/x' }).status).toBe(503);
  });

  test('GIVEN a destination with a port, or a Service with several ports, THEN the port is the given one, else the request\'s', () => {
    const s = sim(`
apiVersion: v1
kind: Service
metadata: { name: api }
spec: { selector: { app: api }, ports: [{ name: http, port: 80 }, { name: grpc, port: 9090 }, { name: tcp-db, port: 5432 }, { name: https-api, port: 443 }, { name: httpsx, port: 8443 }] }`,
    vs('api', '{ hosts: [api], http: [{ match: [{ port: 80 }], route: [{ destination: { host: api, port: { number: 9090 } } }] }, { route: [{ destination: { host: api } }] }] }'));
    expect(s.route({ host: 'api', port: 80 }).destinations[0].port).toBe(9090);
    expect(s.route({ host: 'api', port: 9090 }).destinations[0].port).toBe(9090);
    // without a port: 80, the default, which the Service has
    expect(s.route({ host: 'api' }).caveats).toEqual([]);
    expect(s.route({ host: 'api', port: 81 }).caveats).toEqual(['Service default/api has no port 81']);
    const tcp = s.route({ host: 'api', port: 5432 });
    expect([tcp.routedBy, tcp.caveats]).toEqual([RoutedBy.DEFAULT,
      ['port 5432 of default/api is not HTTP: VirtualService http rules do not apply, and tcp/tls rules are not simulated']]);
    // https is TLS to the sidecar: passed through; a name that only starts with the letters is not
    const tls = s.route({ host: 'api', port: 443 });
    expect([tls.routedBy, tls.caveats]).toEqual([RoutedBy.DEFAULT,
      ['port 443 of default/api is not HTTP: VirtualService http rules do not apply, and tcp/tls rules are not simulated']]);
    expect(s.route({ host: 'api', port: 8443 }).routedBy).toBe(RoutedBy.VIRTUAL_SERVICE);
  });
});

describe('requests through an Istio Gateway', () => {
  const GATEWAY = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: web, namespace: edge }
spec:
  selector: { istio: web }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["shop/*.example.com", "./edge.example.com"]
  - port: { number: 8080, name: http-redirect, protocol: HTTP }
    hosts: ["*"]
    tls: { httpsRedirect: true }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web-gateway, namespace: edge }
spec: { template: { metadata: { labels: { istio: web } }, spec: { serviceAccountName: web-gateway, containers: [{ name: istio-proxy, image: auto }] } } }
`;

  test('GIVEN a VirtualService bound by namespace-qualified name, THEN the gateway routes the hosts its servers and the VirtualService share', () => {
    const s = sim(GATEWAY, service('shop', 'shop'), vs('shop', '{ hosts: [www.example.com, shop.other.com], gateways: [edge/web], http: [{ route: [{ destination: { host: shop } }] }] }', 'shop'));
    const route = s.route({ host: 'www.example.com', gateway: 'edge/web' });
    expect(route).toEqual({
      routedBy: RoutedBy.VIRTUAL_SERVICE,
      gateway: 'edge/web',
      rule: { kind: 'VirtualService', namespace: 'shop', name: 'shop', index: 0 },
      destinations: [{ host: 'shop.shop.svc.cluster.local', service: 'shop/shop', labels: { app: 'shop' }, port: 9080, weight: 100 }],
      retries: RETRIES,
      caveats: [],
    });
    // the server does not take shop.other.com
    expect(s.route({ host: 'shop.other.com', gateway: 'edge/web' }).status).toBe(404);
    // no server on port 81
    expect(s.route({ host: 'www.example.com', gateway: 'edge/web', port: 81 }).caveats).toEqual(['Gateway edge/web has no server on port 81']);
  });

  test('GIVEN a gateway Service that sends port 80 to the pods\' 8080, THEN a request on 80 reaches the server of 8080 (and 8080 itself, as with a port-forward), as Istio binds servers', () => {
    const gateway = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: web, namespace: edge }
spec:
  selector: { istio: web }
  servers:
  - port: { number: 8080, name: http, protocol: HTTP }
    hosts: ["*"]
  - port: { number: 443, name: http-alt, protocol: HTTP }
    hosts: ["*"]
---
apiVersion: v1
kind: Service
metadata: { name: web-gateway, namespace: edge }
spec: { selector: { istio: web }, ports: [{ name: http, port: 80, targetPort: 8080 }, { name: https, port: 443, targetPort: 8443 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web-gateway, namespace: edge }
spec: { template: { metadata: { labels: { istio: web } }, spec: { containers: [{ name: istio-proxy, image: auto }] } } }
`;
    const s = sim(gateway, service('shop', 'edge'), vs('shop', '{ hosts: ["*"], gateways: [web], http: [{ directResponse: { status: 200 } }] }', 'edge'));
    // a server on a Service port is bound to its targetPort: 443 -> 8443
    for (const port of [80, 8080, 443, 8443]) {
      expect([port, s.route({ host: 'www.example.com', gateway: 'edge/web', port }).status]).toEqual([port, 200]);
    }
    expect(s.route({ host: 'www.example.com', gateway: 'edge/web', port: 81 }).caveats).toEqual(['Gateway edge/web has no server on port 81']);
    expect(s.route({ host: 'www.example.com', gateway: 'edge/web', port: 15021 }).status).toBeUndefined();
  });

  test('GIVEN a server host with a namespace, THEN only VirtualServices of that namespace are bound to it ("." the gateway\'s)', () => {
    const s = sim(GATEWAY, service('shop', 'shop'),
      vs('other', '{ hosts: [www.example.com], gateways: [edge/web], http: [{ directResponse: { status: 418 } }] }', 'other'),
      vs('edge', '{ hosts: [edge.example.com], gateways: [web], http: [{ directResponse: { status: 200 } }] }', 'edge'));
    expect(s.route({ host: 'www.example.com', gateway: 'edge/web' }).status).toBe(404);
    expect(s.route({ host: 'edge.example.com', gateway: 'edge/web' }).status).toBe(200);
  });

  test('GIVEN a server with httpsRedirect, THEN a plain-text request is redirected with 301', () => {
    const s = sim(GATEWAY);
    expect(s.route({ host: 'a.example.com', gateway: 'edge/web', port: 8080, path: '/x' })).toEqual({
      routedBy: RoutedBy.NONE, gateway: 'edge/web', destinations: [], status: 301, redirect: 'https://a.example.com/x', caveats: [],
    });
  });

  test('GIVEN two VirtualServices for one gateway host, THEN their rules are appended in creation order', () => {
    const s = sim(GATEWAY,
      vs('b', '{ hosts: [www.example.com], gateways: [edge/web], http: [{ directResponse: { status: 202 } }] }', 'shop'),
      vs('a', '{ hosts: [www.example.com], gateways: [edge/web], http: [{ match: [{ uri: { prefix: /a } }], directResponse: { status: 201 } }] }', 'shop'),
      vs('c', '{ hosts: ["*.example.com"], gateways: [edge/web], http: [{ directResponse: { status: 203 } }] }', 'shop'));
    expect(s.route({ host: 'www.example.com', gateway: 'edge/web', path: '/a' }).status).toBe(201);
    const b = s.route({ host: 'www.example.com', gateway: 'edge/web', path: '/b' });
    expect([b.status, b.caveats]).toEqual([202, ['VirtualServices shop/a, shop/b declare www.example.com at the gateway: their rules are appended in creation order']]);
    // another host of the server: the wildcard VirtualService's own domain
    expect(s.route({ host: 'api.example.com', gateway: 'edge/web' }).status).toBe(203);
  });

  test('GIVEN two VirtualServices for one gateway host, one private to the gateway\'s namespace, THEN its rules come first', () => {
    const s = sim(GATEWAY,
      vs('a', '{ hosts: [edge.example.com], gateways: [web], http: [{ directResponse: { status: 201 } }] }', 'edge'),
      vs('b', '{ hosts: [edge.example.com], gateways: [web], exportTo: ["."], http: [{ directResponse: { status: 202 } }] }', 'edge'));
    expect(s.route({ host: 'edge.example.com', gateway: 'edge/web' }).status).toBe(202);
  });

  test('GIVEN an unknown gateway, THEN nothing routes the request', () => {
    expect(sim(GATEWAY).route({ host: 'www.example.com', gateway: 'edge/nope' })).toEqual({
      routedBy: RoutedBy.NONE, gateway: 'edge/nope', destinations: [], caveats: ['the manifests hold no Gateway edge/nope'],
    });
  });

  test('GIVEN AuthorizationPolicies at the gateway and the destination, THEN the gateway\'s verdict is for the outside client and the destination\'s for the gateway\'s identity', () => {
    const s = sim(GATEWAY, service('shop', 'shop'), vs('shop', '{ hosts: [www.example.com], gateways: [edge/web], http: [{ route: [{ destination: { host: shop } }] }] }', 'shop'), `
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: block-admin, namespace: edge }
spec: { selector: { matchLabels: { istio: web } }, action: DENY, rules: [{ to: [{ operation: { paths: ["/admin*"] } }] }] }
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: from-gateway, namespace: shop }
spec: { selector: { matchLabels: { app: shop } }, rules: [{ from: [{ source: { principals: [cluster.local/ns/edge/sa/web-gateway] } }] }] }`);
    const admin = s.route({ host: 'www.example.com', gateway: 'edge/web', path: '/admin' });
    expect(admin.gatewayAuthorization).toEqual({ verdict: 'denied', policy: 'edge/block-admin', reason: 'DENY policy edge/block-admin rule 0 matches' });
    expect(admin.destinations[0].authorization).toEqual({ verdict: 'allowed', policy: 'shop/from-gateway', reason: 'ALLOW policy shop/from-gateway rule 0 matches' });
    expect(s.route({ host: 'www.example.com', gateway: 'edge/web', path: '/' }).gatewayAuthorization).toBeUndefined();
    // the same Service called from a sidecar in default is denied
    expect(s.route({ host: 'shop.shop.svc.cluster.local' }).destinations[0].authorization).toEqual({
      verdict: 'denied', policy: 'shop/from-gateway', reason: 'no ALLOW policy in force matches (shop/from-gateway)',
    });
  });
});

describe('authorization at the destination', () => {
  const POLICY = `
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: reviews }
spec: { selector: { matchLabels: { app: reviews } }, rules: [{ from: [{ source: { principals: [cluster.local/ns/default/sa/productpage] } }], to: [{ operation: { ports: ["9080"] } }], when: [{ key: 'request.headers[x-token]', values: [ok] }] }] }`;

  test('GIVEN a policy, THEN the verdict uses the source\'s identity, the target port and the headers given (others absent)', () => {
    const s = sim(service('reviews'), service('productpage'), POLICY);
    const allowed = s.route({ host: 'reviews', source: { workload: 'productpage-v1' }, headers: { 'x-token': 'ok' } });
    expect(allowed.destinations[0].authorization).toEqual({ verdict: 'allowed', policy: 'default/reviews', reason: 'ALLOW policy default/reviews rule 0 matches' });
    const noHeader = s.route({ host: 'reviews', source: { workload: 'productpage-v1' } });
    expect(noHeader.destinations[0].authorization?.verdict).toBe('denied');
    const plain = s.route({ host: 'reviews', source: { workload: 'productpage-v1', principal: '' }, headers: { 'x-token': 'ok' } });
    expect(plain.destinations[0].authorization?.verdict).toBe('denied');
  });

  test('GIVEN no policy in force, THEN no verdict is reported', () => {
    expect(sim(service('reviews')).route({ host: 'reviews' }).destinations[0].authorization).toBeUndefined();
  });
});

describe('the Gateway API part', () => {
  test('GIVEN a VirtualService older than an HTTPRoute attached to the same Service, THEN Istio\'s rule routes, with the Gateway API part\'s caveat', () => {
    const s = sim(service('reviews', 'default', 9080, ['v1', 'v2']), REVIEWS_DR, `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, creationTimestamp: "2024-01-01T00:00:00Z" }
spec: { hosts: [reviews], http: [{ route: [{ destination: { host: reviews, subset: v1 } }] }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: reviews, creationTimestamp: "2025-01-01T00:00:00Z" }
spec: { parentRefs: [{ group: "", kind: Service, name: reviews }], rules: [{ backendRefs: [{ name: reviews, port: 9080 }] }] }`);
    const route = s.route({ host: 'reviews.default.svc.cluster.local', source: { namespace: 'frontend' } });
    expect([route.routedBy, route.destinations.map(d => d.subset)]).toEqual([RoutedBy.VIRTUAL_SERVICE, ['v1']]);
    expect(route.caveats).toEqual(['the Gateway API routes of reviews.default.svc.cluster.local (HTTPRoute default/reviews) are not used: '
      + 'the VirtualService default/reviews takes the host first (it is older)']);
  });
});
