/**
 * Host names as Istio reads them: short names, FQDNs, wildcards, and an index that finds the
 * hosts overlapping a given one without comparing every pair.
 */
import { push } from '../private/multimap';

/** Whether a host is a short name (`reviews`): no dot and no wildcard. */
export function isShortName(host: string): boolean {
  return !host.startsWith('*') && !host.includes('.');
}

/** A host as an FQDN: short names are completed with the namespace (`reviews` → `reviews.ns.svc.cluster.local`). */
export function toFqdn(host: string, namespace: string, domain: string): string {
  return isShortName(host) ? `${host}.${namespace}.svc.${domain}` : host;
}

/** A Kubernetes Service's FQDN. */
export function serviceFqdn(name: string, namespace: string, domain: string): string {
  return `${name}.${namespace}.svc.${domain}`;
}

/**
 * The `namespace/name` a host stands for, as istioctl reads it: an FQDN `name.ns.svc.<domain>`
 * names a Service in `ns`; anything else is taken as a name in `defaultNamespace`.
 */
export function resourceNameFromHost(defaultNamespace: string, host: string, domain: string): string {
  const suffix = `.svc.${domain}`;
  if (host.endsWith(suffix)) {
    const rest = host.slice(0, -suffix.length);
    const dot = rest.lastIndexOf('.');
    if (dot > 0 && dot < rest.length - 1) return `${rest.slice(dot + 1)}/${rest.slice(0, dot)}`;
  }
  return `${defaultNamespace}/${host}`;
}

/** Istio's `host.Name.Matches`: whether two hosts (either may be a `*` wildcard) overlap. */
export function hostsMatch(a: string, b: string): boolean {
  const aw = a.startsWith('*');
  const bw = b.startsWith('*');
  if (aw && bw) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aw) return b.endsWith(a.slice(1));
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/** Dot-boundary suffixes of a host, longest first: `a.b.c` → `.b.c`, `.c`, and `` (what `*` covers). */
function dotSuffixes(host: string): string[] {
  const out: string[] = [];
  for (let i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) out.push(host.slice(i));
  out.push('');
  return out;
}

/**
 * Items by host, queried by overlap (`hostsMatch`). A lookup costs the length of the host, not the
 * number of items: exact hosts are found by key, wildcards by suffix. (Only a wildcard query that
 * does not start at a label boundary, like `*foo.com`, scans.)
 */
export class HostIndex<T> {
  private readonly exact = new Map<string, Array<Entry<T>>>();
  /** Wildcard entries by their host without the `*`. */
  private readonly wild = new Map<string, Array<Entry<T>>>();
  /** Every entry (its host without `*`) under each of its dot-boundary suffixes. */
  private readonly bySuffix = new Map<string, Array<Entry<T>>>();
  private readonly all: Array<Entry<T>> = [];

  public add(host: string, item: T): void {
    const entry = { host, item, seq: this.all.length };
    this.all.push(entry);
    const bare = host.startsWith('*') ? host.slice(1) : host;
    push(host.startsWith('*') ? this.wild : this.exact, bare, entry);
    for (const s of dotSuffixes(bare)) push(this.bySuffix, s, entry);
  }

  /** The entries whose host overlaps `host`, in the order they were added. */
  public matching(host: string): Array<Entry<T>> {
    const found = new Set<Entry<T>>();
    const take = (entries: Array<Entry<T>> | undefined) => entries?.forEach(e => found.add(e));
    const bare = host.startsWith('*') ? host.slice(1) : host;
    if (!host.startsWith('*')) take(this.exact.get(host));
    // wildcards `*Y` with `bare` ending in Y
    for (let i = 0; i <= bare.length; i++) take(this.wild.get(bare.slice(i)));
    if (host.startsWith('*')) {
      // anything (exact, or a narrower wildcard) ending in `bare`
      if (bare === '' || bare.startsWith('.')) take(this.bySuffix.get(bare));
      else this.all.filter(e => (e.host.startsWith('*') ? e.host.slice(1) : e.host).endsWith(bare)).forEach(e => found.add(e));
    }
    return [...found].sort((a, b) => a.seq - b.seq);
  }
}

/** An item and the host it was added under. */
export interface Entry<T> {
  readonly host: string;
  readonly item: T;
  readonly seq: number;
}

export { push } from '../private/multimap';
