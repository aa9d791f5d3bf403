/**
 * Manifests for the graph tests, written as plain objects (the diagram is drawn from manifests,
 * whatever made them).
 */

export function namespace(name: string, labels: Record<string, string> = { 'istio-injection': 'enabled' }): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A Deployment whose pods carry `labels` and run as `serviceAccount`. */
export function deployment(ns: string, name: string, labels: Record<string, string>, serviceAccount?: string, ports: number[] = []): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          ...serviceAccount ? { serviceAccountName: serviceAccount } : {},
          containers: [{ name: 'app', image: `${name}:1`, ports: ports.map(containerPort => ({ containerPort })) }],
        },
      },
    },
  };
}

export function service(ns: string, name: string, selector: Record<string, string>, ports: Array<number | [number, string]> = [80]): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { selector, ports: ports.map(p => (Array.isArray(p) ? { port: p[0], name: p[1] } : { port: p, name: 'http' })) },
  };
}

/** A Service `name` selecting `app: name`, with one Deployment per version (`name-vN`, labelled `version: vN`). */
export function app(ns: string, name: string, versions: string[], ports: Array<number | [number, string]> = [80]): any[] {
  return [
    service(ns, name, { app: name }, ports),
    ...versions.map(v => deployment(ns, `${name}-${v}`, { app: name, version: v }, name)),
  ];
}

export function istio(kind: string, ns: string, name: string, spec: any, group = 'networking.istio.io', version = 'v1'): any {
  return { apiVersion: `${group}/${version}`, kind, metadata: { name, namespace: ns }, spec };
}

export function destinationRule(ns: string, host: string, subsets: string[]): any {
  return istio('DestinationRule', ns, host, { host, subsets: subsets.map(name => ({ name, labels: { version: name } })) });
}

export function virtualService(ns: string, name: string, spec: any): any {
  return istio('VirtualService', ns, name, spec);
}

export function authorizationPolicy(ns: string, name: string, spec: any): any {
  return istio('AuthorizationPolicy', ns, name, spec, 'security.istio.io');
}

export function gatewayApi(kind: string, ns: string, name: string, spec: any): any {
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind, metadata: { name, namespace: ns }, spec };
}

/** The edge lines of a Mermaid text. */
export function edgeLines(text: string): string[] {
  return text.split('\n').filter(l => / (-->|-\.->|-\.-o|---)/.test(l)).map(l => l.trim());
}

/** The node lines of a Mermaid text (not boxes, edges or styles). */
export function nodeLines(text: string): string[] {
  return text.split('\n').map(l => l.trim())
    .filter(l => l !== '' && !/^(flowchart|subgraph|end$|class|classDef|linkStyle)/.test(l) && !/ (-->|-\.->|-\.-o|---)/.test(l));
}

/** A pod calling edition.cnn.com through the egress gateway (Istio's egress gateway task). */
export function egressMesh(): any[] {
  return [
    istio('ServiceEntry', 'default', 'cnn', { hosts: ['edition.cnn.com'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 443, name: 'tls', protocol: 'TLS' }] }),
    service('istio-system', 'istio-egressgateway', { istio: 'egressgateway' }, [[443, 'tls']]),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'istio-egressgateway', namespace: 'istio-system' },
      spec: { template: { metadata: { labels: { istio: 'egressgateway' } }, spec: { containers: [{ name: 'istio-proxy', image: 'auto', args: ['router'] }] } } },
    },
    istio('Gateway', 'istio-system', 'egress', { selector: { istio: 'egressgateway' }, servers: [{ port: { number: 443, name: 'tls', protocol: 'TLS' }, hosts: ['edition.cnn.com'], tls: { mode: 'PASSTHROUGH' } }] }),
    virtualService('default', 'cnn-through-egress', {
      hosts: ['edition.cnn.com'],
      gateways: ['mesh'],
      tls: [{ match: [{ sniHosts: ['edition.cnn.com'], port: 443 }], route: [{ destination: { host: 'istio-egressgateway.istio-system.svc.cluster.local', port: { number: 443 } } }] }],
    }),
    virtualService('istio-system', 'cnn-from-egress', {
      hosts: ['edition.cnn.com'],
      gateways: ['egress'],
      tls: [{ match: [{ sniHosts: ['edition.cnn.com'], port: 443 }], route: [{ destination: { host: 'edition.cnn.com', port: { number: 443 } } }] }],
    }),
  ];
}
