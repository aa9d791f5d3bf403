/**
 * The proxy scope report's public face (jsii-compatible); the package's index exports it.
 */
import { formatScopeJson, formatScopeText } from './format';
import { averages, ProxyScope, proxyScopes, ScopeAverages } from './report';

export { ProxyKind } from './report';
export type { ProxyScope, ScopeAverages, ScopeFigures } from './report';

/** What to assume about the cluster the manifests are for. */
export interface ProxyScopeReportOptions {
  /**
   * Istio's namespace (the `istio` ConfigMap) and, unless the mesh config sets `rootNamespace`,
   * the mesh's root namespace, whose Sidecar without a workload selector is the default of every
   * namespace without one.
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /** @default 'cluster.local' */
  readonly clusterDomain?: string;
  /**
   * Take namespaces the manifests do not declare to be labelled `istio-injection=enabled` (else
   * `disabled`).
   * @default true
   */
  readonly assumeInjected?: boolean;
  /**
   * The mesh config (MeshConfig YAML): `rootNamespace`, `defaultServiceExportTo`,
   * `defaultVirtualServiceExportTo` and `defaultDestinationRuleExportTo` are read.
   * @default - the `mesh` key of the ConfigMap `istio` in Istio's namespace, else Istio's defaults
   */
  readonly meshConfig?: string;
  /**
   * Manifests of objects the cluster holds that the input does not (Services, ServiceEntries …
   * that proxies see too).
   * @default - none
   */
  readonly clusterObjects?: any[];
}

/**
 * How much of the mesh each proxy's configuration holds, without Sidecar resources (every
 * service, VirtualService and DestinationRule exported to its namespace) and with them, following
 * Istio's visibility rules (exportTo, Sidecar egress hosts, namespaces).
 *
 * ```ts
 * const report = ProxyScopeReport.of(Testing.synth(chart));
 * console.log(report.formatText()); // per proxy: services, clusters, routes, virtual hosts (unscoped -> scoped)
 * ```
 */
export class ProxyScopeReport {
  /** The report of a set of manifests (plain objects, e.g. `ApiObject.toJson()` results or parsed YAML documents). */
  public static of(manifests: any[], options: ProxyScopeReportOptions = {}): ProxyScopeReport {
    return new ProxyScopeReport(proxyScopes(manifests, options));
  }

  /** One row per proxy, by `namespace/name`. */
  public readonly proxies: ProxyScope[];
  /** Averages over the proxies (route figures over the sidecars). */
  public readonly average: ScopeAverages;

  private constructor(proxies: ProxyScope[]) {
    this.proxies = proxies;
    this.average = averages(proxies);
  }

  /** A table, one line per proxy (each figure without Sidecar resources `->` with them), and the averages. */
  public formatText(): string {
    return formatScopeText(this.proxies, this.average);
  }

  /** `{"proxies":[{"proxy","kind","sidecar","unscoped","scoped"}],"average":{…}}`. */
  public formatJson(): string {
    return formatScopeJson(this.proxies, this.average);
  }
}
