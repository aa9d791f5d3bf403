/**
 * Installation-wide injection settings: what `istioctl kube-inject` reads from the injector
 * ConfigMap (Helm values of istio-discovery plus the mesh config).
 */
import { canonicalQuantity } from './quantity';
import {
  agentLogLevelProblem, cidrListProblem, componentLogLevelProblem, describeProblem, envoyLogLevelProblem, portListProblem, ValueProblem,
} from './validators';
import { DEFAULT_CLUSTER_DOMAIN, DEFAULT_TRUST_DOMAIN, ISTIO_SYSTEM } from '../istio-names';
import { DNS_LABEL, isDnsLabel } from '../validation';

/** Kubernetes resource requests/limits of the proxy (quantities as strings, e.g. `100m`, `128Mi`). */
export interface ProxyResources {
  readonly requests?: { readonly cpu?: string; readonly memory?: string };
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

/** Proxy defaults (`values.global.proxy` and the mesh's `defaultConfig`); every field is optional. */
export interface ProxySettings {
  /** Proxy resources when no `sidecar.istio.io/proxyCPU…` annotation is set. @default requests 100m/128Mi, limits 2000m/1024Mi */
  readonly resources?: ProxyResources;
  /** Envoy log level. @default 'warning' */
  readonly logLevel?: string;
  /** Envoy per-component log levels. @default 'misc:error' */
  readonly componentLogLevel?: string;
  /** istio-agent log scopes (`values.global.logging.level`). @default 'default:info' */
  readonly agentLogLevel?: string;
  /** Envoy worker threads (mesh `defaultConfig.concurrency`); written into PROXY_CONFIG. @default unset */
  readonly concurrency?: number;
  /** Start application containers only once the proxy is ready (classic sidecars only). @default false */
  readonly holdApplicationUntilProxyStarts?: boolean;
  /** Inbound ports captured by iptables (`*` for all). @default '*' */
  readonly includeInboundPorts?: string;
  /** Inbound ports never captured (the status port is always added). @default '' */
  readonly excludeInboundPorts?: string;
  /** Outbound ports captured. @default '' (all) */
  readonly includeOutboundPorts?: string;
  /** Outbound ports never captured. @default '' */
  readonly excludeOutboundPorts?: string;
  /** Outbound IP ranges captured (`*` for all). @default '*' */
  readonly includeIPRanges?: string;
  /** Outbound IP ranges never captured. @default '' */
  readonly excludeIPRanges?: string;
  /** istio-agent status port (health checks, merged metrics, rewritten probes); 0 disables. @default 15020 */
  readonly statusPort?: number;
  /** @default 0 */
  readonly readinessInitialDelaySeconds?: number;
  /** @default 15 */
  readonly readinessPeriodSeconds?: number;
  /** @default 4 */
  readonly readinessFailureThreshold?: number;
  /** Startup probe on the proxy. @default true */
  readonly startupProbe?: boolean;
  /** @default 600 */
  readonly startupProbeFailureThreshold?: number;
}

/** Everything that shapes an injected pod besides the pod itself. */
export interface InjectionSettings {
  /** Image registry of proxyv2. @example 'docker.io/istio' */
  readonly hub: string;
  /** Image tag of proxyv2. */
  readonly tag: string;
  /** Control-plane revision (`istio.io/rev`); `default` talks to `istiod`, any other to `istiod-<revision>`. */
  readonly revision: string;
  /** Run the proxy as a Kubernetes native sidecar (an init container with `restartPolicy: Always`, nodes ≥ 1.29). */
  readonly nativeSidecars: boolean;
  /** Cluster DNS domain. */
  readonly clusterDomain: string;
  /** Namespace of istiod (`values.global.istioNamespace`). */
  readonly rootNamespace: string;
  /** SPIFFE trust domain (also the mesh ID when `meshId` is unset). @default 'cluster.local' */
  readonly trustDomain?: string;
  /** Mesh ID. @default the trust domain */
  readonly meshId?: string;
  /** Cluster name (`ISTIO_META_CLUSTER_ID`). @default 'Kubernetes' */
  readonly clusterName?: string;
  /** Network of this cluster (`ISTIO_META_NETWORK`). @default none */
  readonly network?: string;
  /** Pull policy of the injected containers. @default unset (Kubernetes decides) */
  readonly imagePullPolicy?: string;
  /** Rewrite HTTP/TCP/gRPC application probes to go through istio-agent. @default true */
  readonly rewriteAppHTTPProbe?: boolean;
  /** Merge application Prometheus metrics into the agent's endpoint. @default true */
  readonly enablePrometheusMerge?: boolean;
  /** Proxy defaults. */
  readonly proxy?: ProxySettings;
  /** The cluster runs Istio's CNI node agent (`values.pilot.cni.enabled`): `istio-validation` replaces `istio-init`. @default false */
  readonly cni?: boolean;
}

/** Settings with every optional field resolved. */
export interface ResolvedSettings {
  readonly hub: string;
  readonly tag: string;
  readonly revision: string;
  readonly nativeSidecars: boolean;
  readonly clusterDomain: string;
  readonly rootNamespace: string;
  readonly trustDomain: string;
  readonly meshId: string;
  readonly clusterName: string;
  readonly network: string;
  readonly imagePullPolicy: string;
  readonly rewriteAppHTTPProbe: boolean;
  readonly enablePrometheusMerge: boolean;
  readonly cni: boolean;
  readonly proxy: Omit<Required<ProxySettings>, 'concurrency'> & { readonly concurrency?: number };
}

/** The settings Istio's own `kube-inject` goldens were produced with (istio-discovery default values). */
export const DEFAULT_SETTINGS: InjectionSettings = {
  hub: 'registry.istio.io/testing',
  tag: 'latest',
  revision: 'default',
  nativeSidecars: true,
  clusterDomain: DEFAULT_CLUSTER_DOMAIN,
  rootNamespace: ISTIO_SYSTEM,
};

const DEFAULT_PROXY: ResolvedSettings['proxy'] = {
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } },
  logLevel: 'warning',
  componentLogLevel: 'misc:error',
  agentLogLevel: 'default:info',
  concurrency: undefined,
  holdApplicationUntilProxyStarts: false,
  includeInboundPorts: '*',
  excludeInboundPorts: '',
  includeOutboundPorts: '',
  excludeOutboundPorts: '',
  includeIPRanges: '*',
  excludeIPRanges: '',
  statusPort: 15020,
  readinessInitialDelaySeconds: 0,
  readinessPeriodSeconds: 15,
  readinessFailureThreshold: 4,
  startupProbe: true,
  startupProbeFailureThreshold: 600,
};

