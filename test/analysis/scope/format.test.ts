import { CASES } from './cases';
import { ProxyScopeReport } from '../../../src/analysis/scope/facade';

describe('proxy scope report formats', () => {
  test('text: one line per proxy, each figure without Sidecar resources -> with them, then the averages', () => {
    // GIVEN a sidecar and a gateway
    const report = ProxyScopeReport.of([...CASES.noRootSidecar.manifests, ...CASES.gateway.manifests.filter(m => m.kind === 'Deployment')]);
    // THEN
    expect(report.formatText()).toBe([
      'PROXY      KIND     SIDECAR      SERVICES  CLUSTERS  ROUTE CONFIGS  VIRTUAL HOSTS',
      'a/client   sidecar  a/namespace  2 -> 1    2 -> 1    1 -> 1         3 -> 2',
      'a/ingress  gateway  -            2 -> 2    2 -> 2    -              -',
      'b/client   sidecar  -            2 -> 2    2 -> 2    1 -> 1         3 -> 3',
      '',
      '3 proxies (2 sidecars, 1 gateway); average per proxy (routes per sidecar):',
      '  without Sidecar resources: 2 services, 2 clusters, 1 route configurations, 3 virtual hosts',
      '  with Sidecar resources:    1.67 services, 1.67 clusters, 1 route configurations, 2.5 virtual hosts',
      '',
    ].join('\n'));
  });

  test('text: no proxies says so', () => {
    expect(ProxyScopeReport.of([]).formatText()).toBe('No proxies: no pod of the manifests runs an Istio proxy.\n');
  });

  test('json: the rows and the averages', () => {
    const report = ProxyScopeReport.of(CASES.virtualServiceDestinations.manifests);
    expect(JSON.parse(report.formatJson())).toEqual({
      proxies: [{
        proxy: 'a/client',
        kind: 'sidecar',
        sidecar: 'a/default',
        unscoped: { services: 3, clusters: 3, routeConfigurations: 1, virtualHosts: 4 },
        scoped: { services: 2, clusters: 2, routeConfigurations: 1, virtualHosts: 2 },
      }],
      average: {
        proxies: 1,
        sidecars: 1,
        gateways: 0,
        unscoped: { services: 3, clusters: 3, routeConfigurations: 1, virtualHosts: 4 },
        scoped: { services: 2, clusters: 2, routeConfigurations: 1, virtualHosts: 2 },
      },
    });
    expect(report.formatJson().endsWith('}\n')).toBe(true);
  });
});
