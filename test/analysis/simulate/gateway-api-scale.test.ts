import { RoutingSimulator } from '../../../src/analysis/simulate/facade';

/** 1,000 services in Gateway API mode: each with two versions' Services, an HTTPRoute with a header rule and a split, and an AuthorizationPolicy. */
function bigMesh(n: number): any[] {
  const out: any[] = [];
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    const ns = `ns-${i % 20}`;
    const svc = (n2: string, selector: any) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: n2, namespace: ns }, spec: { selector, ports: [{ name: 'http', port: 8080 }] } });
    out.push(
      svc(name, { app: name }),
      ...['v1', 'v2'].flatMap(v => [svc(`${name}-${v}`, { app: name, version: v }), {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `${name}-${v}`, namespace: ns },
        spec: { template: { metadata: { labels: { app: name, version: v } }, spec: { serviceAccountName: name, containers: [{ name: 'app', image: 'x' }] } } },
      }]),
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name, namespace: ns },
        spec: {
          parentRefs: [{ group: '', kind: 'Service', name }],
          rules: [
            { matches: [{ headers: [{ name: 'end-user', value: 'jason' }] }], backendRefs: [{ name: `${name}-v2`, port: 8080 }] },
            { backendRefs: [{ name: `${name}-v1`, port: 8080, weight: 90 }, { name: `${name}-v2`, port: 8080, weight: 10 }] },
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

test('GIVEN 1,000 services routed by HTTPRoutes, THEN a route through them is cheap', () => {
  // GIVEN
  const sim = RoutingSimulator.of(bigMesh(1000));
  sim.route({ host: 'svc-0.ns-0.svc.cluster.local', source: { namespace: 'ns-0' } });
  // WHEN
  const start = process.hrtime.bigint();
  for (let i = 0; i < 1000; i++) {
    const route = sim.route({ host: `svc-${i}.ns-${i % 20}.svc.cluster.local`, source: { namespace: `ns-${i % 20}` } });
    // THEN
    expect(route.destinations.map(d => [d.service, d.weight, d.authorization?.verdict])).toEqual([
      [`ns-${i % 20}/svc-${i}-v1`, 90, 'allowed'], [`ns-${i % 20}/svc-${i}-v2`, 10, 'allowed'],
    ]);
  }
  const perRoute = Number(process.hrtime.bigint() - start) / 1e6 / 1000;
  process.stdout.write(`Gateway API simulator over 1,000 services: ${perRoute.toFixed(3)} ms per route\n`);
  expect(perRoute).toBeLessThan(5);
});
