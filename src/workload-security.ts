/**
 * The security context of the pods of a version (Kubernetes' `PodSecurityContext`). Field names
 * follow cdk8s-plus's `PodSecurityContextProps`, so such an object can be passed as it is.
 */
export interface PodSecurityOptions {
  /**
   * Whether the kubelet refuses to start a container that would run as root (`runAsNonRoot`).
   * Istio's injected containers set their own user and are not affected.
   *
   * @default - not set (Kubernetes' default: any user); true with `hardened`
   */
  readonly ensureNonRoot?: boolean;

  /**
   * The UID the pod's containers run as (`runAsUser`).
   *
   * @default - the image's user
   */
  readonly user?: number;

  /**
   * The GID the pod's containers run as (`runAsGroup`).
   *
   * @default - the image's group
   */
  readonly group?: number;

  /**
   * The group that owns the pod's volumes (`fsGroup`).
   *
   * @default - none
   */
  readonly fsGroup?: number;
}

/** Capabilities added to or dropped from a container. */
export interface ContainerCapabilities {
  /**
   * Capabilities added, e.g. `NET_ADMIN` (cdk8s-plus's `Capability` values are accepted).
   *
   * @default - none
   */
  readonly add?: string[];

  /**
   * Capabilities dropped, e.g. `ALL`.
   *
   * @default - none
   */
  readonly drop?: string[];
}

/**
 * The security context of a version's application container (Kubernetes' `SecurityContext`).
 * Field names follow cdk8s-plus's `ContainerSecurityContextProps`, so such an object can be passed
 * as it is.
 */
export interface ContainerSecurityOptions {
  /**
   * The UID the container runs as (`runAsUser`).
   *
   * @default - the pod's, else the image's
   */
  readonly user?: number;

  /**
   * The GID the container runs as (`runAsGroup`).
   *
   * @default - the pod's, else the image's
   */
  readonly group?: number;

  /**
   * Whether the kubelet refuses to start the container as root (`runAsNonRoot`).
   *
   * @default - the pod's (not set unless `hardened`)
   */
  readonly ensureNonRoot?: boolean;

  /**
   * Whether the container runs privileged.
   *
   * @default - not set (Kubernetes' default: false)
   */
  readonly privileged?: boolean;

  /**
   * Whether the root filesystem is mounted read-only.
   *
   * @default - not set (Kubernetes' default: writable); true with `hardened`
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * Whether a process may gain more privileges than its parent.
   *
   * @default - not set (Kubernetes' default: allowed); false with `hardened`
   */
  readonly allowPrivilegeEscalation?: boolean;

  /**
   * Capabilities added and dropped.
   *
   * @default - the container runtime's
   */
  readonly capabilities?: ContainerCapabilities;
}
