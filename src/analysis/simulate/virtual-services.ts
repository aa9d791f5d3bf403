/**
 * Which VirtualService rules a proxy applies to a host, as istiod builds its routes:
 *
 * - Sidecars (`mesh`): the VirtualServices bound to the mesh (no `gateways`, or `mesh` among them)
 *   that the client's namespace sees — first those of the client's namespace exported to it alone
 *   (`.`, or its name), then those exported to the client's namespace by name, then the public
 *   ones (no `exportTo`, or `*`), each in creation order (by name, then namespace, for manifests
 *   without a creation time; `SelectVirtualServices`). Their hosts (short names completed in the
 *   VirtualService's namespace) become the route's domains; a domain taken by an earlier
 *   VirtualService is dropped from a later one. The request's host picks the exact domain, else the
 *   longest wildcard (Envoy's virtual host selection).
 * - Gateways: the VirtualServices that name the gateway in `gateways` (`ns/name`, or a short name in
 *   their own namespace) and that the gateway's namespace sees, in the same order; each server on the request's port
 *   takes the hosts its `hosts` (`ns/host`, `./host`, or `host` alone or with the namespace `*`) and the VirtualService's
 *   share, and VirtualServices sharing a host have their rules appended in creation order.
 * - Delegation: an `http` rule with `delegate` is replaced by the delegate VirtualService's rules
 *   (a VirtualService without hosts, visible to the root's namespace), each with its matches merged
 *   with the root rule's and its unset fields taken from the root rule; a delegate rule whose matches
 *   conflict with the root's is dropped (`MergeHTTPRoutes`).
 */
import { exportedTo } from './world';
import { resolveGatewayName } from '../../private/match-coverage';
import { HostIndex, hostsMatch, toFqdn } from '../hosts';
import { asArray, Obj } from '../objects';

/** An HTTP rule as the proxy applies it: the rule (merged, for a delegate's), and where it is written. */
export interface FlatRule {
  /** The VirtualService that holds the rule (the delegate's, for a delegated rule). */
  readonly vs: Obj;
  readonly index: number;
  readonly rule: any;
  /** The root VirtualService, for a delegated rule. */
  readonly root?: Obj;
}

/** The rules for a host, and which VirtualServices they come from. */
export interface HostRoutes {
  readonly rules: readonly FlatRule[];
  readonly virtualServices: readonly Obj[];
  /** The domain that matched (a VirtualService host, or a server/VirtualService host intersection). */
  readonly domain: string;
  /** Other VirtualServices that name the host but are not used for it, `namespace/name`. */
  readonly ignored: readonly string[];
}

function creationOrder(a: Obj, b: Obj): number {
  const ta = String(a.raw.metadata?.creationTimestamp ?? '');
  const tb = String(b.raw.metadata?.creationTimestamp ?? '');
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0;
}

const exportToOf = (vs: Obj) => asArray(vs.spec.exportTo).map(String);

/**
 * The order a proxy in `namespace` takes VirtualServices in (istiod's VirtualService index): those
 * private to its namespace (`exportTo` `.` or the namespace itself), then those exported to it by
 * name, then the public ones; each in creation order.
 */
function byScope(namespace: string): (a: Obj, b: Obj) => number {
  const tier = (vs: Obj) => {
    const e = exportToOf(vs);
    if (e.length === 0 || e.includes('*')) return 2;
    return vs.namespace === namespace && (e.includes('.') || e.includes(namespace)) ? 0 : 1;
  };
  return (a, b) => tier(a) - tier(b) || creationOrder(a, b);
}

/** Istio's `host.Name.SubsetOf`-based intersection of two hosts: the narrower one, when they overlap. */
function intersect(a: string, b: string): string | undefined {
  if (!hostsMatch(a, b)) return undefined;
  if (!a.startsWith('*')) return a;
  if (!b.startsWith('*')) return b;
  return a.length >= b.length ? a : b;
}

/** The domain of `domains` Envoy picks for `host`: the exact one, else the longest wildcard suffix. */
function pickDomain(host: string, domains: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const d of domains) {
    if (d === host) return d;
    if (d.startsWith('*') && host.endsWith(d.slice(1)) && (best === undefined || d.length > best.length)) best = d;
  }
  return best;
}

export class VirtualServiceIndex {
  private readonly mesh = new HostIndex<Obj>();
  private readonly byGateway = new Map<string, Obj[]>();
  private readonly delegates = new Map<string, Obj>();

