import { app, destinationRule, edgeLines, egressMesh, gatewayApi, istio, nodeLines, service, virtualService } from './fixtures';
import { MeshGraph } from '../../../src';

const draw = (manifests: any[]) => MeshGraph.of(manifests).toMermaid();

describe('routing edges', () => {
  test('a service without a VirtualService has no routing edges: its traffic goes to all its pods', () => {
    // GIVEN reviews with two versions and no routing
    const text = draw(app('default', 'reviews', ['v1', 'v2']));
    // THEN
    expect(edgeLines(text)).toEqual([]);
    expect(nodeLines(text)).toEqual(['svc_default_reviews(["reviews"])', 'ver_default_reviews_v1["v1"]', 'ver_default_reviews_v2["v2"]']);
  });

  test('a VirtualService sends its host service to the subsets it names, in rule order, with the match and share', () => {
    // GIVEN jason to v2, the rest split 90/10 between v1 and v3
    const text = draw([
      ...app('default', 'reviews', ['v1', 'v2', 'v3']),
      destinationRule('default', 'reviews', ['v1', 'v2', 'v3']),
      virtualService('default', 'reviews', {
        hosts: ['reviews'],
        http: [
          { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
          { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 10 }] },
        ],
      }),
    ]);
    // THEN
    expect(edgeLines(text)).toEqual([
      'svc_default_reviews -->|"end-user=jason: 100%"| ver_default_reviews_v2',
      'svc_default_reviews -->|"90%"| ver_default_reviews_v1',
      'svc_default_reviews -->|"10%"| ver_default_reviews_v3',
    ]);
  });

  test('destinations without weights share the traffic equally; shares keep one decimal', () => {
    // GIVEN two unweighted destinations, and a rule of three weighted 1:1:1
    const text = draw([
      ...app('default', 'a', ['v1', 'v2', 'v3']),
      destinationRule('default', 'a', ['v1', 'v2', 'v3']),
      virtualService('default', 'a', {
        hosts: ['a'],
        http: [
          { match: [{ uri: { prefix: '/x' } }], route: [{ destination: { host: 'a', subset: 'v1' } }, { destination: { host: 'a', subset: 'v2' } }] },
          { route: ['v1', 'v2', 'v3'].map(subset => ({ destination: { host: 'a', subset }, weight: 1 })) },
        ],
      }),
    ]);
    // THEN
    expect(edgeLines(text)).toEqual([
      'svc_default_a -->|"uri^=/x: 50%"| ver_default_a_v1',
      'svc_default_a -->|"uri^=/x: 50%"| ver_default_a_v2',
      'svc_default_a -->|"33.3%"| ver_default_a_v1',
      'svc_default_a -->|"33.3%"| ver_default_a_v2',
      'svc_default_a -->|"33.3%"| ver_default_a_v3',
    ]);
  });

  test('a destination without subset is the service itself; a subset no pod has is shown as such', () => {
    // GIVEN ratings routed to its service and to a subset v9 that selects no pod
    const text = draw([
      ...app('default', 'ratings', ['v1']),
      destinationRule('default', 'ratings', ['v1', 'v9']),
      virtualService('default', 'ratings', {
        hosts: ['ratings'],
        http: [{ route: [{ destination: { host: 'ratings' }, weight: 50 }, { destination: { host: 'ratings', subset: 'v9' }, weight: 50 }] }],
      }),
    ]);
    // THEN
    expect(edgeLines(text)).toEqual([
      'svc_default_ratings -->|"50%"| svc_default_ratings',
      'svc_default_ratings -->|"50%"| ver_default_ratings_v9',
    ]);
    expect(nodeLines(text)).toEqual(['svc_default_ratings(["ratings"])', 'ver_default_ratings_v1["v1"]', 'ver_default_ratings_v9["v9 (no pods)"]']);
  });

  test('mirrors are dotted edges with their share; faults are noted on the route', () => {
    // GIVEN v1 with a delay for half of the requests and an abort, mirrored 10% to v2
    const text = draw([
      ...app('default', 'a', ['v1', 'v2']),
      destinationRule('default', 'a', ['v1', 'v2']),
      virtualService('default', 'a', {
        hosts: ['a'],
        http: [{
          route: [{ destination: { host: 'a', subset: 'v1' } }],
          fault: { delay: { fixedDelay: '7s', percentage: { value: 50 } }, abort: { httpStatus: 500, percentage: { value: 100 } } },
          mirror: { host: 'a', subset: 'v2' },
          mirrorPercentage: { value: 10 },
        }],
      }),
    ]);
    // THEN
    expect(edgeLines(text)).toEqual([
      'svc_default_a -->|"100%; fault: delay 7s 50%, abort 500"| ver_default_a_v1',
      'svc_default_a -.->|"mirror 10%"| ver_default_a_v2',
    ]);
  });

  test('a route bound to a Gateway enters at the Gateway with the hosts it serves; bound to mesh as well, at its hosts too', () => {
    // GIVEN an ingress gateway workload, its Gateway, and a VirtualService bound to it and to mesh
    const text = draw([
      ...app('default', 'web', ['v1']),
      ...app('istio-system', 'ingress', []),
      { ...service('istio-system', 'ingress', { istio: 'ingressgateway' }) },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'ingress', namespace: 'istio-system' },
        spec: { template: { metadata: { labels: { istio: 'ingressgateway' } }, spec: { containers: [{ name: 'istio-proxy', image: 'auto', args: ['router'] }] } } },
      },
      istio('Gateway', 'default', 'public', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com', 'www.example.com'] }] }),
      virtualService('default', 'web', {
        hosts: ['web', 'shop.example.com'],
        gateways: ['public', 'mesh'],
        http: [{ route: [{ destination: { host: 'web' } }] }],
      }),
    ]);
    // THEN
    expect(edgeLines(text)).toEqual([
      'gw_default_public -->|"shop.example.com: 100%"| svc_default_web',
      'host_shop_example_com -->|"100%"| svc_default_web',
    ]);
    expect(nodeLines(text)).toContain('gw_default_public{{"Gateway public<br/>hosts: shop.example.com, www.example.com<br/>on istio-system/ingress"}}');
    // the gateway's own Service is not a service of the mesh
    expect(text).not.toContain('svc_istio_system_ingress');
  });

  test('without a Gateway there is no gateway node; a Gateway a route names but nobody declares is shown as missing', () => {
    // GIVEN
    const manifests = [...app('default', 'web', ['v1'])];
    const bound = virtualService('default', 'web', { hosts: ['*'], gateways: ['public'], http: [{ route: [{ destination: { host: 'web' } }] }] });
    // THEN
    expect(draw(manifests)).not.toContain('gw_');
    expect(edgeLines(draw([...manifests, bound]))).toEqual(['gw_default_public -->|"100%"| svc_default_web']);
    expect(nodeLines(draw([...manifests, bound]))).toContain('gw_default_public{{"Gateway public<br/>(no Gateway)"}}');
  });

  test('a multi-port service lists its ports and edges name the destination port; a single-port service sent to itself has no edge', () => {
    // GIVEN api with http 8080 and grpc 9090, web with one port
    const text = draw([
      ...app('default', 'api', ['v1'], [[8080, 'http'], [9090, 'grpc']]),
      ...app('default', 'web', ['v1']),
      virtualService('default', 'api', { hosts: ['api'], http: [{ route: [{ destination: { host: 'api', port: { number: 9090 } } }] }] }),
      virtualService('default', 'web', { hosts: ['web'], http: [{ route: [{ destination: { host: 'web', port: { number: 80 } } }] }] }),
    ]);
    // THEN
    expect(edgeLines(text)).toEqual(['svc_default_api -->|"port 9090 100%"| svc_default_api']);
    expect(nodeLines(text)).toContain('svc_default_api(["api<br/>8080 http, 9090 grpc"])');
  });

  test('a destination port the match already names is not repeated; another one is', () => {
    const route = (matchPort: number) => edgeLines(draw([
      ...app('default', 'api', ['v1'], [[80, 'http'], [8080, 'http-alt']]),
      virtualService('default', 'api', { hosts: ['api'], http: [{ match: [{ port: matchPort }], route: [{ destination: { host: 'api', port: { number: 8080 } } }] }] }),
    ]));
    expect(route(8080)).toEqual(['svc_default_api -->|"port 8080: 100%"| svc_default_api']);
    expect(route(80)).toEqual(['svc_default_api -->|"port 80: port 8080 100%"| svc_default_api']);
  });

  test('a destination in another namespace is drawn in that namespace', () => {
    // GIVEN a route in shop sending to payments in the billing namespace
    const text = draw([
      ...app('shop', 'web', ['v1']),
      ...app('billing', 'payments', ['v1']),
      virtualService('shop', 'web', { hosts: ['web'], http: [{ route: [{ destination: { host: 'payments.billing.svc.cluster.local' } }] }] }),
    ]);
    // THEN
    expect(edgeLines(text)).toEqual(['svc_shop_web -->|"100%"| svc_billing_payments']);
    expect(text).toContain('  subgraph ns_billing["namespace billing"]\n    subgraph grp_billing_payments[" "]\n      svc_billing_payments(["payments"])');
  });

  test('an external service reached through an egress gateway: the host, the gateway Service, its Gateway, and out', () => {
    const text = draw(egressMesh());
    // THEN
    expect(edgeLines(text)).toEqual([
      'ext_default_cnn -->|"port 443 sni edition.cnn.com: 100%"| svc_istio_system_istio_egressgateway',
      'gw_istio_system_egress -->|"edition.cnn.com port 443 sni edition.cnn.com: 100%"| ext_default_cnn',
      'svc_istio_system_istio_egressgateway --- gw_istio_system_egress',
    ]);
    expect(nodeLines(text)).toEqual([
      'ext_default_cnn[/"edition.cnn.com"/]',
      'gw_istio_system_egress{{"Gateway egress<br/>hosts: edition.cnn.com<br/>on istio-system/istio-egressgateway"}}',
      'svc_istio_system_istio_egressgateway(["istio-egressgateway"])',
    ]);
  });

  test('Gateway API routes: from the Gateway with hostnames and matches, and from a Service to its version Services by weight', () => {
    const text = draw([
      ...app('default', 'reviews', ['v1', 'v2']),
      service('default', 'reviews-v1', { app: 'reviews', version: 'v1' }),
      service('default', 'reviews-v2', { app: 'reviews', version: 'v2' }),
      gatewayApi('Gateway', 'default', 'web', { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'shop.example.com' }] }),
      gatewayApi('HTTPRoute', 'default', 'public', {
        parentRefs: [{ name: 'web' }],
        hostnames: ['shop.example.com'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/reviews' } }], backendRefs: [{ name: 'reviews', port: 80 }] }],
      }),
      gatewayApi('HTTPRoute', 'default', 'reviews', {
        parentRefs: [{ group: '', kind: 'Service', name: 'reviews' }],
        rules: [
          { matches: [{ headers: [{ name: 'end-user', value: 'jason' }] }], backendRefs: [{ name: 'reviews-v2', port: 80 }] },
          { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'reviews-v1', port: 80, weight: 3 }, { name: 'reviews-v2', port: 80, weight: 1 }] },
        ],
      }),
    ]);
    // THEN
    expect(edgeLines(text)).toEqual([
      'kgw_default_web -->|"shop.example.com path^=/reviews: 100%"| svc_default_reviews',
      'svc_default_reviews -->|"end-user=jason: 100%"| ver_default_reviews_reviews_v2',
      'svc_default_reviews -->|"75%"| ver_default_reviews_reviews_v1',
      'svc_default_reviews -->|"25%"| ver_default_reviews_reviews_v2',
    ]);
    expect(nodeLines(text)).toEqual([
      'kgw_default_web{{"Gateway web<br/>hosts: shop.example.com<br/>class istio"}}',
      'svc_default_reviews(["reviews"])',
      'ver_default_reviews_reviews_v1["reviews-v1"]',
      'ver_default_reviews_reviews_v2["reviews-v2"]',
    ]);
  });
});

