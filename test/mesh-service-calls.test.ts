import { Chart, Testing } from 'cdk8s';
import {
  AuthorizationMode, Caller, Gateway, GatewayServer, Mesh, MeshOwnership, MeshProps, MeshService, MeshServiceOptions, OutboundTrafficMode, Protocol,
  RoutingApi, ServiceEntryResolution, StringMatch,
} from '../src';
import { errorOf, exactly, findAll, findObject, synthErrors, synthValid } from './util/validate';

function setup(props: MeshProps = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh', props);
  return { app, chart, mesh };
}

/** A service with one version and an HTTP port 9080 unless told otherwise. */
function service(mesh: Mesh, name: string, options: MeshServiceOptions = {}): MeshService {
  return mesh.addService(name, { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: `example/${name}:v1` }], ...options });
}

function policies(objects: any[]): any[] {
  return findAll(objects, 'security.istio.io/AuthorizationPolicy');
}

function policyNames(objects: any[]): string[] {
  return policies(objects).map(p => `${p.metadata.namespace}/${p.metadata.name}`);
}

const DENY = AuthorizationMode.DENY_BY_DEFAULT;
const OPEN = AuthorizationMode.OPEN;

describe('MeshService.calls and allowCallsFrom', () => {
  describe('deny by default', () => {
    test('GIVEN a mesh that denies by default WHEN productpage calls reviews THEN reviews allows exactly productpage, and a caller not declared is named nowhere', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY });
      const reviews = service(mesh, 'reviews');
      const productpage = service(mesh, 'productpage');
      service(mesh, 'details');
      // WHEN
      productpage.calls(reviews);
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'AuthorizationPolicy', 'reviews', 'default')).toEqual({
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'reviews', namespace: 'default' },
        spec: {
          selector: { matchLabels: { app: 'reviews' } },
          action: 'ALLOW',
          rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/productpage'] } }] }],
        },
      });
      // details is called by no one, productpage by no one: ALLOW policies without rules (nothing passes)
      expect(findObject(objects, 'AuthorizationPolicy', 'details', 'default').spec).toEqual({
        selector: { matchLabels: { app: 'details' } },
        action: 'ALLOW',
      });
      expect(findObject(objects, 'AuthorizationPolicy', 'productpage', 'default').spec).toEqual({
        selector: { matchLabels: { app: 'productpage' } },
        action: 'ALLOW',
      });
      expect(policyNames(objects)).toEqual(['istio-system/allow-nothing', 'default/reviews', 'default/productpage', 'default/details']);
      expect(findObject(objects, 'AuthorizationPolicy', 'allow-nothing', 'istio-system')).toEqual({
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'allow-nothing', namespace: 'istio-system' },
        spec: {},
      });
    });

    test('GIVEN an open mesh and namespace WHEN a service denies by default THEN it alone gets an ALLOW policy, with no rules when no one calls it', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      service(mesh, 'reviews', { authorization: DENY });
      service(mesh, 'ratings');
      // THEN
      const objects = await synthValid(chart);
      expect(policies(objects)).toEqual([{
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'reviews', namespace: 'default' },
        spec: { selector: { matchLabels: { app: 'reviews' } }, action: 'ALLOW' },
      }]);
    });

    test('GIVEN nothing denies WHEN services call each other THEN no AuthorizationPolicy is emitted', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: OPEN });
      mesh.addNamespace('shop', { authorization: OPEN });
      const reviews = service(mesh, 'reviews', { authorization: OPEN, namespace: 'shop' });
      // WHEN
      service(mesh, 'productpage').calls(reviews, { ports: [9080] });
      reviews.allowCallsFrom(Caller.namespace('other'));
      // THEN
      expect(policies(await synthValid(chart))).toEqual([]);
    });

    test('GIVEN an open mesh WHEN a namespace denies by default THEN it gets an allow-nothing policy and its services ALLOW policies; other namespaces none', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      mesh.addNamespace('shop', { authorization: DENY });
      const orders = service(mesh, 'orders', { namespace: 'shop' });
      service(mesh, 'web').calls(orders);
      // THEN
      const objects = await synthValid(chart);
      expect(policyNames(objects)).toEqual(['shop/allow-nothing', 'shop/orders']);
      expect(findObject(objects, 'AuthorizationPolicy', 'allow-nothing', 'shop').spec).toEqual({});
      expect(findObject(objects, 'AuthorizationPolicy', 'orders', 'shop').spec.rules).toEqual([
        { from: [{ source: { principals: ['cluster.local/ns/default/sa/web'] } }] },
      ]);
    });

    test('GIVEN a mesh that denies by default WHEN a namespace is open THEN it gets an allow-all policy and its services none', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY });
      // WHEN
      mesh.addNamespace('legacy', { authorization: OPEN });
      service(mesh, 'old', { namespace: 'legacy' });
      // THEN
      const objects = await synthValid(chart);
      expect(policyNames(objects)).toEqual(['istio-system/allow-nothing', 'legacy/allow-all']);
      expect(findObject(objects, 'AuthorizationPolicy', 'allow-all', 'legacy')).toEqual({
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'allow-all', namespace: 'legacy' },
        spec: { rules: [{}] },
      });
    });

    test('GIVEN a namespace that denies by default WHEN one of its services is open THEN its policy allows every request', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      mesh.addNamespace('shop', { authorization: DENY });
      // WHEN
      const status = service(mesh, 'status', { namespace: 'shop', authorization: OPEN });
      status.allowCallsFrom(Caller.namespace('ops'));
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'AuthorizationPolicy', 'status', 'shop').spec).toEqual({
        selector: { matchLabels: { app: 'status' } },
        action: 'ALLOW',
        rules: [{}],
      });
    });

    test('GIVEN a mesh that denies by default WHEN a namespace also denies THEN no second allow-nothing policy is emitted', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY });
      // WHEN
      mesh.addNamespace('shop', { authorization: DENY });
      // THEN
      expect(policyNames(await synthValid(chart))).toEqual(['istio-system/allow-nothing']);
    });

    test('GIVEN an app-team mesh WHEN it asks for mesh-wide deny by default THEN each namespace it owns denies (it has no root namespace policy)', () => {
      // GIVEN an app-team mesh owning shop and web, of default namespace shop
      const { chart } = setup({ defaultNamespace: 'shop', ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop', 'web'] }), authorization: DENY });
      // THEN each owned namespace has its allow-nothing policy, and nothing is emitted in the root namespace
      expect(policyNames(Testing.synth(chart))).toEqual(['shop/allow-nothing', 'web/allow-nothing']);
    });

    test('GIVEN an app-team mesh that denies WHEN an owned namespace is open THEN it gets no allow-all (no root policy to undo)', () => {
      // GIVEN
      const { chart, mesh } = setup({ defaultNamespace: 'shop', ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop', 'web'] }), authorization: DENY });
      // WHEN
      mesh.addNamespace('web', { authorization: OPEN });
      // THEN
      expect(policyNames(Testing.synth(chart))).toEqual(['shop/allow-nothing']);
    });

    test('GIVEN an app-team mesh WHEN a service of an owned namespace denies by default THEN only its ALLOW policy is emitted', () => {
      // GIVEN
      const { chart, mesh } = setup({ ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }) });
      // WHEN
      const orders = service(mesh, 'orders', { namespace: 'shop', authorization: DENY });
      orders.allowCallsFrom(Caller.namespace('web'));
      // THEN
      const objects = Testing.synth(chart);
      expect(policyNames(objects)).toEqual(['shop/orders']);
      expect(findObject(objects, 'AuthorizationPolicy', 'orders', 'shop').spec.rules).toEqual([{ from: [{ source: { namespaces: ['web'] } }] }]);
    });
  });

  describe('callers', () => {
    test('GIVEN a denying service WHEN each kind of caller is allowed THEN each becomes one rule, in declaration order, with its source', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY });
      const reviews = service(mesh, 'reviews');
      const productpage = service(mesh, 'productpage', { serviceAccountName: 'bookinfo-productpage' });
      // WHEN
      reviews.allowCallsFrom(Caller.service(productpage));
      reviews.allowCallsFrom(Caller.namespace('monitoring'));
      reviews.allowCallsFrom(Caller.serviceAccount('batch', 'nightly-report'));
      reviews.allowCallsFrom(Caller.principal('partner.example.com/ns/shop/sa/*'));
      reviews.allowCallsFrom(Caller.requestPrincipal('https://issuer.example.com/*'));
      // THEN
      expect(findObject(await synthValid(chart), 'AuthorizationPolicy', 'reviews').spec.rules).toEqual([
        { from: [{ source: { principals: ['cluster.local/ns/default/sa/bookinfo-productpage'] } }] },
        { from: [{ source: { namespaces: ['monitoring'] } }] },
        { from: [{ source: { principals: ['cluster.local/ns/batch/sa/nightly-report'] } }] },
        { from: [{ source: { principals: ['partner.example.com/ns/shop/sa/*'] } }] },
        { from: [{ source: { requestPrincipals: ['https://issuer.example.com/*'] } }] },
      ]);
    });

    test('GIVEN a mesh with its own trust domain WHEN services and ServiceAccounts are callers THEN their principals are in it; a principal is taken as given', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY, trustDomain: 'prod.example.com' });
      const reviews = service(mesh, 'reviews');
      // WHEN
      service(mesh, 'productpage').calls(reviews);
      reviews.allowCallsFrom(Caller.serviceAccount('batch', 'report'));
      reviews.allowCallsFrom(Caller.principal('cluster.local/ns/batch/sa/report'));
      // THEN
      expect(findObject(await synthValid(chart), 'AuthorizationPolicy', 'reviews').spec.rules).toEqual([
        { from: [{ source: { principals: ['prod.example.com/ns/default/sa/productpage'] } }] },
        { from: [{ source: { principals: ['prod.example.com/ns/batch/sa/report'] } }] },
        { from: [{ source: { principals: ['cluster.local/ns/batch/sa/report'] } }] },
      ]);
    });

    test('GIVEN two services that share a ServiceAccount WHEN both call a service THEN it has one rule for the shared identity', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY });
      const reviews = service(mesh, 'reviews');
      // WHEN
      service(mesh, 'productpage', { serviceAccountName: 'frontend' }).calls(reviews);
      service(mesh, 'search', { serviceAccountName: 'frontend' }).calls(reviews);
      service(mesh, 'admin').calls(reviews);
      // THEN
      expect(findObject(await synthValid(chart), 'AuthorizationPolicy', 'reviews').spec.rules).toEqual([
        { from: [{ source: { principals: ['cluster.local/ns/default/sa/frontend'] } }] },
        { from: [{ source: { principals: ['cluster.local/ns/default/sa/admin'] } }] },
      ]);
    });

    test('GIVEN a ServiceReference WHEN it is a caller THEN it is named by its serviceAccountName in its namespace, and without one synthesis fails', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY });
      const reviews = service(mesh, 'reviews');
      const known = mesh.referenceService('catalog', { namespace: 'catalog', ports: [{ port: 80 }], serviceAccountName: 'catalog-sa' });
      // WHEN
      reviews.allowCallsFrom(Caller.service(known));
      // THEN
      expect(findObject(await synthValid(chart), 'AuthorizationPolicy', 'reviews').spec.rules).toEqual([
        { from: [{ source: { principals: ['cluster.local/ns/catalog/sa/catalog-sa'] } }] },
      ]);
      // WHEN
      const unknown = mesh.referenceService('search', { namespace: 'search', ports: [{ port: 80 }] });
      reviews.allowCallsFrom(Caller.service(unknown));
      // THEN
      expect(synthErrors(chart)).toBe('Validation failed with the following errors:\n'
        + '  [test/mesh/reviews] caller Caller.service(test/mesh/reference-search.search) has no workload identity: it is not a workload of this app '
        + "or a ServiceReference with 'serviceAccountName' (an ExternalService calls nothing in the mesh)");
    });

    test('GIVEN a ServiceReference WHEN its serviceAccountName is not a DNS subdomain THEN it throws', () => {
      // GIVEN
      const { mesh } = setup();
      // THEN
      expect(() => mesh.referenceService('a', { namespace: 'a', ports: [{ port: 80 }], serviceAccountName: 'A' })).toThrow(exactly(
        "[test/mesh/reference-a.a] 'serviceAccountName' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'A'"));
      expect(() => mesh.referenceService('b', { namespace: 'b', ports: [{ port: 80 }], serviceAccountName: 'b.v1' })).not.toThrow();
    });

    test('GIVEN an ExternalService WHEN it is allowed as a caller THEN synthesis fails: it calls nothing in the mesh', () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY });
      const reviews = service(mesh, 'reviews');
      const api = mesh.addExternalService('api', { hosts: ['api.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }] });
      // WHEN
      reviews.allowCallsFrom(Caller.service(api));
      // THEN
      expect(synthErrors(chart)).toBe('Validation failed with the following errors:\n'
        + '  [test/mesh/reviews] caller Caller.service(test/mesh/external-api) has no workload identity: it is not a workload of this app '
        + "or a ServiceReference with 'serviceAccountName' (an ExternalService calls nothing in the mesh)");
    });

    test('GIVEN an open mesh WHEN a declared caller has no identity THEN synthesis still fails: the declared graph must be one a policy can name', () => {
      // GIVEN
      const { chart, mesh } = setup();
      const reviews = service(mesh, 'reviews');
      // WHEN
      reviews.allowCallsFrom(Caller.service(mesh.referenceService('search', { namespace: 'search', ports: [{ port: 80 }] })));
      // THEN
      expect(synthErrors(chart)).toBe('Validation failed with the following errors:\n'
        + '  [test/mesh/reviews] caller Caller.service(test/mesh/reference-search.search) has no workload identity: it is not a workload of this app '
        + "or a ServiceReference with 'serviceAccountName' (an ExternalService calls nothing in the mesh)");
    });

    test('GIVEN a service WHEN allowCallsFrom is given something that is not a Caller THEN it throws', () => {
      // GIVEN
      const { mesh } = setup();
      const reviews = service(mesh, 'reviews');
      // THEN
      expect(errorOf(() => reviews.allowCallsFrom('productpage' as any))).toBe("[test/mesh/reviews] 'caller' must be a Caller (e.g. Caller.service(productpage)), got 'productpage'");
      expect(() => reviews.allowCallsFrom(Caller.namespace('shop'))).not.toThrow();
    });

    test('GIVEN an allowed caller WHEN it is allowed twice with the same narrowing THEN the rule appears once; with another narrowing, twice', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY });
      const reviews = service(mesh, 'reviews');
      // WHEN
      reviews.allowCallsFrom(Caller.namespace('shop'));
      reviews.allowCallsFrom(Caller.namespace('shop'));
      reviews.allowCallsFrom(Caller.namespace('shop'), { methods: ['GET'] });
      // THEN
      expect(findObject(await synthValid(chart), 'AuthorizationPolicy', 'reviews').spec.rules).toEqual([
        { from: [{ source: { namespaces: ['shop'] } }] },
        { from: [{ source: { namespaces: ['shop'] } }], to: [{ operation: { methods: ['GET'] } }] },
      ]);
    });
  });

  describe('call options', () => {
    test('GIVEN ports with target ports WHEN a call is narrowed to ports, methods and paths THEN the rule names the container ports', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY });
      const api = service(mesh, 'api', {
        ports: [{ port: 80, targetPort: 8080 }, { port: 8443, protocol: Protocol.HTTP2 }, { port: 81, targetPort: 8080 }],
      });
      // WHEN
      service(mesh, 'web').calls(api, { ports: [80, 8443, 81], methods: ['GET', 'POST'], paths: ['/api/*', '/health', '*.png', '*'] });
      // THEN
      expect(findObject(await synthValid(chart), 'AuthorizationPolicy', 'api').spec.rules).toEqual([{
        from: [{ source: { principals: ['cluster.local/ns/default/sa/web'] } }],
        to: [{ operation: { ports: ['8080', '8443'], methods: ['GET', 'POST'], paths: ['/api/*', '/health', '*.png', '*'] } }],
      }]);
    });

    test('WHEN a call names a port the callee does not have THEN synthesis fails on both ends', () => {
      // GIVEN
      const { chart, mesh } = setup();
      const reviews = service(mesh, 'reviews', { ports: [{ port: 9080 }, { port: 9090 }] });
      // WHEN
      service(mesh, 'productpage').calls(reviews, { ports: [9090, 9091] });
      // THEN
      expect(synthErrors(chart)).toBe('Validation failed with the following errors:\n'
        + "  [test/mesh/reviews] caller service 'test/mesh/productpage': 'ports' 9091 is not a port of 'reviews' (ports: 9080, 9090)\n"
        + "  [test/mesh/productpage] call to 'test/mesh/reviews': 'ports' 9091 is not a port of 'reviews' (ports: 9080, 9090)");
    });

    test('WHEN a narrowing list is empty THEN synthesis fails: leave it out for every value', () => {
      // GIVEN
      const { chart, mesh } = setup();
      const reviews = service(mesh, 'reviews');
      // WHEN
      reviews.allowCallsFrom(Caller.namespace('shop'), { ports: [], methods: [], paths: [] });
      // THEN
      expect(synthErrors(chart)).toBe('Validation failed with the following errors:\n'
        + "  [test/mesh/reviews] caller namespace 'shop': 'ports' must not be empty (leave it out for every port)\n"
        + "  [test/mesh/reviews] caller namespace 'shop': 'methods' must not be empty (leave it out for every method)\n"
        + "  [test/mesh/reviews] caller namespace 'shop': 'paths' must not be empty (leave it out for every path)");
    });

    test('WHEN methods and paths are narrowed on a callee with a TCP port THEN synthesis fails unless the ports are narrowed to the HTTP ones', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY });
      const db = service(mesh, 'db', { ports: [{ port: 9080 }, { port: 3306, protocol: Protocol.TCP }, { port: 5432, protocol: Protocol.TCP }] });
      // WHEN
      db.allowCallsFrom(Caller.namespace('a'), { methods: ['GET'] });
      db.allowCallsFrom(Caller.namespace('b'), { paths: ['/x'], ports: [9080, 5432] });
      // THEN
      expect(synthErrors(chart)).toBe('Validation failed with the following errors:\n'
        + "  [test/mesh/db] caller namespace 'a': 'methods' and 'paths' need HTTP ports, but the call may use ports 3306, 5432, where Istio sees "
        + "no HTTP request and the rule would never match: narrow 'ports' to the HTTP ports\n"
        + "  [test/mesh/db] caller namespace 'b': 'methods' and 'paths' need HTTP ports, but the call may use port 5432, where Istio sees "
        + "no HTTP request and the rule would never match: narrow 'ports' to the HTTP ports");
    });

    test('GIVEN a callee with a TCP port WHEN methods are narrowed to its HTTP port, or only ports are narrowed to the TCP port THEN it synthesizes', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY });
      const db = service(mesh, 'db', { ports: [{ port: 9080 }, { port: 3306, protocol: Protocol.TCP }] });
      // WHEN
      db.allowCallsFrom(Caller.namespace('a'), { methods: ['GET'], ports: [9080] });
      db.allowCallsFrom(Caller.namespace('b'), { ports: [3306] });
      // THEN
      expect(findObject(await synthValid(chart), 'AuthorizationPolicy', 'db').spec.rules).toEqual([
        { from: [{ source: { namespaces: ['a'] } }], to: [{ operation: { ports: ['9080'], methods: ['GET'] } }] },
        { from: [{ source: { namespaces: ['b'] } }], to: [{ operation: { ports: ['3306'] } }] },
      ]);
    });

    test('WHEN a call has bad options types THEN calls and allowCallsFrom throw', () => {
      // GIVEN
      const { mesh } = setup();
      const reviews = service(mesh, 'reviews');
      const productpage = service(mesh, 'productpage');
      // THEN
      expect(errorOf(() => productpage.calls(reviews, { ports: ['9080'] as any }))).toBe("[test/mesh/productpage] 'ports[0]' must be a number, got '9080'");
      expect(errorOf(() => reviews.allowCallsFrom(Caller.namespace('a'), { methods: 'GET' as any }))).toBe("[test/mesh/reviews] 'methods' must be an array, got 'GET'");
    });
  });

  describe('gateways as callers', () => {
    test('GIVEN a denying mesh WHEN a gateway routes to some services THEN exactly those allow its identity, on the ports (mapped to target ports) it routes to', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY });
      const web = service(mesh, 'web', { ports: [{ port: 80, targetPort: 8080 }, { port: 9090 }] });
      const api = service(mesh, 'api');
      service(mesh, 'internal');
      const ingress = new Gateway(chart, 'ingress', { mesh, servers: [GatewayServer.http({ hosts: ['*'] })] });
      // WHEN
      ingress.addRoute({ hosts: ['*'], matches: [{ uri: StringMatch.prefix('/api') }], destinations: [{ host: api }] });
      ingress.addRoute({ hosts: ['*'], destinations: [{ host: web, port: 80 }] });
      // THEN
      const objects = await synthValid(chart);
      const gatewayRule = { from: [{ source: { principals: ['cluster.local/ns/istio-ingress/sa/istio-ingressgateway'] } }] };
      expect(findObject(objects, 'AuthorizationPolicy', 'web').spec.rules).toEqual([{ ...gatewayRule, to: [{ operation: { ports: ['8080'] } }] }]);
      expect(findObject(objects, 'AuthorizationPolicy', 'api').spec.rules).toEqual([gatewayRule]);
      expect(findObject(objects, 'AuthorizationPolicy', 'internal').spec.rules).toBeUndefined();
      // the gateway itself accepts every request in its denying namespace
      expect(findObject(objects, 'AuthorizationPolicy', 'ingress', 'istio-ingress').spec).toEqual({
        selector: { matchLabels: { istio: 'ingressgateway' } },
        action: 'ALLOW',
        rules: [{}],
      });
    });

    test('GIVEN a gateway with a selector WHEN it configures an installed gateway THEN it is named by serviceAccountName, by default <name>-service-account', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY });
      const a = service(mesh, 'a');
      const b = service(mesh, 'b');
      // WHEN
      new Gateway(chart, 'gw-a', { mesh, selector: { istio: 'ingressgateway' }, installedService: {}, servers: [GatewayServer.http({ hosts: ['a.example.com'] })] })
        .addRoute({ hosts: ['a.example.com'], destinations: [{ host: a }] });
      new Gateway(chart, 'gw-b', {
        mesh,
        selector: { istio: 'edge' },
        installedService: { name: 'edge', namespace: 'edge', serviceAccountName: 'edge-pods' },
        servers: [GatewayServer.http({ hosts: ['b.example.com'] })],
      }).addRoute({ hosts: ['b.example.com'], destinations: [{ host: b }] });
      // THEN
      const objects = Testing.synth(chart);
      expect(findObject(objects, 'AuthorizationPolicy', 'a').spec.rules).toEqual([
        { from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }] },
      ]);
      expect(findObject(objects, 'AuthorizationPolicy', 'b').spec.rules).toEqual([
        { from: [{ source: { principals: ['cluster.local/ns/edge/sa/edge-pods'] } }] },
      ]);
    });

    test('GIVEN a Gateway API mesh WHEN its gateway routes to a service THEN the service allows <gateway>-istio, and the gateway policy attaches by targetRefs', async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY, routingApi: RoutingApi.GATEWAY_API });
      const web = service(mesh, 'web');
      // WHEN
      new Gateway(chart, 'public', { mesh, namespace: 'edge', servers: [GatewayServer.http({ hosts: ['*'] })] })
        .addRoute({ hosts: ['*'], destinations: [{ host: web }] });
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'AuthorizationPolicy', 'web').spec.rules).toEqual([
        { from: [{ source: { principals: ['cluster.local/ns/edge/sa/public-istio'] } }] },
      ]);
      expect(findObject(objects, 'AuthorizationPolicy', 'public', 'edge').spec).toEqual({
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public' }],
        action: 'ALLOW',
        rules: [{}],
      });
    });

    test('GIVEN a gateway that only selects pods WHEN it routes to a denying service THEN synthesis fails; to an open one, it synthesizes', () => {
      // GIVEN
      const { chart, mesh } = setup();
      const open = service(mesh, 'open');
      const closed = service(mesh, 'closed', { authorization: DENY });
      const gateway = new Gateway(chart, 'ingress', {
        mesh, selector: { istio: 'ingressgateway' }, servers: [GatewayServer.http({ hosts: ['open.example.com', 'closed.example.com'] })],
      });
      // WHEN
      gateway.addRoute({ hosts: ['open.example.com'], destinations: [{ host: open }] });
      // THEN
      expect(() => Testing.synth(chart)).not.toThrow();
      // WHEN
      gateway.addRoute({ hosts: ['closed.example.com'], destinations: [{ host: closed }] });
      // THEN
      expect(synthErrors(chart)).toBe('Validation failed with the following errors:\n'
        + "  [test/mesh/closed] gateway 'test/ingress' routes to this service, which denies by default, but who its pods run as is not known "
        + "(it selects existing pods by 'selector'): give the gateway 'installedService' with its 'serviceAccountName'");
    });

    test('GIVEN a gateway that only selects pods WHEN it is allowed explicitly as a caller THEN synthesis fails with the way out', () => {
      // GIVEN
      const { chart, mesh } = setup();
      const reviews = service(mesh, 'reviews');
      const gateway = new Gateway(chart, 'ingress', { mesh, selector: { istio: 'ingressgateway' }, servers: [GatewayServer.http({ hosts: ['*'] })] });
      // WHEN
      reviews.allowCallsFrom(Caller.gateway(gateway));
      // THEN
      expect(synthErrors(chart)).toBe('Validation failed with the following errors:\n'
        + '  [test/mesh/reviews] caller Caller.gateway(test/ingress) has no workload identity: who its pods run as is not known (it selects '
        + "existing pods by 'selector'): give the gateway 'installedService' with its 'serviceAccountName', or allow Caller.serviceAccount(namespace, name)");
    });
  });

  describe('routes of a callee to another service', () => {
    test("GIVEN reviews routes some requests to ratings WHEN productpage calls reviews THEN ratings allows productpage too, on the route's port with the call's methods", async () => {
      // GIVEN
      const { chart, mesh } = setup({ authorization: DENY });
      const reviews = service(mesh, 'reviews');
      const ratings = service(mesh, 'ratings', { ports: [{ port: 9080, targetPort: 8080 }, { port: 9090 }] });
      reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/stars') }], destinations: [{ host: ratings, port: 9080 }] });
      // WHEN
      service(mesh, 'productpage').calls(reviews, { methods: ['GET'], paths: ['/reviews/*'] });
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'AuthorizationPolicy', 'ratings').spec.rules).toEqual([{
        from: [{ source: { principals: ['cluster.local/ns/default/sa/productpage'] } }],
        to: [{ operation: { ports: ['8080'], methods: ['GET'] } }],
      }]);
      expect(findObject(objects, 'AuthorizationPolicy', 'reviews').spec.rules).toEqual([{
        from: [{ source: { principals: ['cluster.local/ns/default/sa/productpage'] } }],
        to: [{ operation: { methods: ['GET'], paths: ['/reviews/*'] } }],
      }]);
    });
  });

  describe('sidecars', () => {
    test('GIVEN sidecar scoping WHEN a service calls services, an ExternalService and a ServiceReference THEN its Sidecar imports exactly those (sorted) and the root namespace', async () => {
      // GIVEN
      const { chart, mesh } = setup({ sidecarScoping: true });
      const web = service(mesh, 'web');
      const reviews = service(mesh, 'reviews');
      const orders = service(mesh, 'orders', { namespace: 'shop' });
      const api = mesh.addExternalService('api', {
        namespace: 'egress', hosts: ['api.example.com', 'api2.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }],
      });
      const catalog = mesh.referenceService('catalog', { namespace: 'catalog', ports: [{ port: 80 }] });
      // WHEN
      web.calls(reviews);
      web.calls(orders);
      web.calls(api);
      web.calls(catalog);
      web.calls(reviews, { methods: ['GET'] });
      // THEN
      const objects = await synthValid(chart);
      expect(findObject(objects, 'Sidecar', 'web', 'default')).toEqual({
        apiVersion: 'networking.istio.io/v1',
        kind: 'Sidecar',
        metadata: { name: 'web', namespace: 'default' },
        spec: {
          workloadSelector: { labels: { app: 'web' } },
          egress: [{
            hosts: [
              'catalog/catalog.catalog.svc.cluster.local',
              'default/reviews.default.svc.cluster.local',
              'egress/api.example.com',
              'egress/api2.example.com',
              'istio-system/*',
              'shop/orders.shop.svc.cluster.local',
            ],
          }],
        },
      });
      expect(findObject(objects, 'Sidecar', 'reviews', 'default').spec.egress).toEqual([{ hosts: ['istio-system/*'] }]);
    });

    test('GIVEN a callee whose routes send to another host WHEN a scoped service calls it THEN its Sidecar imports that host too', async () => {
      // GIVEN
      const { chart, mesh } = setup({ sidecarScoping: true });
      const reviews = service(mesh, 'reviews');
      const ratings = service(mesh, 'ratings', { namespace: 'ratings' });
      const mirror = service(mesh, 'mirror');
      reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/stars') }], destinations: [{ host: ratings }], mirror: { destination: { host: mirror } } });
      // WHEN
      service(mesh, 'productpage').calls(reviews);
      // THEN
      expect(findObject(await synthValid(chart), 'Sidecar', 'productpage').spec.egress).toEqual([{
        hosts: [
          'default/mirror.default.svc.cluster.local',
          'default/reviews.default.svc.cluster.local',
          'istio-system/*',
          'ratings/ratings.ratings.svc.cluster.local',
        ],
      }]);
    });

    test('GIVEN scoping and REGISTRY_ONLY on the mesh WHEN services exist THEN the root namespace, each namespace and each service have their Sidecar', async () => {
      // GIVEN
      const { chart, mesh } = setup({ sidecarScoping: true, outboundTraffic: OutboundTrafficMode.REGISTRY_ONLY });
      // WHEN
      service(mesh, 'web');
      mesh.addNamespace('shop');
      // THEN
      const objects = await synthValid(chart);
      expect(findAll(objects, 'Sidecar').map(s => ({ ns: s.metadata.namespace, name: s.metadata.name, spec: s.spec }))).toEqual([
        { ns: 'istio-system', name: 'default', spec: { egress: [{ hosts: ['*/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } },
        { ns: 'default', name: 'default', spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } },
        {
          ns: 'default',
          name: 'web',
          spec: { workloadSelector: { labels: { app: 'web' } }, egress: [{ hosts: ['istio-system/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } },
        },
        { ns: 'shop', name: 'default', spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } },
      ]);
    });

    test('GIVEN no scoping and no outbound mode WHEN services call each other THEN no Sidecar is emitted; scoping one service gives it alone a Sidecar', async () => {
      // GIVEN
      const { chart, mesh } = setup();
      const reviews = service(mesh, 'reviews');
      // WHEN
      service(mesh, 'productpage').calls(reviews);
      // THEN
      expect(findAll(await synthValid(chart), 'Sidecar')).toEqual([]);
      // WHEN
      service(mesh, 'details', { sidecarScoping: true }).calls(reviews);
      // THEN
      expect(findAll(await synthValid(chart), 'Sidecar').map(s => s.metadata.name)).toEqual(['details']);
    });

    test('GIVEN a scoped mesh WHEN a namespace opts out of scoping THEN its default Sidecar imports everything and its services have none', async () => {
      // GIVEN
      const { chart, mesh } = setup({ sidecarScoping: true });
      // WHEN
      mesh.addNamespace('legacy', { sidecarScoping: false, outboundTraffic: OutboundTrafficMode.ALLOW_ANY });
      service(mesh, 'old', { namespace: 'legacy' });
      // THEN
      const objects = await synthValid(chart);
      expect(findAll(objects, 'Sidecar').map(s => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(['default/default', 'legacy/default']);
      expect(findObject(objects, 'Sidecar', 'default', 'legacy').spec).toEqual({ egress: [{ hosts: ['*/*'] }], outboundTrafficPolicy: { mode: 'ALLOW_ANY' } });
    });

    test('GIVEN an open mesh WHEN a service calls a ServiceReference or an ExternalService THEN only its Sidecar changes, no policy', async () => {
      // GIVEN
      const { chart, mesh } = setup({ sidecarScoping: true });
      const web = service(mesh, 'web');
      const before = policies(await synthValid(chart));
      // WHEN
      web.calls(mesh.referenceService('catalog', { namespace: 'catalog', ports: [{ port: 80 }] }), { ports: [80] });
      web.calls(mesh.addExternalService('api', { hosts: ['api.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }], resolution: ServiceEntryResolution.DNS }));
      // THEN
      const objects = await synthValid(chart);
      expect(before).toEqual([]);
      expect(policies(objects)).toEqual([]);
      expect(findObject(objects, 'Sidecar', 'web').spec.egress).toEqual([{
        hosts: ['catalog/catalog.catalog.svc.cluster.local', 'default/api.example.com', 'istio-system/*'],
      }]);
    });
  });

  describe('namespace options', () => {
    test('GIVEN a namespace without services WHEN it is added again with other security options THEN they replace its objects', () => {
      // GIVEN a namespace that denies by default and scopes its sidecars
      const { chart, mesh } = setup();
      mesh.addNamespace('shop', { authorization: DENY, sidecarScoping: true });
      // WHEN it is added again, open, with REGISTRY_ONLY outbound traffic
      mesh.addNamespace('shop', { authorization: OPEN, outboundTraffic: OutboundTrafficMode.REGISTRY_ONLY });
      // THEN its allow-nothing policy is gone, and its default Sidecar is the new one (still scoped, now REGISTRY_ONLY)
      const objects = Testing.synth(chart);
      expect(policyNames(objects)).toEqual([]);
      expect(findObject(objects, 'Sidecar', 'default', 'shop').spec).toEqual({
        egress: [{ hosts: ['./*', 'istio-system/*'] }],
        outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
      });
    });

    test("GIVEN the mesh's default namespace WHEN it is given authorization before its services THEN it denies; the services follow", () => {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      mesh.addNamespace('default', { authorization: DENY });
      service(mesh, 'orders');
      // THEN
      expect(policyNames(Testing.synth(chart))).toEqual(['default/allow-nothing', 'default/orders']);
    });

    test('GIVEN a namespace with services WHEN it is added again with other security options THEN it throws; with the same, it does not', () => {
      // GIVEN
      const { mesh } = setup();
      mesh.addNamespace('shop', { authorization: DENY, sidecarScoping: true });
      service(mesh, 'orders', { namespace: 'shop' });
      // THEN
      expect(() => mesh.addNamespace('shop', { authorization: DENY, sidecarScoping: true })).not.toThrow();
      expect(() => mesh.addNamespace('shop')).not.toThrow();
      expect(() => mesh.addNamespace('shop', { authorization: OPEN, outboundTraffic: OutboundTrafficMode.REGISTRY_ONLY })).toThrow(exactly([
        "[test/mesh] namespace 'shop' already has services (orders) whose objects follow its authorization DENY_BY_DEFAULT: give 'authorization' before adding them",
        "[test/mesh] namespace 'shop' already has services (orders) whose objects follow its outboundTraffic unset: give 'outboundTraffic' before adding them",
      ].join('\n')));
    });

    test('GIVEN an app-team mesh WHEN a namespace it does not own gets security options THEN it throws; an owned one does not', () => {
      // GIVEN
      const { mesh } = setup({ ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }) });
      // THEN
      expect(() => mesh.addNamespace('payments', { authorization: DENY, sidecarScoping: false })).toThrow(exactly([
        "[test/mesh] 'authorization' of namespace 'payments' needs a namespace the app owns: its policies and Sidecars are its owner's (MeshOwnership.appTeam({ ownedNamespaces }))",
        "[test/mesh] 'sidecarScoping' of namespace 'payments' needs a namespace the app owns: its policies and Sidecars are its owner's (MeshOwnership.appTeam({ ownedNamespaces }))",
      ].join('\n')));
      expect(() => mesh.addNamespace('payments')).not.toThrow();
    });
  });
});
