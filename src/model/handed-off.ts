/**
 * The objects of a service that a progressive-delivery controller owns once a canary is handed
 * off to it: the service no longer emits them, so that GitOps and the controller never fight
 * over them (`ServiceModel.handOver`).
 */
export interface HandedOffObjects {
  /** `flagger` or `argo-rollouts`, for messages. */
  readonly controller: string;
  /** The path of the construct that handed the objects off (the `Canary`), for messages. */
  readonly path: string;
  /** The controller owns the service's Kubernetes Service (Flagger writes its selector and ports). */
  readonly service: boolean;
  /**
   * The controller owns the service's routing: its VirtualService (or Gateway API routes and
   * per-version Services) and its DestinationRule.
   */
  readonly routing: boolean;
  /** The versions whose Deployments the controller replaces (their pods come from the controller). */
  readonly versions: readonly string[];
  /**
   * Hosts the controller creates for the service (e.g. Flagger's `<service>-primary` and
   * `<service>-canary` Services), as fully qualified names: callers' scoped sidecars import them
   * beside the service's own host, since the controller's routes send there.
   */
  readonly hosts: readonly string[];
}
