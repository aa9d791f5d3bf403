/**
 * The calls routes make: which callers a route sends to which Service, with what requests. A
 * VirtualService bound to Istio Gateways, or an HTTPRoute with a Gateway parent, carries the
 * requests of the gateway's pods; a mesh VirtualService (or an HTTPRoute with a Service parent)
 * carries those of the sidecar workloads it applies to — but only where the route makes the call:
 * it sends them to a Service other than its host or to a subset of it, or it names its sources
 * (`sourceLabels`, `sourceNamespace`). A caller whose requests its host's own policies reject never gets as far as
 * the route (the forbidden-routes check reports on the others).
 *
 * A request is described by what the route's match tells for certain (exact method, path and
 * headers); a route without match carries any request.
 */
import { AuthzRequest } from '../authz';
import { WorkloadVerdicts } from '../authz/workloads';
import { push, toFqdn } from '../hosts';
import { Labels, stringMap } from '../labels';
import { Model } from '../model';
import { asArray, Obj } from '../objects';
import { Pod } from '../pods';
import { exportToOf, gatewaysOf, hostOf, hostsOf, portOf, shortOrFullName, subsetOf } from './vs-util';
import { GATEWAY_API_GROUP, LABEL } from '../../private/istio-names';

/** Who sends a route's requests: the pods of a gateway, or the sidecar workloads sharing an identity. */
export interface Caller {
  /** The peer identity, `<td>/ns/<ns>/sa/<sa>`; undefined when unknown (istioctl's assumed gateway pod). */
  readonly principal: string | undefined;
  readonly namespace: string;
  /** `gateway ns/name` for gateway pods; undefined for sidecar workloads. */
  readonly gateway?: string;
  /** The pods (workload names) that send as this caller. */
  readonly pods: readonly string[];
}

/** A route sending a caller's requests to a Service. */
export interface RouteCall {
  readonly route: Obj;
  /** Where in the route: `http route 0 ("name")`, `rule 1`. */
  readonly where: string;
  readonly protocol: 'http' | 'tcp';
  readonly caller: Caller;
  /** The requests the route carries from the caller (every one it can carry is one of these). */
  readonly requests: readonly AuthzRequest[];
  readonly service: Obj;
  /** The Service port the requests go to; undefined when the route does not say (and the Service has several). */
  readonly servicePort?: any;
  /** The labels of the destination subset; undefined for every pod of the Service. */
  readonly subsetLabels?: Labels;
  /** The destination's pods that enforce authorization: the Service's (subset's) pods that run a sidecar. */
  readonly pods: readonly Pod[];
}

/** The identity of a pod: its ServiceAccount's; unknown for pods the engine assumes (istioctl's gateway). */
export function podPrincipal(pod: Pod, trustDomain: string): string | undefined {
  if (pod.obj.synthetic) return undefined;
  const sa = pod.podSpec?.serviceAccountName || pod.podSpec?.serviceAccount || 'default';
  return `${trustDomain}/ns/${pod.namespace}/sa/${sa}`;
}

/** What one match entry of a route says of the request, and to whom the entry applies. */
interface Entry {
  readonly request: AuthzRequest;
  readonly applies: (pod: Pod, parent: string) => boolean;
  /** The entry names its sources (sourceLabels, sourceNamespace). */
  readonly namesSources: boolean;
  readonly sourceLabels?: Labels;
  readonly sourceNamespace?: string;
}

function vsEntry(m: any, vsNamespace: string, protocol: 'http' | 'tcp'): Entry {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m?.headers ?? {})) {
    if (typeof (v as any)?.exact === 'string') headers[k] = (v as any).exact;
  }
  const request: AuthzRequest = protocol === 'tcp' ? { protocol } : {
    protocol,
    method: typeof m?.method?.exact === 'string' ? m.method.exact : undefined,
    path: typeof m?.uri?.exact === 'string' ? m.uri.exact : undefined,
    headers,
  };
  const gateways = asArray(m?.gateways).map(String).map(g => (g === 'mesh' ? g : fullName(shortOrFullName(vsNamespace, g))));
  const sourceLabels = m?.sourceLabels ? stringMap(m.sourceLabels) : undefined;
  const sourceNamespace = typeof m?.sourceNamespace === 'string' && m.sourceNamespace !== '' ? m.sourceNamespace : undefined;
  return {
    request,
    namesSources: sourceLabels !== undefined || sourceNamespace !== undefined,
    sourceLabels,
    sourceNamespace,
    applies: (pod, parent) => (gateways.length === 0 || gateways.includes(parent))
      && (!sourceLabels || Object.entries(sourceLabels).every(([k, v]) => pod.labels[k] === v))
      && (!sourceNamespace || pod.namespace === sourceNamespace),
  };
}

