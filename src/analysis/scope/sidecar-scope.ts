/**
 * Istio's `SidecarScope` (pilot/pkg/model/sidecar.go): the services and VirtualServices a proxy's
 * configuration holds. A Sidecar's egress listeners import hosts written `namespace/dnsName`
 * (`.` is the Sidecar's namespace, `*` any namespace, `~` none; `*` and `*.suffix` dnsNames are
 * wildcards); without egress listeners (or without a Sidecar) the scope imports every host of
 * every namespace. The destinations of the imported VirtualServices join the scope. Gateways
 * always get the default scope of their namespace: every service exported to it.
 */
import { ScopeRegistry, ScopeService, ScopeVirtualService } from './registry';
import { hostsMatch } from '../hosts';
import { asArray } from '../objects';

/** Istio's `host.Name.SubsetOf`: whether every host `h` stands for is one `of` stands for. */
export function hostSubsetOf(h: string, of: string): boolean {
  const hw = h.startsWith('*');
  const ow = of.startsWith('*');
  if (hw) return ow && h.length >= of.length && h.slice(1).endsWith(of.slice(1));
  if (ow) return h.endsWith(of.slice(1));
  return h === of;
}

/** The dnsNames a listener imports from one namespace (Istio's `hostClassification`). */
class ImportedHosts {
  public readonly exact = new Set<string>();
  public readonly all: string[] = [];

  public add(name: string): void {
    if (!name.startsWith('*')) this.exact.add(name);
    this.all.push(name);
  }

  /** Whether a service's hostname is imported. */
  public matches(h: string): boolean {
    if (this.exact.has(h)) return true;
    const hw = h.startsWith('*');
    return this.all.some(i => (hw || i.startsWith('*')) && hostSubsetOf(h, i));
  }

  /** Whether a VirtualService host is imported (both directions, as for VirtualServices not made from Gateway API routes). */
  public vsMatches(h: string): boolean {
    if (this.exact.has(h)) return true;
    const hw = h.startsWith('*');
    return this.all.some(i => (hw || i.startsWith('*')) && hostsMatch(h, i));
  }
}

/** One egress listener's imports. */
export interface EgressListener {
  /** The listener's port (0: none; then services keep all their ports). */
  readonly port: number;
  readonly services: ScopeService[];
  readonly virtualServices: ScopeVirtualService[];
}

/** What a proxy's configuration holds: its egress listeners, and the union of their services. */
export interface SidecarScope {
  readonly listeners: readonly EgressListener[];
  /** By hostname, with the ports the scope holds. */
  readonly services: ReadonlyMap<string, ScopeService>;
}

const HTTP_PROXY = 'http_proxy';

/**
 * The scope a Sidecar spec (undefined: none) gives proxies of `namespace`.
 */
export function sidecarScope(registry: ScopeRegistry, sidecarSpec: any, namespace: string): SidecarScope {
  let egress = asArray(sidecarSpec?.egress);
  if (egress.length === 0) egress = [{ hosts: ['*/*'] }];
  const listeners = egress.map(e => egressListener(registry, e, namespace));
  const services = new Map<string, ScopeService>();
  for (const l of listeners) {
    for (const s of l.services) append(services, s);
    for (const vs of l.virtualServices) {
      for (const [h, ports] of destinations(vs, namespace)) {
        const byNs = registry.byHostname.get(h);
        if (!byNs) continue;
        let chosen = byNs.get(namespace);
        if (!chosen) chosen = pickBestVisible(registry, byNs, namespace);
        if (!chosen) continue;
        const trimmed = l.port !== 0 ? withListenerPort(chosen, l.port) : withPorts(chosen, ports);
        if (trimmed) append(services, trimmed);
      }
    }
  }
  return { listeners, services };
}

/** The default scope of a gateway in `namespace` (`DefaultSidecarScopeForGateway`). */
export function gatewayScope(registry: ScopeRegistry, namespace: string): SidecarScope {
  const services = new Map<string, ScopeService>();
  for (const s of registry.servicesExportedTo(namespace)) append(services, s);
  return { listeners: [], services };
}

