/**
 * The manifests, read once into indexes that every check shares: objects by kind and name,
 * workloads by label, Services by selector, hosts by scope. Building it is linear in the number
 * of objects; the checks then look things up instead of comparing objects pairwise.
 */
import * as YAML from 'yaml';
import { push, serviceFqdn, toFqdn } from './hosts';
import { LabelIndex, Labels, SelectorIndex, stringMap } from './labels';
import { ResolvedOptions } from './types';

/** Kinds that have no namespace. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'IngressClass', 'RuntimeClass',
  'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
]);

/** API groups whose kinds the checks read (by kind name). */
const KNOWN_GROUPS = new Set(['', 'apps', 'batch', 'networking.istio.io', 'security.istio.io', 'telemetry.istio.io']);

/** One manifest, read. */
export interface Obj {
  /** The object as given. */
  readonly raw: any;
  /** The kind, or `group/Kind` for kinds of groups the checks do not read (e.g. the Kubernetes Gateway API). */
  readonly kind: string;
  readonly name: string;
  /** The namespace for resolving references: as written, `default` when unset, `` when cluster-scoped. */
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly spec: any;
  /** `Kind namespace/name`, or `Kind name` when written without a namespace. */
  readonly resource: string;
  /** `namespace/name` as istioctl prints names in messages. */
  readonly fullName: string;
  /** Assumed by the engine (default gateways), not given: never reported on. */
  readonly synthetic: boolean;
}

/** A pod, or the pod template of a workload controller. */
export interface Workload {
  readonly obj: Obj;
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly podSpec: any;
  /** A Pod object (not a template). */
  readonly isPod: boolean;
}

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

export function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

function groupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function read(raw: any, synthetic: boolean): Obj {
  const group = groupOf(raw.apiVersion);
  const rawKind = typeof raw.kind === 'string' ? raw.kind : '';
  const kind = KNOWN_GROUPS.has(group) ? rawKind : `${group}/${rawKind}`;
  const metadata = raw.metadata ?? {};
  const name = typeof metadata.name === 'string' ? metadata.name : (typeof metadata.generateName === 'string' ? metadata.generateName : '');
  const written = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  const clusterScoped = CLUSTER_SCOPED.has(rawKind);
  const namespace = clusterScoped ? '' : written ?? 'default';
  return {
    raw,
    kind,
    name,
    namespace,
    labels: stringMap(metadata.labels),
    annotations: stringMap(metadata.annotations),
    spec: raw.spec ?? {},
    resource: written && !clusterScoped ? `${rawKind} ${written}/${name}` : `${rawKind} ${name}`,
    fullName: clusterScoped ? name : `${namespace}/${name}`,
    synthetic,
  };
}

