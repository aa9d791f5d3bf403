import { IConstruct } from 'constructs';

/**
 * Something routes can send traffic to: a `MeshService` or an `ExternalService`.
 */
export interface IMeshHost extends IConstruct {
  /** The host's short name (the Kubernetes Service name, or the first external host). */
  readonly name: string;
  /** The host's namespace. */
  readonly namespace: string;
  /** The versions (DestinationRule subsets) of the host. */
  readonly versionNames: string[];
  /** The port numbers of the host. */
  readonly portNumbers: number[];
  /**
   * How an Istio object in `namespace` names this host.
   */
  hostFrom(namespace: string): string;
}
