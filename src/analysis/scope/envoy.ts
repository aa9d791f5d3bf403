/**
 * What a scope turns into in Envoy's configuration, counted as istiod builds it
 * (pilot/pkg/networking/core): outbound clusters (`cluster.go`) and outbound HTTP route
 * configurations with their virtual hosts (`httproute.go`, `route/route.go`). README.md
 * ("Proxy scope report") says what is counted and what is not.
 */
import { ScopeRegistry, ScopeService, ScopeVirtualService } from './registry';
import { hostSubsetOf, SidecarScope } from './sidecar-scope';
import { hostsMatch } from '../hosts';
import { Labels, selects } from '../labels';

/** Protocols whose ports get an HTTP route configuration (undefined: sniffed, which does too). */
const HTTP = new Set(['http', 'http2', 'grpc', 'grpc-web']);

export function httpOrSniffed(protocol: string | undefined): boolean {
  return protocol === undefined || HTTP.has(protocol);
}

/** One DestinationRule (or several of one namespace for one host, merged) as the proxy's clusters read it. */
interface ConsolidatedRule {
  readonly selector?: Labels;
  readonly subsets: Set<string>;
}

/** DestinationRules by host, most specific match first (Istio's `consolidatedDestRules`). */
class RuleIndex {
  private readonly byHost = new Map<string, Array<ConsolidatedRule & { exportTo: readonly string[] }>>();

  /**
   * Istio's `mergeDestinationRule` (with `ENABLE_ENHANCED_DESTINATIONRULE_MERGE`, the default): a
   * rule merges its new subsets into each earlier rule of the host with the same `exportTo` (or
   * one its `exportTo` includes) and a compatible selector, and is kept on its own unless one had
   * the same `exportTo` and both have no (or the same) selector.
   */
  public add(host: string, exportTo: readonly string[], selector: Labels | undefined, subsets: readonly string[]): void {
    const list = this.byHost.get(host);
    const rule = { selector, subsets: new Set(subsets), exportTo };
    if (!list) {
      this.byHost.set(host, [rule]);
      return;
    }
    const mine = new Set(exportTo);
    let separately = true;
    for (const existing of list) {
      const theirs = new Set(existing.exportTo);
      const same = mine.size === theirs.size && [...theirs].every(e => mine.has(e));
      if (same) {separately = false;} else if (theirs.size > 0 && [...theirs].every(e => mine.has(e))) {separately = true;} else {
        separately = true;
        continue;
      }
      const bothWith = selector !== undefined && existing.selector !== undefined;
      if (bothWith && !sameLabels(selector, existing.selector!)) {
        separately = true;
        continue;
      }
      if ((selector === undefined && existing.selector === undefined) || bothWith) separately = false;
      subsets.forEach(s => existing.subsets.add(s));
    }
    if (separately) list.push(rule);
  }

  /** Istio's `MostSpecificHostMatch`: the rules of the host, else of the longest wildcard covering it. */
  public match(hostname: string): ReadonlyArray<ConsolidatedRule & { exportTo: readonly string[] }> | undefined {
    const exact = this.byHost.get(hostname);
    if (exact && !hostname.startsWith('*')) return exact;
    let best: string | undefined;
    for (const h of this.byHost.keys()) {
      if (h.startsWith('*') && hostSubsetOf(hostname, h) && (best === undefined || h.length > best.length)) best = h;
    }
    return best === undefined ? exact : this.byHost.get(best);
  }
}

/** The DestinationRules istiod applies to a proxy's clusters (`PushContext.destinationRule`). */
export class DestinationRules {
  private readonly namespaceLocal = new Map<string, RuleIndex>();
  private readonly exported = new Map<string, RuleIndex>();
  private readonly rootLocal = new RuleIndex();

  public constructor(private readonly registry: ScopeRegistry) {
    const root = registry.mesh.rootNamespace;
    // Istio's order: rules with a workload selector first, then by creation (here: input order)
    const ordered = [...registry.destinationRules.filter(dr => dr.workloadSelector), ...registry.destinationRules.filter(dr => !dr.workloadSelector)];
    for (const dr of ordered) {
      const ns = dr.obj.namespace;
      const exportTo = dr.workloadSelector ? ['.'] : dr.exportTo;
      if (exportTo.length === 0 || exportTo.includes('*') || exportTo.includes('.') || exportTo.includes(ns)) {
        index(this.namespaceLocal, ns).add(dr.host, exportTo, dr.workloadSelector, dr.subsets);
      }
      const privateOnly = (exportTo.length === 0 && registry.mesh.defaultDestinationRuleExportTo.includes('.'))
        || (new Set(exportTo).size === 1 && (exportTo[0] === '.' || exportTo[0] === ns));
      if (!privateOnly) index(this.exported, ns).add(dr.host, exportTo, dr.workloadSelector, dr.subsets);
      else if (ns === root) this.rootLocal.add(dr.host, exportTo, dr.workloadSelector, dr.subsets);
    }
  }

