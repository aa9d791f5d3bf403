import { generateMesh } from './mesh';
import { ProxyScopeReport } from '../../../src/analysis/scope/facade';

describe('proxy scope report at scale', () => {
  test('1,000 services each calling 3 others: the average proxy scope falls from 1,001 services to 4 with a Sidecar per service', () => {
    // GIVEN 10 namespaces of 100 services (one HTTP port each) and istiod's Service (4 ports)
    const unscopedMesh = generateMesh(10, 100, false).manifests;
    const scopedMesh = generateMesh(10, 100, true).manifests;

    // WHEN the report is made, with and without a Sidecar per service
    const start = Date.now();
    const scoped = ProxyScopeReport.of(scopedMesh);
    const elapsed = Date.now() - start;
    const unscoped = ProxyScopeReport.of(unscopedMesh);

    // THEN without Sidecars every proxy holds all 1,000 services and istiod: 1,004 clusters (istiod has 4 ports),
    // route configurations for 8080, 15010 (gRPC) and 15014, with 1,000 + 1 + 1 virtual hosts and 3 catch-alls
    const everything = { services: 1001, clusters: 1004, routeConfigurations: 3, virtualHosts: 1005 };
    expect(unscoped.average).toEqual({ proxies: 1000, sidecars: 1000, gateways: 0, unscoped: everything, scoped: everything });
    // AND with them, its 3 callees and istiod: 7 clusters, virtual hosts for the 3 callees, istiod twice, 3 catch-alls
    expect(scoped.average).toEqual({
      proxies: 1000,
      sidecars: 1000,
      gateways: 0,
      unscoped: everything,
      scoped: { services: 4, clusters: 7, routeConfigurations: 3, virtualHosts: 8 },
    });
    expect(scoped.proxies.every(p => p.scoped.services === 4 && p.sidecar === p.proxy)).toBe(true);
    // AND it takes well under a few seconds (about 0.2 s on the development machine)
    expect(elapsed).toBeLessThan(5000);
  });
});