describe('routes at gateways', () => {
  const gatewayMesh = (hosts: string[]) => [
    ...app('default', 'web', ['v1']),
    istio('Gateway', 'default', 'public', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts }] }),
    virtualService('default', 'web', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ route: [{ destination: { host: 'web' } }] }] }),
  ];

  test('a route for a host the Gateway serves applies there (exactly, or by wildcard); one for another host does not', () => {
    expect(edgeLines(draw(gatewayMesh(['shop.example.com'])))).toEqual(['gw_default_public -->|"shop.example.com: 100%"| svc_default_web']);
    expect(edgeLines(draw(gatewayMesh(['*.example.com'])))).toEqual(['gw_default_public -->|"shop.example.com: 100%"| svc_default_web']);
    expect(edgeLines(draw(gatewayMesh(['default/*.example.com'])))).toEqual(['gw_default_public -->|"shop.example.com: 100%"| svc_default_web']);
    expect(edgeLines(draw(gatewayMesh(['shop.example.org'])))).toEqual([]);
  });

  test('a service sent whole to itself has no edge; a share or a condition of it does', () => {
    const route = (rule: any) => draw([...app('default', 'web', ['v1']), virtualService('default', 'web', { hosts: ['web'], http: [rule] })]);
    expect(edgeLines(route({ route: [{ destination: { host: 'web' } }] }))).toEqual([]);
    expect(edgeLines(route({ match: [{ method: { exact: 'GET' } }], route: [{ destination: { host: 'web' } }] })))
      .toEqual(['svc_default_web -->|"method=GET: 100%"| svc_default_web']);
    expect(edgeLines(route({ route: [{ destination: { host: 'web' } }], fault: { abort: { httpStatus: 503 } } })))
      .toEqual(['svc_default_web -->|"100%; fault: abort 503"| svc_default_web']);
  });
});
