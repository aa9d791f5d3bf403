import { RouteDestination } from './route-destination';

/**
 * Conditions of a TCP route (AND within one match, OR across matches).
 */
export interface TcpMatch {
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
 * An opaque TCP route.
 */
export interface TcpRouteOptions {
  /** Conditions; none means every connection. @default - every connection */
  readonly matches?: TcpMatch[];
  /** Where connections go. */
  readonly destinations: RouteDestination[];
}
