/**
 * Differential tests of the call graph's objects (AuthorizationPolicies, Sidecars): meshes that deny
 * by default at each scope, in both routing APIs, through Istio's own validation webhook and
 * istioctl analyze, and through this library's analysis.
 */
import { App, Chart, Testing, Yaml } from 'cdk8s';
import { istioAnalyze, istioValidate } from './oracle';
import {
  AuthorizationMode, Caller, Gateway, GatewayServer, Mesh, MeshOwnership, MeshProps, OutboundTrafficMode, Protocol, RoutingApi,
  ServiceEntryResolution, StringMatch,
} from '../../src';
import { analyze } from '../../src/analysis';
import { clusterObjects } from '../../src/private/cluster-objects';

const DENY = AuthorizationMode.DENY_BY_DEFAULT;
const OPEN = AuthorizationMode.OPEN;

/** A configuration: builds its app; the cluster it joins is what the app expects there. */
interface Configuration {
  readonly name: string;
  readonly build: (app: App) => void;
}

/** A shop: web calls api (HTTP, gRPC and TCP ports with target ports) and a catalog of another team, api calls an external service. */
function shop(chart: Chart, props: MeshProps, options: { ingress: boolean; egress: boolean }): Mesh {
  // the namespace a caller names exists (istioctl reports a namespace an AuthorizationPolicy names and the cluster lacks)
  const mesh = new Mesh(chart, 'mesh', { namespaces: ['monitoring'], ...props });
  const web = mesh.addService('web', { ports: [{ port: 80, targetPort: 8080 }], versions: [{ name: 'v1', image: 'example/web:1' }] });
  const api = mesh.addService('api', {
    namespace: 'shop',
    ports: [
      { port: 80, targetPort: 8080 },
      { port: 9090, protocol: Protocol.GRPC, targetPort: 9091 },
      { port: 5432, protocol: Protocol.TCP },
    ],
    versions: [{ name: 'v1', image: 'example/api:1' }],
    serviceAccountName: 'shop-api',
  });
  const audit = mesh.addService('audit', { namespace: 'shop', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/audit:1' }] });
  api.addRoute({ matches: [{ uri: StringMatch.prefix('/audit'), port: 80 }], destinations: [{ host: audit }] });
  const catalog = mesh.referenceService('catalog', { namespace: 'catalog', ports: [{ port: 80 }], serviceAccountName: 'catalog' });
  web.calls(api, { ports: [80, 9090], methods: ['GET', 'POST'], paths: ['/api/*', '/shop.v1.Api/*'] });
  web.calls(api, { ports: [5432] });
  web.calls(catalog, { ports: [80] });
  api.allowCallsFrom(Caller.service(catalog), { ports: [80], methods: ['GET'] });
  api.allowCallsFrom(Caller.namespace('monitoring'), { ports: [80], paths: ['/metrics'] });
  api.allowCallsFrom(Caller.requestPrincipal('https://issuer.example.com/*'), { ports: [80] });
  audit.allowCallsFrom(Caller.serviceAccount('ops', 'auditor'));
  if (options.egress) {
    const payments = mesh.addExternalService('payments', {
      namespace: 'shop', hosts: ['pay.example.com'], ports: [{ number: 443, protocol: Protocol.TLS }], resolution: ServiceEntryResolution.DNS,
    });
    api.calls(payments);
    new Gateway(chart, 'egress', { mesh, egress: true }).addEgressRoute(payments);
  }
  if (options.ingress) {
    const ingress = new Gateway(chart, 'ingress', { mesh, servers: [GatewayServer.http({ hosts: ['shop.example.com'] })] });
    ingress.addRoute({ hosts: ['shop.example.com'], matches: [{ uri: StringMatch.prefix('/api') }], destinations: [{ host: api, port: 80 }] });
    ingress.addRoute({ hosts: ['shop.example.com'], destinations: [{ host: web }] });
  }
  return mesh;
}

const CONFIGURATIONS: Configuration[] = [
  {
    name: 'Istio routing, mesh denies by default, scoped sidecars, REGISTRY_ONLY, ingress and egress gateways',
    build: app => {
      shop(new Chart(app, 'shop'), { authorization: DENY, sidecarScoping: true, outboundTraffic: OutboundTrafficMode.REGISTRY_ONLY },
        { ingress: true, egress: true });
    },
  },
  {
    name: 'Gateway API routing, mesh denies by default, scoped sidecars',
    build: app => {
      shop(new Chart(app, 'shop'), { authorization: DENY, sidecarScoping: true, routingApi: RoutingApi.GATEWAY_API }, { ingress: true, egress: false });
    },
  },
  {
    name: 'open mesh, a namespace that denies by default with an open service, an open namespace',
    build: app => {
      const chart = new Chart(app, 'shop');
      const mesh = new Mesh(chart, 'mesh', {});
      mesh.addNamespace('shop', { authorization: DENY, sidecarScoping: true });
      mesh.addNamespace('legacy', { authorization: OPEN, sidecarScoping: false });
      const api = mesh.addService('api', { namespace: 'shop', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/api:1' }] });
      const status = mesh.addService('status', { namespace: 'shop', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/status:1' }], authorization: OPEN });
      const old = mesh.addService('old', { namespace: 'legacy', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/old:1' }] });
      old.calls(api, { methods: ['GET'] });
      old.calls(status);
    },
  },
  {
    name: 'denying mesh with an open namespace and a service that denies inside it',
    build: app => {
      const chart = new Chart(app, 'shop');
      const mesh = new Mesh(chart, 'mesh', { authorization: DENY });
      mesh.addNamespace('legacy', { authorization: OPEN });
      const api = mesh.addService('api', { namespace: 'legacy', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/api:1' }], authorization: DENY });
      mesh.addService('web', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/web:1' }], sidecarScoping: true }).calls(api);
    },
  },
  {
    name: 'app-team mesh: services that deny in an owned namespace, an installed ingress gateway',
    build: app => {
      const chart = new Chart(app, 'shop');
      const mesh = new Mesh(chart, 'mesh', { ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }), defaultNamespace: 'shop' });
      const api = mesh.addService('api', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/api:1' }], authorization: DENY, sidecarScoping: true });
      const web = mesh.addService('web', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/web:1' }], authorization: DENY, sidecarScoping: true });
      web.calls(api);
      const ingress = new Gateway(chart, 'ingress', {
        mesh, selector: { istio: 'ingressgateway' }, installedService: {}, servers: [GatewayServer.http({ hosts: ['shop.example.com'] })],
      });
      ingress.addRoute({ hosts: ['shop.example.com'], destinations: [{ host: web }] });
    },
  },
];

const cases = CONFIGURATIONS.map(c => {
  const app = Testing.app();
  c.build(app);
  const objects = app.charts.flatMap(chart => chart.toJson());
  return { name: c.name, objects, cluster: clusterObjects(app) };
});

describe.each(cases)('$name', ({ objects, cluster }) => {
  test('the output has AuthorizationPolicies or Sidecars from the call graph', () => {
    expect(objects.filter(o => o.kind === 'AuthorizationPolicy' || o.kind === 'Sidecar').length).toBeGreaterThan(0);
  });

  test("Istio's validation webhook accepts every Istio object, without warnings", () => {
    const verdicts = istioValidate(objects).filter(v => v.checked && (v.error || v.warning));
    expect(verdicts).toEqual([]);
  });

  test("istioctl analyze finds what this library's analysis finds, and nothing", () => {
    const all = [...objects, ...cluster];
    const ours = analyze(objects, { clusterObjects: cluster }).filter(f => f.code.startsWith('IST'))
      .map(f => `${f.level} ${f.code} ${f.resource}: ${f.message}`).sort();
    const istio = [...new Set(istioAnalyze(Yaml.stringify(...all), { simulateCluster: true }).map(f => `${f.level} ${f.code} ${f.resource}: ${f.message}`))].sort();
    expect(ours).toEqual(istio);
    // no error or warning (a Gateway API gateway's namespace has no injection label on purpose: an Info of IST0102)
    expect(istio.filter(f => !f.startsWith('Info IST0102 Namespace istio-ingress:'))).toEqual([]);
  });
});

describe("call options against Istio's webhook", () => {
  /** Paths on both sides of each edge of the library's rule (see test/private/call-checks.test.ts). */
  const PATHS = [
    '/a', '/', '/a*', '/*', '*/a', '*.png', '*', '/a/b-c_d.e~f%20',
    'a', 'a*', '**', '*a*', '/a*b', '/*a', '/a?b=1', '/a#b', '/a{x}', '/{x}', '/a}', '/a/{*}', '/a/{**}',
  ];

  test("every path the library accepts, Istio's webhook accepts in an ALLOW rule; every path Istio rejects, the library rejects", () => {
    // GIVEN one service allowing a caller on each path
    const verdicts = PATHS.map(path => {
      const app = Testing.app();
      const chart = new Chart(app, 'test');
      const mesh = new Mesh(chart, 'mesh', { authorization: DENY });
      const api = mesh.addService('api', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/api:1' }] });
      api.allowCallsFrom(Caller.namespace('web'), { paths: [path] });
      let ours: boolean;
      try {
        Testing.synth(chart);
        ours = true;
      } catch {
        ours = false;
      }
      // WHEN Istio's webhook validates the policy the library would write (the rule as the library renders it)
      const policy = {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'api', namespace: 'default' },
        spec: { selector: { matchLabels: { app: 'api' } }, action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['web'] } }], to: [{ operation: { paths: [path] } }] }] },
      };
      const istio = !istioValidate([policy])[0].error;
      return { path, ours, istio };
    });
    // THEN the library never accepts what Istio rejects; it rejects some paths Istio takes but that never match (no '/' start,
    // a '*' inside, a query or fragment); Istio's path templates ('{*}', '{**}') are accepted like Istio accepts them
    expect(verdicts.filter(v => v.ours && !v.istio)).toEqual([]);
    expect(verdicts.filter(v => !v.ours).map(v => v.path)).toEqual(['a', 'a*', '**', '*a*', '/a*b', '/*a', '/a?b=1', '/a#b', '/a{x}', '/{x}', '/a}']);
    expect(verdicts.filter(v => !v.istio).map(v => v.path)).toEqual(['/a{x}', '/{x}', '/a}']);
  });
});
