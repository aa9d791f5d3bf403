import { bool, checkFactoryTypes, optional, shape } from './private/props';
import type { WorkloadResources } from './workload-resources';

/**
 * How pods of a mesh, namespace or service get their Istio proxy.
 */
export enum DataPlaneMode {
  /** Istio's mutating webhook injects the proxy when pods are created (namespace labels). */
  WEBHOOK = 'webhook',
  /** This library injects the proxy into pod templates at synthesis, like `istioctl kube-inject`. */
  SYNTH_TIME = 'synth-time',
  /** No proxy: pods are kept out of the mesh (`sidecar.istio.io/inject: "false"`). */
  NONE = 'none',
}

/**
 * Options of synth-time injection.
 */
export interface SynthTimeInjectionOptions {
  /**
   * Run the proxy as a Kubernetes native sidecar (an init container with
   * `restartPolicy: Always`), as Istio does on clusters whose nodes run Kubernetes 1.33 or newer.
   * Off: the classic layout (proxy as a regular container).
   *
   * @default true
   */
  readonly nativeSidecars?: boolean;
}

/**
 * The data plane of a mesh, a namespace or a service. Use the static factories.
 *
 * ```ts
 * const injected = new Mesh(chart, 'mesh', { dataPlane: DataPlane.synthTime() }); // proxies injected at synthesis
 * injected.addNamespace('legacy', { dataPlane: DataPlane.none() });                 // pods outside the mesh
 * ```
 */
export abstract class DataPlane {
  /** Istio's webhook injects proxies (namespaces labelled `istio-injection=enabled` or `istio.io/rev`). */
  public static webhook(): DataPlane {
    return new DataPlaneImpl(DataPlaneMode.WEBHOOK, true);
  }

  /** Proxies are injected at synthesis into the pod templates this library emits. */
  public static synthTime(options: SynthTimeInjectionOptions = {}): DataPlane {
    checkFactoryTypes(options, shape({ nativeSidecars: optional(bool) }));
    return new DataPlaneImpl(DataPlaneMode.SYNTH_TIME, options.nativeSidecars ?? true);
  }

  /** No proxies. */
  public static none(): DataPlane {
    return new DataPlaneImpl(DataPlaneMode.NONE, false);
  }

  /** The mode. */
  public abstract readonly mode: DataPlaneMode;
  /** Whether synth-time injection uses native sidecars. */
  public abstract readonly nativeSidecars: boolean;
}

class DataPlaneImpl extends DataPlane {
  public constructor(public readonly mode: DataPlaneMode, public readonly nativeSidecars: boolean) {
    super();
  }
}

/**
 * Envoy log levels.
 */
export enum ProxyLogLevel {
  /** trace */
  TRACE = 'trace',
  /** debug */
  DEBUG = 'debug',
  /** info */
  INFO = 'info',
  /** warning (Istio's default) */
  WARNING = 'warning',
  /** error */
  ERROR = 'error',
  /** critical */
  CRITICAL = 'critical',
  /** off */
  OFF = 'off',
}

/**
 * Per-service proxy settings, written as Istio's pod annotations so that webhook and synth-time
 * injection apply them alike.
 */
export interface ProxyOptions {
  /**
   * Proxy CPU and memory requests and limits (`sidecar.istio.io/proxyCPU`, `proxyCPULimit`,
   * `proxyMemory`, `proxyMemoryLimit`). cdk8s-plus's `ContainerResources` of any version fit.
   *
   * @default - the mesh's proxy defaults (requests 100m/128Mi, limits 2000m/1024Mi)
   */
  readonly resources?: WorkloadResources;
  /**
   * Envoy worker threads (`proxy.istio.io/config` concurrency); 0 uses every core.
   *
   * @default - Istio's default (2)
   */
  readonly concurrency?: number;
  /**
   * Envoy log level (`sidecar.istio.io/logLevel`).
   *
   * @default ProxyLogLevel.WARNING
   */
  readonly logLevel?: ProxyLogLevel;
  /**
   * Start the application only once the proxy is ready (`proxy.istio.io/config`). Native
   * sidecars always start first.
   *
   * @default false
   */
  readonly holdApplicationUntilProxyStarts?: boolean;
  /**
   * Inbound ports never redirected to the proxy (`traffic.sidecar.istio.io/excludeInboundPorts`).
   *
   * @default - none
   */
  readonly excludeInboundPorts?: number[];
  /**
   * Outbound ports never redirected to the proxy (`traffic.sidecar.istio.io/excludeOutboundPorts`).
   *
   * @default - none
   */
  readonly excludeOutboundPorts?: number[];
  /**
   * Outbound IP ranges (CIDR) that bypass the proxy (`traffic.sidecar.istio.io/excludeOutboundIPRanges`).
   *
   * @default - none
   */
  readonly excludeOutboundIpRanges?: string[];
}