function httpRouteEntry(m: any): Entry {
  const headers: Record<string, string> = {};
  for (const h of asArray(m?.headers)) {
    if ((h?.type ?? 'Exact') === 'Exact' && typeof h?.name === 'string' && typeof h?.value === 'string') headers[h.name] = h.value;
  }
  const path = m?.path && (m.path.type ?? 'PathPrefix') === 'Exact' && typeof m.path.value === 'string' ? m.path.value : undefined;
  return {
    request: { protocol: 'http', method: typeof m?.method === 'string' ? m.method : undefined, path, headers },
    namesSources: false,
    applies: () => true,
  };
}

function fullName(ref: { namespace: string; name: string }): string {
  return `${ref.namespace}/${ref.name}`;
}

/** Finds the route calls of the manifests (reads the model once per route). */
export class RouteCalls {
  private readonly gatewayPodSet = new Set<Pod>();
  /** Sidecar workloads (not gateways) by namespace, grouped by identity. */
  private readonly identities = new Map<string, Map<string, Pod[]>>();
  private readonly subsetLabelsByHost = new Map<string, Map<string, Labels>>();
  private readonly trustDomain: string;

  public constructor(private readonly model: Model, private readonly verdicts: WorkloadVerdicts) {
    this.trustDomain = model.meshConfig.trustDomain;
    for (const gw of model.of('Gateway')) {
      const selector = stringMap(gw.spec.selector);
      if (Object.keys(selector).length > 0) model.podIndex.select(selector).forEach(p => this.gatewayPodSet.add(p));
    }
    for (const pod of model.pods) if (pod.labels[LABEL.gatewayName] !== undefined) this.gatewayPodSet.add(pod);
    for (const pod of model.pods) {
      if (!this.isSidecar(pod)) continue;
      const byIdentity = this.identities.get(pod.namespace) ?? new Map<string, Pod[]>();
      push(byIdentity, podPrincipal(pod, this.trustDomain) ?? '', pod);
      this.identities.set(pod.namespace, byIdentity);
    }
    for (const dr of model.of('DestinationRule')) {
      const fqdn = toFqdn(String(dr.spec.host ?? ''), dr.namespace, model.options.clusterDomain);
      const subsets = this.subsetLabelsByHost.get(fqdn) ?? new Map<string, Labels>();
      for (const s of asArray(dr.spec.subsets)) if (typeof s?.name === 'string' && !subsets.has(s.name)) subsets.set(s.name, stringMap(s.labels));
      this.subsetLabelsByHost.set(fqdn, subsets);
    }
  }

  private isSidecar(pod: Pod): boolean {
    return pod.injected && !pod.ambient && !this.gatewayPodSet.has(pod);
  }

  /** Every route call of the VirtualServices and HTTPRoutes. */
  public all(): RouteCall[] {
    return [...this.model.of('VirtualService').flatMap(vs => this.ofVirtualService(vs)), ...this.model.of('gateway/HTTPRoute').flatMap(r => this.ofHttpRoute(r))];
  }

  private service(namespace: string, exportTo: readonly string[], host: string): Obj | undefined {
    const entry = this.model.lookupHost(namespace, exportTo, host);
    return entry?.obj.kind === 'Service' ? entry.obj : undefined;
  }

  private servicePort(service: Obj, port: number | undefined): any {
    const ports = asArray(service.spec.ports);
    if (port === undefined) return ports.length === 1 ? ports[0] : undefined;
    return ports.find(p => Number(p?.port) === port);
  }

  /** The pods of a gateway reference (`ns/name`), as callers grouped by identity. */
  private gatewayPods(kind: 'istio' | 'k8s', namespace: string, name: string): Pod[] {
    if (kind === 'k8s') return this.model.podIndex.select({ [LABEL.gatewayName]: name }, namespace);
    const gw = this.model.find('Gateway', namespace, name);
    const selector = stringMap(gw?.spec.selector);
    return gw && Object.keys(selector).length > 0 ? this.model.podIndex.select(selector) : [];
  }

  /** The sidecar workloads of the namespaces (undefined: all), grouped by identity. */
  private identitiesIn(namespaces: ReadonlySet<string> | undefined): Pod[][] {
    const groups: Pod[][] = [];
    for (const [ns, byIdentity] of this.identities) if (!namespaces || namespaces.has(ns)) groups.push(...byIdentity.values());
    return groups;
  }

  /** The pods of a Service (of a subset) that enforce authorization: those running a sidecar. */
  private enforcing(service: Obj, subsetLabels: Labels | undefined): Pod[] {
    return this.model.podsOf(service).filter(p => p.injected && !p.ambient
      && (!subsetLabels || Object.entries(subsetLabels).every(([k, v]) => p.labels[k] === v)));
  }

