import * as kplus from 'cdk8s-plus-27';
import type { TrafficPolicy } from './traffic-policy';

/**
 * Options of one version of a `MeshService`: its workload (a Deployment) and its subset.
 */
export interface ServiceVersionOptions {
  /**
   * Container image of this version. Required when the version is deployed.
   *
   * @default - none: the version must set `deploy: false`
   */
  readonly image?: string;

  /**
   * Whether this library creates the version's Deployment. A version with `deploy: false` is only
   * a subset of the service's DestinationRule: its pods (labelled `app` and `version`) come from
   * elsewhere, e.g. another team's manifests or virtual machines joined with a WorkloadEntry.
   *
   * @default true
   */
  readonly deploy?: boolean;

  /**
   * Number of pods.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Name of the application container.
   *
   * @default - the service name
   */
  readonly containerName?: string;

  /**
   * Environment variables of the application container.
   *
   * @default - none
   */
  readonly env?: { [name: string]: string };

  /**
   * Annotations of the version's pods (e.g. `prometheus.io/scrape`).
   *
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Extra labels of the version's pods. The labels `app`, `version` and Istio's canonical
   * service labels are set by the library and cannot be overridden here.
   *
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Resource requests and limits of the application container.
   *
   * @default - cdk8s-plus-27's defaults (cpu 1000m request / 1500m limit, memory 512Mi / 2048Mi)
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Security context of the application container.
   *
   * @default - cdk8s-plus-27's restrictive defaults (non-root, read-only root filesystem, no privilege escalation)
   */
  readonly securityContext?: kplus.ContainerSecurityContextProps;

  /**
   * Image pull policy of the application container.
   *
   * @default kplus.ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;

  /**
   * Traffic policy of this version's subset. Istio applies it only to traffic a route sends to
   * this subset explicitly.
   *
   * @default - none
   */
  readonly trafficPolicy?: TrafficPolicy;
}

/**
 * Properties of a `ServiceVersion`.
 */
export interface ServiceVersionProps extends ServiceVersionOptions {
  /**
   * The version name: the `version` label of its pods, the suffix of its Deployment name
   * (`<service>-<version>`) and the name of its DestinationRule subset. A DNS-1123 label.
   */
  readonly name: string;
}
