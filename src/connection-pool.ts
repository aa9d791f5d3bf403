import { Duration } from 'cdk8s';

/**
 * HTTP/1.1 to HTTP/2 upgrade policy of a connection pool.
 */
export enum H2UpgradePolicy {
  /** The mesh default. */
  DEFAULT = 'DEFAULT',
  /** Never upgrade. */
  DO_NOT_UPGRADE = 'DO_NOT_UPGRADE',
  /** Upgrade HTTP/1.1 connections to HTTP/2. */
  UPGRADE = 'UPGRADE',
}

/**
 * TCP keepalive probing.
 */
export interface TcpKeepalive {
  /** Idle time before the first probe (at least 1ms). @default - the OS default (7200s) */
  readonly time?: Duration;
  /** Time between probes (at least 1ms). @default - the OS default (75s) */
  readonly interval?: Duration;
  /** Unanswered probes before the connection is dead (1–2147483647). @default - the OS default (9) */
  readonly probes?: number;
}

/**
 * TCP connection-pool limits (for HTTP and TCP).
 */
export interface TcpConnectionPool {
  /** Maximum connections to the destination (1–2147483647). @default - 2^32-1 */
  readonly maxConnections?: number;
  /** TCP connect timeout (at least 1ms). @default 10s */
  readonly connectTimeout?: Duration;
  /** TCP keepalive. @default - off */
  readonly tcpKeepalive?: TcpKeepalive;
  /** Maximum lifetime of a connection (at least 1ms). @default - unlimited */
  readonly maxConnectionDuration?: Duration;
  /** Idle timeout of a connection (at least 1ms). @default 1h */
  readonly idleTimeout?: Duration;
}

/**
 * HTTP connection-pool limits.
 */
export interface HttpConnectionPool {
  /** Maximum requests queued while waiting for a connection (1–2147483647). @default - 2^32-1 */
  readonly http1MaxPendingRequests?: number;
  /** Maximum active requests (1–2147483647). @default - 2^32-1 */
  readonly http2MaxRequests?: number;
  /** Maximum requests per connection; 1 disables keep-alive (1–536870912). @default - unlimited */
  readonly maxRequestsPerConnection?: number;
  /** Maximum concurrent retries to all hosts (1–2147483647). @default - 2^32-1 */
  readonly maxRetries?: number;
  /** Idle timeout of upstream connections (at least 1ms). @default 1h */
  readonly idleTimeout?: Duration;
  /** Whether HTTP/1.1 connections are upgraded to HTTP/2. @default H2UpgradePolicy.DEFAULT */
  readonly h2UpgradePolicy?: H2UpgradePolicy;
  /** Use the caller's protocol (HTTP/1.1 or HTTP/2) upstream. @default false */
  readonly useClientProtocol?: boolean;
  /** Maximum concurrent streams per HTTP/2 connection (1–2147483647). @default - 2^31-1 */
  readonly maxConcurrentStreams?: number;
}

/**
 * Connection-pool limits: the "circuit breaker" thresholds of a destination.
 */
export interface ConnectionPool {
  /** TCP limits. @default - none */
  readonly tcp?: TcpConnectionPool;
  /** HTTP limits. @default - none */
  readonly http?: HttpConnectionPool;
}
