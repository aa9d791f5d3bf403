/**
 * The manifests as the routing simulator reads them (`SimWorld`): the analysis model (objects by
 * kind and name, the pods the cluster runs, host lookup) plus what routing needs on top of it —
 * and the steps every routing API shares: resolving a destination host to its Service and pods,
 * turning weights into percentages, and Istio's authorization verdict at the destination.
 */
import { NormalizedRequest } from './request';
import { AuthorizationVerdict, SimulatedAuthorization } from './types';
import { AuthzRequest, AuthzVerdict } from '../authz';
import { WorkloadVerdicts } from '../authz/workloads';
import { HostEntry } from '../destination-hosts';
import { push, toFqdn } from '../hosts';
import { Labels, selectorString, selects, stringMap } from '../labels';
import { Model } from '../model';
import { asArray, Obj } from '../objects';
import { containerPort, Pod } from '../pods';
import { resolveOptions } from '../types';

/** A destination host resolved against the manifests. */
export interface ResolvedDestination {
  /** The host as a FQDN (short names completed in the namespace of the object that names them). */
  readonly host: string;
  /** The Service or ServiceEntry behind it, when the manifests hold one. */
  readonly entry?: HostEntry;
  /** `namespace/name` of `entry`. */
  readonly service?: string;
  /** The labels selecting the destination's pods: the Service's selector (or the ServiceEntry's workloadSelector) plus the subset's labels. */
  readonly labels?: Labels;
  /** The destination port: the given one, else the entry's only port. */
  readonly port?: number;
  /** What could not be resolved, each a sentence. */
  readonly caveats: readonly string[];
}

/** The indexed manifests the simulator routes over (shared with the Gateway API part, gateway-api.ts). */
export interface SimWorld {
  /** The analysis model of the manifests (objects by kind and name, pods, hosts). */
  readonly model: Model;
  /** The cluster domain (`cluster.local`). */
  readonly domain: string;
  /** The mesh's root namespace. */
  readonly rootNamespace: string;
  /** The mesh's trust domain. */
  readonly trustDomain: string;

  /**
   * The Service or ServiceEntry `host` resolves to, written in `namespace` by an object exported to
   * `exportTo`, with its pods' labels (plus the DestinationRule subset's, when `subset` is given)
   * and the port.
   */
  resolveDestination(host: string, namespace: string, options?: {
    readonly subset?: string;
    readonly port?: number;
    readonly exportTo?: readonly string[];
    /** The client's namespace, where its proxy looks for the DestinationRule first. @default namespace */
    readonly clientNamespace?: string;
    /** The port the request was sent to: the destination's port when none is given and the entry has it. */
    readonly requestPort?: number;
  }): ResolvedDestination;

  /** The pods (in `namespace`) that `labels` selects. */
  podsSelectedBy(labels: Labels, namespace: string): Pod[];

  /** The container port each port of the Services selecting `pod` sends to, by Service port. */
  servicePortTargets(pod: Pod): Map<number, number>;

  /**
   * Istio's authorization verdict for `request` at the pods `labels` selects in `namespace`
   * (reaching them on `targetPort`); undefined when no AuthorizationPolicy is in force there.
   * When pods decide differently, the least permissive verdict is reported, with a caveat.
   */
  authorize(labels: Labels, namespace: string, request: NormalizedRequest, targetPort: number | undefined,
    caveats: string[]): SimulatedAuthorization | undefined;

  /** The AuthorizationPolicies, RequestAuthentications … of a kind, in input order. */
  of(kind: string): readonly Obj[];
}

/** Options of `buildWorld`. */
export interface WorldOptions {
  readonly rootNamespace?: string;
  readonly clusterDomain?: string;
  readonly clusterObjects?: readonly any[];
}

/** The manifests, indexed for routing. */
export function buildWorld(manifests: readonly any[], options: WorldOptions = {}): SimWorld {
  return new IndexedWorld(manifests, options);
}

