/**
 * The manifests, read once into indexes that every check shares: objects by kind and name, the
 * cluster's running pods by label, Services by selector, hosts by scope. Building it is linear in
 * the number of objects; the checks then look things up instead of comparing objects pairwise.
 *
 * The model is the cluster that applying the manifests produces (cluster.ts): objects without a
 * namespace are in `default`, controllers run pods (injected as the webhook would), undeclared
 * namespaces exist, and istioctl's default resources are there.
 */
import {
  cniRedirects, defaultResources, enableNamespacesByDefault, hasProxy, IGNORED_NAMESPACES, InjectionWebhook, injectionWebhooks, inMeshAsIstioctl,
  injectorConfigMapName, injectorProxyImage, MeshConfig, PROXY_CONTAINER, readMeshConfig, SIMULATED_PROXY_IMAGE, webhookInjects,
} from './cluster';
import { push, serviceFqdn, toFqdn } from './hosts';
import { LabelIndex, Labels, SelectorIndex, stringMap } from './labels';
import { ResolvedOptions } from './types';

/** Kinds that have no namespace. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'IngressClass', 'RuntimeClass',
  'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'GatewayClass',
]);

/** API groups whose kinds the checks read by kind name. */
const KNOWN_GROUPS = new Set(['', 'apps', 'batch', 'networking.istio.io', 'security.istio.io', 'telemetry.istio.io', 'extensions.istio.io',
  'admissionregistration.k8s.io']);

/** The Kubernetes Gateway API group: its kinds are read as `gateway/Kind` (e.g. `gateway/HTTPRoute`). */
const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** One manifest, read. */
export interface Obj {
  /** The object as given. */
  readonly raw: any;
  /** The kind; `gateway/Kind` for the Kubernetes Gateway API, `group/Kind` for other groups the checks do not read. */
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
  /** Assumed by the engine (istioctl's default resources), not given: never reported on. */
  readonly synthetic: boolean;
}

/** A pod the cluster runs: a given Pod, or the one a workload controller (or a Gateway API Gateway) runs. */
export interface Pod {
  /** The object findings about the pod are reported on: the Pod, or its controller. */
  readonly obj: Obj;
  /** The pod's name: the Pod's, or its controller's. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** The pod spec as it runs (with the `istio-proxy` container when the webhook injects it). */
  readonly podSpec: any;
  /** A Pod object of the input (taken as it runs), not a controller's pod. */
  readonly given: boolean;
  /** Runs Istio's proxy (`istio-proxy` with an image). */
  readonly injected: boolean;
  /** Runs in ambient mode (`ambient.istio.io/redirection: enabled`). */
  readonly ambient: boolean;
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

/** How findings name an object: `Kind namespace/name`, or `Kind name` when written without a namespace. */
export function resourceOf(raw: any): string {
  return read(raw, false).resource;
}

function read(raw: any, synthetic: boolean): Obj {
  const group = groupOf(raw.apiVersion);
  const rawKind = typeof raw.kind === 'string' ? raw.kind : '';
  const kind = KNOWN_GROUPS.has(group) ? rawKind : group === GATEWAY_API_GROUP ? `gateway/${rawKind}` : `${group}/${rawKind}`;
  const metadata = raw.metadata !== null && typeof raw.metadata === 'object' ? raw.metadata : {};
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
    spec: raw.spec !== null && typeof raw.spec === 'object' ? raw.spec : {},
    resource: written && !clusterScoped ? `${rawKind} ${written}/${name}` : `${rawKind} ${name}`,
    fullName: clusterScoped ? name : `${namespace}/${name}`,
    synthetic,
  };
}

/** The pod template of a workload controller. */
function templateOf(obj: Obj): { metadata: any; spec: any } | undefined {
  let template: any;
  switch (obj.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      template = obj.spec.template;
      break;
    case 'CronJob':
      template = obj.spec.jobTemplate?.spec?.template;
      break;
    default:
      return undefined;
  }
  if (template === null || typeof template !== 'object') return undefined;
  return { metadata: template.metadata ?? {}, spec: template.spec !== null && typeof template.spec === 'object' ? template.spec : {} };
}

