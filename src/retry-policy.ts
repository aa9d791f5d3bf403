import { Duration } from 'cdk8s';

/**
 * Conditions under which Envoy retries a request (Istio's `retryOn`).
 */
export enum RetryOn {
  /** Any 5xx response, or a connection failure, reset or timeout. */
  FIVE_XX = '5xx',
  /** 502, 503 or 504. */
  GATEWAY_ERROR = 'gateway-error',
  /** The upstream did not respond at all (disconnect, reset, read timeout). */
  RESET = 'reset',
  /** A connection to the upstream failed (connect timeout …). */
  CONNECT_FAILURE = 'connect-failure',
  /** Envoy's rate limiting answered. */
  ENVOY_RATELIMITED = 'envoy-ratelimited',
  /** A retriable 4xx (409). */
  RETRIABLE_4XX = 'retriable-4xx',
  /** The upstream reset the stream with REFUSED_STREAM. */
  REFUSED_STREAM = 'refused-stream',
  /** gRPC status CANCELLED. */
  CANCELLED = 'cancelled',
  /** gRPC status DEADLINE_EXCEEDED. */
  DEADLINE_EXCEEDED = 'deadline-exceeded',
  /** gRPC status INTERNAL. */
  INTERNAL = 'internal',
  /** gRPC status RESOURCE_EXHAUSTED. */
  RESOURCE_EXHAUSTED = 'resource-exhausted',
  /** gRPC status UNAVAILABLE. */
  UNAVAILABLE = 'unavailable',
  /** The status codes listed in `retryOnStatusCodes` (Envoy's `retriable-status-codes`). */
  RETRIABLE_STATUS_CODES = 'retriable-status-codes',
  /** Responses carrying a retriable header (`x-envoy-retriable-header-names`). */
  RETRIABLE_HEADERS = 'retriable-headers',
  /** A reset before the request was sent upstream (safe for non-idempotent requests). */
  RESET_BEFORE_REQUEST = 'reset-before-request',
}

/**
 * Retry policy of an HTTP route.
 */
export interface RetryPolicy {
  /** Number of retries (0 disables retries; 0–1000). */
  readonly attempts: number;
  /** Timeout of each try. @default - the route timeout */
  readonly perTryTimeout?: Duration;
  /** When to retry. @default - Istio's default (connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes) */
  readonly retryOn?: RetryOn[];
  /**
   * HTTP status codes that are retried (100–599), appended to `retryOn` (Istio accepts status
   * codes there and adds `retriable-status-codes` itself).
   *
   * @default - none
   */
  readonly retryOnStatusCodes?: number[];
  /** Retry on hosts in other localities. @default false */
  readonly retryRemoteLocalities?: boolean;
}
