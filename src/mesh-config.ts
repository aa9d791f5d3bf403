import { Duration } from 'cdk8s';

/**
 * Encoding of Envoy's access log (`meshConfig.accessLogEncoding`).
 */
export enum AccessLogEncoding {
  /** Plain text, one line per request (Istio's default). */
  TEXT = 'TEXT',
  /** One JSON object per request. */
  JSON = 'JSON',
}

/**
 * What sidecars do with traffic to hosts outside Istio's service registry
 * (`meshConfig.outboundTrafficPolicy.mode`).
 */
export enum OutboundTrafficPolicyMode {
  /** Unknown hosts are passed through (Istio's default). */
  ALLOW_ANY = 'ALLOW_ANY',
  /** Only hosts of the registry (services and ServiceEntries) are reachable. */
  REGISTRY_ONLY = 'REGISTRY_ONLY',
}

/**
 * Mesh-wide settings of the control plane: Istio's `MeshConfig`, written into the `mesh` key of
 * the `istio` ConfigMap. `rootNamespace`, `trustDomain` and `defaultConfig.discoveryAddress` come
 * from the `Mesh` and the `ControlPlane`; every option left out keeps Istio's default.
 */
export interface MeshConfigOptions {
  /**
   * File Envoy writes its access log to (`accessLogFile`), e.g. `/dev/stdout`.
   *
   * @default - no access log
   */
  readonly accessLogFile?: string;

  /**
   * Encoding of the access log (`accessLogEncoding`). Needs `accessLogFile`.
   *
   * @default AccessLogEncoding.TEXT
   */
  readonly accessLogEncoding?: AccessLogEncoding;

  /**
   * Format of the access log lines, in Envoy's command-operator syntax (`accessLogFormat`).
   * Needs `accessLogFile`.
   *
   * @default - Istio's default format
   */
  readonly accessLogFormat?: string;

  /**
   * What sidecars do with traffic to hosts Istio does not know (`outboundTrafficPolicy.mode`).
   *
   * @default OutboundTrafficPolicyMode.ALLOW_ANY
   */
  readonly outboundTrafficPolicy?: OutboundTrafficPolicyMode;

  /**
   * Let clients use mutual TLS automatically when the server has a sidecar (`enableAutoMtls`).
   * With `false`, the DestinationRule of each service of the mesh gives its STRICT ports client
   * TLS `ISTIO_MUTUAL` (where no traffic policy sets `tls`), so that callers still agree with them.
   *
   * @default true
   */
  readonly enableAutoMtls?: boolean;

  /**
   * Start application containers only once their proxy is ready
   * (`defaultConfig.holdApplicationUntilProxyStarts`).
   *
   * @default false
   */
  readonly holdApplicationUntilProxyStarts?: boolean;

  /**
   * Percentage of requests traced when no Telemetry resource says otherwise, 0 to 100 with at
   * most two decimals. Istio reads it from istiod's `PILOT_TRACE_SAMPLING` environment variable
   * (the chart's `pilot.traceSampling`), so it is written there rather than into the mesh config.
   *
   * @default 1
   */
  readonly tracingSampling?: number;

  /**
   * Envoy worker threads of every proxy (`defaultConfig.concurrency`), 0 to 1024; 0 uses every
   * core.
   *
   * @default - Istio's default (2, or the proxy's CPU limit)
   */
  readonly proxyConcurrency?: number;

  /**
   * Merge application Prometheus metrics into the proxy's metrics endpoint, and let Prometheus
   * scrape istiod (`enablePrometheusMerge`).
   *
   * @default true
   */
  readonly enablePrometheusMerge?: boolean;

  /**
   * Timeout of new upstream connections (`connectTimeout`).
   *
   * @default Duration.seconds(10)
   */
  readonly connectTimeout?: Duration;

  /**
   * How long a proxy waits for the client's first bytes when it detects the protocol of an
   * undeclared port (`protocolDetectionTimeout`).
   *
   * @default - Istio's default (disabled)
   */
  readonly protocolDetectionTimeout?: Duration;
}
