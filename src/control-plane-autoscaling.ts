/**
 * Horizontal autoscaling of istiod on CPU.
 */
export interface ControlPlaneAutoscaling {
  /**
   * Fewest istiod replicas.
   *
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * Most istiod replicas; at least `minReplicas`.
   *
   * @default 5
   */
  readonly maxReplicas?: number;
  /**
   * Average CPU use, in percent of the CPU request, that the autoscaler keeps istiod at.
   *
   * @default 80
   */
  readonly targetCpuUtilization?: number;
}
