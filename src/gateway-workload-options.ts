import type { WorkloadResources } from './workload-resources';

/** The type of a gateway workload's Service (Kubernetes' `spec.type`, without ExternalName, which exposes nothing). */
export enum GatewayServiceType {
  /** A cluster-internal IP only. */
  CLUSTER_IP = 'ClusterIP',
  /** A port on every node, besides the cluster IP. */
  NODE_PORT = 'NodePort',
  /** A load balancer of the cloud provider, besides the node ports. */
  LOAD_BALANCER = 'LoadBalancer',
}

/**
 * A port of a gateway workload's Service.
 */
export interface GatewayPort {
  /** The Service port (1–65535). */
  readonly port: number;
  /** The Service port name (a DNS-1123 label; not `status-port`). */
  readonly name: string;
  /**
   * The port the proxy listens on.
   *
   * @default - `port + 8000` below 1024 (80 → 8080, 443 → 8443, like Istio's classic gateways), else `port`
   */
  readonly targetPort?: number;
}

/**
 * Autoscaling of a gateway workload (a HorizontalPodAutoscaler, as Istio's gateway chart).
 */
export interface GatewayAutoscaling {
  /** Fewest replicas (at least 1). @default 1 */
  readonly minReplicas?: number;
  /** Most replicas (at least `minReplicas`). @default 5 */
  readonly maxReplicas?: number;
  /** Target average CPU use, in percent of the CPU request (at least 1). @default 80, or none when `targetMemoryUtilization` is given */
  readonly targetCpuUtilization?: number;
  /** Target average memory use, in percent of the memory request (at least 1). @default - none */
  readonly targetMemoryUtilization?: number;
}

/**
 * A PodDisruptionBudget of a gateway workload: exactly one of the two limits.
 */
export interface GatewayDisruptionBudget {
  /** Pods that must stay available during voluntary disruptions (below the minimum replica count). @default - none */
  readonly minAvailable?: number;
  /** Pods that may be unavailable during voluntary disruptions (at least 1). @default - none */
  readonly maxUnavailable?: number;
}

/**
 * Options of a gateway's workload.
 */
export interface GatewayWorkloadOptions {
  /** Number of pods; excludes `autoscaling`. @default 1 */
  readonly replicas?: number;
  /**
   * Ports of the Service, besides the status port 15021 (`status-port`), which is always first.
   *
   * @default - 80 `http2` (target 8080) and 443 `https` (target 8443)
   */
  readonly ports?: GatewayPort[];
  /** Type of the Service. @default - LOAD_BALANCER for ingress, CLUSTER_IP for egress */
  readonly serviceType?: GatewayServiceType;
  /** Annotations of the Service (e.g. a cloud load balancer's settings). @default - none */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * Resources of the proxy container; fields left out keep Istio's defaults (a default request
   * above a given limit becomes that limit, and a default limit below a given request becomes
   * that request). cdk8s-plus's `ContainerResources` of any version fit.
   *
   * @default - requests cpu 100m / memory 128Mi, limits cpu 2000m / memory 1024Mi (Istio's gateway chart)
   */
  readonly resources?: WorkloadResources;
  /** A HorizontalPodAutoscaler. @default - none: `replicas` pods */
  readonly autoscaling?: GatewayAutoscaling;
  /** A PodDisruptionBudget. @default - none */
  readonly disruptionBudget?: GatewayDisruptionBudget;
}
