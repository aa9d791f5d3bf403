/**
 * Differential test: the proxy scope report counts what istiod's own config generator builds for
 * each proxy (`istio-oracle scope`): the services of its SidecarScope, its outbound clusters, its
 * HTTP route configurations and their virtual hosts, without the Sidecar resources and with them.
 */
import { Chart, Testing } from 'cdk8s';
import { istioScope, IstioProxyScope, ScopeProxy } from './oracle';
import { Mesh } from '../../src';
import { proxyScopes, ProxyKind, ScopeFigures } from '../../src/analysis/scope/report';
import { CASES, ScopeCase } from '../analysis/scope/cases';
import { generateMesh } from '../analysis/scope/mesh';

/** The proxies of the manifests' Deployments, by `namespace/name` (the report's order). */
function proxiesOf(manifests: any[]): Array<{ name: string; proxy: ScopeProxy }> {
  return manifests.filter(m => m.kind === 'Deployment').map(d => ({
    name: `${d.metadata.namespace}/${d.metadata.name}`,
    proxy: {
      namespace: d.metadata.namespace,
      labels: d.spec.template.metadata.labels,
      gateway: (d.spec.template.metadata.annotations ?? {})['inject.istio.io/templates'] === 'gateway',
    },
  })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function figures(istio: IstioProxyScope, gateway: boolean): ScopeFigures {
  const base = { services: istio.services.length, clusters: istio.clusters.length };
  return gateway ? base : {
    ...base,
    routeConfigurations: istio.routes.length,
    virtualHosts: istio.routes.reduce((n, r) => n + r.virtualHosts.length, 0),
  };
}

/** Istio's figures for each proxy, without and with the Sidecars. */
function istioFigures(manifests: any[], meshConfig?: string) {
  const proxies = proxiesOf(manifests);
  const services = manifests.filter(m => m.kind === 'Service');
  const configs = manifests.filter(m => m.apiVersion?.startsWith('networking.istio.io/'));
  const scoped = istioScope(configs, services, proxies.map(p => p.proxy), meshConfig);
  const unscoped = istioScope(configs.filter(c => c.kind !== 'Sidecar'), services, proxies.map(p => p.proxy), meshConfig);
  return proxies.map((p, i) => ({
    proxy: p.name,
    unscoped: figures(unscoped[i], p.proxy.gateway),
    scoped: figures(scoped[i], p.proxy.gateway),
  }));
}

describe('the proxy scope report counts what istiod builds', () => {
  test.each(Object.entries(CASES))('%s', (_name, c: ScopeCase) => {
    const ours = proxyScopes(c.manifests, { meshConfig: c.meshConfig }).map(r => ({ proxy: r.proxy, unscoped: r.unscoped, scoped: r.scoped }));
    expect(ours).toEqual(istioFigures(c.manifests, c.meshConfig));
  });

  test("a mesh of the library's own (services with versions, a canary's subsets)", () => {
    const chart = new Chart(Testing.app(), 'shop');
    const mesh = new Mesh(chart, 'mesh');
    mesh.addService('web', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'web:1' }, { name: 'v2', image: 'web:2' }] });
    mesh.addService('api', { ports: [{ port: 8080 }, { port: 9090, name: 'grpc' }], versions: [{ name: 'v1', image: 'api:1' }] });
    const manifests = chart.toJson();
    const ours = proxyScopes(manifests).map(r => ({ proxy: r.proxy, unscoped: r.unscoped, scoped: r.scoped }));
    expect(ours.length).toBe(3);
    expect(ours).toEqual(istioFigures(manifests));
  });

  test('a generated mesh of 100 services in 4 namespaces, each calling 3 others', () => {
    const { manifests } = generateMesh(4, 25, true);
    const ours = proxyScopes(manifests);
    expect(ours.every(r => r.kind === ProxyKind.SIDECAR)).toBe(true);
    expect(ours.map(r => ({ proxy: r.proxy, unscoped: r.unscoped, scoped: r.scoped }))).toEqual(istioFigures(manifests));
  });
});
