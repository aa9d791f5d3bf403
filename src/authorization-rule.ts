/**
 * What an `AuthorizationPolicy` does with the requests its rules match (Istio's `action`).
 * Istio evaluates CUSTOM policies first, then DENY, then ALLOW; AUDIT policies only log.
 */
export enum AuthorizationAction {
  /**
   * Matching requests are allowed. Once any ALLOW policy selects a workload, requests no ALLOW
   * policy matches are denied; an ALLOW policy without rules allows nothing.
   */
  ALLOW = 'ALLOW',
  /** Matching requests are denied, whatever the ALLOW policies say. */
  DENY = 'DENY',
  /**
   * Matching requests are marked for auditing (by a telemetry provider that supports it); it
   * allows and denies nothing.
   */
  AUDIT = 'AUDIT',
  /**
   * Matching requests are checked by an external authorizer: an extension provider of the mesh
   * config (`MeshConfig` `extensionProviders`), named by the policy's `provider`.
   */
  CUSTOM = 'CUSTOM',
}

/**
 * Who sends a request (an `AuthorizationPolicy` rule's `from[].source`). Every field that is given
 * must match; a `not…` field matches when none of its values do. Values are exact, or have one `*`
 * as prefix (`*-reader`), as suffix (`cluster.local/ns/shop/*`) or alone (`*`: any value, i.e. the
 * attribute is present) unless a field says otherwise. An empty list is an error: Istio reads it
 * as left out, which matches every source.
 *
 * Peer identities (`principals`, `namespaces`, `serviceAccounts`, `trustDomains`) come from the
 * caller's mutual TLS certificate, so they match only mTLS requests. Request principals come from
 * a JWT the workload validated (a RequestAuthentication).
 *
 * @example
 * const source: AuthorizationSource = { principals: ['cluster.local/ns/shop/sa/frontend'] };
 */
export interface AuthorizationSource {
  /**
   * Peer identities: `<trust domain>/ns/<namespace>/sa/<service account>`, e.g.
   * `cluster.local/ns/shop/sa/frontend` (without `spiffe://`).
   *
   * @default - any peer
   */
  readonly principals?: string[];
  /** Peer identities that must not match. @default - none */
  readonly notPrincipals?: string[];
  /**
   * Request principals, from a validated JWT: `<issuer>/<subject>`, e.g.
   * `https://accounts.example.com/alice` (`https://accounts.example.com/*`: any subject of that issuer).
   *
   * @default - any request, with or without a token
   */
  readonly requestPrincipals?: string[];
  /** Request principals that must not match (`*`: requests without a valid token). @default - none */
  readonly notRequestPrincipals?: string[];
  /** Namespaces of the peer's identity (DNS labels). @default - any namespace */
  readonly namespaces?: string[];
  /** Namespaces that must not match. @default - none */
  readonly notNamespaces?: string[];
  /**
   * Service accounts of the peer: `<namespace>/<name>`, or `<name>` in the policy's namespace.
   * No wildcards, at most 16; excludes `principals`, `namespaces` and their `not` forms.
   *
   * @default - any service account
   */
  readonly serviceAccounts?: string[];
  /** Service accounts that must not match (as `serviceAccounts`). @default - none */
  readonly notServiceAccounts?: string[];
  /** Trust domains of the peer's identity (no `/`). @default - any trust domain */
  readonly trustDomains?: string[];
  /** Trust domains that must not match. @default - none */
  readonly notTrustDomains?: string[];
  /**
   * Source IP addresses or CIDR blocks of the connection (`10.0.0.0/16`, `2001:db8::/32`). No
   * wildcards.
   *
   * @default - any address
   */
  readonly ipBlocks?: string[];
  /** Source IP addresses or CIDR blocks that must not match. @default - none */
  readonly notIpBlocks?: string[];
  /**
   * Original client IP addresses or CIDR blocks, as the `X-Forwarded-For` header or the PROXY
   * protocol tell them (set `numTrustedProxies` in the mesh config).
   *
   * @default - any address
   */
  readonly remoteIpBlocks?: string[];
  /** Original client IP addresses or CIDR blocks that must not match. @default - none */
  readonly notRemoteIpBlocks?: string[];
}

