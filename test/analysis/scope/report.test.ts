import { CASES, deployment, service } from './cases';
import { ProxyKind, ProxyScope, proxyScopes, ScopeFigures } from '../../../src/analysis/scope/report';

/** Figures: services, clusters, route configurations, virtual hosts. */
function f(services: number, clusters: number, routeConfigurations?: number, virtualHosts?: number): ScopeFigures {
  return routeConfigurations === undefined ? { services, clusters } : { services, clusters, routeConfigurations, virtualHosts };
}

function sidecar(proxy: string, unscoped: ScopeFigures, scoped: ScopeFigures, applied?: string): ProxyScope {
  return { proxy, kind: ProxyKind.SIDECAR, ...applied ? { sidecar: applied } : {}, unscoped, scoped };
}

describe('proxy scope: exportTo', () => {
  test("a Service's exportTo annotation: none and '*' export to all, '.' and its own namespace to its namespace, 'b' to b, '~' to none (even with 'b')", () => {
    // GIVEN Services in a exported to all, '.', 'a', 'b', '~', 'b, ~' and 'c, *, ~'; a client in a, b and c
    // WHEN the scopes are computed
    const rows = proxyScopes(CASES.serviceExportTo.manifests);
    // THEN a sees open, dot, own, star; b sees open, to-b, star; c sees open, star (one HTTP port each)
    expect(rows).toEqual([
      sidecar('a/client', f(4, 4, 1, 5), f(4, 4, 1, 5)),
      sidecar('b/client', f(3, 3, 1, 4), f(3, 3, 1, 4)),
      sidecar('c/client', f(2, 2, 1, 3), f(2, 2, 1, 3)),
    ]);
  });

  test("a ServiceEntry's exportTo: each host is a service; '.' stays in its namespace, 'b' goes to b, '~' nowhere", () => {
    const rows = proxyScopes(CASES.serviceEntryExportTo.manifests);
    // a: open.example.com, www.open.example.com, dot.example.com; b: the open ones and b.example.com (TLS ports: no routes)
    expect(rows).toEqual([
      sidecar('a/client', f(3, 3, 0, 0), f(3, 3, 0, 0)),
      sidecar('b/client', f(3, 3, 0, 0), f(3, 3, 0, 0)),
    ]);
  });

  test('VirtualService and DestinationRule exportTo: hosts add virtual hosts, subsets add clusters, only where they are exported', () => {
    const rows = proxyScopes(CASES.routingExportTo.manifests);
    // a: web with the '.' rule's 2 subsets, virtual hosts web, alias-a and the catch-all
    // b: web without subsets, virtual hosts web, alias-b, catch-all; c: the rule exported to c (1 subset), no alias
    // the VirtualService bound to a gateway only is never a sidecar's
    expect(rows).toEqual([
      sidecar('a/client', f(1, 3, 1, 3), f(1, 3, 1, 3)),
      sidecar('b/client', f(1, 1, 1, 3), f(1, 1, 1, 3)),
      sidecar('c/client', f(1, 2, 1, 2), f(1, 2, 1, 2)),
    ]);
  });

  test("the mesh config's defaults apply to objects without exportTo, and only to them", () => {
    const { manifests, meshConfig } = CASES.meshDefaults;
    const rows = proxyScopes(manifests, { meshConfig });
    // a: web (private by default), api (annotated '*') with the private rule's subset; alias's virtual host
    // b: api only, without the subset, without the alias
    expect(rows).toEqual([
      sidecar('a/client', f(2, 3, 1, 4), f(2, 3, 1, 4)),
      sidecar('b/client', f(1, 1, 1, 2), f(1, 1, 1, 2)),
    ]);
    // without the mesh config everything is exported to everyone
    expect(proxyScopes(manifests)[1]).toEqual(sidecar('b/client', f(2, 3, 1, 4), f(2, 3, 1, 4)));
  });
});

describe('proxy scope: Sidecar egress hosts', () => {
  test("'./*', 'b/*', '*/one.b…', '~/*', wildcard dnsNames, and no egress (everything) select what Istio selects", () => {
    // GIVEN one and two in a and b, one in c (5 services); a Sidecar per client
    const rows = proxyScopes(CASES.egressHosts.manifests);
    expect(rows).toEqual([
      // '*/one.b.svc.cluster.local': that host only, from any namespace
      sidecar('a/any-ns', f(5, 5, 1, 6), f(1, 1, 1, 2), 'a/any-ns'),
      // './*': a's services
      sidecar('a/dot', f(5, 5, 1, 6), f(2, 2, 1, 3), 'a/dot'),
      // no egress listener: every host of every namespace
      sidecar('a/no-egress', f(5, 5, 1, 6), f(5, 5, 1, 6), 'a/no-egress'),
      // '~/*': nothing, not even a route configuration
      sidecar('a/nothing', f(5, 5, 1, 6), f(0, 0, 0, 0), 'a/nothing'),
      // 'b/*': b's services
      sidecar('a/ns', f(5, 5, 1, 6), f(2, 2, 1, 3), 'a/ns'),
      // '*/*.b.svc.cluster.local' takes b's services; 'c/*.example.com' matches no service of c
      sidecar('a/wildcard', f(5, 5, 1, 6), f(2, 2, 1, 3), 'a/wildcard'),
    ]);
  });

  test('the destinations of an imported VirtualService join the scope (clusters), but get no virtual host of their own', () => {
    const rows = proxyScopes(CASES.virtualServiceDestinations.manifests);
    // './*' imports front and its VirtualService, which routes to back.b: back has a cluster; other.b is out
    expect(rows).toEqual([sidecar('a/client', f(3, 3, 1, 4), f(2, 2, 1, 2), 'a/default')]);
  });
});

