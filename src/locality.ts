/**
 * Weighted distribution of traffic from one locality to others.
 */
export interface LocalityDistribution {
  /** Originating locality, `region/zone/subzone`, `*` allowed as the last part. */
  readonly from: string;
  /** Destination localities and their weights (integers 1–100 that add up to 100; Istio rejects 0). */
  readonly to: { [locality: string]: number };
}

/**
 * Failover from one region to another when the local endpoints are unhealthy.
 */
export interface LocalityFailover {
  /** The originating region. */
  readonly from: string;
  /** The region to fail over to. */
  readonly to: string;
}

/**
 * Locality-aware load balancing. `distribute` and `failover` exclude each other; failover needs
 * outlier detection on the same host (Istio ejects unhealthy endpoints only with it).
 */
export interface LocalityLoadBalancing {
  /** Explicit weighted distribution. @default - none */
  readonly distribute?: LocalityDistribution[];
  /** Region failover rules. @default - none */
  readonly failover?: LocalityFailover[];
  /** Ordered label keys for failover priority. @default - none */
  readonly failoverPriority?: string[];
  /** Turn locality load balancing on or off. @default - Istio's mesh default */
  readonly enabled?: boolean;
}
