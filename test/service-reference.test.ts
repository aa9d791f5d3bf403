import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { Mesh, MeshApp, MeshOwnership, Protocol, ServiceReference } from '../src';
import { exactly, findObject, synthValid } from './util/validate';
import { clusterObjects } from '../src/private/cluster-objects';

function teamApp() {
  const app = new MeshApp({ outdir: path.join(__dirname, 'never-written') });
  const chart = new Chart(app, 'team');
  const mesh = new Mesh(chart, 'mesh', { ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }) });
  const web = mesh.addService('web', { namespace: 'shop', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'w:1' }] });
  return { app, chart, mesh, web };
}

describe('ServiceReference', () => {
  test("a route to another team's service names its FQDN and subset, and passes the analysis", async () => {
    // GIVEN
    const { app, chart, mesh, web } = teamApp();
    // WHEN
    const ratings = mesh.referenceService('ratings', { namespace: 'team-b', ports: [{ port: 9080 }], versions: [{ name: 'v1' }, { name: 'v2' }] });
    web.addRoute({ destinations: [{ host: ratings, version: 'v2' }] });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'VirtualService', 'web', 'shop').spec.http[0].route).toEqual([
      { destination: { host: 'ratings.team-b.svc.cluster.local', subset: 'v2' } },
    ]);
    expect(objects.filter(o => o.metadata.name === 'ratings')).toEqual([]);
    expect(app.analyze()).toEqual([]);
  });

  test('the analysis takes the Service and, with versions, its owner\'s DestinationRule as existing', () => {
    // GIVEN
    const { chart, mesh } = teamApp();
    // WHEN
    mesh.referenceService('ratings', {
      namespace: 'team-b',
      ports: [{ port: 9080 }, { port: 9090, protocol: Protocol.GRPC }, { port: 7000, name: 'db', protocol: Protocol.TCP }],
      versions: [{ name: 'v1' }, { name: 'canary', labels: { track: 'canary' } }],
    });
    mesh.referenceService('details', { namespace: 'team-b', ports: [{ port: 9080 }] });
    // THEN
    expect(clusterObjects(chart).filter(o => o.kind !== 'Namespace' && o.kind !== 'PeerAuthentication')).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'ratings', namespace: 'team-b' },
        spec: { ports: [{ name: 'http', port: 9080 }, { name: 'grpc', port: 9090 }, { name: 'db', port: 7000, appProtocol: 'tcp' }] },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: 'ratings', namespace: 'team-b' },
        spec: { host: 'ratings.team-b.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'canary', labels: { track: 'canary' } }] },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'details', namespace: 'team-b' }, spec: { ports: [{ name: 'http', port: 9080 }] } },
    ]);
  });

  test('inside its namespace the reference is named by its short name; a same-named service elsewhere makes it the FQDN', async () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }) });
    const web = mesh.addService('web', { namespace: 'shop', ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'w:1' }] });
    // WHEN
    const cart = mesh.referenceService('cart', { namespace: 'shop', ports: [{ port: 80 }] });
    const reviews = mesh.referenceService('reviews', { namespace: 'shop', ports: [{ port: 80 }] });
    mesh.referenceService('reviews', { namespace: 'team-b', ports: [{ port: 80 }] });
    web.addRoute({ destinations: [{ host: cart, weight: 50 }, { host: reviews, weight: 50 }] });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'VirtualService', 'web', 'shop').spec.http[0].route).toEqual([
      { destination: { host: 'cart' }, weight: 50 },
      { destination: { host: 'reviews.shop.svc.cluster.local' }, weight: 50 },
    ]);
  });

  test('a route to a declared version and port of the reference is accepted', async () => {
    // GIVEN
    const { chart, mesh, web } = teamApp();
    const ratings = mesh.referenceService('ratings', { namespace: 'team-b', ports: [{ port: 9080 }], versions: [{ name: 'v1' }] });
    // WHEN
    web.addRoute({ destinations: [{ host: ratings, version: 'v1', port: 9080 }] });
    // THEN
    expect(findObject(await synthValid(chart), 'VirtualService', 'web', 'shop').spec.http[0].route).toEqual([
      { destination: { host: 'ratings.team-b.svc.cluster.local', subset: 'v1', port: { number: 9080 } } },
    ]);
  });

  test('routes are checked against the versions and ports the reference declares', () => {
    // GIVEN
    const { mesh, web } = teamApp();
    const ratings = mesh.referenceService('ratings', { namespace: 'team-b', ports: [{ port: 9080 }], versions: [{ name: 'v1' }] });
    // WHEN
    web.addRoute({ destinations: [{ host: ratings, version: 'v2', port: 9081 }] });
    // THEN
    expect(() => Testing.synth(Chart.of(web))).toThrow(exactly([
      'Validation failed with the following errors:',
      "  [team/mesh/web.shop] routes[0]: version 'v2' is not declared on 'ratings' (declared: v1)",
      "  [team/mesh/web.shop] routes[0]: port 9081 is not a port of 'ratings' (ports: 9080)",
    ].join('\n')));
  });

  test('a reference needs ports, and may not name a service this app declares', () => {
    // GIVEN
    const { mesh } = teamApp();
    // WHEN / THEN
    expect(() => mesh.referenceService('ratings', { namespace: 'team-b', ports: [] })).toThrow(exactly(
      "[team/mesh/reference-ratings.team-b] 'ports' must name at least one port of service 'ratings', got none"));
    expect(() => mesh.referenceService('web', { namespace: 'shop', ports: [{ port: 80 }] })).toThrow(exactly(
      "[team/mesh/reference-web.shop] service 'web' in namespace 'shop' is declared by this app (at team/mesh/web.shop): route to it, not to a reference"));
    expect(() => mesh.referenceService('web', { namespace: 'team-b', ports: [{ port: 80 }] })).not.toThrow();
    expect(() => mesh.addService('web', { namespace: 'team-b' })).toThrow(exactly(
      "[team/mesh] service 'web' in namespace 'team-b' is referenced as declared elsewhere (at team/mesh/reference-web.team-b): declare it or refer to it, not both"));
  });

  test('versions must be distinct DNS labels', () => {
    // GIVEN
    const { mesh } = teamApp();
    // WHEN / THEN
    expect(() => mesh.referenceService('ratings', { namespace: 'team-b', ports: [{ port: 80 }], versions: [{ name: 'v1' }, { name: 'v1' }, { name: 'V2' }] })).toThrow(exactly([
      "[team/mesh/reference-ratings.team-b] 'versions[2].name' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'V2'",
      "[team/mesh/reference-ratings.team-b] 'versions[1].name' 'v1' is declared twice",
    ].join('\n')));
  });

  test('the construct can be made directly, in any scope of the app', () => {
    // GIVEN
    const { chart, mesh } = teamApp();
    // WHEN
    const ratings = new ServiceReference(chart, 'ratings', { mesh, name: 'ratings', ports: [{ port: 9080 }] });
    // THEN
    expect([ratings.namespace, ratings.fqdn, ratings.portNumbers, ratings.versionNames]).toEqual(['default', 'ratings.default.svc.cluster.local', [9080], []]);
  });
});
