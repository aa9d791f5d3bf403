import { Duration } from 'cdk8s';

/**
 * Outlier detection: ejecting unhealthy hosts from the load-balancing pool.
 */
export interface OutlierDetection {
  /** Consecutive 5xx (or connection errors) before ejection; 0 disables (0–2147483647). @default 5 */
  readonly consecutive5xxErrors?: number;
  /** Consecutive 502/503/504 before ejection; 0 disables (0–2147483647). @default - off */
  readonly consecutiveGatewayErrors?: number;
  /** Consecutive locally originated failures before ejection (0–2147483647). @default 5 */
  readonly consecutiveLocalOriginFailures?: number;
  /** Distinguish local-origin failures from upstream errors. @default false */
  readonly splitExternalLocalOriginErrors?: boolean;
  /** Time between ejection sweeps (at least 1ms). @default 10s */
  readonly interval?: Duration;
  /** Minimum ejection duration, multiplied by the number of ejections (at least 1ms). @default 30s */
  readonly baseEjectionTime?: Duration;
  /** Maximum share of hosts ejected, in percent (0–100). @default 10 */
  readonly maxEjectionPercent?: number;
  /** Outlier detection is off when fewer than this share of hosts are healthy, in percent (0–100). @default 0 */
  readonly minHealthPercent?: number;
}