function egressListener(registry: ScopeRegistry, egress: any, namespace: string): EgressListener {
  const portNumber = typeof egress?.port?.number === 'number' ? egress.port.number : 0;
  const protocol = typeof egress?.port?.protocol === 'string' ? egress.port.protocol.toLowerCase() : '';
  const port = portNumber !== 0 && protocol !== HTTP_PROXY ? portNumber : 0;
  const byNamespace = new Map<string, ImportedHosts>();
  for (const h of asArray(egress?.hosts).map(String)) {
    if (h.split('/').length !== 2) continue;
    let [ns, name] = h.split('/');
    if (ns === '.') ns = namespace;
    let imported = byNamespace.get(ns);
    if (!imported) byNamespace.set(ns, imported = new ImportedHosts());
    imported.add(name);
  }
  const wildcard = byNamespace.get('*');

  // services: an import of their namespace, else of `*`
  const imported: ScopeService[] = [];
  for (const s of candidates(registry, byNamespace, namespace)) {
    const own = byNamespace.get(s.namespace);
    const match = (own && own.matches(s.hostname) && trim(s, port)) || (wildcard && wildcard.matches(s.hostname) && trim(s, port));
    if (match) imported.push(match);
  }
  // one namespace per hostname: the proxy's, else a Kubernetes Service, else the first
  const chosen = new Map<string, ScopeService>();
  for (const s of imported) {
    const ex = chosen.get(s.hostname);
    if (!ex || s.namespace === namespace || (!ex.kubernetes && s.kubernetes && (s.namespace === namespace || ex.namespace !== namespace))) {
      chosen.set(s.hostname, s);
    }
  }
  const services = imported.filter(s => chosen.get(s.hostname)!.namespace === s.namespace);

  // VirtualServices: an import of their namespace, or of `*`, matching one of their hosts
  const virtualServices = registry.virtualServicesVisibleTo(namespace).filter(vs => {
    const own = byNamespace.get(vs.obj.namespace);
    return vs.hosts.some(h => (own?.vsMatches(h) ?? false) || (wildcard?.vsMatches(h) ?? false));
  });
  return { port, services, virtualServices };
}

/**
 * The services exported to `namespace` that the imports may match, in Istio's order
 * (`servicesExportedToNamespace`: private ones, those exported to it by name, public ones). Istio
 * reads every service exported to the namespace; an import of exact hosts only needs the services
 * of those hostnames, and one of `ns/…` wildcards only those of `ns`, which keeps a Sidecar's
 * scope proportional to its imports rather than to the mesh.
 */
function candidates(registry: ScopeRegistry, imports: ReadonlyMap<string, ImportedHosts>, namespace: string): readonly ScopeService[] {
  if (imports.get('*')?.all.some(h => h.startsWith('*'))) return registry.servicesExportedTo(namespace);
  const found = new Set<ScopeService>();
  for (const [ns, hosts] of imports) {
    const wildcard = hosts.all.some(h => h.startsWith('*'));
    if (wildcard) {
      registry.servicesIn(ns).forEach(s => found.add(s));
      continue;
    }
    for (const h of hosts.exact) {
      for (const s of registry.servicesOf(h)) if (ns === '*' || s.namespace === ns) found.add(s);
    }
  }
  return [...found].filter(s => registry.isServiceVisible(s, namespace))
    .sort((a, b) => registry.exportRank(a, namespace) - registry.exportRank(b, namespace) || a.seq - b.seq);
}

function trim(s: ScopeService, port: number): ScopeService | undefined {
  return port === 0 ? s : withListenerPort(s, port);
}

function withListenerPort(s: ScopeService, port: number): ScopeService | undefined {
  const p = s.ports.find(x => x.number === port);
  if (!p) return undefined;
  return s.ports.length === 1 ? s : { ...s, ports: [p] };
}

function withPorts(s: ScopeService, ports: ReadonlySet<number>): ScopeService | undefined {
  if (ports.size === 0 || ports.has(0)) return s;
  const found = s.ports.filter(p => ports.has(p.number));
  if (found.length === s.ports.length) return s;
  return found.length > 0 ? { ...s, ports: found } : undefined;
}

/** The destinations of a VirtualService for proxies of a namespace (http rules for other source namespaces left out). */
function destinations(vs: ScopeVirtualService, namespace: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const add = (m: ReadonlyMap<string, ReadonlySet<number>>) => {
    for (const [h, ports] of m) {
      let set = out.get(h);
      if (!set) out.set(h, set = new Set());
      ports.forEach(p => set!.add(p));
    }
  };
  for (const rule of vs.httpRules) {
    if (rule.sourceNamespaces.length === 0 || rule.sourceNamespaces.includes(namespace)) add(rule.hosts);
  }
  add(vs.destinations);
  return out;
}

/** Istio's `pickBestVisibleNamespace`: a visible Kubernetes Service, else the oldest visible ServiceEntry. */
function pickBestVisible(registry: ScopeRegistry, byNs: ReadonlyMap<string, ScopeService>, namespace: string): ScopeService | undefined {
  let best: ScopeService | undefined;
  for (const s of byNs.values()) {
    if (!registry.isServiceVisible(s, namespace)) continue;
    if (s.kubernetes) return s;
    if (!best || s.seq < best.seq) best = s;
  }
  return best;
}

/** Istio's `appendSidecarServices`: one service per hostname; ports of the same namespace's service merged. */
function append(services: Map<string, ScopeService>, s: ScopeService): void {
  const existing = services.get(s.hostname);
  if (!existing) {
    services.set(s.hostname, s);
    return;
  }
  if (existing === s || (existing.kubernetes && !s.kubernetes)) return;
  if (!existing.kubernetes && s.kubernetes) {
    services.set(s.hostname, s);
    return;
  }
  if (existing.namespace !== s.namespace || existing.obj !== s.obj) return;
  const ports = [...existing.ports, ...s.ports.filter(p => !existing.ports.some(e => e.number === p.number))];
  if (ports.length !== existing.ports.length) services.set(s.hostname, { ...existing, ports });
}
