/**
 * What a host in a route or policy resolves to, as istioctl finds it: ServiceEntry hosts and
 * Services indexed by export scope and FQDN (istioctl's `InitServiceEntryHostMap`), looked up
 * as `util.GetDestinationHost` does, wildcard ServiceEntry hosts included.
 */
import { serviceFqdn, toFqdn } from './hosts';
import { Labels, stringMap } from './labels';
import { asArray, Obj } from './objects';
import { ANNOTATION } from '../private/istio-names';

/** A port of a Service or ServiceEntry. */
export interface HostPort {
  readonly number: number;
  readonly name: string;
  readonly protocol: string;
}

/** What a host resolves to: a Service (seen as a ServiceEntry, as istioctl does) or a ServiceEntry. */
export interface HostEntry {
  readonly obj: Obj;
  readonly ports: readonly HostPort[];
  readonly workloadSelector?: Labels;
}

/** The hosts a cluster's Services and ServiceEntries declare. */
export class DestinationHosts {
  private readonly hostsExact = new Map<string, HostEntry>();
  private readonly hostsWild = new Map<string, Array<{ scope: string; entry: HostEntry }>>();

  /** istioctl's `InitServiceEntryHostMap`: ServiceEntry hosts and Services by export scope and FQDN. */
  public constructor(serviceEntries: readonly Obj[], services: readonly Obj[], private readonly domain: string) {
    const set = (scope: string, fqdn: string, entry: HostEntry) => {
      this.hostsExact.set(`${scope}/${fqdn}`, entry);
      if (fqdn.startsWith('*')) {
        const list = this.hostsWild.get(fqdn.slice(1)) ?? [];
        const i = list.findIndex(c => c.scope === scope);
        if (i >= 0) list[i] = { scope, entry };
        else list.push({ scope, entry });
        this.hostsWild.set(fqdn.slice(1), list);
      }
    };
    for (const se of serviceEntries) {
      const entry: HostEntry = {
        obj: se,
        ports: asArray(se.spec.ports).map(p => ({ number: Number(p?.number), name: String(p?.name ?? ''), protocol: String(p?.protocol ?? '') })),
        workloadSelector: se.spec.workloadSelector ? stringMap(se.spec.workloadSelector.labels) : undefined,
      };
      const exportTo: string[] = asArray(se.spec.exportTo).map(String);
      for (const h of asArray(se.spec.hosts).map(String)) {
        const fqdn = toFqdn(h, se.namespace, domain);
        if (exportTo.length === 0 || exportTo.includes('*')) {
          set('*', fqdn, entry);
          continue;
        }
        for (const e of exportTo) set(e === '.' ? se.namespace : e, fqdn, entry);
      }
    }
    for (const svc of services) {
      const entry: HostEntry = {
        obj: svc,
        ports: asArray(svc.spec.ports).map(p => ({ number: Number(p?.port), name: String(p?.name ?? ''), protocol: String(p?.protocol ?? 'TCP') })),
      };
      const annotation = svc.annotations[ANNOTATION.exportTo];
      const scopes = annotation === undefined || annotation === '' ? ['*'] : annotation.split(',').map(s => s.trim()).map(s => (s === '.' ? svc.namespace : s));
      for (const scope of scopes) set(scope, serviceFqdn(svc.name, svc.namespace, domain), entry);
    }
  }

  /**
   * istioctl's destination lookup (`util.GetDestinationHost`): the Service or ServiceEntry that
   * `host`, written in `namespace` by an object exported to `exportTo`, resolves to.
   */
  public lookup(namespace: string, exportTo: readonly string[] | undefined, host: string): HostEntry | undefined {
    const fqdn = toFqdn(host, namespace, this.domain);
    const all = this.hostsExact.get(`*/${fqdn}`);
    if (all) return all;
    const scopes = !exportTo || exportTo.length === 0 ? [namespace] : exportTo.map(e => (e === '.' ? namespace : e));
    for (const scope of scopes) {
      const found = this.hostsExact.get(`${scope}/${fqdn}`);
      if (found) return found;
    }
    // wildcard ServiceEntry hosts, the most specific first
    const bare = host.startsWith('*') ? host.slice(1) : host;
    for (let i = 0; i <= bare.length; i++) {
      const candidates = this.hostsWild.get(bare.slice(i));
      const visible = candidates?.find(c => c.scope === '*' || c.scope === namespace);
      if (visible) return visible.entry;
    }
    return undefined;
  }
}
