import { ClientTls } from './client-tls';
import { ConnectionPool } from './connection-pool';
import { LoadBalancer } from './load-balancer';
import { OutlierDetection } from './outlier-detection';

/**
 * A traffic policy of a host, a version (subset), a port, or a port of a version.
 */
export interface TrafficPolicy {
  /** Load balancing. @default - Istio's default (LEAST_REQUEST) */
  readonly loadBalancer?: LoadBalancer;
  /** Client TLS. @default - Istio's automatic mTLS */
  readonly tls?: ClientTls;
  /** Connection-pool limits. @default - none */
  readonly connectionPool?: ConnectionPool;
  /** Outlier detection. @default - none */
  readonly outlierDetection?: OutlierDetection;
}

/**
 * Where a traffic policy applies within a host.
 */
export interface PolicyScope {
  /** A version (subset) of the host. @default - every version */
  readonly version?: string;
  /** A port of the host. @default - every port */
  readonly port?: number;
}
