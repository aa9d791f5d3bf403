/**
 * A mesh diagram from manifests: the analysis model (model.ts) read into nodes and edges.
 *
 * Nodes:
 * - a service is a Kubernetes Service that runs a meshed workload (a pod with Istio's proxy, or in
 *   ambient mode) other than a gateway's, or that a route names as its host or destination;
 * - its versions are, in this order of preference: the Services whose selector has every label of
 *   its selector and more (one Service per version, as the Gateway API splits traffic); the
 *   subsets of the DestinationRules for its host that select at least one of its pods (a subset a
 *   route names that selects none is shown as `(no pods)`); the values of its pods' `version`
 *   label;
 * - a gateway is an Istio Gateway (with its hosts and the workloads it selects) or a Gateway API
 *   Gateway (with its listeners' hostnames and class); a Service whose pods are all gateway
 *   workloads is shown only when a route names it (an egress gateway hop), with a line to the
 *   Gateway;
 * - an external service is a ServiceEntry (its hosts); a host that nothing declares is shown as
 *   it is written.
 * Edges: routes.ts (routing), callers.ts (allowed callers).
 */
import { GraphData, GraphEdge, GraphNode } from './types';
import { LABEL } from '../../private/istio-names';
import { push } from '../hosts';
import { selects, stringMap } from '../labels';
import { Model } from '../model';
import { asArray, Obj } from '../objects';
import { Pod } from '../pods';

/** The label whose values are a service's versions when no DestinationRule defines subsets. */
const VERSION_LABEL = 'version';

