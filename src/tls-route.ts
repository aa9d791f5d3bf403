import { RouteDestination } from './route-destination';

/**
 * Conditions of a TLS route: the SNI of unterminated TLS (or HTTPS) connections.
 */
export interface TlsMatch {
  /**
   * SNI values to match. Istio accepts only SNI values within the VirtualService's host.
   *
   * @default - the host's own name, as the VirtualService names it
   */
  readonly sniHosts?: string[];
  /** The port the connection was addressed to (1–65535). @default - any */
  readonly port?: number;
  /** Destination IPv4/IPv6 addresses or CIDR blocks. @default - any */
  readonly destinationSubnets?: string[];
  /** Labels of the calling workload. @default - any */
  readonly sourceLabels?: { [key: string]: string };
  /** Namespace of the calling workload. @default - any */
  readonly sourceNamespace?: string;
  /** Gateways the rule applies to. @default - the VirtualService's gateways */
  readonly gateways?: string[];
}

/**
 * A TLS (SNI) route, for TLS and HTTPS traffic the mesh does not terminate.
 */
export interface TlsRouteOptions {
  /**
   * Conditions; one match on the host's own SNI when left out.
   *
   * @default - [{}]: the host's SNI on any port
   */
  readonly matches?: TlsMatch[];
  /** Where connections go. */
  readonly destinations: RouteDestination[];
}
