/**
 * The services, VirtualServices and DestinationRules istiod holds, and which namespaces see them
 * (Istio's `PushContext`: `initServiceRegistry`, `initVirtualServices`, `setDestinationRules`):
 * each Kubernetes Service is one service (`name.ns.svc.<domain>`), each host of a ServiceEntry is
 * one; `exportTo` (the `networking.istio.io/exportTo` annotation on Services, the field on the
 * others) and the mesh config's `defaultServiceExportTo`, `defaultVirtualServiceExportTo` and
 * `defaultDestinationRuleExportTo` decide the namespaces that see them.
 */
import * as YAML from 'yaml';
import { ANNOTATION } from '../../private/istio-names';
import { push, serviceFqdn, toFqdn } from '../hosts';
import { Labels, stringMap } from '../labels';
import { Model } from '../model';
import { asArray, Obj } from '../objects';
import { serviceProtocol } from '../protocols';

/** A port of a service: its number and Istio's protocol (lower case; undefined when Istio sniffs it). */
export interface ScopePort {
  readonly number: number;
  readonly protocol: string | undefined;
}

/** One service of Istio's registry. */
export interface ScopeService {
  readonly hostname: string;
  readonly namespace: string;
  readonly ports: readonly ScopePort[];
  /** A Kubernetes Service (else a ServiceEntry host). */
  readonly kubernetes: boolean;
  /** An ExternalName Service: an alias, which has no cluster of its own. */
  readonly alias: boolean;
  /** The object it comes from. */
  readonly obj: Obj;
  /** Input order (Istio orders by creation time; manifests have none, so the order given stands in). */
  readonly seq: number;
}

/**
 * Who sees an object: everyone, its own namespace, and named namespaces. Istio's rules: `*`
 * makes it public whatever else is listed; else `~` hides it from all; `.` (or its own namespace
 * named) makes it private; other names export it to those namespaces.
 */
export interface Visibility {
  readonly public: boolean;
  readonly private: boolean;
  readonly namespaces: ReadonlySet<string>;
}

const NOBODY: Visibility = { public: false, private: false, namespaces: new Set() };
const EVERYONE: Visibility = { public: true, private: false, namespaces: new Set() };

/** Visibility from an `exportTo` list; an empty list takes the mesh default, of which only `.` and `*` count. */
export function visibility(exportTo: readonly string[], namespace: string, defaults: readonly string[]): Visibility {
  if (exportTo.length === 0) {
    if (defaults.includes('.')) return { public: false, private: true, namespaces: new Set() };
    if (defaults.includes('*')) return EVERYONE;
    return NOBODY;
  }
  if (exportTo.includes('*')) return EVERYONE;
  if (exportTo.includes('~')) return NOBODY;
  const namespaces = new Set<string>();
  let priv = false;
  for (const e of exportTo) {
    if (e === '.' || e === namespace) priv = true;
    else namespaces.add(e);
  }
  return { public: false, private: priv, namespaces };
}

export function visibleTo(v: Visibility, ownNamespace: string, namespace: string): boolean {
  return v.public || (v.private && ownNamespace === namespace) || v.namespaces.has(namespace);
}

/** The mesh config settings the scope reads (Istio's defaults: everything exported to `*`). */
export interface ScopeMeshConfig {
  readonly rootNamespace: string;
  readonly defaultServiceExportTo: readonly string[];
  readonly defaultVirtualServiceExportTo: readonly string[];
  readonly defaultDestinationRuleExportTo: readonly string[];
}

/** Reads the export defaults from mesh config YAML (unreadable text gives Istio's defaults). */
export function scopeMeshConfig(text: string | undefined, rootNamespace: string): ScopeMeshConfig {
  let parsed: any = {};
  try {
    parsed = text === undefined ? {} : YAML.parse(text) ?? {};
  } catch {
    parsed = {};
  }
  if (parsed === null || typeof parsed !== 'object') parsed = {};
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : ['*']);
  return {
    rootNamespace,
    defaultServiceExportTo: list(parsed.defaultServiceExportTo),
    defaultVirtualServiceExportTo: list(parsed.defaultVirtualServiceExportTo),
    defaultDestinationRuleExportTo: list(parsed.defaultDestinationRuleExportTo),
  };
}