function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

/** Checks the string-valued proxy settings with the same rules as the matching pod annotations. */
function proxyProblems(proxy: ResolvedSettings['proxy']): string[] {
  const checks: Array<[keyof ProxySettings, (v: string) => ValueProblem | undefined]> = [
    ['logLevel', envoyLogLevelProblem],
    ['componentLogLevel', componentLogLevelProblem],
    ['agentLogLevel', agentLogLevelProblem],
    ['includeInboundPorts', v => portListProblem(v, true)],
    ['excludeInboundPorts', v => portListProblem(v, false)],
    ['includeOutboundPorts', v => portListProblem(v, false)],
    ['excludeOutboundPorts', v => portListProblem(v, false)],
    ['includeIPRanges', v => cidrListProblem(v, true)],
    ['excludeIPRanges', v => cidrListProblem(v, false)],
  ];
  const problems: string[] = [];
  for (const [key, check] of checks) {
    const value = proxy[key];
    const p = typeof value === 'string' ? check(value) : { allowed: 'a string' };
    if (p) problems.push(describeProblem(`setting 'proxy.${key}'`, String(value), p));
  }
  for (const key of ['readinessInitialDelaySeconds', 'readinessPeriodSeconds', 'readinessFailureThreshold', 'startupProbeFailureThreshold'] as const) {
    if (!Number.isInteger(proxy[key]) || proxy[key] < 0) problems.push(`setting 'proxy.${key}' must be a non-negative integer, got ${show(proxy[key])}`);
  }
  for (const group of ['requests', 'limits'] as const) {
    for (const [resource, value] of Object.entries(proxy.resources[group] ?? {})) {
      if (value !== undefined && !canonicalQuantity(value)) {
        problems.push(`setting 'proxy.resources.${group}.${resource}' must be a Kubernetes quantity such as 100m or 128Mi, got ${show(value)}`);
      }
    }
  }
  return problems;
}

/**
 * Fills in defaults and checks the settings.
 *
 * @throws Error listing every invalid setting
 */
export function resolveSettings(settings: InjectionSettings): ResolvedSettings {
  const problems: string[] = [];
  for (const key of ['hub', 'tag', 'clusterDomain', 'rootNamespace'] as const) {
    if (typeof settings[key] !== 'string' || settings[key].trim() === '') {
      problems.push(`setting '${key}' must be a non-empty string, got ${show(settings[key])}`);
    }
  }
  if (typeof settings.revision !== 'string' || !isDnsLabel(settings.revision)) {
    problems.push(`setting 'revision' must be a DNS-1123 label (lowercase letters, digits and '-'), got ${show(settings.revision)}`);
  }
  if (typeof settings.nativeSidecars !== 'boolean') {
    problems.push(`setting 'nativeSidecars' must be true or false, got ${show(settings.nativeSidecars)}`);
  }
  if (settings.rootNamespace && !DNS_LABEL.test(settings.rootNamespace)) {
    problems.push(`setting 'rootNamespace' must be a DNS-1123 label, got '${settings.rootNamespace}'`);
  }
  const proxy = { ...DEFAULT_PROXY, ...stripUndefined(settings.proxy ?? {}) };
  if (proxy.concurrency !== undefined && (!Number.isInteger(proxy.concurrency) || proxy.concurrency < 0)) {
    problems.push(`setting 'proxy.concurrency' must be a non-negative integer, got ${show(proxy.concurrency)}`);
  }
  if (!Number.isInteger(proxy.statusPort) || proxy.statusPort < 0 || proxy.statusPort > 65535) {
    problems.push(`setting 'proxy.statusPort' must be a port number 0-65535, got ${show(proxy.statusPort)}`);
  }
  problems.push(...proxyProblems(proxy));
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const trustDomain = settings.trustDomain ?? DEFAULT_TRUST_DOMAIN;
  return {
    hub: settings.hub,
    tag: settings.tag,
    revision: settings.revision,
    nativeSidecars: settings.nativeSidecars,
    clusterDomain: settings.clusterDomain,
    rootNamespace: settings.rootNamespace,
    trustDomain,
    meshId: settings.meshId ?? '',
    clusterName: settings.clusterName ?? '',
    network: settings.network ?? '',
    imagePullPolicy: settings.imagePullPolicy ?? '',
    rewriteAppHTTPProbe: settings.rewriteAppHTTPProbe ?? true,
    enablePrometheusMerge: settings.enablePrometheusMerge ?? true,
    cni: settings.cni ?? false,
    proxy,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