  /** The subsets of the rule a proxy (its namespace and labels) applies to a service's clusters. */
  public subsets(namespace: string, labels: Labels, service: ScopeService): number {
    const rules = this.rules(namespace, service);
    if (!rules) return 0;
    // a rule selecting the proxy, else the last one without selector
    const chosen = rules.find(r => r.selector !== undefined && selects(r.selector, labels))
      ?? [...rules].reverse().find(r => r.selector === undefined);
    return chosen?.subsets.size ?? 0;
  }

  private rules(namespace: string, service: ScopeService): readonly ConsolidatedRule[] | undefined {
    const root = this.registry.mesh.rootNamespace;
    const local = namespace !== root ? this.namespaceLocal.get(namespace)?.match(service.hostname) : this.rootLocal.match(service.hostname);
    if (local) return local;
    const exportedFrom = (owner: string) => this.exported.get(owner)?.match(service.hostname)
      ?.filter(r => r.exportTo.length === 0 || r.exportTo.includes('*') || r.exportTo.includes(namespace));
    const fromService = exportedFrom(service.namespace);
    if (fromService && fromService.length > 0) return fromService;
    const fromRoot = exportedFrom(root);
    return fromRoot && fromRoot.length > 0 ? fromRoot : undefined;
  }
}

function sameLabels(a: Labels, b: Labels): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every(k => a[k] === b[k]);
}

function index(map: Map<string, RuleIndex>, ns: string): RuleIndex {
  let i = map.get(ns);
  if (!i) map.set(ns, i = new RuleIndex());
  return i;
}

/**
 * Outbound clusters: for each service in scope that is not an alias (ExternalName), one per port
 * that is not UDP, plus one per subset of the DestinationRule the proxy applies to it.
 */
export function outboundClusters(scope: SidecarScope, rules: DestinationRules, namespace: string, labels: Labels): number {
  let n = 0;
  for (const s of scope.services.values()) {
    if (s.alias) continue;
    const ports = s.ports.filter(p => p.protocol !== 'udp').length;
    if (ports === 0) continue;
    n += ports * (1 + rules.subsets(namespace, labels, s));
  }
  return n;
}

/** A sidecar's outbound HTTP routes: route configurations (one per port) and their virtual hosts. */
export interface RouteCounts {
  readonly routeConfigurations: number;
  readonly virtualHosts: number;
}

/**
 * One route configuration (RDS, named by the port) per port number on which a service an egress
 * listener imports has an HTTP or sniffed port. Its virtual hosts: one per such service with an
 * HTTP or sniffed port of that number (ExternalName aliases aside); one per host of an imported
 * VirtualService with an `http` route on the port that is no such service (wildcard hosts
 * covering a service count as it; on ports other than 80, only VirtualServices with a host of a
 * service on the port are read); and the catch-all (`allow_any` or `block_all`).
 */
export function outboundRoutes(scope: SidecarScope, namespace: string): RouteCounts {
  // the services the egress listeners import (the destinations of VirtualServices have clusters, but no routes of their own)
  const imported = new Map<string, ScopeService>();
  for (const l of scope.listeners) l.services.forEach(s => imported.set(s.hostname, imported.get(s.hostname) ?? s));
  const ports = new Map<number, ScopeService[]>();
  for (const s of imported.values()) {
    for (const p of s.ports) {
      if (!httpOrSniffed(p.protocol)) continue;
      let list = ports.get(p.number);
      if (!list) ports.set(p.number, list = []);
      list.push(s);
    }
  }
  const virtualServices = new Set(scope.listeners.flatMap(l => l.virtualServices).filter(vs => vs.httpRules.length > 0));
  let virtualHosts = 0;
  for (const [port, services] of ports) {
    const names = new Set(services.filter(s => !s.alias).map(s => s.hostname));
    const hostnames = new Set(services.map(s => s.hostname));
    const wildcardNames = [...hostnames].filter(h => h.startsWith('*'));
    const coversService = (h: string) => (h.startsWith('*') ? [...hostnames].some(s => hostsMatch(h, s)) : hostnames.has(h) || wildcardNames.some(s => hostsMatch(h, s)));
    const hosts = new Set<string>();
    for (const vs of virtualServices) {
      if (!routesOn(vs, port, namespace)) continue;
      // on port 80 every VirtualService counts; on the others, those with a host of a service on the port
      if (port !== 80 && !vs.hosts.some(coversService)) continue;
      for (const h of vs.hosts) {
        if (names.has(h) || (h.startsWith('*') && coversService(h))) continue;
        hosts.add(h);
      }
    }
    virtualHosts += names.size + hosts.size + 1;
  }
  return { routeConfigurations: ports.size, virtualHosts };
}

/**
 * Whether a VirtualService has a route on a port for proxies of a namespace: an `http` rule
 * without matches, or with a match whose port (if any) is the port, whose source namespace (if
 * any) is the namespace, and whose gateways (if any) include `mesh`. (Source labels are not read:
 * they would make the count differ from pod to pod.)
 */
function routesOn(vs: ScopeVirtualService, port: number, namespace: string): boolean {
  return vs.httpRules.some(rule => rule.matches.length === 0 || rule.matches.some(m => (m.port === 0 || m.port === port)
    && (m.sourceNamespace === '' || m.sourceNamespace === namespace) && (m.gateways.length === 0 || m.gateways.includes('mesh'))));
}
