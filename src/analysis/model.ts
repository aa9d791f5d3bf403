/**
 * The manifests, read once into indexes that every check shares: objects by kind and name, the
 * cluster's running pods by label, Services by selector, hosts by scope. Building it is linear in
 * the number of objects; the checks then look things up instead of comparing objects pairwise.
 *
 * The model is the cluster that applying the manifests produces (cluster.ts): objects without a
 * namespace are in `default`, controllers run pods (injected as the webhook would, pods.ts),
 * undeclared namespaces exist, and istioctl's default resources are there. Objects are read by
 * objects.ts, hosts resolved by destination-hosts.ts.
 */
import {
  defaultResources, enableNamespacesByDefault, hasProxy, InjectionWebhook, injectionWebhooks, inMeshAsIstioctl,
  injectorConfigMapName, MeshConfig, readMeshConfig,
} from './cluster';
import { controllerObjects } from './controllers';
import { DestinationHosts, HostEntry } from './destination-hosts';
import { push } from './hosts';
import { LabelIndex, Labels, SelectorIndex, stringMap } from './labels';
import { flatten, Obj, readObject, templateOf } from './objects';
import { clusterPods, Pod } from './pods';
import { ResolvedOptions } from './types';
import { IGNORED_NAMESPACES, LABEL } from '../private/istio-names';

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
  private readonly hosts: DestinationHosts;
  private readonly servicePods = new Map<Obj, Pod[]>();
  private readonly injectorValuesByName = new Map<string, string | undefined>();
  /** Labels of the namespaces that exist: declared ones as written, the others as assumed. */
  private readonly namespaceLabelsByName = new Map<string, Labels>();

  public constructor(input: readonly any[], public readonly options: ResolvedOptions) {
    const given = flatten(input).map(raw => readObject(raw, false))
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

    // what the cluster holds beside the input (the options' objects, what progressive-delivery
    // controllers create for the input's resources, then istioctl's default resources), unless
    // the input has objects of the same kind and name: read, never reported on
    const assumed = [
      ...options.clusterObjects,
      ...controllerObjects(this.objects.map(o => o.raw)),
      ...options.assumeDefaultGateways ? defaultResources(options.rootNamespace, this.meshConfig) : [],
    ];
    for (const raw of assumed) {
      const obj = readObject(raw, true);
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
      const injection: Labels = ns === options.rootNamespace ? {} : { [LABEL.injection]: options.assumeInjected ? 'enabled' : 'disabled' };
      this.namespaceLabelsByName.set(ns, { ...injection, 'kubernetes.io/metadata.name': ns });
    }
    this.webhooks = injectionWebhooks(this.of('MutatingWebhookConfiguration').map(o => o.raw),
      enableNamespacesByDefault(this.injectorValues(injectorConfigMapName(undefined))));
    for (const pod of clusterPods(this.objects, this)) {
      this.pods.push(pod);
      this.podIndex.add(pod.namespace, pod);
    }
    this.hosts = new DestinationHosts(this.of('ServiceEntry'), this.of('Service'), options.clusterDomain);
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
    return this.hosts.lookup(namespace, exportTo, host);
  }

  /** The `values` of an injector ConfigMap (by name, in any namespace, as istioctl finds it). */
  public injectorValues(name: string): string | undefined {
    if (!this.injectorValuesByName.has(name)) {
      const values = this.of('ConfigMap').find(c => c.name === name)?.raw.data?.values;
      this.injectorValuesByName.set(name, typeof values === 'string' ? values : undefined);
    }
    return this.injectorValuesByName.get(name);
  }
}
