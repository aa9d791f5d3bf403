import { RequestAuthenticationOptions } from './request-authentication';

/** Security settings of a `Gateway`'s pods. */
export interface GatewaySecurityOptions {
  /**
   * JWT validation at the gateway's pods (the usual place to validate end users' tokens): a
   * RequestAuthentication named after the gateway, selecting its pods, and, with `requireToken`,
   * the DENY AuthorizationPolicy `<name>-require-jwt`. A gateway that requires a token must serve
   * HTTP only (HTTP, HTTPS that terminates TLS, HTTP2, gRPC): a TCP or TLS passthrough connection
   * carries no token, and would be denied.
   *
   * @default - none
   */
  readonly requestAuthentication?: RequestAuthenticationOptions;
}
