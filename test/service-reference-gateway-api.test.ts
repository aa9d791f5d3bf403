import * as path from 'path';
import { Chart } from 'cdk8s';
import { Gateway, GatewayServer, Mesh, MeshApp, MeshOwnership, RoutingApi, StringMatch } from '../src';
import { findAll, findObject, synthProblems, synthValid } from './util/validate';
import { clusterObjects } from '../src/private/cluster-objects';

/** An app team's mesh in Gateway API mode owning namespace `shop` with `web`, and another team's `ratings` (v1, v2; 9080 and 9090). */
function teamApp() {
  const app = new MeshApp({ outdir: path.join(__dirname, 'never-written') });
  const chart = new Chart(app, 'team');
  const mesh = new Mesh(chart, 'mesh', { routingApi: RoutingApi.GATEWAY_API, ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }) });
  const web = mesh.addService('web', { namespace: 'shop', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'w:1' }] });
  const ratings = mesh.referenceService('ratings', { namespace: 'team-b', ports: [{ port: 9080 }, { port: 9090 }], versions: [{ name: 'v1' }, { name: 'v2' }] });
  return { app, chart, mesh, web, ratings };
}

const expected = (chart: Chart, kind: string) => clusterObjects(chart).filter(o => o.kind === kind);

describe('ServiceReference in Gateway API mode', () => {
  test("a route to another team's service sends to its Service, a version to its owner's Service <name>-<version>, and passes the analysis", async () => {
    // GIVEN
    const { app, chart, web, ratings } = teamApp();
    // WHEN
    web.addRoute({ name: 'v2', matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }], destinations: [{ host: ratings, version: 'v2', port: 9080 }] });
    web.addRoute({ destinations: [{ host: ratings, port: 9090 }] });
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'gateway.networking.k8s.io/HTTPRoute', 'web', 'shop').spec.rules.map((r: any) => r.backendRefs)).toEqual([
      [{ group: '', kind: 'Service', name: 'ratings-v2', namespace: 'team-b', port: 9080, weight: 1 }],
      [{ group: '', kind: 'Service', name: 'ratings', namespace: 'team-b', port: 9090, weight: 1 }],
    ]);
    expect(objects.filter(o => o.metadata.namespace === 'team-b')).toEqual([]);
    expect(app.analyze()).toEqual([]);
  });

  test('the versions\' Services are expected in the cluster beside the Service, with its ports; with Istio routing they are not', () => {
    // GIVEN
    const { chart } = teamApp();
    const istio = new Chart(new MeshApp({ outdir: path.join(__dirname, 'never-written') }), 'istio');
    new Mesh(istio, 'mesh', { ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }) })
      .referenceService('ratings', { namespace: 'team-b', ports: [{ port: 9080 }], versions: [{ name: 'v1' }] });
    // THEN
    const ports = [{ name: 'http-9080', port: 9080 }, { name: 'http-9090', port: 9090 }];
    expect(expected(chart, 'Service')).toEqual([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ratings', namespace: 'team-b' }, spec: { ports } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ratings-v1', namespace: 'team-b' }, spec: { ports } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ratings-v2', namespace: 'team-b' }, spec: { ports } },
    ]);
    expect(expected(istio, 'Service').map(s => s.metadata.name)).toEqual(['ratings']);
  });

  test('a route to another namespace\'s reference needs its owner\'s ReferenceGrant: the app emits none, the cluster is expected to hold it', async () => {
    // GIVEN
    const { chart, web, ratings } = teamApp();
    // WHEN
    web.addRoute({ destinations: [{ host: ratings, version: 'v1', port: 9080 }] });
    const objects = await synthValid(chart);
    // THEN
    expect(findAll(objects, 'gateway.networking.k8s.io/ReferenceGrant')).toEqual([]);
    expect(expected(chart, 'ReferenceGrant')).toEqual([{
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'web.shop', namespace: 'team-b' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }],
        to: [{ group: '', kind: 'Service', name: 'ratings-v1' }],
      },
    }]);
  });

  test('a reference in the namespace of the route needs no grant; a gateway route to a reference elsewhere expects one from the gateway\'s namespace', async () => {
    // GIVEN
    const { chart, mesh, web, ratings } = teamApp();
    const cart = mesh.referenceService('cart', { namespace: 'shop', ports: [{ port: 8080 }] });
    const gateway = new Gateway(chart, 'ingress', { mesh, namespace: 'shop', servers: [GatewayServer.http({ hosts: ['shop.example.com'] })] });
    // WHEN
    web.addRoute({ destinations: [{ host: cart }] });
    gateway.addRoute({ hosts: ['shop.example.com'], destinations: [{ host: ratings, port: 9080 }] });
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'gateway.networking.k8s.io/HTTPRoute', 'web', 'shop').spec.rules[0].backendRefs)
      .toEqual([{ group: '', kind: 'Service', name: 'cart', port: 8080, weight: 1 }]);
    expect(findAll(objects, 'gateway.networking.k8s.io/ReferenceGrant')).toEqual([]);
    expect(expected(chart, 'ReferenceGrant')).toEqual([{
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'ingress.shop', namespace: 'team-b' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }], to: [{ group: '', kind: 'Service', name: 'ratings' }] },
    }]);
  });

  test('a destination without port on a reference with several ports fails once, as in Istio mode; with a port of the reference it passes', async () => {
    // GIVEN
    const { chart, web, ratings } = teamApp();
    web.addRoute({ destinations: [{ host: ratings }] });
    // WHEN / THEN
    expect(await synthProblems(chart)).toEqual([
      "[team/mesh/web.shop] routes[0]: the destination 'ratings' names no port, but 'ratings' has several (9080, 9090): give 'port'",
    ]);
    const fixed = teamApp();
    fixed.web.addRoute({ destinations: [{ host: fixed.ratings, port: 9090 }] });
    await synthValid(fixed.chart);
  });
});
