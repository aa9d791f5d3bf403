import { Construct } from 'constructs';
import { ConnectionPool } from './connection-pool';
import { MeshHost } from './mesh-host';
import { OutlierDetection } from './outlier-detection';
import { checkTypes, instance, num, optional, shape, str } from './private/props';
import { CONNECTION_POOL, OUTLIER_DETECTION } from './private/schemas';
import { throwIfProblems } from './private/validation';

/**
 * Properties of a `CircuitBreaker`.
 */
export interface CircuitBreakerProps {
  /** The host protected: a `MeshService` or an `ExternalService`. */
  readonly host: MeshHost;
  /**
   * Limit the breaker to one version (subset) of the host.
   *
   * @default - every version
   */
  readonly version?: string;
  /**
   * Limit the breaker to one port of the host.
   *
   * @default - every port
   */
  readonly port?: number;
  /**
   * Connection-pool limits: requests beyond them fail fast with 503 instead of queuing.
   *
   * @default - none
   */
  readonly connectionPool?: ConnectionPool;
  /**
   * Outlier detection: hosts that keep failing are ejected for a while.
   *
   * @default - none
   */
  readonly outlierDetection?: OutlierDetection;
}

const PROPS = shape({
  host: instance('MeshService or ExternalService', v => v instanceof MeshHost),
  version: optional(str),
  port: optional(num),
  connectionPool: optional(CONNECTION_POOL),
  outlierDetection: optional(OUTLIER_DETECTION),
});

/**
 * A circuit breaker for a host, one of its versions or one of its ports: connection-pool limits
 * and outlier detection, merged into the host's DestinationRule (top level, subset or
 * `portLevelSettings`). Two breakers on the same scope conflict.
 *
 * ```ts
 * new CircuitBreaker(chart, 'reviews-breaker', {
 *   host: reviews,
 *   connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 10 } },
 *   outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(10), baseEjectionTime: Duration.seconds(30) },
 * });
 * ```
 *
 * sets in the `reviews` DestinationRule:
 *
 * ```yaml
 * trafficPolicy:
 *   connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 10 } }
 *   outlierDetection: { consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s }
 * ```
 */
export class CircuitBreaker extends Construct {
  /** The host protected. */
  public readonly host: MeshHost;

  public constructor(scope: Construct, id: string, props: CircuitBreakerProps) {
    super(scope, id);
    checkTypes(this, props, PROPS);
    this.host = props.host;
    throwIfProblems(this, [
      props.connectionPool === undefined && props.outlierDetection === undefined
        ? "a circuit breaker needs 'connectionPool', 'outlierDetection' or both" : undefined,
    ]);
    props.host._addTrafficPolicy(
      { connectionPool: props.connectionPool, outlierDetection: props.outlierDetection },
      { version: props.version, port: props.port },
      this.node.path,
    );
  }
}