  public constructor(virtualServices: readonly Obj[], private readonly domain: string) {
    const sorted = [...virtualServices].sort(creationOrder);
    for (const vs of sorted) {
      const hosts = asArray(vs.spec.hosts).map(String);
      if (hosts.length === 0) {
        this.delegates.set(vs.fullName, vs);
        continue;
      }
      const gateways = asArray(vs.spec.gateways).map(String);
      const bound = gateways.length === 0 ? ['mesh'] : gateways.map(g => resolveGatewayName(g, vs.namespace));
      for (const g of new Set(bound)) {
        if (g === 'mesh') {hosts.forEach(h => this.mesh.add(this.fqdn(h, vs), vs));} else {
          const list = this.byGateway.get(g) ?? [];
          list.push(vs);
          this.byGateway.set(g, list);
        }
      }
    }
  }

  private fqdn(host: string, vs: Obj): string {
    return toFqdn(host.toLowerCase(), vs.namespace, this.domain);
  }

  /** The rules a sidecar in `clientNamespace` applies to requests for `host` (a FQDN), or undefined when no VirtualService applies. */
  public forMesh(host: string, clientNamespace: string): HostRoutes | undefined {
    const candidates = [...new Set(this.mesh.matching(host).map(e => e.item))]
      .filter(vs => exportedTo(exportToOf(vs), vs.namespace, clientNamespace));
    const ordered = candidates.sort(byScope(clientNamespace));
    // each domain belongs to the first VirtualService that declares it
    const owner = new Map<string, Obj>();
    for (const vs of ordered) {
      for (const h of asArray(vs.spec.hosts).map(String)) {
        const d = this.fqdn(h, vs);
        if (!owner.has(d)) owner.set(d, vs);
      }
    }
    const domain = pickDomain(host, owner.keys());
    if (domain === undefined) return undefined;
    const vs = owner.get(domain)!;
    return {
      rules: this.flatten(vs),
      virtualServices: [vs],
      domain,
      ignored: ordered.filter(o => o !== vs && asArray(o.spec.hosts).some(h => this.fqdn(String(h), o) === domain)).map(o => o.fullName),
    };
  }

  /**
   * The rules the pods of `gateway` (an Istio Gateway, with its namespace as `proxyNamespace` sees
   * it) apply to requests for `host` on the servers `serverHosts` (each server's `hosts`, on the
   * request's port).
   */
  public forGateway(gateway: Obj, serverHosts: ReadonlyArray<readonly string[]>, host: string, proxyNamespace: string): HostRoutes | undefined {
    const bound = (this.byGateway.get(gateway.fullName) ?? []).filter(vs => exportedTo(exportToOf(vs), vs.namespace, proxyNamespace))
      .sort(byScope(proxyNamespace));
    const byDomain = new Map<string, Obj[]>();
    for (const vs of bound) {
      const vsHosts = asArray(vs.spec.hosts).map(h => this.fqdn(String(h), vs));
      const domains = new Set<string>();
      for (const hosts of serverHosts) {
        for (const written of hosts) {
          const slash = written.indexOf('/');
          const ns = slash < 0 ? '*' : written.slice(0, slash);
          const serverHost = (slash < 0 ? written : written.slice(slash + 1)).toLowerCase();
          if (ns !== '*' && (ns === '.' ? gateway.namespace : ns) !== vs.namespace) continue;
          for (const h of vsHosts) {
            const d = intersect(serverHost, h);
            if (d !== undefined) domains.add(d);
          }
        }
      }
      for (const d of domains) byDomain.set(d, [...byDomain.get(d) ?? [], vs]);
    }
    const domain = pickDomain(host, byDomain.keys());
    if (domain === undefined) return undefined;
    const vss = byDomain.get(domain)!;
    return { rules: vss.flatMap(vs => this.flatten(vs)), virtualServices: vss, domain, ignored: [] };
  }

  /** A VirtualService's HTTP rules, delegated rules replaced by the delegate's (merged). */
  private flatten(vs: Obj): FlatRule[] {
    const out: FlatRule[] = [];
    asArray(vs.spec.http).forEach((rule, index) => {
      const ref = rule?.delegate;
      if (!ref || typeof ref.name !== 'string') {
        out.push({ vs, index, rule });
        return;
      }
      const delegate = this.delegates.get(`${typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : vs.namespace}/${ref.name}`);
      if (!delegate || !exportedTo(exportToOf(delegate), delegate.namespace, vs.namespace)) return;
      asArray(delegate.spec.http).forEach((sub, i) => {
        const merged = mergeRule(rule, sub);
        if (merged) out.push({ vs: delegate, index: i, rule: merged, root: vs });
      });
    });
    return out;
  }
}

