/**
 * The pods the cluster runs: the input's Pods as given, one per workload controller (its pod
 * template, with the proxy when the cluster's injection webhooks would inject it), and one per
 * Gateway API Gateway that Istio deploys.
 */
import { cniRedirects, hasProxy, InjectionWebhook, injectorConfigMapName, injectorProxyImage, SIMULATED_PROXY_IMAGE, webhookInjects } from './cluster';
import { Labels, stringMap } from './labels';
import { asArray, Obj, templateOf } from './objects';
import { ANNOTATION, GATEWAY_CLASS, GATEWAY_CONTROLLER, LABEL } from '../private/istio-names';
import { PROXY_CONTAINER } from '../private/proxy-ports';

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

/** What deciding the pods needs to know of the cluster (the model). */
export interface PodCluster {
  /** The cluster's sidecar injection webhooks. */
  readonly webhooks: readonly InjectionWebhook[];
  /** A namespace's labels; undefined when it does not exist. */
  namespaceLabels(namespace: string): Labels | undefined;
  /** The `values` of an injector ConfigMap, by name. */
  injectorValues(name: string): string | undefined;
}

/** The pods of the cluster, in input order: given Pods, one per workload controller, and one per Gateway API Gateway Istio deploys. */
export function clusterPods(objects: readonly Obj[], cluster: PodCluster): Pod[] {
  return new PodBuilder(cluster).build(objects);
}

class PodBuilder {
  private readonly pods: Pod[] = [];
  /** The webhooks whose namespace selector matches a namespace. */
  private readonly namespaceWebhooks = new Map<string, InjectionWebhook[]>();

  public constructor(private readonly cluster: PodCluster) {}

  public build(objects: readonly Obj[]): Pod[] {
    const add = (pod: Omit<Pod, 'injected' | 'ambient'> & { ambient?: boolean }) => {
      const injected = hasProxy(pod.podSpec);
      const ambient = pod.ambient ?? pod.annotations[ANNOTATION.ambientRedirection] === 'enabled';
      const p: Pod = { ...pod, injected, ambient };
      this.pods.push(p);
    };
    for (const obj of objects) {
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
      const namespaceLabels = this.cluster.namespaceLabels(obj.namespace) ?? {};
      const podSpec = this.injected(obj.namespace, namespaceLabels, labels, annotations, template.spec);
      const ambient = annotations[ANNOTATION.ambientRedirection] === 'enabled' || cniRedirects(namespaceLabels, labels, hasProxy(podSpec));
      add({ obj, name: obj.name, namespace: obj.namespace, labels, annotations, podSpec, given: false, ambient });
    }
    return this.pods;
  }

  /**
   * A pod spec as the injection webhook leaves it: when it injects, with the `istio-proxy`
   * container (added, or its `image: auto` replaced) running the injector's proxy image.
   */
  private injected(namespace: string, namespaceLabels: Labels, labels: Labels, annotations: Labels, podSpec: any): any {
    let namespaceWebhooks = this.namespaceWebhooks.get(namespace);
    if (!namespaceWebhooks) {
      namespaceWebhooks = this.cluster.webhooks.filter(w => w.matchesNamespace(namespaceLabels));
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
   * gateway's name and class and as managed by Istio, running the proxy as the ServiceAccount the
   * Gateway's `gateway.istio.io/service-account` annotation names, else `<name>-istio`.
   */
  private addGatewayPod(gateway: Obj, add: (pod: Omit<Pod, 'injected' | 'ambient'>) => void): void {
    if (gateway.spec.gatewayClassName !== GATEWAY_CLASS || asArray(gateway.spec.addresses).length > 0) return;
    const name = `${gateway.name}-istio`;
    const labels: Labels = {
      [LABEL.inject]: 'false',
      [LABEL.canonicalName]: name,
      [LABEL.canonicalRevision]: 'latest',
      ...stringMap(gateway.spec.infrastructure?.labels),
      [LABEL.gatewayName]: gateway.name,
      [LABEL.gatewayClassName]: GATEWAY_CLASS,
      [LABEL.gatewayManaged]: GATEWAY_CONTROLLER.gateway,
    };
    add({
      obj: gateway,
      name,
      namespace: gateway.namespace,
      labels,
      annotations: stringMap(gateway.spec.infrastructure?.annotations),
      podSpec: {
        serviceAccountName: gateway.annotations[ANNOTATION.gatewayServiceAccount] || name,
        containers: [{ name: PROXY_CONTAINER, image: this.proxyImage(undefined) }],
      },
      given: false,
    });
  }

  /** The proxy image a revision's injector configures. */
  private proxyImage(revision: string | undefined): string {
    return injectorProxyImage(this.cluster.injectorValues(injectorConfigMapName(revision))) ?? SIMULATED_PROXY_IMAGE;
  }
}

/** The container port a Service port reaches on a workload, if it can be told. */
export function containerPort(servicePort: any, w: Pod | undefined): number | undefined {
  const t = servicePort?.targetPort;
  if (t === undefined || t === null || t === 0 || t === '') return Number(servicePort?.port);
  if (typeof t === 'number') return t;
  if (/^\d+$/.test(String(t))) return Number(t);
  for (const c of asArray(w?.podSpec?.containers)) {
    for (const p of asArray(c?.ports)) if (p?.name === t) return Number(p.containerPort);
  }
  return undefined;
}
