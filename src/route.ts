import { Duration } from 'cdk8s';
import { IMeshHost } from './interfaces/mesh-host';
import { regexProblem } from './private/regex';

/**
 * How a string (URI, header, query parameter, authority, method, scheme) is matched.
 */
export abstract class StringMatch {
  /** The value must equal `value`. */
  public static exact(value: string): StringMatch {
    return new SimpleStringMatch('exact', value);
  }

  /** The value must start with `value`. */
  public static prefix(value: string): StringMatch {
    return new SimpleStringMatch('prefix', value);
  }

  /**
   * The value must match the RE2 regular expression `pattern` (whole value). The pattern is
   * checked as Istio checks it: not empty, at most 1024 bytes in UTF-8, and accepted by Go's
   * `regexp.Compile` (RE2 syntax: no lookaround, no backreferences, repeat counts up to 1000).
   */
  public static regex(pattern: string): StringMatch {
    return new SimpleStringMatch('regex', pattern);
  }

  /**
   * The header or query parameter must be present, with any value (Istio's `{}`).
   * Only meaningful for headers and query parameters.
   */
  public static present(): StringMatch {
    return new SimpleStringMatch('present', '');
  }

  /** Which kind of match: `exact`, `prefix`, `regex` or `present`. */
  public abstract readonly kind: string;
  /** The value or pattern matched against (empty for `present`). */
  public abstract readonly value: string;

  /** @internal */
  public abstract _toIstio(): { exact?: string; prefix?: string; regex?: string };
}

class SimpleStringMatch extends StringMatch {
  public constructor(public readonly kind: string, public readonly value: string) {
    super();
    if (kind === 'regex') {
      const problem = regexProblem(value);
      if (problem !== undefined) {
        throw new Error(problem);
      }
    }
  }

  public _toIstio(): { exact?: string; prefix?: string; regex?: string } {
    return this.kind === 'present' ? {} : { [this.kind]: this.value };
  }
}

/**
 * One set of HTTP request conditions. All conditions given here must hold (AND); a route with
 * several `HttpMatch`es applies when any of them holds (OR). An `HttpMatch` with no condition
 * matches every request.
 */
export interface HttpMatch {
  /** A name for the match, prefixed to the route name in access logs. @default - none */
  readonly name?: string;
  /** The request path. @default - any */
  readonly uri?: StringMatch;
  /** Match the URI case-insensitively. @default false */
  readonly ignoreUriCase?: boolean;
  /** The URI scheme (`http`, `https`). @default - any */
  readonly scheme?: StringMatch;
  /** The HTTP method (`GET`, `POST` …). @default - any */
  readonly method?: StringMatch;
  /** The authority (Host header). @default - any */
  readonly authority?: StringMatch;
  /**
   * Request headers, keyed by lowercase, hyphen-separated header name.
   * @default - any
   */
  readonly headers?: { [name: string]: StringMatch };
  /** Headers that must NOT match (or, with `StringMatch.present()`, must be absent). @default - none */
  readonly withoutHeaders?: { [name: string]: StringMatch };
  /** Query parameters. @default - any */
  readonly queryParams?: { [name: string]: StringMatch };
  /** The port the request was addressed to (1–65535). @default - any port of the host */
  readonly port?: number;
  /** Labels of the calling workload. @default - any caller */
  readonly sourceLabels?: { [key: string]: string };
  /** Namespace of the calling workload. @default - any namespace */
  readonly sourceNamespace?: string;
  /**
   * Gateways the rule applies to (`mesh` for sidecars). Overrides the VirtualService's gateways.
   * @default - the VirtualService's gateways
   */
  readonly gateways?: string[];
}

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

/**
 * Conditions under which Envoy retries a request (Istio's `retryOn`).
 */
export enum RetryOn {
  /** Any 5xx response, or a connection failure, reset or timeout. */
  FIVE_XX = '5xx',
  /** 502, 503 or 504. */
  GATEWAY_ERROR = 'gateway-error',
  /** The upstream did not respond at all (disconnect, reset, read timeout). */
  RESET = 'reset',
  /** A connection to the upstream failed (connect timeout …). */
  CONNECT_FAILURE = 'connect-failure',
  /** Envoy's rate limiting answered. */
  ENVOY_RATELIMITED = 'envoy-ratelimited',
  /** A retriable 4xx (409). */
  RETRIABLE_4XX = 'retriable-4xx',
  /** The upstream reset the stream with REFUSED_STREAM. */
  REFUSED_STREAM = 'refused-stream',
  /** gRPC status CANCELLED. */
  CANCELLED = 'cancelled',
  /** gRPC status DEADLINE_EXCEEDED. */
  DEADLINE_EXCEEDED = 'deadline-exceeded',
  /** gRPC status INTERNAL. */
  INTERNAL = 'internal',
  /** gRPC status RESOURCE_EXHAUSTED. */
  RESOURCE_EXHAUSTED = 'resource-exhausted',
  /** gRPC status UNAVAILABLE. */
  UNAVAILABLE = 'unavailable',
  /** The status codes listed in `retryOnStatusCodes` (Envoy's `retriable-status-codes`). */
  RETRIABLE_STATUS_CODES = 'retriable-status-codes',
  /** Responses carrying a retriable header (`x-envoy-retriable-header-names`). */
  RETRIABLE_HEADERS = 'retriable-headers',
  /** A reset before the request was sent upstream (safe for non-idempotent requests). */
  RESET_BEFORE_REQUEST = 'reset-before-request',
}

/**
 * Retry policy of an HTTP route.
 */
