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
  /** The controller moves the canary's split between two subsets (Argo Rollouts), if it does. */
  readonly subsetRouting?: SubsetRouting;
}

/**
 * A canary whose weights a controller moves between two subsets of a DestinationRule it edits
 * (Argo Rollouts with Istio subset-level traffic routing). The service keeps its VirtualService,
 * whose default route is named `routeName` and sends to the two subsets (stable 100, canary 0:
 * the state the controller leaves it in after a release), and its DestinationRule, without the
 * subsets of the canary's two versions; the two subsets live in a DestinationRule of their own
 * (`destinationRule`), since the controller rewrites the subsets of the one it edits.
 */
export interface SubsetRouting {
  /** The name of the default route the controller sets the weights of. */
  readonly routeName: string;
  readonly stableSubset: string;
  readonly canarySubset: string;
  /** The name of the DestinationRule holding the two subsets. */
  readonly destinationRule: string;
}