/** A VirtualService bound to the mesh (sidecars): its hosts as FQDNs and its destinations. */
export interface ScopeVirtualService {
  readonly obj: Obj;
  readonly hosts: readonly string[];
  readonly visibility: Visibility;
  /** Destination host (as FQDN) → destination ports (0: a destination without a port). */
  readonly destinations: ReadonlyMap<string, ReadonlySet<number>>;
  /** `http` routes with a `sourceNamespace` match: the namespaces they are for (empty: every namespace). */
  readonly httpRules: readonly HttpRule[];
}

/** An `http` rule of a VirtualService: where it routes, and its matches' port, source namespace and gateways. */
export interface HttpRule {
  readonly sourceNamespaces: readonly string[];
  readonly hosts: ReadonlyMap<string, ReadonlySet<number>>;
  readonly matches: ReadonlyArray<{ readonly port: number; readonly sourceNamespace: string; readonly gateways: readonly string[] }>;
}

/** A DestinationRule: its host as FQDN, subsets and who sees it. */
export interface ScopeDestinationRule {
  readonly obj: Obj;
  readonly host: string;
  readonly subsets: readonly string[];
  readonly exportTo: readonly string[];
  readonly workloadSelector?: Labels;
}

/** Istio's registry of the cluster. */
export class ScopeRegistry {
  public readonly services: ScopeService[] = [];
  public readonly serviceVisibility = new Map<ScopeService, Visibility>();
  /** hostname → namespace → service (Istio's `HostnameAndNamespace`: a Kubernetes Service wins over a ServiceEntry). */
  public readonly byHostname = new Map<string, Map<string, ScopeService>>();
  /** VirtualServices bound to `mesh`. */
  public readonly virtualServices: ScopeVirtualService[] = [];
  public readonly destinationRules: ScopeDestinationRule[] = [];
  private readonly exportedTo = new Map<string, ScopeService[]>();
  private readonly privateTo = new Map<string, ScopeService[]>();
  private readonly publicServices: ScopeService[] = [];
  private readonly byNamespace = new Map<string, ScopeService[]>();
  private readonly allByHostname = new Map<string, ScopeService[]>();