/** Whether an object with `exportTo` in `namespace` is visible from `from` (absent or `*`: everywhere; `.`: its own namespace). */
export function exportedTo(exportTo: readonly string[], namespace: string, from: string): boolean {
  if (exportTo.length === 0 || exportTo.includes('*')) return true;
  return exportTo.some(e => (e === '.' ? namespace : e) === from);
}

const VERDICT_ORDER: Record<string, number> = { allowed: 0, depends: 1, denied: 2 };

class IndexedWorld implements SimWorld {
  public readonly model: Model;
  public readonly domain: string;
  public readonly rootNamespace: string;
  public readonly trustDomain: string;
  /** DestinationRules by host FQDN (resolved in the rule's namespace), input order. */
  private readonly rulesByHost = new Map<string, Obj[]>();
  private readonly verdicts: WorkloadVerdicts;

  public constructor(manifests: readonly any[], options: WorldOptions) {
    this.model = new Model(manifests, resolveOptions({
      rootNamespace: options.rootNamespace, clusterDomain: options.clusterDomain, clusterObjects: options.clusterObjects,
    }));
    this.domain = this.model.options.clusterDomain;
    this.rootNamespace = this.model.meshConfig.rootNamespace;
    this.trustDomain = this.model.meshConfig.trustDomain;
    for (const dr of this.model.of('DestinationRule')) {
      if (typeof dr.spec.host === 'string') push(this.rulesByHost, toFqdn(dr.spec.host, dr.namespace, this.domain), dr);
    }
    this.verdicts = new WorkloadVerdicts(this.model);
  }

  public of(kind: string): readonly Obj[] {
    return this.model.of(kind);
  }

  public resolveDestination(host: string, namespace: string, options: {
    readonly subset?: string;
    readonly port?: number;
    readonly exportTo?: readonly string[];
    readonly clientNamespace?: string;
    readonly requestPort?: number;
  } = {}): ResolvedDestination {
    const caveats: string[] = [];
    const fqdn = toFqdn(host, namespace, this.domain);
    const entry = this.model.lookupHost(namespace, options.exportTo, host);
    if (!entry) {
      return { host: fqdn, port: options.port, caveats: [`the manifests hold no Service or ServiceEntry for ${fqdn}`] };
    }
    const base = entry.obj.kind === 'Service' ? stringMap(entry.obj.spec.selector) : entry.workloadSelector;
    let labels: Labels | undefined = base;
    if (options.subset !== undefined && options.subset !== '') {
      const subset = this.subset(fqdn, options.subset, options.clientNamespace ?? namespace, entry.obj.namespace);
      if (subset === undefined) {
        caveats.push(`no DestinationRule for ${fqdn} defines the subset '${options.subset}': Istio answers 503 (no healthy upstream)`);
      } else {
        labels = { ...base ?? {}, ...subset };
      }
    }
    const numbers = entry.ports.map(p => p.number);
    let port = options.port;
    if (port === undefined) {
      if (options.requestPort !== undefined && numbers.includes(options.requestPort)) port = options.requestPort;
      else if (numbers.length === 1) port = numbers[0];
    }
    return { host: fqdn, entry, service: entry.obj.fullName, labels, port, caveats };
  }

  /**
   * The labels of a DestinationRule subset for a host, as the client's proxy finds the rule: one in
   * the client's namespace, else one exported from the Service's namespace, else from the root
   * namespace (a host's rules in one namespace are merged, the first definition of a subset wins).
   */
  private subset(fqdn: string, name: string, clientNamespace: string, serviceNamespace: string): Labels | undefined {
    const rules = this.rulesByHost.get(fqdn) ?? [];
    for (const ns of [clientNamespace, serviceNamespace, this.rootNamespace]) {
      const here = rules.filter(r => r.namespace === ns && exportedTo(asArray(r.spec.exportTo).map(String), r.namespace, clientNamespace));
      if (here.length === 0) continue;
      for (const r of here) {
        const s = asArray(r.spec.subsets).find(x => x?.name === name);
        if (s) return stringMap(s.labels);
      }
      return undefined;
    }
    return undefined;
  }

