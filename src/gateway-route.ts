import { HttpRouteOptions } from './http-route';
import { TcpRouteOptions } from './tcp-route';
import { TlsRouteOptions } from './tls-route';

/**
 * Which VirtualService of the gateway a route goes into: one per set of hosts (and namespace).
 */
export interface GatewayRouteBinding {
  /** Hosts the route serves (`*`, DNS names, `*.`-wildcards); a server of the gateway must serve each. */
  readonly hosts: string[];
  /**
   * Name of the VirtualService (of the HTTPRoute, in Gateway API mode). Routes with the same hosts
   * share one VirtualService.
   *
   * @default - `<gateway name>-<hosts>`, `*` written as `wildcard` (`ingress-wildcard`, `ingress-shop.example.com`)
   */
  readonly virtualServiceName?: string;
  /**
   * Namespace of the VirtualService; it names the gateway `<namespace>/<name>` from elsewhere.
   *
   * @default - the gateway's namespace
   */
  readonly namespace?: string;
}

/** An HTTP route of a gateway. Destinations name their `host` (and `port` when it has several). */
export interface GatewayHttpRouteOptions extends HttpRouteOptions, GatewayRouteBinding {}
/** A TCP route of a gateway. */
export interface GatewayTcpRouteOptions extends TcpRouteOptions, GatewayRouteBinding {}
/** A TLS (SNI) route of a gateway, for PASSTHROUGH servers. SNI hosts default to the route's hosts. */
export interface GatewayTlsRouteOptions extends TlsRouteOptions, GatewayRouteBinding {}

/**
 * Options of `Gateway.addEgressRoute`.
 */
export interface EgressRouteOptions {
  /** The port of the external service (HTTP, or HTTPS/TLS routed by SNI). @default - its only HTTP, HTTPS or TLS port */
  readonly port?: number;
  /** The Service port of the egress gateway traffic passes through. @default - 80 for HTTP, 443 for HTTPS and TLS */
  readonly gatewayPort?: number;
}