  public constructor(model: Model, public readonly mesh: ScopeMeshConfig) {
    const domain = model.options.clusterDomain;
    let seq = 0;
    const add = (s: Omit<ScopeService, 'seq'>, exportTo: readonly string[]) => {
      const service = { ...s, seq: seq++ };
      this.services.push(service);
      push(this.byNamespace, service.namespace, service);
      push(this.allByHostname, service.hostname, service);
      const v = visibility(exportTo, service.namespace, mesh.defaultServiceExportTo);
      this.serviceVisibility.set(service, v);
      if (v.public) {this.publicServices.push(service);} else {
        if (v.private) push(this.privateTo, service.namespace, service);
        for (const ns of v.namespaces) push(this.exportedTo, ns, service);
      }
      let byNs = this.byHostname.get(service.hostname);
      if (!byNs) this.byHostname.set(service.hostname, byNs = new Map());
      const existing = byNs.get(service.namespace);
      if (!existing || (!existing.kubernetes && service.kubernetes)) byNs.set(service.namespace, service);
    };
    for (const svc of model.of('Service')) {
      const annotation = svc.annotations[ANNOTATION.exportTo];
      const exportTo = annotation === undefined || annotation === '' ? [] : annotation.split(',').map(s => s.trim());
      add({
        hostname: serviceFqdn(svc.name, svc.namespace, domain),
        namespace: svc.namespace,
        ports: asArray(svc.spec.ports).map(p => ({ number: Number(p?.port), protocol: serviceProtocol(p) })),
        kubernetes: true,
        alias: svc.spec.type === 'ExternalName' && typeof svc.spec.externalName === 'string' && svc.spec.externalName !== '',
        obj: svc,
      }, exportTo);
    }
    for (const se of model.of('ServiceEntry')) {
      const ports = asArray(se.spec.ports).map(p => ({ number: Number(p?.number), protocol: seProtocol(p?.protocol) }));
      for (const h of asArray(se.spec.hosts).map(String)) {
        add({ hostname: h, namespace: se.namespace, ports, kubernetes: false, alias: false, obj: se }, asArray(se.spec.exportTo).map(String));
      }
    }
    for (const vs of model.of('VirtualService')) {
      const gateways = asArray(vs.spec.gateways).map(String);
      if (gateways.length > 0 && !gateways.includes('mesh')) continue;
      const resolve = (h: string) => toFqdn(h, vs.namespace, domain);
      const all = new Map<string, Set<number>>();
      const httpRules: HttpRule[] = [];
      const addTo = (map: Map<string, Set<number>>, d: any) => {
        if (typeof d?.host !== 'string') return;
        const host = resolve(d.host);
        const port = typeof d.port?.number === 'number' ? d.port.number : 0;
        let set = map.get(host);
        if (!set) map.set(host, set = new Set());
        set.add(port);
      };
      for (const rule of asArray(vs.spec.http)) {
        const hosts = new Map<string, Set<number>>();
        for (const r of asArray(rule?.route)) addTo(hosts, r?.destination);
        if (rule?.mirror) addTo(hosts, rule.mirror);
        for (const m of asArray(rule?.mirrors)) addTo(hosts, m?.destination);
        const sourceNamespaces = asArray(rule?.match).map(m => m?.sourceNamespace).filter((s): s is string => typeof s === 'string' && s !== '');
        const matches = asArray(rule?.match).map(m => ({
          port: typeof m?.port === 'number' ? m.port : 0,
          sourceNamespace: typeof m?.sourceNamespace === 'string' ? m.sourceNamespace : '',
          gateways: asArray(m?.gateways).map(String),
        }));
        httpRules.push({ sourceNamespaces, hosts, matches });
      }
      for (const rule of [...asArray(vs.spec.tcp), ...asArray(vs.spec.tls)]) {
        for (const r of asArray(rule?.route)) addTo(all, r?.destination);
      }
      this.virtualServices.push({
        obj: vs,
        hosts: asArray(vs.spec.hosts).map(h => resolve(String(h)).toLowerCase()),
        visibility: visibility(asArray(vs.spec.exportTo).map(String), vs.namespace, mesh.defaultVirtualServiceExportTo),
        destinations: all,
        httpRules,
      });
    }
    for (const dr of model.of('DestinationRule')) {
      if (typeof dr.spec.host !== 'string') continue;
      this.destinationRules.push({
        obj: dr,
        host: toFqdn(dr.spec.host, dr.namespace, domain),
        subsets: asArray(dr.spec.subsets).map(s => String(s?.name ?? '')),
        exportTo: asArray(dr.spec.exportTo).map(String),
        workloadSelector: dr.spec.workloadSelector ? stringMap(dr.spec.workloadSelector.matchLabels) : undefined,
      });
    }
  }

  /** Istio's `servicesExportedToNamespace`: private ones, those exported to it by name, then public ones. */
  public servicesExportedTo(namespace: string): ScopeService[] {
    return [...this.privateTo.get(namespace) ?? [], ...this.exportedTo.get(namespace) ?? [], ...this.publicServices];
  }

  /** The services of a namespace, in input order. */
  public servicesIn(namespace: string): readonly ScopeService[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  /** The services of a hostname (one per Service or ServiceEntry host), in input order. */
  public servicesOf(hostname: string): readonly ScopeService[] {
    return this.allByHostname.get(hostname) ?? [];
  }

  /** Where a service visible to `namespace` comes in `servicesExportedTo(namespace)`: 0 private, 1 exported by name, 2 public. */
  public exportRank(service: ScopeService, namespace: string): number {
    const v = this.serviceVisibility.get(service)!;
    if (v.public) return 2;
    return v.private && service.namespace === namespace ? 0 : 1;
  }

  public isServiceVisible(service: ScopeService, namespace: string): boolean {
    return visibleTo(this.serviceVisibility.get(service)!, service.namespace, namespace);
  }

  /** The VirtualServices for the mesh gateway that a namespace sees. */
  public virtualServicesVisibleTo(namespace: string): ScopeVirtualService[] {
    return this.virtualServices.filter(vs => visibleTo(vs.visibility, vs.obj.namespace, namespace));
  }
}

/** A ServiceEntry port's protocol as Istio parses it (case-insensitive; unknown: sniffed). */
function seProtocol(protocol: unknown): string | undefined {
  if (typeof protocol !== 'string' || protocol === '') return undefined;
  const p = protocol.toLowerCase();
  return ['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql'].includes(p) ? p : undefined;
}