  /**
   * Whether every enforcing pod of every host Service rejects the caller's requests (so the caller
   * never reaches the route): false when a host has no such pods (a host without workloads).
   */
  private hostsReject(hosts: readonly Obj[], principal: string | undefined, namespace: string, requests: readonly AuthzRequest[]): boolean {
    if (hosts.length === 0) return false;
    return hosts.every(h => {
      const pods = this.enforcing(h, undefined);
      return pods.length > 0 && pods.every(p => requests.every(r => this.verdicts.verdict(p, { ...r, principal, namespace }).verdict === 'denied'));
    });
  }

  /**
   * The calls of one route rule: from each gateway's pods, and (for mesh routes) from the sidecar
   * workloads the rule applies to, grouped by identity.
   */
  private calls(base: Omit<RouteCall, 'caller' | 'requests'>, entries: readonly Entry[], gateways: ReadonlyArray<{ kind: 'istio' | 'k8s'; ref: string }>,
    mesh: { hosts: readonly Obj[]; namespaces?: ReadonlySet<string> } | undefined): RouteCall[] {
    const td = this.model.meshConfig.trustDomain;
    const byCaller = new Map<string, { caller: Caller; requests: readonly AuthzRequest[] }>();
    const add = (pod: Pod, gateway: string | undefined, requests: readonly AuthzRequest[]) => {
      const principal = podPrincipal(pod, td);
      const key = JSON.stringify([gateway, principal, pod.namespace, requests]);
      const found = byCaller.get(key);
      if (found) {
        if (!found.caller.pods.includes(pod.name)) (found.caller.pods as string[]).push(pod.name);
        return;
      }
      byCaller.set(key, { caller: { principal, namespace: pod.namespace, gateway, pods: [pod.name] }, requests });
    };
    const applying = (pod: Pod, parent: string) => (entries.length === 0 ? [] : entries.filter(e => e.applies(pod, parent)));
    for (const { kind, ref } of gateways) {
      const [namespace, name] = ref.split('/');
      for (const pod of this.gatewayPods(kind, namespace, name)) {
        const matched = applying(pod, ref);
        if (entries.length > 0 && matched.length === 0) continue;
        add(pod, `${kind === 'istio' ? 'Gateway' : 'Kubernetes Gateway'} ${ref}`, matched.length > 0 ? matched.map(e => e.request) : [{ protocol: base.protocol }]);
      }
    }
    if (mesh && base.pods.some(p => this.verdicts.inForce(p).policies.length > 0)) {
      const ownHost = mesh.hosts.includes(base.service);
      // a route to a subset of its own host, whose pods are under the same policies as all of the host's: what the host allows, the subset does
      const hostKeys = ownHost ? new Set(this.enforcing(base.service, undefined).map(p => this.verdicts.inForce(p).key)) : undefined;
      const sameAsHost = hostKeys !== undefined && hostKeys.size === 1 && base.pods.every(p => hostKeys.has(this.verdicts.inForce(p).key));
      const named = entries.length > 0 && entries.every(e => e.namesSources);
      const groups = named ? this.namedSources(entries, mesh.namespaces) : this.identitiesIn(mesh.namespaces);
      for (const pods of groups) {
        const matched = entries.filter(e => pods.some(p => e.applies(p, 'mesh')));
        if (entries.length > 0 && matched.length === 0) continue;
        const requests = matched.length > 0 ? matched.map(e => e.request) : [{ protocol: base.protocol }];
        if (matched.length === 0 || !matched.every(e => e.namesSources)) {
          // the route only sends callers where they call anyway: to all of its host, or to pods under the host's policies
          if (ownHost && (!base.subsetLabels || sameAsHost)) continue;
          if (this.hostsReject(mesh.hosts, podPrincipal(pods[0], td), pods[0].namespace, requests)) continue;
        }
        for (const pod of pods) if (matched.length === 0 || matched.some(e => e.applies(pod, 'mesh'))) add(pod, undefined, requests);
      }
    }
    return [...byCaller.values()].map(({ caller, requests }) => ({ ...base, caller, requests }));
  }

  /** The sidecar workloads that entries naming their sources select, grouped by identity. */
  private namedSources(entries: readonly Entry[], namespaces: ReadonlySet<string> | undefined): Pod[][] {
    const byIdentity = new Map<string, Pod[]>();
    const seen = new Set<Pod>();
    for (const e of entries) {
      const selected = e.sourceNamespace !== undefined && !e.sourceLabels
        ? this.model.podIndex.inNamespace(e.sourceNamespace)
        : this.model.podIndex.select(e.sourceLabels ?? {}, e.sourceNamespace);
      for (const pod of selected) {
        if (seen.has(pod) || !this.isSidecar(pod) || (namespaces && !namespaces.has(pod.namespace))) continue;
        seen.add(pod);
        push(byIdentity, `${pod.namespace}|${podPrincipal(pod, this.trustDomain)}`, pod);
      }
    }
    return [...byIdentity.values()];
  }