/** Flattens `kind: List` objects (as `kubectl get -o yaml` prints them). */
export function flatten(objects: readonly any[]): any[] {
  const out: any[] = [];
  const visit = (o: any) => {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) o.items.forEach(visit);
    else out.push(o);
  };
  objects.forEach(visit);
  return out;
}

/** The indexed manifests, as the cluster holds them once applied. */
export class Model {
  public readonly objects: Obj[] = [];
  /** Objects given more than once (same kind, namespace and name): the later definition wins, like `kubectl apply`. */
  public readonly duplicates: Array<{ readonly obj: Obj; readonly count: number }> = [];
  /** Every pod the cluster runs, in input order. */
  public readonly pods: Pod[] = [];
  /** The pods by label. */
  public readonly podIndex = new LabelIndex<Pod>(p => p.labels);
  /** Services by selector (Services with an empty selector select nothing). */
  public readonly serviceSelectors = new SelectorIndex<Obj>(s => stringMap(s.spec.selector));
  /** The mesh config: the `meshConfig` option, else the `istio` ConfigMap of the root namespace, over Istio's defaults. */
  public readonly meshConfig: MeshConfig;
  /** The cluster's sidecar injection webhooks (the input's, else those of a default install). */
  public readonly webhooks: readonly InjectionWebhook[];

  private readonly byKind = new Map<string, Obj[]>();
  private readonly byKey = new Map<string, Obj>();
  private readonly serviceNamespaces = new Map<string, string[]>();
  private readonly hostsExact = new Map<string, HostEntry>();
  private readonly hostsWild = new Map<string, Array<{ scope: string; entry: HostEntry }>>();
  private readonly servicePods = new Map<Obj, Pod[]>();
  private readonly injectorValuesByName = new Map<string, string | undefined>();
  /** The webhooks whose namespace selector matches a namespace. */
  private readonly namespaceWebhooks = new Map<string, InjectionWebhook[]>();
  /** Labels of the namespaces that exist: declared ones as written, the others as assumed. */
  private readonly namespaceLabelsByName = new Map<string, Labels>();

  public constructor(input: readonly any[], public readonly options: ResolvedOptions) {
    const given = flatten(input).map(raw => read(raw, false))
      // istioctl reads nothing of Kubernetes' own namespaces
      .filter(o => !IGNORED_NAMESPACES.has(o.kind === 'Namespace' ? o.name : o.namespace));
    const keys = given.map(obj => `${obj.kind}|${obj.namespace}|${obj.name}`);
    const counts = new Map<string, number>();
    keys.forEach((key, i) => {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      this.byKey.set(key, given[i]);
    });
    // keep the last definition, in the order of first appearance
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      const last = this.byKey.get(key)!;
      this.objects.push(last);
      if (counts.get(key)! > 1) this.duplicates.push({ obj: last, count: counts.get(key)! });
    }

    const meshText = options.meshConfig ?? this.find('ConfigMap', options.rootNamespace, 'istio')?.raw.data?.mesh;
    this.meshConfig = readMeshConfig(typeof meshText === 'string' ? meshText : undefined, options.rootNamespace);

    // what the cluster holds beside the input (the options' objects, then istioctl's default
    // resources), unless the input has objects of the same kind and name: read, never reported on
    const assumed = [...options.clusterObjects, ...options.assumeDefaultGateways ? defaultResources(options.rootNamespace, this.meshConfig) : []];
    for (const raw of assumed) {
      const obj = read(raw, true);
      const key = `${obj.kind}|${obj.namespace}|${obj.name}`;
      if (this.byKey.has(key)) continue;
      this.byKey.set(key, obj);
      this.objects.push(obj);
    }

