import { Duration } from 'cdk8s';

/**
 * A fixed delay injected before forwarding requests.
 */
export interface DelayFault {
  /** The delay (at least 1ms). */
  readonly fixedDelay: Duration;
  /** Share of requests delayed, in percent (0–100, fractions allowed). @default 100 */
  readonly percentage?: number;
}

/**
 * An error returned instead of forwarding requests.
 */
export interface AbortFault {
  /** The HTTP status returned (200–599). */
  readonly httpStatus: number;
  /** Share of requests aborted, in percent (0–100, fractions allowed). @default 100 */
  readonly percentage?: number;
}

/**
 * Fault injection of an HTTP route: delays, aborts or both.
 */
export interface FaultInjection {
  /** Delay requests. @default - no delay */
  readonly delay?: DelayFault;
  /** Abort requests. @default - no abort */
  readonly abort?: AbortFault;
}
