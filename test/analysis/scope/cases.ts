/**
 * Inputs of the scope report's tests, one per visibility rule, each with both edges of its rule.
 * The unit tests (scope.test.ts) state what each proxy's scope holds; the differential test
 * (test/istio/scope.differential.ts) builds the same proxies' configuration with istiod's own code.
 */

/** A Deployment running one pod with these labels (injected: undeclared namespaces are `istio-injection=enabled`). */
export function deployment(name: string, namespace: string, labels: Record<string, string> = { app: name },
  annotations?: Record<string, string>): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels, annotations }, spec: { containers: [{ name: 'app', image: 'app:1' }] } },
    },
  };
}

/** A Service with ports (`name:number`, `number` for an unnamed port) and annotations. */
export function service(name: string, namespace: string, ports: string[] = ['http:80'], annotations?: Record<string, string>): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, annotations },
    spec: {
      selector: { app: name },
      ports: ports.map(p => {
        const [portName, n] = p.includes(':') ? p.split(':') : [undefined, p];
        return { ...portName ? { name: portName } : {}, port: Number(n) };
      }),
    },
  };
}

export function istio(kind: string, name: string, namespace: string, spec: any): any {
  return { apiVersion: 'networking.istio.io/v1', kind, metadata: { name, namespace }, spec };
}

/** One input: its manifests and, for the differential test, which pods are gateways. */
export interface ScopeCase {
  readonly manifests: any[];
  /** Mesh config YAML. */
  readonly meshConfig?: string;
}