export interface RetryPolicy {
  /** Number of retries (0 disables retries; 0–1000). */
  readonly attempts: number;
  /** Timeout of each try. @default - the route timeout */
  readonly perTryTimeout?: Duration;
  /** When to retry. @default - Istio's default (connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes) */
  readonly retryOn?: RetryOn[];
  /**
   * HTTP status codes that are retried (100–599), appended to `retryOn` (Istio accepts status
   * codes there and adds `retriable-status-codes` itself).
   *
   * @default - none
   */
  readonly retryOnStatusCodes?: number[];
  /** Retry on hosts in other localities. @default false */
  readonly retryRemoteLocalities?: boolean;
}

/**
 * A fixed delay injected before forwarding requests.
 */
export interface DelayFault {
  /** The delay (at least 1ms). */
  readonly fixedDelay: Duration;
  /** Share of requests delayed, in percent (0–100, fractions allowed). @default 100 */
  readonly percentage?: number;
}

/**
 * An error returned instead of forwarding requests.
 */
export interface AbortFault {
  /** The HTTP status returned (200–599). */
  readonly httpStatus: number;
  /** Share of requests aborted, in percent (0–100, fractions allowed). @default 100 */
  readonly percentage?: number;
}

/**
 * Fault injection of an HTTP route: delays, aborts or both.
 */
export interface FaultInjection {
  /** Delay requests. @default - no delay */
  readonly delay?: DelayFault;
  /** Abort requests. @default - no abort */
  readonly abort?: AbortFault;
}

/**
 * Mirroring: a copy of the route's requests is sent (fire and forget) to another destination.
 */
export interface MirrorPolicy {
  /** Where copies go (its `weight` must not be set). */
  readonly destination: RouteDestination;
  /** Share of requests mirrored, in percent (0–100, fractions allowed). @default 100 */
  readonly percentage?: number;
}

/**
 * Rewrites applied before forwarding.
 */
export interface RewritePolicy {
  /** Replaces the matched URI prefix or the exact URI. @default - unchanged */
  readonly uri?: string;
  /** Replaces the Host/Authority header. @default - unchanged */
  readonly authority?: string;
}

/**
 * An HTTP redirect answered instead of forwarding.
 */
export interface RedirectPolicy {
  /** Replaces the path. @default - unchanged */
  readonly uri?: string;
  /** Replaces the authority. @default - unchanged */
  readonly authority?: string;
  /** Replaces the port (1–65535). @default - unchanged */
  readonly port?: number;
  /** Replaces the scheme (`http` or `https`). @default - unchanged */
  readonly scheme?: string;
  /** The redirect status code (300–399). @default 301 */
  readonly redirectCode?: number;
}

/**
 * Header changes.
 */
export interface HeaderOperations {
  /** Headers overwritten with these values. @default - none */
  readonly set?: { [name: string]: string };
  /** Headers appended with these values. @default - none */
  readonly add?: { [name: string]: string };
  /** Headers removed. @default - none */
  readonly remove?: string[];
}

/**
 * Header changes of a route, on requests and responses.
 */
export interface RouteHeaders {
  /** Changes to requests before forwarding. @default - none */
  readonly request?: HeaderOperations;
  /** Changes to responses before returning them. @default - none */
  readonly response?: HeaderOperations;
}

/**
 * Cross-Origin Resource Sharing policy.
 */
export interface CorsPolicy {
  /** Origins allowed to make requests. At least one. */
  readonly allowOrigins: StringMatch[];
  /** Methods allowed (`GET`, `POST` …). @default - none */
  readonly allowMethods?: string[];
  /** Request headers allowed. @default - none */
  readonly allowHeaders?: string[];
  /** Response headers browsers may read. @default - none */
  readonly exposeHeaders?: string[];
  /** How long preflight results may be cached (whole seconds recommended). @default - not set */
  readonly maxAge?: Duration;
  /** Whether credentials are allowed. @default - not set */
  readonly allowCredentials?: boolean;
}

/**
 * An HTTP route: conditions, and what to do with matching requests.
 */
export interface HttpRouteOptions {
  /** Route name, used in logs and errors. A DNS-1123 label. @default - unnamed */
  readonly name?: string;
  /**
   * Request conditions; the route applies when any of them holds. No match means the route
   * applies to every request (a catch-all, which must be the last route).
   * @default - every request
   */
  readonly matches?: HttpMatch[];
  /**
   * Where matching requests go. Required unless `redirect` is given.
   * @default - the owning host's default version (for a MeshService), else the owning host
   */
  readonly destinations?: RouteDestination[];
  /** Overall request timeout (at least 1ms). @default - Istio's default (none) */
  readonly timeout?: Duration;
  /** Retry policy. @default - Istio's default retries */
  readonly retries?: RetryPolicy;
  /** Fault injection. @default - none */
  readonly fault?: FaultInjection;
  /** Request mirroring. @default - none */
  readonly mirror?: MirrorPolicy;
  /** URI and authority rewrite. @default - none */
  readonly rewrite?: RewritePolicy;
  /** Answer with a redirect instead of forwarding. Excludes `destinations`, `rewrite`, `mirror`. @default - forward */
  readonly redirect?: RedirectPolicy;
  /** Header changes. @default - none */
  readonly headers?: RouteHeaders;
  /** CORS policy. @default - none */
  readonly corsPolicy?: CorsPolicy;
}

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

/**
 * A route added to a host, in the order routes are evaluated.
 */
export class Route {
  /** @internal */
  public constructor(
    /** The kind of route: `http`, `tcp` or `tls`. */
    public readonly kind: string,
    /** Position among the host's routes of the same kind, 0-based, in evaluation order. */
    public readonly index: number,
    /** The route's name, if any. */
    public readonly name?: string,
  ) {}
}