const INHERITED = ['rewrite', 'directResponse', 'timeout', 'retries', 'fault', 'mirror', 'mirrorPercent', 'mirrorPercentage', 'corsPolicy', 'mirrors', 'headers'];

/** A delegate's rule under its root rule (`mergeHTTPRoute`); undefined when their matches conflict. */
function mergeRule(root: any, sub: any): any | undefined {
  const rootMatches = asArray(root.match);
  const subMatches = asArray(sub?.match);
  let match: any[];
  if (rootMatches.length === 0) {match = subMatches;} else if (subMatches.length === 0) {match = rootMatches;} else {
    match = [];
    for (const leaf of subMatches) {
      const merged = rootMatches.filter(r => !matchConflict(r ?? {}, leaf ?? {})).map(r => mergeMatch(r ?? {}, leaf ?? {}));
      if (merged.length === 0) return undefined;
      match.push(...merged);
    }
  }
  const out: any = { ...sub, match };
  if (match.length === 0) delete out.match;
  out.name = !sub?.name ? root.name : root.name ? `${root.name}-${sub.name}` : sub.name;
  for (const k of INHERITED) if (out[k] === undefined && root[k] !== undefined) out[k] = root[k];
  return out;
}

function mergeMatch(root: any, leaf: any): any {
  const out: any = { ...leaf };
  out.name = !leaf.name ? root.name : root.name ? `${root.name}-${leaf.name}` : leaf.name;
  for (const k of ['uri', 'scheme', 'method', 'authority', 'sourceNamespace']) if (out[k] === undefined && root[k] !== undefined) out[k] = root[k];
  for (const k of ['headers', 'withoutHeaders', 'queryParams', 'sourceLabels']) {
    if (root[k] !== undefined || leaf[k] !== undefined) out[k] = { ...root[k] ?? {}, ...leaf[k] ?? {} };
  }
  if (!out.port && root.port) out.port = root.port;
  if (asArray(out.gateways).length === 0 && root.gateways !== undefined) out.gateways = root.gateways;
  return out;
}

/** Istio's `hasConflict`: whether a delegate's match cannot narrow the root's. */
function matchConflict(root: any, leaf: any): boolean {
  for (const k of ['uri', 'scheme', 'method', 'authority']) if (stringMatchConflict(root[k], leaf[k])) return true;
  for (const k of ['headers', 'withoutHeaders', 'queryParams']) {
    for (const [name, m] of Object.entries(leaf[k] ?? {})) if (stringMatchConflict(root[k]?.[name], m)) return true;
  }
  if ((root.ignoreUriCase === true) !== (leaf.ignoreUriCase === true)) return true;
  if (root.port > 0 && leaf.port > 0 && root.port !== leaf.port) return true;
  if (root.sourceNamespace && leaf.sourceNamespace !== root.sourceNamespace) return true;
  for (const [k, v] of Object.entries(leaf.sourceLabels ?? {})) if (root.sourceLabels?.[k] !== undefined && root.sourceLabels[k] !== v) return true;
  const rg = asArray(root.gateways);
  const lg = asArray(leaf.gateways);
  return rg.length > 0 && lg.length > 0 && (rg.length < lg.length || lg.some(g => !rg.includes(g)));
}

function stringMatchConflict(root: any, leaf: any): boolean {
  if (root === undefined || root === null || leaf === undefined || leaf === null) return false;
  const set = (m: any, k: string) => typeof m[k] === 'string' && m[k] !== '';
  if (set(root, 'regex') && (set(leaf, 'regex') || set(leaf, 'prefix') || set(leaf, 'exact'))) return true;
  if (set(leaf, 'regex') && (set(root, 'regex') || set(root, 'prefix') || set(root, 'exact'))) return true;
  if (set(root, 'exact')) return set(leaf, 'prefix') || leaf.exact !== root.exact;
  if (set(root, 'prefix')) {
    if (set(leaf, 'prefix')) return !leaf.prefix.startsWith(root.prefix);
    if (set(leaf, 'exact')) return !leaf.exact.startsWith(root.prefix);
  }
  return true;
}
