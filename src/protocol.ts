/**
 * The protocol of a port, as Istio reads it from a Service port's name prefix or `appProtocol`
 * (https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/).
 *
 * Member values are Istio's wire values (as used in ServiceEntry and Gateway ports).
 */
export enum Protocol {
  /** HTTP/1.1 (or HTTP/2 negotiated by the proxy). */
  HTTP = 'HTTP',
  /** HTTP/2 with prior knowledge (h2c). */
  HTTP2 = 'HTTP2',
  /** HTTPS: TLS that the application itself terminates; Istio routes it as TLS by SNI. */
  HTTPS = 'HTTPS',
  /** gRPC (HTTP/2). */
  GRPC = 'GRPC',
  /** gRPC-Web. */
  GRPC_WEB = 'GRPC-WEB',
  /** Opaque TCP. */
  TCP = 'TCP',
  /** TLS, routed by SNI. */
  TLS = 'TLS',
  /** MongoDB (proxied as TCP). */
  MONGO = 'MONGO',
  /** MySQL (proxied as TCP). */
  MYSQL = 'MYSQL',
  /** Redis (proxied as TCP). */
  REDIS = 'REDIS',
  /** UDP: not proxied by the sidecar, and not routable by VirtualServices. */
  UDP = 'UDP',
}