    for (const obj of this.objects) {
      push(this.byKind, obj.kind, obj);
      // the API server labels every namespace with its name
      if (obj.kind === 'Namespace') this.namespaceLabelsByName.set(obj.name, { ...obj.labels, 'kubernetes.io/metadata.name': obj.name });
      if (obj.kind === 'Service') {
        push(this.serviceNamespaces, obj.name, obj.namespace);
        this.serviceSelectors.add(obj.namespace, obj);
      }
    }
    // the namespaces a cluster has: default, Istio's, and every namespace an object is in
    const used = new Set(['default', options.rootNamespace, ...this.objects.map(o => o.namespace).filter(ns => ns !== '')]);
    for (const ns of used) {
      if (this.namespaceLabelsByName.has(ns) || IGNORED_NAMESPACES.has(ns)) continue;
      // Istio's namespace has no injection label; the others are injected or not, as assumed
      const injection: Labels = ns === options.rootNamespace ? {} : { 'istio-injection': options.assumeInjected ? 'enabled' : 'disabled' };
      this.namespaceLabelsByName.set(ns, { ...injection, 'kubernetes.io/metadata.name': ns });
    }
    this.webhooks = injectionWebhooks(this.of('MutatingWebhookConfiguration').map(o => o.raw),
      enableNamespacesByDefault(this.injectorValues(injectorConfigMapName(undefined))));
    this.addPods();
    this.indexHosts();
  }

  /** The objects of a kind, in input order. */
  public of(kind: string): readonly Obj[] {
    return this.byKind.get(kind) ?? [];
  }

  public find(kind: string, namespace: string, name: string): Obj | undefined {
    return this.byKey.get(`${kind}|${namespace}|${name}`);
  }

  /** The namespaces that exist (declared, assumed), without Kubernetes' own. */
  public namespaces(): IterableIterator<string> {
    return this.namespaceLabelsByName.keys();
  }

  /** A namespace's labels: its Namespace object's, or the assumed ones; undefined when it does not exist. */
  public namespaceLabels(namespace: string): Labels | undefined {
    return this.namespaceLabelsByName.get(namespace);
  }

  /** The namespaces that have a Service of this name. */
  public namespacesOfService(name: string): readonly string[] {
    return this.serviceNamespaces.get(name) ?? [];
  }

  /** The pods a Service selects (its namespace, its selector; none for an empty selector). */
  public podsOf(service: Obj): Pod[] {
    let found = this.servicePods.get(service);
    if (!found) {
      const selector = stringMap(service.spec.selector);
      found = Object.keys(selector).length === 0 ? [] : this.podIndex.select(selector, service.namespace);
      this.servicePods.set(service, found);
    }
    return found;
  }

  /** istioctl's test of whether a pod is in the mesh (`util.PodInMesh`). */
  public podInMesh(pod: Pod): boolean {
    return inMeshAsIstioctl(pod.labels, pod.annotations, pod.injected, this.namespaceLabels(pod.namespace));
  }

  /**
   * istioctl's test of whether a Deployment is in the mesh (`util.DeploymentInMesh`): as
   * `podInMesh` for its pod template, whose containers (not init containers) are as written.
   */
  public deploymentInMesh(deployment: Obj): boolean {
    const template = templateOf(deployment);
    if (!template) return false;
    return inMeshAsIstioctl(stringMap(template.metadata.labels), stringMap(template.metadata.annotations),
      hasProxy(template.spec, false), this.namespaceLabels(deployment.namespace));
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

  /** The `values` of an injector ConfigMap (by name, in any namespace, as istioctl finds it). */
  private injectorValues(name: string): string | undefined {
    if (!this.injectorValuesByName.has(name)) {
      const values = this.of('ConfigMap').find(c => c.name === name)?.raw.data?.values;
      this.injectorValuesByName.set(name, typeof values === 'string' ? values : undefined);
    }
    return this.injectorValuesByName.get(name);
  }

  /** The proxy image a revision's injector configures. */
  private proxyImage(revision: string | undefined): string {
    return injectorProxyImage(this.injectorValues(injectorConfigMapName(revision))) ?? SIMULATED_PROXY_IMAGE;
  }

  /** The pods of the cluster: given Pods, one per workload controller, and one per Gateway API Gateway Istio deploys. */
  private addPods(): void {
    const add = (pod: Omit<Pod, 'injected' | 'ambient'> & { ambient?: boolean }) => {
      const injected = hasProxy(pod.podSpec);
      const ambient = pod.ambient ?? pod.annotations['ambient.istio.io/redirection'] === 'enabled';
      const p: Pod = { ...pod, injected, ambient };
      this.pods.push(p);
      this.podIndex.add(p.namespace, p);
    };
    for (const obj of this.objects) {
      if (obj.kind === 'Pod') {
        add({ obj, name: obj.name, namespace: obj.namespace, labels: obj.labels, annotations: obj.annotations, podSpec: obj.spec, given: true });
        continue;
      }
      if (obj.kind === 'gateway/Gateway') {
        this.addGatewayPod(obj, add);
        continue;
      }
      const template = templateOf(obj);
      if (!template) continue;
      const labels = stringMap(template.metadata.labels);
      const annotations = stringMap(template.metadata.annotations);
      const namespaceLabels = this.namespaceLabels(obj.namespace) ?? {};
      const podSpec = this.injected(obj.namespace, namespaceLabels, labels, annotations, template.spec);
      const ambient = annotations['ambient.istio.io/redirection'] === 'enabled' || cniRedirects(namespaceLabels, labels, hasProxy(podSpec));
      add({ obj, name: obj.name, namespace: obj.namespace, labels, annotations, podSpec, given: false, ambient });
    }
  }

  /**
   * A pod spec as the injection webhook leaves it: when it injects, with the `istio-proxy`
   * container (added, or its `image: auto` replaced) running the injector's proxy image.
   */
  private injected(namespace: string, namespaceLabels: Labels, labels: Labels, annotations: Labels, podSpec: any): any {
    let namespaceWebhooks = this.namespaceWebhooks.get(namespace);
    if (!namespaceWebhooks) {
      namespaceWebhooks = this.webhooks.filter(w => w.matchesNamespace(namespaceLabels));
      this.namespaceWebhooks.set(namespace, namespaceWebhooks);
    }
    const { inject, revision } = webhookInjects(namespaceWebhooks, namespace, labels, annotations, podSpec);
    if (!inject) return podSpec;
    const image = this.proxyImage(revision);
    const containers = asArray(podSpec.containers);
    const existing = [...containers, ...asArray(podSpec.initContainers)].find(c => c?.name === PROXY_CONTAINER);
    if (!existing) return { ...podSpec, containers: [...containers, { name: PROXY_CONTAINER, image }] };
    if (existing.image !== 'auto') return podSpec;
    const replace = (list: unknown) => asArray(list).map(c => (c === existing ? { ...c, image } : c));
    return { ...podSpec, containers: replace(podSpec.containers), initContainers: replace(podSpec.initContainers) };
  }

  /**
   * The pod Istio's gateway controller deploys for a Gateway API Gateway of class `istio`
   * (automated deployment: the Gateway has no `addresses`): `<name>-istio`, labelled with the
   * gateway's name and class and as managed by Istio, running the proxy.
   */
  private addGatewayPod(gateway: Obj, add: (pod: Omit<Pod, 'injected' | 'ambient'>) => void): void {
    if (gateway.spec.gatewayClassName !== 'istio' || asArray(gateway.spec.addresses).length > 0) return;
    const name = `${gateway.name}-istio`;
    const labels: Labels = {
      'sidecar.istio.io/inject': 'false',
      'service.istio.io/canonical-name': name,
      'service.istio.io/canonical-revision': 'latest',
      ...stringMap(gateway.spec.infrastructure?.labels),
      'gateway.networking.k8s.io/gateway-name': gateway.name,
      'gateway.networking.k8s.io/gateway-class-name': 'istio',
      'gateway.istio.io/managed': 'istio.io-gateway-controller',
    };
    add({
      obj: gateway,
      name,
      namespace: gateway.namespace,
      labels,
      annotations: stringMap(gateway.spec.infrastructure?.annotations),
      podSpec: { containers: [{ name: PROXY_CONTAINER, image: this.proxyImage(undefined) }] },
      given: false,
    });
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
}