  private subsetLabels(service: Obj, subset: string): Labels | undefined | null {
    if (subset === '') return undefined;
    const fqdn = `${service.name}.${service.namespace}.svc.${this.model.options.clusterDomain}`;
    return this.subsetLabelsByHost.get(fqdn)?.get(subset) ?? null;
  }

  private ofVirtualService(vs: Obj): RouteCall[] {
    const exportTo = exportToOf(vs);
    const refs = gatewaysOf(vs);
    const gateways = refs.filter(g => g !== 'mesh').map(g => ({ kind: 'istio' as const, ref: fullName(shortOrFullName(vs.namespace, g)) }));
    const meshBound = refs.length === 0 || refs.includes('mesh');
    const hosts = hostsOf(vs).map(h => this.service(vs.namespace, exportTo, h)).filter((s): s is Obj => s !== undefined);
    const visible = exportTo.length === 0 || exportTo.includes('*') ? undefined : new Set(exportTo.map(e => (e === '.' ? vs.namespace : e)));
    const out: RouteCall[] = [];
    for (const section of ['http', 'tcp', 'tls']) {
      const protocol = section === 'http' ? 'http' : 'tcp';
      asArray(vs.spec[section]).forEach((rule, index) => {
        const where = `${section} route ${index}${typeof rule?.name === 'string' && rule.name !== '' ? ` (${JSON.stringify(rule.name)})` : ''}`;
        const entries = asArray(rule?.match).map(m => vsEntry(m, vs.namespace, protocol));
        const routes = asArray(rule?.route).filter(r => r?.destination);
        for (const r of routes) {
          if (routes.length > 1 && Number(r.weight ?? 1) === 0) continue;
          const service = this.service(vs.namespace, exportTo, hostOf(r.destination));
          if (!service) continue;
          const subsetLabels = this.subsetLabels(service, subsetOf(r.destination));
          if (subsetLabels === null) continue;
          const pods = this.enforcing(service, subsetLabels);
          if (pods.length === 0) continue;
          const servicePort = this.servicePort(service, portOf(r.destination));
          const base = { route: vs, where, protocol, service, servicePort, subsetLabels, pods } as const;
          out.push(...this.calls(base, entries, gateways, meshBound ? { hosts, namespaces: visible } : undefined));
        }
      });
    }
    return out;
  }

  private ofHttpRoute(route: Obj): RouteCall[] {
    const gateways: Array<{ kind: 'k8s'; ref: string }> = [];
    const meshHosts: Obj[] = [];
    for (const p of asArray(route.spec.parentRefs)) {
      const group = p?.group ?? GATEWAY_API_GROUP;
      const kind = p?.kind ?? 'Gateway';
      const namespace = typeof p?.namespace === 'string' ? p.namespace : route.namespace;
      if (group === GATEWAY_API_GROUP && kind === 'Gateway') gateways.push({ kind: 'k8s', ref: `${namespace}/${p?.name}` });
      if ((group === '' || group === 'core') && kind === 'Service') {
        const svc = this.model.find('Service', namespace, String(p?.name));
        if (svc) meshHosts.push(svc);
      }
    }
    // a route in its Service's namespace applies to every namespace's sidecars, another only to its own namespace's
    const namespaces = meshHosts.every(h => h.namespace === route.namespace) ? undefined : new Set([route.namespace]);
    const out: RouteCall[] = [];
    asArray(route.spec.rules).forEach((rule, index) => {
      const where = `rule ${index}${typeof rule?.name === 'string' && rule.name !== '' ? ` (${JSON.stringify(rule.name)})` : ''}`;
      const entries = asArray(rule?.matches).map(httpRouteEntry);
      const backends = asArray(rule?.backendRefs);
      for (const b of backends) {
        if ((b?.group ?? '') !== '' || (b?.kind ?? 'Service') !== 'Service') continue;
        if (backends.length > 1 && Number(b.weight ?? 1) === 0) continue;
        const service = this.model.find('Service', typeof b.namespace === 'string' ? b.namespace : route.namespace, String(b.name));
        if (!service) continue;
        const pods = this.enforcing(service, undefined);
        if (pods.length === 0) continue;
        const servicePort = this.servicePort(service, b.port === undefined ? undefined : Number(b.port));
        const base = { route, where, protocol: 'http', service, servicePort, pods } as const;
        out.push(...this.calls(base, entries, gateways, meshHosts.length > 0 ? { hosts: meshHosts, namespaces } : undefined));
      }
    });
    return out;
  }
}
