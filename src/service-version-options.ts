import type { ApiObject } from 'cdk8s';
import type { EnvValue } from './env-value';
import type { Probe } from './probe';
import type { Toleration } from './scheduling';
import type { TrafficPolicy } from './traffic-policy';
import type { WorkloadResources } from './workload-resources';
import type { ContainerSecurityOptions, PodSecurityOptions } from './workload-security';

/** The image pull policy of a container. */
export enum ImagePullPolicy {
  /** Pull the image on every container start. */
  ALWAYS = 'Always',
  /** Pull the image only when the node does not have it. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never pull the image: the node must have it. */
  NEVER = 'Never',
}

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
   * An existing workload that runs this version instead of a Deployment of this library: an
   * apps/v1 Deployment, StatefulSet or ReplicaSet of this app, e.g. `ApiObject.of(deployment)` of
   * a cdk8s-plus Deployment of any version. Its pod template gets the labels `app`, `version`,
   * Istio's canonical service labels, `podLabels` and the service's proxy annotations, and the
   * proxy at synthesis when the service's data plane is synth-time. It must be in the service's
   * namespace, select its pods by `version` (and `app`), and have a container port for each of the
   * service's target ports. The options that describe the library's Deployment (`image`,
   * `command`, `resources`, probes, security contexts…) cannot be given with it.
   *
   * @default - a Deployment of this library, from `image` and the other options
   */
  readonly workload?: ApiObject;

  /**
   * Name of the version's Deployment.
   *
   * @default `<service>-<version>`
   */
  readonly deploymentName?: string;

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
   * The container's command (its entrypoint), replacing the image's `ENTRYPOINT`.
   *
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * The container's arguments, replacing the image's `CMD`.
   *
   * @default - the image's arguments
   */
  readonly args?: string[];

  /**
   * Environment variables of the application container.
   *
   * @default - none
   */
  readonly env?: { [name: string]: string };

  /**
   * Environment variables taken from the pod's fields (`EnvValue.fromField(EnvFieldPath.POD_IP)`),
   * Secret keys or ConfigMap keys. A name may not also be in `env`.
   *
   * @default - none
   */
  readonly envValues?: { [name: string]: EnvValue };

  /**
   * Readiness probe of the application container: until it passes, the pod gets no traffic.
   *
   * @default - none
   */
  readonly readinessProbe?: Probe;

  /**
   * Liveness probe of the application container: when it fails, the container is restarted.
   *
   * @default - none
   */
  readonly livenessProbe?: Probe;

  /**
   * Startup probe of the application container: the other probes wait until it passes.
   *
   * @default - none
   */
  readonly startupProbe?: Probe;

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
   * Resource requests and limits of the application container (cdk8s-plus's `ContainerResources`
   * of any version fit).
   *
   * @default - none (Kubernetes' default: no request, no limit)
   */
  readonly resources?: WorkloadResources;

  /**
   * The one switch to the restricted security settings: pods and the application container run
   * as non-root (`runAsNonRoot: true`), with a read-only root filesystem, no privilege escalation
   * and not privileged. Fields of `securityContext` and `podSecurityContext` still win. An image
   * without a numeric non-root `USER` then needs `podSecurityContext.user` (or
   * `securityContext.user`).
   *
   * @default false - Kubernetes' defaults: the image's user, a writable root filesystem
   */
  readonly hardened?: boolean;

  /**
   * Security context of the version's pods.
   *
   * @default - none, or `runAsNonRoot: true` with `hardened`
   */
  readonly podSecurityContext?: PodSecurityOptions;

  /**
   * Security context of the application container (cdk8s-plus's `ContainerSecurityContextProps`
   * of any version fit).
   *
   * @default - none, or the restricted settings with `hardened`
   */
  readonly securityContext?: ContainerSecurityOptions;

  /**
   * Image pull policy of the application container.
   *
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * Labels a node must have to run the version's pods.
   *
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Taints the version's pods tolerate.
   *
   * @default - none
   */
  readonly tolerations?: Toleration[];

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
   * The version name: the `version` label of its pods, the suffix of its default Deployment name
   * (`<service>-<version>`) and the name of its DestinationRule subset. A DNS-1123 label.
   */
  readonly name: string;
}
