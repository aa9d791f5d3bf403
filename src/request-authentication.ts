import { Duration } from 'cdk8s';

/** Where a JWT is read from: a header, with an optional prefix before the token. */
export interface JwtHeader {
  /** The header name. */
  readonly name: string;
  /** The prefix before the token, e.g. `Bearer `. @default - none */
  readonly prefix?: string;
}

/** A JWT claim copied into a request header once the token is valid. */
export interface JwtClaimToHeader {
  /** The header to write. */
  readonly header: string;
  /** The claim (nested claims with `.`, e.g. `profile.email`). */
  readonly claim: string;
}

/** A JWT issuer whose tokens a workload validates (a RequestAuthentication `jwtRules` entry). */
export interface JwtRule {
  /** The issuer (`iss` claim). */
  readonly issuer: string;
  /** Accepted audiences (`aud` claim). @default - any audience */
  readonly audiences?: string[];
  /** URL of the issuer's JSON Web Key Set. Excludes `jwks`. @default - discovered from the issuer (OpenID), unless `jwks` is given */
  readonly jwksUri?: string;
  /** The JSON Web Key Set itself, inline. Excludes `jwksUri`. @default - fetched from `jwksUri` */
  readonly jwks?: string;
  /** Headers the token is read from. @default - `Authorization: Bearer <token>` */
  readonly fromHeaders?: JwtHeader[];
  /** Query parameters the token is read from. @default - `access_token` */
  readonly fromParams?: string[];
  /** Cookies the token is read from. @default - none */
  readonly fromCookies?: string[];
  /** A header that receives the token's payload (base64-encoded JSON) once valid. @default - none */
  readonly outputPayloadToHeader?: string;
  /** Claims copied into headers once the token is valid. @default - none */
  readonly outputClaimToHeaders?: JwtClaimToHeader[];
  /** Whether the token is forwarded to the workload. @default false */
  readonly forwardOriginalToken?: boolean;
  /** Timeout of fetching the JWKS. @default - Istio's (5 s) */
  readonly timeout?: Duration;
}

/**
 * JWT validation of a workload's requests (a RequestAuthentication named after the service or
 * gateway, selecting its pods) and, optionally, requiring a token. Values are checked as Istio's
 * webhook and CRD check them (an issuer, `jwks` or `jwksUri` but not both, an http(s) JWKS URI,
 * header names, a timeout of at least 1ms), and each issuer may be given once.
 *
 * @example
 * const options: RequestAuthenticationOptions = {
 *   jwtRules: [{ issuer: 'https://accounts.example.com', jwksUri: 'https://accounts.example.com/.well-known/jwks.json', audiences: ['shop'] }],
 *   requireToken: true,
 * };
 */
export interface RequestAuthenticationOptions {
  /** The issuers whose tokens are validated; a request with an invalid token is rejected. */
  readonly jwtRules: JwtRule[];
  /**
   * Whether a request without a valid token from one of `jwtRules`' issuers is denied. Istio's
   * RequestAuthentication alone lets requests without a token through: this adds the DENY
   * AuthorizationPolicy `<name>-require-jwt`, whose rule denies requests whose request principal
   * is none of `<issuer>/*`. On a service that also has ports that are not HTTP, the rule is
   * limited to its HTTP ports (a TCP connection carries no token); a service without an HTTP
   * port cannot require a token, nor can a gateway with TCP or TLS passthrough servers.
   *
   * @default false
   */
  readonly requireToken?: boolean;
}
