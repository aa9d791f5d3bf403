import { IMeshHost } from './interfaces/mesh-host';

/**
 * Where a route sends traffic.
 */
export interface RouteDestination {
  /**
   * The host to send to.
   *
   * @default - the host that owns the route
   */
  readonly host?: IMeshHost;

  /**
   * The version (subset) of the host. Must be declared on the host.
   *
   * @default - no subset: all the host's pods
   */
  readonly version?: string;

  /**
   * The host port to send to. Required when the host has several ports and the route could
   * reach more than one of them.
   *
   * @default - the port the request came in on
   */
  readonly port?: number;

  /**
   * Share of the route's traffic (0–100). When a route has several destinations their weights
   * must add up to 100.
   *
   * @default - 100 when the route has a single destination
   */
  readonly weight?: number;
}
