/**
 * The vocabulary of the analysis engine: messages, their levels and codes, options and checks.
 */
import { DEFAULT_CLUSTER_DOMAIN, ISTIO_SYSTEM } from '../private/istio-names';

/** How serious a finding is (istioctl analyze's levels). */
export type Level = 'Error' | 'Warning' | 'Info';

/** One finding. */
export interface AnalysisMessage {
  /** `IST0101` for findings istioctl analyze also makes, `MESH001…` for this library's own. */
  readonly code: string;
  readonly level: Level;
  /** `Kind namespace/name`, or `Kind name` when the object has no namespace (as written). */
  readonly resource: string;
  readonly message: string;
  /** The object the finding is about, as it was given (synth-time callers map it back to a construct). */
  readonly object?: any;
}

/** A kind of message: Istio's code, name and level, or one of this library's. */
export interface MessageType {
  readonly code: string;
  readonly name: string;
  readonly level: Level;
}

/**
 * Settings of the cluster the manifests are meant for. The analysis reads the cluster that applying
 * the manifests produces, as `istioctl analyze` reads a live cluster (README.md lists what it
 * assumes).
 */
export interface AnalysisOptions {
  /**
   * Istio's namespace: where istiod, the `istio` ConfigMap and istioctl's default ingress
   * resources are, and (unless the mesh config sets `rootNamespace`) the mesh's root namespace,
   * whose PeerAuthentications and AuthorizationPolicies apply mesh-wide.
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /** @default 'cluster.local' */
  readonly clusterDomain?: string;
  /**
   * Whether the cluster has the resources istioctl analyze assumes for files (unless the mesh
   * config's `ingressControllerMode` is `OFF`): a Pod labelled `istio: ingressgateway` and the
   * Service `istio-ingressgateway` (the mesh config's `ingressService`) selecting it, with ports 80,
   * 443, 31400 and 15443, in Istio's namespace. Objects of the input with the same kind and name
   * replace them.
   * @default true
   */
  readonly assumeDefaultGateways?: boolean;
  /**
   * Whether namespaces that the manifests do not declare (no Namespace object) are labelled
   * `istio-injection=enabled` (else `istio-injection=disabled`). Istio's namespace has no injection
   * label.
   * @default true
   */
  readonly assumeInjected?: boolean;
  /**
   * The mesh config (MeshConfig YAML, as istioctl's `--meshConfigFile`); without it, the `mesh` key
   * of the ConfigMap `istio` in Istio's namespace, as istioctl reads it from a cluster.
   * @default - the `istio` ConfigMap of the input, else Istio's defaults
   */
  readonly meshConfig?: string;
  /** Codes to leave out of the result (e.g. `['IST0118', 'MESH007']`). @default none */
  readonly ignore?: readonly string[];
  /**
   * Objects the cluster holds that the input does not (e.g. the TLS Secrets of gateways, made by
   * hand or by cert-manager): references to them resolve, and they are never reported on. An
   * object of the input with the same kind, namespace and name replaces one of these.
   * @default none
   */
  readonly clusterObjects?: readonly any[];
}

/** `AnalysisOptions` with every default filled in. */
export interface ResolvedOptions {
  readonly rootNamespace: string;
  readonly clusterDomain: string;
  readonly assumeDefaultGateways: boolean;
  readonly assumeInjected: boolean;
  readonly meshConfig?: string;
  readonly ignore: ReadonlySet<string>;
  readonly clusterObjects: readonly any[];
}

export function resolveOptions(options: AnalysisOptions = {}): ResolvedOptions {
  return {
    rootNamespace: options.rootNamespace ?? ISTIO_SYSTEM,
    clusterDomain: options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN,
    assumeDefaultGateways: options.assumeDefaultGateways ?? true,
    assumeInjected: options.assumeInjected ?? true,
    meshConfig: options.meshConfig,
    ignore: new Set(options.ignore ?? []),
    clusterObjects: options.clusterObjects ?? [],
  };
}
