import { RoutingSimulator } from '../../../src/analysis/simulate/facade';

/** 1,000 services, each with two versions, a DestinationRule, a VirtualService with a header route and a split, and an AuthorizationPolicy. */
function bigMesh(n: number): any[] {
  const out: any[] = [];
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    const ns = `ns-${i % 20}`;
    out.push(
      { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080 }] } },
      ...['v1', 'v2'].map(v => ({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `${name}-${v}`, namespace: ns },
        spec: { template: { metadata: { labels: { app: name, version: v } }, spec: { serviceAccountName: name, containers: [{ name: 'app', image: 'x' }] } } },
      })),
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name, namespace: ns },
        spec: { host: name, subsets: ['v1', 'v2'].map(v => ({ name: v, labels: { version: v } })) },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name, namespace: ns },
        spec: {
          hosts: [name],
          http: [
            { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: name, subset: 'v2' } }] },
            { route: [{ destination: { host: name, subset: 'v1' }, weight: 90 }, { destination: { host: name, subset: 'v2' }, weight: 10 }] },
          ],
        },
      },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name, namespace: ns },
        spec: { selector: { matchLabels: { app: name } }, rules: [{ from: [{ source: { namespaces: [ns] } }] }] },
      },
    );
  }
  return out;
}

describe('scale', () => {
  test('GIVEN 1,000 services, THEN building the simulator takes well under a second and a route is cheap', () => {
    const manifests = bigMesh(1000);
    const start = process.hrtime.bigint();
    const sim = RoutingSimulator.of(manifests);
    const built = Number(process.hrtime.bigint() - start) / 1e6;
    const routeStart = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) {
      const route = sim.route({ host: `svc-${i}.ns-${i % 20}.svc.cluster.local`, source: { namespace: `ns-${i % 20}` } });
      expect(route.destinations.map(d => [d.subset, d.weight, d.authorization?.verdict])).toEqual([['v1', 90, 'allowed'], ['v2', 10, 'allowed']]);
    }
    const perRoute = Number(process.hrtime.bigint() - routeStart) / 1e6 / 1000;
    process.stdout.write(`simulator over 1,000 services: built in ${built.toFixed(0)} ms, ${perRoute.toFixed(3)} ms per route\n`);
    expect(built).toBeLessThan(1000);
    expect(perRoute).toBeLessThan(5);
  });
});