/** The nodes and edges as they are found; `result()` sorts them. */
export class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges: GraphEdge[] = [];
  private readonly subsets = new Map<Obj, Map<string, Record<string, string>>>();
  /** Services a route names, shown even when only gateway workloads run behind them. */
  private readonly named = new Set<Obj>();
  /** The Istio Gateways and Gateway API Gateways whose workload a pod is. */
  private readonly gatewaysByPod = new Map<Pod, string[]>();
  /** Services that are a version of another (Gateway API), and the versions of each service. */
  private readonly versionOf = new Map<Obj, Obj>();
  private readonly versionServices = new Map<Obj, Obj[]>();

  public constructor(public readonly model: Model) {
    for (const dr of model.of('DestinationRule')) {
      const entry = model.lookupHost(dr.namespace, asArray(dr.spec.exportTo).map(String), String(dr.spec.host ?? ''));
      if (entry?.obj.kind !== 'Service') continue;
      let subsets = this.subsets.get(entry.obj);
      if (!subsets) this.subsets.set(entry.obj, subsets = new Map());
      for (const s of asArray(dr.spec.subsets)) {
        if (typeof s?.name === 'string' && !subsets.has(s.name)) subsets.set(s.name, stringMap(s.labels));
      }
    }
    this.findVersionServices();
  }

  /**
   * Services that select a version of another Service's pods: whose selector has every label of the
   * other's and more (as the Gateway API's one Service per version), the other being no such
   * version itself; of several, the one with the most labels, then the first by name.
   */
  private findVersionServices(): void {
    const services = byName(this.model.of('Service')).map(svc => {
      const selector = stringMap(svc.spec.selector);
      return { svc, selector, size: Object.keys(selector).length };
    }).filter(s => s.size > 0);
    // a wider selector's pairs are all among a narrower one's: candidates share a pair
    const byPair = new Map<string, typeof services>();
    for (const s of services) {
      for (const [k, v] of Object.entries(s.selector)) push(byPair, `${s.svc.namespace}|${k}=${v}`, s);
    }
    const wider = (s: typeof services[number]) => [...new Set(Object.entries(s.selector).flatMap(([k, v]) => byPair.get(`${s.svc.namespace}|${k}=${v}`) ?? []))]
      .filter(o => o.size < s.size && selects(o.selector, s.selector));
    const roots = new Set(services.filter(s => wider(s).length === 0));
    for (const s of services) {
      let parent: typeof s | undefined;
      for (const r of wider(s)) {
        if (!roots.has(r)) continue;
        if (!parent || r.size > parent.size || (r.size === parent.size && compare(r.svc.fullName, parent.svc.fullName) < 0)) parent = r;
      }
      if (!parent) continue;
      this.versionOf.set(s.svc, parent.svc);
      this.versionServices.set(parent.svc, [...this.versionServices.get(parent.svc) ?? [], s.svc]);
    }
  }

  /** Whether a pod takes part in the mesh: it runs Istio's proxy, or is in ambient mode. */
  public meshed(pod: Pod): boolean {
    return pod.injected || pod.ambient;
  }

  /** The gateway nodes whose workload a pod is. */
  public gatewaysOf(pod: Pod): readonly string[] {
    return this.gatewaysByPod.get(pod) ?? [];
  }

  public addNode(node: GraphNode): string {
    if (!this.nodes.has(node.key)) this.nodes.set(node.key, node);
    return node.key;
  }

  public addEdge(edge: GraphEdge): void {
    this.edges.push(edge);
  }

  /** Istio Gateways and Gateway API Gateways, with the pods that serve them. */
  public addGateways(): void {
    for (const gw of this.model.of('Gateway')) {
      const selector = stringMap(gw.spec.selector);
      const pods = Object.keys(selector).length === 0 ? [] : this.model.podIndex.select(selector);
      const key = `gateway:${gw.fullName}`;
      pods.forEach(p => this.markGateway(p, key));
      const hosts = [...new Set(asArray(gw.spec.servers).flatMap(s => asArray(s?.hosts).map(String)))].sort();
      const workloads = [...new Set(pods.map(p => `${p.namespace}/${p.name}`))].sort();
      this.addNode({
        key,
        kind: 'gateway',
        namespace: gw.namespace,
        lines: [`Gateway ${gw.name}`, `hosts: ${hosts.join(', ') || '(none)'}`, workloads.length > 0 ? `on ${workloads.join(', ')}` : 'no workload selected'],
      });
    }
    for (const gw of this.model.of('gateway/Gateway')) {
      const key = `k8s-gateway:${gw.fullName}`;
      for (const pod of this.model.podIndex.select({ [LABEL.gatewayName]: gw.name }, gw.namespace)) this.markGateway(pod, key);
      const hosts = [...new Set(asArray(gw.spec.listeners).map(l => (typeof l?.hostname === 'string' ? l.hostname : '*')))].sort();
      this.addNode({
        key,
        kind: 'gateway',
        namespace: gw.namespace,
        lines: [`Gateway ${gw.name}`, `hosts: ${hosts.join(', ') || '(none)'}`, `class ${String(gw.spec.gatewayClassName ?? '')}`],
      });
    }
  }

  private markGateway(pod: Pod, key: string): void {
    const list = this.gatewaysByPod.get(pod) ?? [];
    if (!list.includes(key)) list.push(key);
    this.gatewaysByPod.set(pod, list);
  }

  /** Services with meshed application workloads, and their versions. */
  public addServices(): void {
    for (const svc of this.model.of('Service')) {
      const pods = this.model.podsOf(svc).filter(p => this.meshed(p));
      if (pods.some(p => this.gatewaysOf(p).length === 0)) this.serviceNode(svc);
    }
  }

  /** Services whose pods are gateway workloads, named by a route: a line to their Gateways. */
  public addGatewayServices(): void {
    for (const svc of this.named) {
      const gateways = new Set(this.model.podsOf(svc).flatMap(p => this.gatewaysOf(p)));
      for (const gw of [...gateways].sort()) this.addEdge({ from: this.serviceNode(svc), to: gw, kind: 'serves' });
    }
  }

  /** A Service's node (and its versions' nodes). */
  public serviceNode(svc: Obj): string {
    const parent = this.versionOf.get(svc);
    if (parent) {
      const key = `version:${parent.fullName}/${svc.name}`;
      if (!this.nodes.has(key)) {
        const lines = [this.model.podsOf(svc).length > 0 ? svc.name : `${svc.name} (no pods)`];
        this.addNode({ key, kind: 'version', namespace: parent.namespace, service: this.serviceNode(parent), lines });
      }
      return key;
    }
    const key = `service:${svc.fullName}`;
    if (this.nodes.has(key)) return key;
    const ports = asArray(svc.spec.ports);
    const lines = [svc.name];
    if (ports.length > 1) lines.push(ports.map(p => `${p?.port}${p?.name ? ` ${p.name}` : ''}`).join(', '));
    this.addNode({ key, kind: 'service', namespace: svc.namespace, lines });
    const pods = this.model.podsOf(svc);
    const subsets = this.subsets.get(svc);
    const versionServices = this.versionServices.get(svc);
    if (versionServices) {
      versionServices.filter(v => this.model.podsOf(v).length > 0).forEach(v => this.serviceNode(v));
    } else if (subsets) {
      for (const [name, labels] of subsets) {
        if (pods.some(p => selects(labels, p.labels))) this.versionNode(svc, name);
      }
    } else {
      for (const version of new Set(pods.map(p => p.labels[VERSION_LABEL]).filter(v => v !== undefined))) this.versionNode(svc, version);
    }
    return key;
  }

  /** A version's node; a subset that selects none of the service's pods is marked. */
  public versionNode(svc: Obj, name: string): string {
    const key = `version:${svc.fullName}/${name}`;
    if (this.nodes.has(key)) return key;
    const service = this.serviceNode(svc);
    const subsets = this.subsets.get(svc);
    const labels = subsets ? subsets.get(name) : { [VERSION_LABEL]: name };
    const hasPods = labels !== undefined && this.model.podsOf(svc).some(p => selects(labels, p.labels));
    return this.addNode({ key, kind: 'version', namespace: svc.namespace, service, lines: [hasPods ? name : `${name} (no pods)`] });
  }

  /**
   * The node of a host as an object in `namespace` exported to `exportTo` resolves it, with a
   * subset: the service (or its version), the ServiceEntry, or the host as written.
   */
  public hostNode(namespace: string, exportTo: readonly string[] | undefined, host: string, subset?: string): string {
    const entry = this.model.lookupHost(namespace, exportTo, host);
    if (entry?.obj.kind === 'Service') {
      this.named.add(entry.obj);
      return subset ? this.versionNode(entry.obj, subset) : this.serviceNode(entry.obj);
    }
    if (entry) {
      const hosts = asArray(entry.obj.spec.hosts).map(String);
      return this.addNode({ key: `external:${entry.obj.fullName}`, kind: 'external', lines: hosts.length > 0 ? hosts : [entry.obj.name] });
    }
    return this.addNode({ key: `host:${host}`, kind: 'external', lines: [host] });
  }

  /** A Service by namespace and name, as a node; a Service the manifests lack is shown by name. */
  public serviceByName(namespace: string, name: string): string {
    const svc = this.model.find('Service', namespace, name);
    if (svc) {
      this.named.add(svc);
      return this.serviceNode(svc);
    }
    return this.addNode({ key: `service:${namespace}/${name}`, kind: 'service', namespace, lines: [name, '(no Service)'] });
  }

  /** Adds a line to a node's text. */
  public addLine(key: string, line: string): void {
    const node = this.nodes.get(key);
    if (node) this.nodes.set(key, { ...node, lines: [...node.lines, line] });
  }

  public has(key: string): boolean {
    return this.nodes.has(key);
  }

  /** The nodes sorted by key; the edges deduplicated, routes first, then mirrors, then allowed calls. */
  public result(): GraphData {
    const rank: Record<GraphEdge['kind'], number> = { route: 0, serves: 1, mirror: 2, allowed: 3 };
    const seen = new Set<string>();
    const edges = this.edges.filter(e => {
      const id = JSON.stringify([e.from, e.to, e.kind, e.label ?? '']);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    // stable: within a kind, in the order found (objects sorted, rules in their order)
    const sorted = edges.map((e, i) => ({ e, i })).sort((a, b) => rank[a.e.kind] - rank[b.e.kind] || a.i - b.i).map(x => x.e);
    return { nodes: [...this.nodes.values()].sort((a, b) => compare(a.key, b.key)), edges: sorted };
  }
}

/** Code-unit order, independent of the locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Objects in `namespace/name` order. */
export function byName(objects: readonly Obj[]): Obj[] {
  return [...objects].sort((a, b) => compare(a.fullName, b.fullName));
}