/** The pod template of a workload controller, or the pod itself. */
function podOf(obj: Obj): { metadata: any; spec: any; isPod: boolean } | undefined {
  switch (obj.kind) {
    case 'Pod':
      return { metadata: obj.raw.metadata ?? {}, spec: obj.spec, isPod: true };
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return obj.spec.template ? { metadata: obj.spec.template.metadata ?? {}, spec: obj.spec.template.spec ?? {}, isPod: false } : undefined;
    case 'CronJob': {
      const template = obj.spec.jobTemplate?.spec?.template;
      return template ? { metadata: template.metadata ?? {}, spec: template.spec ?? {}, isPod: false } : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether a pod spec runs Istio's proxy (a container, or a native sidecar init container, named istio-proxy with an image). */
export function hasProxy(podSpec: any): boolean {
  return [...asArray(podSpec?.containers), ...asArray(podSpec?.initContainers)]
    .some(c => c?.name === 'istio-proxy' && typeof c.image === 'string' && c.image !== '');
}

/** Istio's default gateways as `istioctl install` sets them up (ports per the gateway chart's defaults). */
function defaultGateways(namespace: string): any[] {
  const gateway = (name: string, istio: string, ports: Array<[string, number, number]>) => [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
      spec: {
        selector: { matchLabels: { app: name, istio } },
        template: {
          metadata: { labels: { app: name, istio } },
          spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels: { app: name, istio } },
      spec: {
        selector: { app: name, istio },
        ports: ports.map(([n, port, targetPort]) => ({ name: n, port, targetPort, protocol: 'TCP' })),
      },
    },
  ];
  return [
    ...gateway('istio-ingressgateway', 'ingressgateway', [['status-port', 15021, 15021], ['http2', 80, 8080], ['https', 443, 8443]]),
    ...gateway('istio-egressgateway', 'egressgateway', [['http2', 80, 8080], ['https', 443, 8443]]),
  ];
}

/** Flattens `kind: List` objects (as `kubectl get -o yaml` prints them). */
function flatten(objects: readonly any[]): any[] {
  const out: any[] = [];
  const visit = (o: any) => {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) o.items.forEach(visit);
    else out.push(o);
  };
  objects.forEach(visit);
  return out;
}

/** The indexed manifests. */
export class Model {
  public readonly objects: Obj[] = [];
  /** Objects given more than once (same kind, namespace and name): the later definition wins, like `kubectl apply`. */
  public readonly duplicates: Array<{ readonly obj: Obj; readonly count: number }> = [];
  public readonly workloads: Workload[] = [];
  /** Workloads by label (pods and pod templates). */
  public readonly workloadIndex = new LabelIndex<Workload>(w => w.labels);
  /** The workloads that are Pods (not pod templates). */
  public readonly podIndex = new LabelIndex<Workload>(w => w.labels);
  /** Services by selector (Services with an empty selector select nothing). */
  public readonly serviceSelectors = new SelectorIndex<Obj>(s => stringMap(s.spec.selector));
  /** Whether the input has running Pods (Pod objects with a status): a cluster's state rather than manifests. */
  public readonly hasPods: boolean;
  /** Namespaces that exist: Namespace objects, the namespaces objects are in, and Kubernetes' and Istio's own. */
  public readonly knownNamespaces = new Set<string>();
  public readonly meshConfig: any;

  private readonly byKind = new Map<string, Obj[]>();
  private readonly byKey = new Map<string, Obj>();
  private readonly serviceNamespaces = new Map<string, string[]>();
  private readonly hostsExact = new Map<string, HostEntry>();
  private readonly hostsWild = new Map<string, Array<{ scope: string; entry: HostEntry }>>();
  private readonly serviceWorkloads = new Map<Obj, Workload[]>();

  public constructor(input: readonly any[], public readonly options: ResolvedOptions) {
    const given = flatten(input).map(raw => read(raw, false));
    const counts = new Map<string, number>();
    for (const obj of given) {
      const key = `${obj.kind}|${obj.namespace}|${obj.name}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      this.byKey.set(key, obj);
    }
    // keep the last definition, in the order of first appearance
    const seen = new Set<string>();
    for (const obj of given) {
      const key = `${obj.kind}|${obj.namespace}|${obj.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const last = this.byKey.get(key)!;
      this.objects.push(last);
      if (counts.get(key)! > 1) this.duplicates.push({ obj: last, count: counts.get(key)! });
    }
    this.hasPods = this.objects.some(o => o.kind === 'Pod' && o.raw.status !== undefined && o.raw.status !== null);

    const hasGatewayWorkload = this.objects.some(o => {
      const pod = podOf(o);
      if (!pod) return false;
      const istio = stringMap(pod.metadata.labels).istio;
      return (istio !== undefined && istio !== 'pilot' && istio !== 'istiod') || stringMap(pod.metadata.annotations)['inject.istio.io/templates'] === 'gateway';
    });
    if (options.assumeDefaultGateways && !hasGatewayWorkload) {
      for (const raw of defaultGateways(options.rootNamespace)) {
        const obj = read(raw, true);
        const key = `${obj.kind}|${obj.namespace}|${obj.name}`;
        if (this.byKey.has(key)) continue;
        this.byKey.set(key, obj);
        this.objects.push(obj);
      }
    }

    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease', options.rootNamespace]) this.knownNamespaces.add(ns);
    for (const obj of this.objects) {
      push(this.byKind, obj.kind, obj);
      if (obj.kind === 'Namespace') this.knownNamespaces.add(obj.name);
      else if (obj.namespace !== '') this.knownNamespaces.add(obj.namespace);
      const pod = podOf(obj);
      if (pod) {
        const w: Workload = {
          obj,
          namespace: obj.namespace,
          labels: stringMap(pod.metadata.labels),
          annotations: stringMap(pod.metadata.annotations),
          podSpec: pod.spec ?? {},
          isPod: pod.isPod,
        };
        this.workloads.push(w);
        this.workloadIndex.add(obj.namespace, w);
        if (w.isPod) this.podIndex.add(obj.namespace, w);
      }
      if (obj.kind === 'Service') {
        push(this.serviceNamespaces, obj.name, obj.namespace);
        this.serviceSelectors.add(obj.namespace, obj);
      }
    }
    this.meshConfig = this.readMeshConfig();
    this.indexHosts();
  }

  /** The objects of a kind, in input order. */
  public of(kind: string): readonly Obj[] {
    return this.byKind.get(kind) ?? [];
  }

  public find(kind: string, namespace: string, name: string): Obj | undefined {
    return this.byKey.get(`${kind}|${namespace}|${name}`);
  }

  /** The namespaces that have a Service of this name. */
  public namespacesOfService(name: string): readonly string[] {
    return this.serviceNamespaces.get(name) ?? [];
  }

  /** The workloads a Service selects (its namespace, its selector; none for an empty selector). */
  public workloadsOf(service: Obj): Workload[] {
    let found = this.serviceWorkloads.get(service);
    if (!found) {
      const selector = stringMap(service.spec.selector);
      found = Object.keys(selector).length === 0 ? [] : this.workloadIndex.select(selector, service.namespace);
      this.serviceWorkloads.set(service, found);
    }
    return found;
  }

  /**
   * Whether a namespace is enabled for injection: its Namespace object's `istio-injection=enabled` or
   * `istio.io/rev` label, or `assumeInjected` when the manifests do not declare the namespace.
   */
  public injectionEnabled(namespace: string): boolean {
    const ns = this.find('Namespace', '', namespace);
    if (!ns) return this.options.assumeInjected;
    return ns.labels['istio-injection'] === 'enabled' || (ns.labels['istio-injection'] === undefined && ns.labels['istio.io/rev'] !== undefined);
  }

  /** Whether a workload runs in the mesh: it has the proxy, opts in or out by label or annotation, or its namespace is injected. */
  public inMesh(w: Workload): boolean {
    if (hasProxy(w.podSpec)) return true;
    const optIn = w.labels['sidecar.istio.io/inject'] ?? w.annotations['sidecar.istio.io/inject'];
    if (optIn !== undefined) return optIn === 'true';
    return this.injectionEnabled(w.namespace);
  }

  /**
   * istioctl's destination lookup (`util.GetDestinationHost`): the Service or ServiceEntry that
   * `host`, written in `namespace` by an object exported to `exportTo`, resolves to.
   */
  public lookupHost(namespace: string, exportTo: readonly string[] | undefined, host: string): HostEntry | undefined {
    const fqdn = toFqdn(host, namespace, this.options.clusterDomain);
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

  /** istioctl's `InitServiceEntryHostMap`: ServiceEntry hosts and Services by export scope and FQDN. */
  private indexHosts(): void {
    const domain = this.options.clusterDomain;
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
    for (const se of this.of('ServiceEntry')) {
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
    for (const svc of this.of('Service')) {
      const entry: HostEntry = {
        obj: svc,
        ports: asArray(svc.spec.ports).map(p => ({ number: Number(p?.port), name: String(p?.name ?? ''), protocol: String(p?.protocol ?? 'TCP') })),
      };
      const annotation = svc.annotations['networking.istio.io/exportTo'];
      const scopes = annotation === undefined || annotation === '' ? ['*'] : annotation.split(',').map(s => s.trim()).map(s => (s === '.' ? svc.namespace : s));
      for (const scope of scopes) set(scope, serviceFqdn(svc.name, svc.namespace, domain), entry);
    }
  }

  /** The mesh configuration from the `istio` ConfigMap of the root namespace, if given. */
  private readMeshConfig(): any {
    const cm = this.find('ConfigMap', this.options.rootNamespace, 'istio');
    const text = cm?.raw.data?.mesh;
    if (typeof text !== 'string') return {};
    try {
      return YAML.parse(text) ?? {};
    } catch {
      return {};
    }
  }
}
