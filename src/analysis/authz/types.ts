/**
 * The vocabulary of the authorization evaluator: the workload a request reaches, what is known of
 * the request, and the verdict.
 *
 * What the request description does not know is `undefined`: a policy condition on it can neither
 * be taken as met nor as failed, and a verdict that hangs on it is `depends`. A known absence (a
 * plain-text request has no peer identity; a request without a validated JWT has no request
 * principal) is `null`.
 */
import { Labels } from '../labels';

/** The workload a request reaches: the pod whose proxy enforces the policies. */
export interface AuthzWorkload {
  readonly namespace: string;
  readonly labels: Labels;
}

/** What is known of a request (or, for TCP, a connection). */
export interface AuthzRequest {
  /**
   * `http` (the proxy's HTTP filter decides, per request) or `tcp` (its network filter decides,
   * per connection: HTTP-only fields of a rule cannot match). @default 'http'
   */
  readonly protocol?: 'http' | 'tcp';
  /**
   * The peer identity of mutual TLS, `<trust domain>/ns/<namespace>/sa/<service account>`; `null`
   * for plain text (no identity); undefined when unknown.
   */
  readonly principal?: string | null;
  /**
   * The source namespace when the principal is unknown but the namespace is (the peer presents an
   * identity of this namespace); ignored when `principal` is given (Istio reads the namespace out of
   * the principal).
   */
  readonly namespace?: string;
  /** The JWT's `<iss>/<sub>` validated by a RequestAuthentication; `null` for none; undefined when unknown. */
  readonly requestPrincipal?: string | null;
  /** The peer's IP address (`source.ip`, `ipBlocks`); undefined when unknown. */
  readonly sourceIp?: string;
  /** The original client's IP address (`remote.ip`, `remoteIpBlocks`); undefined when unknown. */
  readonly remoteIp?: string;
  /** The port on the workload (the container port, not the Service port); undefined when unknown. */
  readonly port?: number;
  /** The `:authority` (Host) header; undefined when unknown. */
  readonly host?: string;
  /** The HTTP method; undefined when unknown. */
  readonly method?: string;
  /** The request path (a query string is ignored); undefined when unknown. */
  readonly path?: string;
  /** Request headers known to be present, by name (case-insensitive). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Whether `headers` lists every header of the request (a header not listed is then absent, not unknown). @default false */
  readonly headersComplete?: boolean;
}

/** `allowed`, `denied`, or `depends` (on what the request description does not know, or on an external authorizer). */
export type AuthzVerdictKind = 'allowed' | 'denied' | 'depends';

/** The policy actions that decide (AUDIT only logs). */
export type AuthzAction = 'ALLOW' | 'DENY' | 'CUSTOM';

/** Istio's decision for a request, and what decided it. */
export interface AuthzVerdict {
  readonly verdict: AuthzVerdictKind;
  /**
   * The deciding policy, `namespace/name`: the DENY policy that matches; the ALLOW policy that
   * matches; the first ALLOW policy in force when none matches; the policy whose rule may match,
   * for `depends`. Absent when no policy applies to the workload.
   */
  readonly policy?: string;
  readonly action?: AuthzAction;
  /** The index of the deciding rule in the policy's `rules`; absent when no rule matches (denied for lack of an ALLOW match). */
  readonly rule?: number;
  /** For a denial for lack of an ALLOW match: every ALLOW policy in force on the workload, `namespace/name`. */
  readonly allowPolicies?: readonly string[];
}