export const CASES = {
  /** Services' `networking.istio.io/exportTo`: none (everyone), `.`, the own namespace, another, `~` (alone, and with another), `*` with `~`. */
  serviceExportTo: {
    manifests: [
      service('open', 'a'),
      service('dot', 'a', ['http:80'], { 'networking.istio.io/exportTo': '.' }),
      service('own', 'a', ['http:80'], { 'networking.istio.io/exportTo': 'a' }),
      service('to-b', 'a', ['http:80'], { 'networking.istio.io/exportTo': 'b' }),
      service('none', 'a', ['http:80'], { 'networking.istio.io/exportTo': '~' }),
      service('none-b', 'a', ['http:80'], { 'networking.istio.io/exportTo': 'b, ~' }),
      service('star', 'a', ['http:80'], { 'networking.istio.io/exportTo': 'c, *, ~' }),
      deployment('client', 'a'),
      deployment('client', 'b'),
      deployment('client', 'c'),
    ],
  },
  /** ServiceEntries' `exportTo`: none, `.`, another namespace, `~`; each host is a service. */
  serviceEntryExportTo: {
    manifests: [
      istio('ServiceEntry', 'open', 'a', { hosts: ['open.example.com', 'www.open.example.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'DNS' }),
      istio('ServiceEntry', 'dot', 'a', { hosts: ['dot.example.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'DNS', exportTo: ['.'] }),
      istio('ServiceEntry', 'to-b', 'a', { hosts: ['b.example.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'DNS', exportTo: ['b'] }),
      istio('ServiceEntry', 'none', 'a', { hosts: ['none.example.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'DNS', exportTo: ['~'] }),
      deployment('client', 'a'),
      deployment('client', 'b'),
    ],
  },
  /**
   * VirtualServices' and DestinationRules' `exportTo` (`~` is valid only on ServiceEntries): a VirtualService for a host that is no
   * service adds a virtual host where it is seen; a DestinationRule's subsets add clusters where
   * it is seen.
   */
  routingExportTo: {
    manifests: [
      service('web', 'a'),
      istio('VirtualService', 'alias-a', 'a', { hosts: ['alias-a.example.com'], exportTo: ['.'], http: [{ route: [{ destination: { host: 'web' } }] }] }),
      istio('VirtualService', 'alias-b', 'a', { hosts: ['alias-b.example.com'], exportTo: ['b'], http: [{ route: [{ destination: { host: 'web' } }] }] }),
      istio('VirtualService', 'alias-gateway', 'a', { hosts: ['alias-gw.example.com'], gateways: ['ingress'], http: [{ route: [{ destination: { host: 'web' } }] }] }),
      istio('DestinationRule', 'web', 'a', { host: 'web', exportTo: ['.'], subsets: [{ name: 'v1', labels: { v: '1' } }, { name: 'v2', labels: { v: '2' } }] }),
      istio('DestinationRule', 'web-for-c', 'a', { host: 'web.a.svc.cluster.local', exportTo: ['c'], subsets: [{ name: 'v3', labels: { v: '3' } }] }),
      deployment('client', 'a'),
      deployment('client', 'b'),
      deployment('client', 'c'),
    ],
  },
  /** Sidecar egress hosts: `./*`, `ns/*`, `*` with one host, `~/*`, and a wildcard dnsName. */
  egressHosts: {
    manifests: [
      service('one', 'a'), service('two', 'a'),
      service('one', 'b'), service('two', 'b'),
      service('one', 'c'),
      istio('Sidecar', 'dot', 'a', { workloadSelector: { labels: { app: 'dot' } }, egress: [{ hosts: ['./*'] }] }),
      istio('Sidecar', 'ns', 'a', { workloadSelector: { labels: { app: 'ns' } }, egress: [{ hosts: ['b/*'] }] }),
      istio('Sidecar', 'any-ns', 'a', { workloadSelector: { labels: { app: 'any-ns' } }, egress: [{ hosts: ['*/one.b.svc.cluster.local'] }] }),
      istio('Sidecar', 'nothing', 'a', { workloadSelector: { labels: { app: 'nothing' } }, egress: [{ hosts: ['~/*'] }] }),
      istio('Sidecar', 'wildcard', 'a', { workloadSelector: { labels: { app: 'wildcard' } }, egress: [{ hosts: ['*/*.b.svc.cluster.local', 'c/*.example.com'] }] }),
      istio('Sidecar', 'no-egress', 'a', { workloadSelector: { labels: { app: 'no-egress' } }, outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } }),
      deployment('dot', 'a'), deployment('ns', 'a'), deployment('any-ns', 'a'), deployment('nothing', 'a'),
      deployment('wildcard', 'a'), deployment('no-egress', 'a'),
    ],
  },
  /**
   * Which Sidecar applies: one with a matching workload selector, else the namespace's one without
   * selector, else the root namespace's one without selector, else none.
   */
  sidecarPrecedence: {
    manifests: [
      service('one', 'a'), service('one', 'b'), service('one', 'c'), service('one', 'd'),
      istio('Sidecar', 'picked', 'a', { workloadSelector: { labels: { app: 'picked' } }, egress: [{ hosts: ['b/*'] }] }),
      istio('Sidecar', 'namespace', 'a', { egress: [{ hosts: ['./*'] }] }),
      istio('Sidecar', 'unmatched', 'c', { workloadSelector: { labels: { app: 'nobody' } }, egress: [{ hosts: ['./*'] }] }),
      istio('Sidecar', 'root', 'istio-system', { egress: [{ hosts: ['./*', 'd/*'] }] }),
      deployment('picked', 'a'), deployment('other', 'a'), deployment('client', 'c'),
    ],
  },
  /** Without a root namespace Sidecar, proxies of namespaces without Sidecar see everything exported to them. */
  noRootSidecar: {
    manifests: [
      service('one', 'a'), service('one', 'b'),
      istio('Sidecar', 'namespace', 'a', { egress: [{ hosts: ['./*'] }] }),
      deployment('client', 'a'), deployment('client', 'b'),
    ],
  },
  /** Outbound clusters: one per port that is not UDP, and one more per subset and port. */
  subsets: {
    manifests: [
      service('multi', 'a', ['http:80', 'grpc:9090', 'udp-dns:53']),
      { ...service('dns', 'a', ['dns:53']), spec: { selector: { app: 'dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] } },
      istio('DestinationRule', 'multi', 'a', { host: 'multi', subsets: [{ name: 'v1', labels: { v: '1' } }, { name: 'v2', labels: { v: '2' } }] }),
      deployment('client', 'a'),
    ],
  },
  /**
   * DestinationRules of one host merge their subsets when their exportTo is the same; one with
   * another exportTo stays apart (and the last one without selector is the one applied); one with
   * a workload selector applies to the pods it selects.
   */
  subsetMerge: {
    manifests: [
      service('web', 'a'), service('api', 'a'),
      istio('DestinationRule', 'web-1', 'a', { host: 'web', subsets: [{ name: 'v1', labels: { v: '1' } }, { name: 'v2', labels: { v: '2' } }] }),
      istio('DestinationRule', 'web-2', 'a', { host: 'web', subsets: [{ name: 'v2', labels: { v: '2' } }, { name: 'v3', labels: { v: '3' } }] }),
      istio('DestinationRule', 'api-1', 'a', { host: 'api', subsets: [{ name: 'v1', labels: { v: '1' } }] }),
      istio('DestinationRule', 'api-2', 'a', { host: 'api', exportTo: ['*'], subsets: [{ name: 'v2', labels: { v: '2' } }, { name: 'v3', labels: { v: '3' } }] }),
      istio('DestinationRule', 'web-picked', 'a', { host: 'web', workloadSelector: { matchLabels: { app: 'picked' } }, subsets: [{ name: 'v9', labels: { v: '9' } }] }),
      deployment('client', 'a'), deployment('picked', 'a'),
    ],
  },
  /** Route configurations: one per HTTP, HTTP/2, gRPC or sniffed port; none for TCP, TLS or HTTPS ports. */
  routePorts: {
    manifests: [
      service('web', 'a', ['http:80', 'tcp:9000', '8000', 'grpc-api:9090', 'https:443', 'tls:8443', 'http2-x:8080']),
      service('api', 'a', ['http-api:8080']),
      deployment('client', 'a'),
    ],
  },
  /**
   * A VirtualService's host that is no service gets a virtual host on a port only when one of its
   * `http` rules has a route there for the proxy: a match of that port (or none), of the proxy's
   * namespace (or none), bound to `mesh` (or to nothing).
   */
  routeMatches: {
    manifests: [
      service('web', 'a'), service('api', 'a', ['http:8080']),
      istio('VirtualService', 'api', 'a', { hosts: ['api', 'api.example.com'], http: [{ match: [{ port: 8080 }], route: [{ destination: { host: 'api' } }] }] }),
      istio('VirtualService', 'from-b', 'a', { hosts: ['from-b.example.com'], http: [{ match: [{ sourceNamespace: 'b' }], route: [{ destination: { host: 'web' } }] }] }),
      istio('VirtualService', 'gateway-match', 'a', {
        hosts: ['gw.example.com'], gateways: ['mesh', 'ingress'], http: [{ match: [{ gateways: ['ingress'] }], route: [{ destination: { host: 'web' } }] }],
      }),
      deployment('client', 'a'), deployment('client', 'b'),
    ],
  },
  /** The destinations of an imported VirtualService join the scope, even from a namespace the egress hosts do not import. */
  virtualServiceDestinations: {
    manifests: [
      service('front', 'a'), service('back', 'b'), service('other', 'b'),
      istio('VirtualService', 'front', 'a', { hosts: ['front'], http: [{ route: [{ destination: { host: 'back.b.svc.cluster.local' } }] }] }),
      istio('Sidecar', 'default', 'a', { egress: [{ hosts: ['./*'] }] }),
      deployment('client', 'a'),
    ],
  },
  /** A gateway sees every service exported to its namespace; Sidecar resources do not apply to it. */
  gateway: {
    manifests: [
      service('one', 'a'), service('two', 'b', ['http:80'], { 'networking.istio.io/exportTo': '.' }),
      istio('Sidecar', 'namespace', 'a', { egress: [{ hosts: ['~/*'] }] }),
      deployment('ingress', 'a', { app: 'ingress', istio: 'ingressgateway' }, { 'inject.istio.io/templates': 'gateway' }),
    ],
  },
  /**
   * The mesh config's export defaults for objects without `exportTo`: here `.` for Services,
   * VirtualServices and DestinationRules (a Service's own annotation still counts).
   */
  meshDefaults: {
    meshConfig: "defaultServiceExportTo: ['.']\ndefaultVirtualServiceExportTo: ['.']\ndefaultDestinationRuleExportTo: ['.']\n",
    manifests: [
      service('web', 'a'),
      service('api', 'a', ['http:80'], { 'networking.istio.io/exportTo': '*' }),
      istio('VirtualService', 'alias', 'a', { hosts: ['alias.example.com'], http: [{ route: [{ destination: { host: 'web' } }] }] }),
      istio('DestinationRule', 'api', 'a', { host: 'api', subsets: [{ name: 'v1', labels: { v: '1' } }] }),
      deployment('client', 'a'),
      deployment('client', 'b'),
    ],
  },
} satisfies Record<string, ScopeCase>;