  public podsSelectedBy(labels: Labels, namespace: string): Pod[] {
    return this.model.podIndex.select(labels, namespace);
  }

  public authorize(labels: Labels, namespace: string, request: NormalizedRequest, servicePort: number | undefined,
    caveats: string[]): SimulatedAuthorization | undefined {
    const pods = Object.keys(labels).length === 0 ? [] : this.podsSelectedBy(labels, namespace).filter(p => p.injected);
    if (pods.length === 0 && this.verdicts.any) {
      caveats.push(`no pod with Istio's proxy in ${namespace} has the labels ${selectorString(labels)}: no authorization verdict there`);
    }
    let worst: { verdict: AuthzVerdict; pod: Pod } | undefined;
    const seen = new Set<string>();
    for (const pod of pods) {
      const verdict = this.verdicts.verdict(pod, authzRequest(request, this.targetPort(pod, namespace, labels, servicePort)));
      seen.add(verdict.verdict);
      if (!worst || VERDICT_ORDER[verdict.verdict] > VERDICT_ORDER[worst.verdict.verdict]) worst = { verdict, pod };
    }
    if (seen.size > 1) caveats.push(`the pods in ${namespace} selected by ${selectorString(labels)} decide differently; the least permissive verdict (${worst!.pod.name}'s) is given`);
    if (!worst || worst.verdict.policy === undefined) return undefined;
    return describe(worst.verdict);
  }

  /**
   * The container port each port of the Services selecting `pod` sends to, by Service port: where a
   * connection to the Service reaches the pod (a gateway's listener).
   */
  public servicePortTargets(pod: Pod): Map<number, number> {
    const targets = new Map<number, number>();
    for (const svc of this.model.serviceSelectors.selecting(pod.labels, pod.namespace, false)) {
      for (const p of asArray(svc.spec.ports)) {
        const port = Number(p?.port);
        const target = containerPort(p, pod);
        if (!targets.has(port) && target !== undefined) targets.set(port, target);
      }
    }
    return targets;
  }

  /** The port a request to a Service port reaches on a pod. */
  private targetPort(pod: Pod, namespace: string, labels: Labels, servicePort: number | undefined): number | undefined {
    if (servicePort === undefined) return undefined;
    for (const svc of this.model.serviceSelectors.selecting(pod.labels, namespace, false)) {
      if (!selects(stringMap(svc.spec.selector), labels)) continue;
      const p = asArray(svc.spec.ports).find(x => Number(x?.port) === servicePort);
      if (p) return containerPort(p, pod);
    }
    return servicePort;
  }
}

/** What the authorization evaluator is told of a request. */
export function authzRequest(request: NormalizedRequest, port: number | undefined): AuthzRequest {
  return {
    protocol: 'http',
    principal: request.source.principal,
    namespace: request.source.namespace,
    requestPrincipal: request.source.requestPrincipal,
    sourceIp: request.source.ip,
    remoteIp: request.source.ip,
    port,
    host: request.authority,
    method: request.method,
    path: request.path,
    headers: request.headers,
    headersComplete: true,
  };
}

function describe(v: AuthzVerdict): SimulatedAuthorization {
  const rule = v.rule === undefined ? '' : ` rule ${v.rule}`;
  let reason: string;
  if (v.verdict === 'allowed') reason = `${v.action} policy ${v.policy}${rule} matches`;
  else if (v.verdict === 'denied' && v.action === 'DENY') reason = `DENY policy ${v.policy}${rule} matches`;
  else if (v.verdict === 'denied') reason = `no ALLOW policy in force matches (${(v.allowPolicies ?? [v.policy]).join(', ')})`;
  else if (v.action === 'CUSTOM') reason = `CUSTOM policy ${v.policy}${rule} sends the request to an external authorizer`;
  else reason = `${v.action} policy ${v.policy}${rule} matches depending on what the request does not say`;
  return { verdict: v.verdict as AuthorizationVerdict, policy: v.policy, reason };
}
