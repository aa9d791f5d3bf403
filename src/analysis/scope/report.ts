/**
 * The proxy scope report: for each proxy of the cluster the manifests make, how many services,
 * outbound clusters and HTTP routes its configuration holds without Sidecar resources (exportTo
 * and namespaces only) and with them. README.md ("Proxy scope report") says what is counted.
 */
import { DestinationRules, outboundClusters, outboundRoutes, RouteCounts } from './envoy';
import { scopeMeshConfig, ScopeRegistry } from './registry';
import { gatewayScope, SidecarScope, sidecarScope } from './sidecar-scope';
import { ANNOTATION } from '../../private/istio-names';
import { PROXY_CONTAINER } from '../../private/proxy-ports';
import { selects, stringMap } from '../labels';
import { Model } from '../model';
import { asArray, Obj } from '../objects';
import { Pod } from '../pods';
import { resolveOptions } from '../types';

/** What a proxy's configuration holds. */
export interface ScopeFigures {
  /** Services (hostnames) in scope. */
  readonly services: number;
  /** Outbound clusters: one per service port (not UDP), plus one per DestinationRule subset and port. */
  readonly clusters: number;
  /** Outbound HTTP route configurations (one per port); undefined for gateways, whose routes come from their Gateways. */
  readonly routeConfigurations?: number;
  /** The virtual hosts of those route configurations, catch-alls included; undefined for gateways. */
  readonly virtualHosts?: number;
}

/** The kind of a proxy. */
export enum ProxyKind {
  /** An application's sidecar (Istio's `sidecar` proxy type). */
  SIDECAR = 'sidecar',
  /** A gateway (Istio's `router` proxy type): Sidecar resources do not apply to it. */
  GATEWAY = 'gateway',
}

/** One proxy's scope, without and with the Sidecar resources. */
export interface ProxyScope {
  /** `namespace/name` of the pod (a controller's pod is named as its controller). */
  readonly proxy: string;
  readonly kind: ProxyKind;
  /** `namespace/name` of the Sidecar resource that applies to it; undefined when none does. */
  readonly sidecar?: string;
  /** Without Sidecar resources: every service, VirtualService and DestinationRule exported to its namespace. */
  readonly unscoped: ScopeFigures;
  /** With the Sidecar resources of the manifests. */
  readonly scoped: ScopeFigures;
}

/** Averages over the proxies (route figures over the sidecars). */
export interface ScopeAverages {
  readonly proxies: number;
  readonly sidecars: number;
  readonly gateways: number;
  readonly unscoped: ScopeFigures;
  readonly scoped: ScopeFigures;
}

/** What to assume about the cluster the manifests are for. */
export interface ScopeOptions {
  readonly rootNamespace?: string;
  readonly clusterDomain?: string;
  readonly assumeInjected?: boolean;
  readonly meshConfig?: string;
  readonly clusterObjects?: readonly any[];
}

const ROUTER_TEMPLATES = new Set(['gateway']);

/** Whether a pod's proxy is a gateway (Istio's `router` proxy type). */
function isGateway(pod: Pod): boolean {
  if (pod.obj.kind === 'gateway/Gateway') return true;
  const templates = (pod.annotations[ANNOTATION.templates] ?? '').split(',').map(s => s.trim());
  if (templates.some(t => ROUTER_TEMPLATES.has(t))) return true;
  const proxy = asArray(pod.podSpec?.containers).find(c => c?.name === PROXY_CONTAINER);
  return asArray(proxy?.args).map(String).includes('router');
}