describe('proxy scope: which Sidecar applies', () => {
  test("a workload's Sidecar wins over its namespace's; a namespace without one that applies takes the root namespace's", () => {
    const rows = proxyScopes(CASES.sidecarPrecedence.manifests);
    expect(rows).toEqual([
      sidecar('a/other', f(4, 4, 1, 5), f(1, 1, 1, 2), 'a/namespace'),
      sidecar('a/picked', f(4, 4, 1, 5), f(1, 1, 1, 2), 'a/picked'),
      // c's only Sidecar selects nobody: the root one applies, its '.' standing for c
      sidecar('c/client', f(4, 4, 1, 5), f(2, 2, 1, 3), 'istio-system/root'),
    ]);
  });

  test('without a root namespace Sidecar, a namespace without Sidecar keeps the whole mesh', () => {
    expect(proxyScopes(CASES.noRootSidecar.manifests)).toEqual([
      sidecar('a/client', f(2, 2, 1, 3), f(1, 1, 1, 2), 'a/namespace'),
      sidecar('b/client', f(2, 2, 1, 3), f(2, 2, 1, 3)),
    ]);
  });

  test('a gateway sees every service exported to its namespace, whatever the Sidecars say, and has no route figures', () => {
    expect(proxyScopes(CASES.gateway.manifests)).toEqual([
      { proxy: 'a/ingress', kind: ProxyKind.GATEWAY, unscoped: f(1, 1), scoped: f(1, 1) },
    ]);
  });
});

describe('proxy scope: clusters and routes', () => {
  test('every port but UDP ones has a cluster, and each subset one more per port', () => {
    // multi: 80 and 9090 (and 53, UDP by its name) × (default + v1 + v2) = 6; dns: UDP only, none
    expect(proxyScopes(CASES.subsets.manifests)).toEqual([sidecar('a/client', f(2, 6, 2, 4), f(2, 6, 2, 4))]);
  });

  test("a VirtualService's host that is no service gets a virtual host only on the ports and for the namespaces its matches have", () => {
    // a: 80 has web and the catch-all (api.example.com's only match is port 8080; from-b's is for b; gw's for a gateway);
    //    8080 has api, api.example.com and the catch-all
    // b: 80 also has from-b.example.com
    expect(proxyScopes(CASES.routeMatches.manifests)).toEqual([
      sidecar('a/client', f(2, 2, 2, 5), f(2, 2, 2, 5)),
      sidecar('b/client', f(2, 2, 2, 6), f(2, 2, 2, 6)),
    ]);
  });

  test('DestinationRules of one host merge subsets when their exportTo is the same; the last apart one applies; a selector picks its pods', () => {
    // client: web's two rules merged (v1, v2, v3: 1 + 3); api's rules apart, the last ('*': v2, v3) applies (1 + 2)
    // picked: web's rule selecting it (v9: 1 + 1); api as for client
    expect(proxyScopes(CASES.subsetMerge.manifests)).toEqual([
      sidecar('a/client', f(2, 7, 1, 3), f(2, 7, 1, 3)),
      sidecar('a/picked', f(2, 5, 1, 3), f(2, 5, 1, 3)),
    ]);
  });

  test('HTTP, HTTP/2, gRPC and sniffed ports get a route configuration; TCP, TLS and HTTPS ports do not', () => {
    // web: 80 http, 9000 tcp, 8000 unnamed, 9090 grpc, 443 https, 8443 tls, 8080 http2; api: 8080 http
    // route configurations 80, 8000, 9090, 8080; virtual hosts: web on each, api on 8080, and 4 catch-alls
    expect(proxyScopes(CASES.routePorts.manifests)).toEqual([sidecar('a/client', f(2, 8, 4, 9), f(2, 8, 4, 9))]);
  });
});

describe('proxy scope: proxies', () => {
  test('only pods running a proxy are reported: not those opted out, nor those of namespaces without injection', () => {
    const manifests = [
      service('one', 'a'),
      deployment('in', 'a'),
      { ...deployment('out', 'a'), spec: { ...deployment('out', 'a').spec, template: { metadata: { labels: { 'app': 'out', 'sidecar.istio.io/inject': 'false' } }, spec: { containers: [{ name: 'app', image: 'app:1' }] } } } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'plain', labels: { 'istio-injection': 'disabled' } } },
      deployment('client', 'plain'),
    ];
    expect(proxyScopes(manifests).map(r => r.proxy)).toEqual(['a/in']);
  });

  test('the default ingress gateway istioctl assumes is not a proxy of the manifests', () => {
    expect(proxyScopes([service('one', 'a')])).toEqual([]);
  });
});
