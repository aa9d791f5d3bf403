import { Duration } from 'cdk8s';
import { CorsPolicy } from './cors-policy';
import { FaultInjection } from './fault-injection';
import { RetryPolicy } from './retry-policy';
import { RouteDestination } from './route-destination';
import { RouteHeaders } from './route-headers';
import { StringMatch } from './string-match';

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