/** The proxies' scopes, by proxy name. */
export function proxyScopes(manifests: readonly any[], options: ScopeOptions = {}): ProxyScope[] {
  const resolved = resolveOptions({ ...options, assumeDefaultGateways: false });
  const model = new Model(manifests, resolved);
  const meshText = options.meshConfig ?? model.find('ConfigMap', resolved.rootNamespace, 'istio')?.raw.data?.mesh;
  const registry = new ScopeRegistry(model, scopeMeshConfig(typeof meshText === 'string' ? meshText : undefined, model.meshConfig.rootNamespace));
  const rules = new DestinationRules(registry);
  const selectorRules = registry.destinationRules.some(dr => dr.workloadSelector !== undefined);
  const root = registry.mesh.rootNamespace;

  // Sidecars with a workload selector first, then those without (input order within each)
  const sidecars = new Map<string, Obj[]>();
  const all = model.of('Sidecar');
  for (const sc of [...all.filter(s => hasSelector(s)), ...all.filter(s => !hasSelector(s))]) {
    const list = sidecars.get(sc.namespace) ?? [];
    list.push(sc);
    sidecars.set(sc.namespace, list);
  }
  const rootSidecar = all.find(s => s.namespace === root && !hasSelector(s));

  const scopes = new Map<string, SidecarScope>();
  const scopeOf = (key: string, make: () => SidecarScope) => {
    let s = scopes.get(key);
    if (!s) scopes.set(key, s = make());
    return s;
  };
  const routes = new Map<SidecarScope, RouteCounts>();
  const clusters = new Map<string, number>();
  const figures = (scope: SidecarScope, pod: Pod, gateway: boolean): ScopeFigures => {
    const clusterKey = `${scopeKeyOf.get(scope)}|${pod.namespace}|${selectorRules ? JSON.stringify(pod.labels) : ''}`;
    let c = clusters.get(clusterKey);
    if (c === undefined) clusters.set(clusterKey, c = outboundClusters(scope, rules, pod.namespace, pod.labels));
    if (gateway) return { services: scope.services.size, clusters: c };
    let r = routes.get(scope);
    if (!r) routes.set(scope, r = outboundRoutes(scope, pod.namespace));
    return { services: scope.services.size, clusters: c, ...r };
  };
  const scopeKeyOf = new Map<SidecarScope, string>();
  const keyed = (key: string, make: () => SidecarScope) => {
    const s = scopeOf(key, make);
    scopeKeyOf.set(s, key);
    return s;
  };

  const rows: ProxyScope[] = [];
  for (const pod of model.pods) {
    if (!pod.injected || pod.ambient || pod.obj.synthetic) continue;
    const ns = pod.namespace;
    const proxy = `${ns}/${pod.name}`;
    if (isGateway(pod)) {
      const scope = keyed(`gateway|${ns}`, () => gatewayScope(registry, ns));
      const f = figures(scope, pod, true);
      rows.push({ proxy, kind: ProxyKind.GATEWAY, unscoped: f, scoped: f });
      continue;
    }
    const unscoped = keyed(`default|${ns}`, () => sidecarScope(registry, undefined, ns));
    const sidecar = (sidecars.get(ns) ?? []).find(sc => !hasSelector(sc) || selects(stringMap(sc.spec.workloadSelector.labels), pod.labels))
      ?? rootSidecar;
    const scoped = sidecar
      ? keyed(`${sidecar.namespace}/${sidecar.name}|${ns}`, () => sidecarScope(registry, sidecar.spec, ns))
      : unscoped;
    rows.push({
      proxy,
      kind: ProxyKind.SIDECAR,
      ...sidecar ? { sidecar: sidecar.fullName } : {},
      unscoped: figures(unscoped, pod, false),
      scoped: figures(scoped, pod, false),
    });
  }
  return rows.sort((a, b) => (a.proxy < b.proxy ? -1 : a.proxy > b.proxy ? 1 : 0));
}

function hasSelector(sidecar: Obj): boolean {
  const s = sidecar.spec.workloadSelector;
  return s !== undefined && s !== null;
}

/** Averages over the proxies; route figures over the sidecars. */
export function averages(rows: readonly ProxyScope[]): ScopeAverages {
  const sidecars = rows.filter(r => r.kind === ProxyKind.SIDECAR);
  const avg = (list: readonly ProxyScope[], f: (r: ProxyScope) => number) =>
    (list.length === 0 ? 0 : list.reduce((sum, r) => sum + f(r), 0) / list.length);
  const of = (pick: (r: ProxyScope) => ScopeFigures): ScopeFigures => ({
    services: avg(rows, r => pick(r).services),
    clusters: avg(rows, r => pick(r).clusters),
    routeConfigurations: avg(sidecars, r => pick(r).routeConfigurations ?? 0),
    virtualHosts: avg(sidecars, r => pick(r).virtualHosts ?? 0),
  });
  return {
    proxies: rows.length,
    sidecars: sidecars.length,
    gateways: rows.length - sidecars.length,
    unscoped: of(r => r.unscoped),
    scoped: of(r => r.scoped),
  };
}
