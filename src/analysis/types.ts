/**
 * The vocabulary of the analysis engine: messages, their levels and codes, options and checks.
 */

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

/** Settings of the cluster the manifests are meant for. */
export interface AnalysisOptions {
  /**
   * Istio's root namespace: mesh-wide PeerAuthentications and AuthorizationPolicies live there.
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /** @default 'cluster.local' */
  readonly clusterDomain?: string;
  /**
   * Whether the cluster runs Istio's default ingress and egress gateways (`istio: ingressgateway`,
   * `istio: egressgateway` in the root namespace, as `istioctl install` sets up) when the manifests
   * contain no gateway workload of their own (no workload labelled `istio`, other than istiod's
   * `istio: pilot`, and none injected with the `gateway` template).
   * @default true
   */
  readonly assumeDefaultGateways?: boolean;
  /**
   * Whether workloads in namespaces that the manifests do not declare (no Namespace object) are in
   * the mesh (their namespace enabled for injection).
   * @default true
   */
  readonly assumeInjected?: boolean;
  /** Codes to leave out of the result (e.g. `['IST0118', 'MESH007']`). @default none */
  readonly ignore?: readonly string[];
}

/** `AnalysisOptions` with every default filled in. */
export interface ResolvedOptions {
  readonly rootNamespace: string;
  readonly clusterDomain: string;
  readonly assumeDefaultGateways: boolean;
  readonly assumeInjected: boolean;
  readonly ignore: ReadonlySet<string>;
}

export function resolveOptions(options: AnalysisOptions = {}): ResolvedOptions {
  return {
    rootNamespace: options.rootNamespace ?? 'istio-system',
    clusterDomain: options.clusterDomain ?? 'cluster.local',
    assumeDefaultGateways: options.assumeDefaultGateways ?? true,
    assumeInjected: options.assumeInjected ?? true,
    ignore: new Set(options.ignore ?? []),
  };
}