/**
 * What a request does (an `AuthorizationPolicy` rule's `to[].operation`). Every field that is given
 * must match; a `not…` field matches when none of its values do. Hosts, methods and paths are
 * HTTP attributes: on a TCP port an ALLOW rule that uses them never matches, and a DENY or AUDIT
 * rule ignores them.
 *
 * @example
 * const operation: AuthorizationOperation = { methods: ['GET'], paths: ['/api/*'] };
 */
export interface AuthorizationOperation {
  /**
   * Hosts of the request (`Host` header, case-insensitive), with one `*` as prefix, suffix or
   * alone, e.g. `*.example.com`.
   *
   * @default - any host
   */
  readonly hosts?: string[];
  /** Hosts that must not match. @default - none */
  readonly notHosts?: string[];
  /** Ports of the workload (container ports, 1-65535) the request arrives on. @default - any port */
  readonly ports?: number[];
  /** Ports that must not match. @default - none */
  readonly notPorts?: number[];
  /**
   * HTTP methods, in uppercase (Istio compares them case-sensitively), e.g. `GET`. gRPC requests
   * are always `POST`.
   *
   * @default - any method
   */
  readonly methods?: string[];
  /** Methods that must not match. @default - none */
  readonly notMethods?: string[];
  /**
   * Paths: exact (`/api/v1`), prefix (`/api/*`), suffix (`*.png`), `*`, or a path template whose
   * segments may be `{*}` (one segment) or a final `{**}` (any rest), e.g. `/users/{*}/orders`.
   * Paths start with `/` unless they start with `*`.
   *
   * @default - any path
   */
  readonly paths?: string[];
  /** Paths that must not match. @default - none */
  readonly notPaths?: string[];
}

/**
 * An extra condition of an `AuthorizationPolicy` rule (`when`): the attribute `key` must have one
 * of `values` and none of `notValues`. The keys Istio knows:
 *
 * - `request.headers[<name>]` (HTTP), `request.auth.principal`, `request.auth.audiences`,
 *   `request.auth.presenter`, `request.auth.claims[<claim>]` (nested: `[<a>][<b>]`) (HTTP, from a
 *   validated JWT);
 * - `source.ip`, `remote.ip`, `destination.ip` (IP addresses or CIDR blocks), `destination.port`
 *   (1-65535), `connection.sni`;
 * - `source.namespace`, `source.principal`, `source.serviceAccount` (`<namespace>/<name>` or
 *   `<name>`, no wildcard), `source.trustDomain` (peer identity, mTLS);
 * - `experimental.envoy.filters.<filter>[<key>]` (dynamic metadata of an Envoy filter).
 *
 * @example
 * const condition: AuthorizationCondition = { key: 'request.auth.claims[groups]', values: ['admins'] };
 */
export interface AuthorizationCondition {
  /** The attribute, e.g. `request.headers[x-tenant]`. */
  readonly key: string;
  /** Values the attribute must have (one of them). @default - any value, unless `notValues` */
  readonly values?: string[];
  /** Values the attribute must not have. @default - none, unless `values` */
  readonly notValues?: string[];
}

/**
 * One rule of an `AuthorizationPolicy`: a request matches when it matches one of `from` (or `from`
 * is left out), one of `to` (or `to` is left out) and every `when` condition. A rule without any
 * of them (`{}`) matches every request.
 *
 * @example
 * const rule: AuthorizationRule = {
 *   from: [{ principals: ['cluster.local/ns/shop/sa/frontend'] }],
 *   to: [{ methods: ['GET'], paths: ['/api/*'] }],
 *   when: [{ key: 'request.headers[x-tenant]', values: ['acme'] }],
 * };
 */
export interface AuthorizationRule {
  /** Sources, at most 512; the request must come from one of them. @default - any source */
  readonly from?: AuthorizationSource[];
  /** Operations; the request must be one of them. @default - any operation */
  readonly to?: AuthorizationOperation[];
  /** Conditions, all of which must hold. @default - none */
  readonly when?: AuthorizationCondition[];
}
