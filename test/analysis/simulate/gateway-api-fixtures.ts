/** Hand-written manifests for the Gateway API simulator tests. */

export const service = (name: string, namespace = 'default', port = 80, selector: Record<string, string> = { app: name }) => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector, ports: [{ name: 'http', port }] },
});

export const backend = (name: string, port = 80, weight?: number, namespace?: string) => ({
  name, port, ...weight !== undefined ? { weight } : {}, ...namespace ? { namespace } : {},
});

export interface RouteOptions {
  readonly namespace?: string;
  readonly kind?: 'HTTPRoute' | 'GRPCRoute';
  readonly parentRefs?: any[];
  readonly hostnames?: string[];
  readonly created?: string;
}

export const route = (name: string, rules: any[], options: RouteOptions = {}) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: options.kind ?? 'HTTPRoute',
  metadata: { name, namespace: options.namespace ?? 'default', ...options.created ? { creationTimestamp: options.created } : {} },
  spec: {
    parentRefs: options.parentRefs ?? [{ group: '', kind: 'Service', name: 'reviews' }],
    ...options.hostnames ? { hostnames: options.hostnames } : {},
    rules,
  },
});

export const gateway = (name: string, listeners: any[], namespace = 'default', gatewayClassName = 'istio') => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name, namespace }, spec: { gatewayClassName, listeners },
});

export const listener = (name: string, port = 80, extra: any = {}) => ({ name, port, protocol: 'HTTP', ...extra });

export const virtualService = (name: string, hosts: string[], to: string, namespace = 'default', extra: any = {}) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace, ...extra.metadata ?? {} },
  spec: { hosts, http: [{ route: [{ destination: { host: to } }] }], ...extra.spec ?? {} },
});

export const grant = (namespace: string, fromNamespace: string, fromKind = 'HTTPRoute', name?: string) => ({
  apiVersion: 'gateway.networking.k8s.io/v1beta1',
  kind: 'ReferenceGrant',
  metadata: { name: `from-${fromNamespace}`, namespace },
  spec: { from: [{ group: 'gateway.networking.k8s.io', kind: fromKind, namespace: fromNamespace }], to: [{ group: '', kind: 'Service', ...name ? { name } : {} }] },
});

export const namespace = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
