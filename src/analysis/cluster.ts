/**
 * What a cluster holds once the manifests are applied, as istioctl analyze reads a cluster: the
 * namespaces it has, the Pods its controllers run (injected as Istio's webhook would), the mesh
 * config, and the resources istioctl assumes for files. Every fact assumed here is listed in
 * README.md ("The cluster the manifests are applied to"); the Istio oracle of the tests
 * (test/istio/cluster.go) assumes the same facts, so that this engine and istioctl's analyzers see
 * the same cluster.
 */
import * as YAML from 'yaml';
import { labelSelector, Labels, stringMap } from './labels';
import { injectionWebhookSelectors } from '../private/injection-webhooks';
import { ANNOTATION, DEFAULT_TRUST_DOMAIN, IGNORED_NAMESPACES, LABEL } from '../private/istio-names';
import { PROXY_CONTAINER } from '../private/proxy-ports';

/** The mesh config settings the checks read, with Istio's defaults (`mesh.DefaultMeshConfig`). */
export interface MeshConfig {
  readonly rootNamespace: string;
  /** `OFF` turns off the default ingress resources istioctl assumes. */
  readonly ingressControllerMode: string;
  readonly ingressService: string;
  readonly proxyMetadata: Readonly<Record<string, string>>;
  /** The mesh's SPIFFE trust domain (workload identities are `<trustDomain>/ns/<ns>/sa/<sa>`). */
  readonly trustDomain: string;
}

/**
 * Reads mesh config YAML (a `MeshConfig`, as in the `mesh` key of the `istio` ConfigMap or
 * istioctl's `--meshConfigFile`) over Istio's defaults; unreadable text gives the defaults.
 */
export function readMeshConfig(text: string | undefined, defaultRootNamespace: string): MeshConfig {
  let parsed: any = {};
  if (text !== undefined) {
    try {
      parsed = YAML.parse(text) ?? {};
    } catch {
      parsed = {};
    }
  }
  if (parsed === null || typeof parsed !== 'object') parsed = {};
  const str = (v: unknown, d: string) => (typeof v === 'string' && v !== '' ? v : d);
  return {
    rootNamespace: str(parsed.rootNamespace, defaultRootNamespace),
    ingressControllerMode: str(parsed.ingressControllerMode, 'STRICT').toUpperCase(),
    ingressService: str(parsed.ingressService, 'istio-ingressgateway'),
    proxyMetadata: stringMap(parsed.defaultConfig?.proxyMetadata),
    trustDomain: str(parsed.trustDomain, DEFAULT_TRUST_DOMAIN),
  };
}

/**
 * The resources istioctl analyze adds for files (`local/defaults.go`): a Pod labelled
 * `istio: ingressgateway` (its `istio-proxy` container has no image) and a Service of that name
 * selecting it, with ports 80, 443, 31400 and 15443 (each its own target port), in Istio's
 * namespace; none when the mesh config's `ingressControllerMode` is `OFF`.
 */
export function defaultResources(namespace: string, meshConfig: MeshConfig): any[] {
  if (meshConfig.ingressControllerMode === 'OFF') return [];
  const name = meshConfig.ingressService;
  const port = (portName: string, n: number) => ({ name: portName, port: n, protocol: 'TCP', targetPort: n });
  return [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${name}-dummypod`, namespace, labels: { istio: 'ingressgateway' } },
      spec: { containers: [{ name: PROXY_CONTAINER }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace },
      spec: { selector: { istio: 'ingressgateway' }, ports: [port('http2', 80), port('https', 443), port('tcp', 31400), port('tls', 15443)] },
    },
  ];
}

/**
 * The proxy image the injector ConfigMap's `values` configure (`global.proxy.image`, or
 * `hub/image:tag`), as istioctl reads it; undefined without readable values.
 */
export function injectorProxyImage(valuesJson: string | undefined): string | undefined {
  if (valuesJson === undefined) return undefined;
  let global: any;
  try {
    global = JSON.parse(valuesJson)?.global ?? {};
  } catch {
    return undefined;
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const image = str(global.proxy?.image);
  return image.includes('/') ? image : `${str(global.hub)}/${image}:${str(global.tag)}`;
}

/** The injector ConfigMap of a revision: `istio-sidecar-injector`, or `istio-sidecar-injector-<rev>`. */
export function injectorConfigMapName(revision: string | undefined): string {
  return revision === undefined || revision === '' || revision === 'default' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${revision}`;
}

/** `sidecarInjectorWebhook.enableNamespacesByDefault` of an injector ConfigMap's `values`. */
export function enableNamespacesByDefault(valuesJson: string | undefined): boolean {
  if (valuesJson === undefined) return false;
  try {
    return JSON.parse(valuesJson)?.sidecarInjectorWebhook?.enableNamespacesByDefault === true;
  } catch {
    return false;
  }
}

/** Whether a pod spec has the `istio-proxy` container with an image (containers, then init containers), as istioctl tells injected pods. */
export function hasProxy(podSpec: any, withInitContainers = true): boolean {
  const containers = [...asList(podSpec?.containers), ...(withInitContainers ? asList(podSpec?.initContainers) : [])];
  const proxy = containers.find(c => c?.name === PROXY_CONTAINER);
  return typeof proxy?.image === 'string' && proxy.image !== '';
}

function asList(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** An Istio injection webhook: its selectors and the revision of its configuration. */
export interface InjectionWebhook {
  readonly name: string;
  readonly matchesNamespace: (labels: Labels) => boolean;
  readonly matchesPod: (labels: Labels) => boolean;
  readonly revision: string;
}

/** The image the simulated injection gives the proxy when no injector ConfigMap says otherwise. */
export const SIMULATED_PROXY_IMAGE = 'docker.io/istio/proxyv2:simulated';

/**
 * The injection webhooks of the cluster: those of the input's MutatingWebhookConfigurations named
 * `*istio.io` (as istioctl tells Istio's), or, without any, the ones a default `istioctl install`
 * creates (namespace `istio-injection=enabled`, `istio.io/rev=default`, and pod label
 * `sidecar.istio.io/inject=true` or `istio.io/rev=default` in unlabelled namespaces; and every
 * unlabelled namespace but Kubernetes' own when the injector enables namespaces by default).
 */
export function injectionWebhooks(configurations: readonly any[], enabledByDefault: boolean): InjectionWebhook[] {
  const out: InjectionWebhook[] = [];
  for (const config of configurations) {
    const revision = stringMap(config?.metadata?.labels)[LABEL.revision] ?? 'default';
    for (const webhook of asList(config?.webhooks)) {
      if (typeof webhook?.name !== 'string' || !webhook.name.endsWith('istio.io')) continue;
      out.push({
        name: webhook.name,
        matchesNamespace: labelSelector(webhook.namespaceSelector),
        matchesPod: labelSelector(webhook.objectSelector),
        revision,
      });
    }
  }
  return out.length > 0 ? out : assumedWebhooks(enabledByDefault);
}

function assumedWebhooks(enabledByDefault: boolean): InjectionWebhook[] {
  return injectionWebhookSelectors('default', true, enabledByDefault).map(w => ({
    name: w.name,
    matchesNamespace: labelSelector({ matchExpressions: w.namespaceSelector }),
    matchesPod: labelSelector({ matchExpressions: w.objectSelector }),
    revision: 'default',
  }));
}

/**
 * Whether Istio injects a pod created in a namespace, and which revision's injector does: a
 * webhook whose namespace selector matches the namespace (`namespaceWebhooks`) matches the pod,
 * and the injector agrees — not in Kubernetes' own namespaces, not for host-network pods, not when
 * the pod's `sidecar.istio.io/inject` label (else annotation) is `false`.
 */
export function webhookInjects(
  namespaceWebhooks: readonly InjectionWebhook[], namespace: string, labels: Labels, annotations: Labels, podSpec: any,
): { inject: boolean; revision?: string } {
  if (IGNORED_NAMESPACES.has(namespace) || podSpec?.hostNetwork === true) return { inject: false };
  const setting = labels[LABEL.inject] ?? annotations[ANNOTATION.inject];
  if (setting === 'false') return { inject: false };
  const webhook = namespaceWebhooks.find(w => w.matchesPod(labels));
  return webhook ? { inject: true, revision: webhook.revision } : { inject: false };
}

/**
 * Whether a pod runs in ambient mode (istio-cni annotates it `ambient.istio.io/redirection:
 * enabled`): not when injected with a sidecar, nor when labelled `istio.io/dataplane-mode: none`;
 * when labelled `istio.io/dataplane-mode: ambient`, or when its namespace is.
 */
export function cniRedirects(namespaceLabels: Labels, labels: Labels, injected: boolean): boolean {
  if (injected) return false;
  const mode = labels[LABEL.dataplaneMode];
  if (mode !== undefined) return mode === 'ambient';
  return namespaceLabels[LABEL.dataplaneMode] === 'ambient';
}

/**
 * istioctl's test of whether a workload is in the mesh (`util.inMesh`): it has the proxy; else its
 * `sidecar.istio.io/inject` label, else annotation, is `true`; else its namespace exists and is
 * labelled `istio-injection=enabled` (a revision label does not count).
 */
export function inMeshAsIstioctl(labels: Labels, annotations: Labels, withProxy: boolean, namespaceLabels: Labels | undefined): boolean {
  if (withProxy) return true;
  if (labels[LABEL.inject] !== undefined) return labels[LABEL.inject] === 'true';
  if (annotations[ANNOTATION.inject] !== undefined) return annotations[ANNOTATION.inject] === 'true';
  return namespaceLabels !== undefined && namespaceLabels[LABEL.injection] === 'enabled';
}
