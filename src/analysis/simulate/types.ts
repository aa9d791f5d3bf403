/**
 * The routing simulator's vocabulary (jsii-compatible: the package's index exports these through
 * `./facade`): a request described by the test or the command line, and where the manifests send it.
 */

/** The client of a simulated request. */
export interface RequestSource {
  /**
   * A workload of the manifests the request comes from: `namespace/name` (or `name`, in `namespace`)
   * of a Deployment, StatefulSet, DaemonSet, Pod or Rollout. Its pod labels, namespace and service
   * account are used unless given below.
   * @default - no workload: the labels, namespace and service account given here
   */
  readonly workload?: string;
  /** @default - the workload's namespace, else 'default' */
  readonly namespace?: string;
  /** The client pod's labels (VirtualService `sourceLabels`, HTTPRoute has none). @default - the workload's pod labels, else none */
  readonly labels?: { [key: string]: string };
  /** @default - the workload's service account, else 'default' */
  readonly serviceAccount?: string;
  /**
   * The peer identity mutual TLS presents (`cluster.local/ns/<namespace>/sa/<account>`); an empty
   * string for a plain-text client.
   * @default - derived from the namespace and service account with the trust domain 'cluster.local'
   */
  readonly principal?: string;
  /** The `<iss>/<sub>` of a JWT a RequestAuthentication validated. @default - none */
  readonly requestPrincipal?: string;
  /** The client's IP address (authorization `ipBlocks`). @default - unknown */
  readonly ip?: string;
}

/** A request to simulate: what the client sends and where it enters the mesh. */
export interface SimulatedRequest {
  /**
   * The host the client calls, as it writes it (the `Host`/`:authority` header): a short name
   * (`reviews`, resolved in the source's namespace), a FQDN, or a gateway's host name
   * (`bookinfo.example.com`).
   */
  readonly host: string;
  /** The port the client connects to. @default - the host's only port, else 80 */
  readonly port?: number;
  /** The request path; may carry a query string. @default '/' */
  readonly path?: string;
  /** @default 'GET' */
  readonly method?: string;
  /**
   * Request headers, names case-insensitive. The request carries these and no others: a route match
   * or an authorization rule on a header not listed sees it absent.
   * @default - none
   */
  readonly headers?: { [name: string]: string };
  /** Query parameters, in addition to those in `path`. @default - none */
  readonly queryParams?: { [name: string]: string };
  /** `http` or `https`. @default 'http' */
  readonly scheme?: string;
  /** The client. @default - a pod in 'default' without labels */
  readonly source?: RequestSource;
  /**
   * The gateway the request enters through, as `namespace/name` of an Istio `Gateway` or a Gateway
   * API `Gateway`; the request then comes from outside the mesh.
   * @default - a request from a sidecar inside the mesh
   */
  readonly gateway?: string;
}

/** What routed the request. */
export enum RoutedBy {
  /** An Istio VirtualService rule. */
  VIRTUAL_SERVICE = 'VirtualService',
  /** A Gateway API HTTPRoute rule. */
  HTTP_ROUTE = 'HTTPRoute',
  /** A Gateway API GRPCRoute rule. */
  GRPC_ROUTE = 'GRPCRoute',
  /** No route applies to the host: the request goes to its Service (or ServiceEntry) as is. */
  DEFAULT = 'default',
  /** Nothing routes the request (no matching route, or an unknown host): the proxy answers 404, or passes it through. */
  NONE = 'none',
}

/** The route rule that matched. */
export interface MatchedRule {
  /** `VirtualService`, `HTTPRoute` or `GRPCRoute`. */
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The rule's index in `http` (VirtualService) or `rules` (HTTPRoute, GRPCRoute). */
  readonly index: number;
  /** The rule's `name`, when it has one. */
  readonly ruleName?: string;
  /** The index of the match that matched within the rule, when it has matches. */
  readonly matchIndex?: number;
}

/** Istio's authorization verdict for the request at a destination. */
export enum AuthorizationVerdict {
  ALLOWED = 'allowed',
  DENIED = 'denied',
  /** Depends on what the request description does not say (e.g. a header), or on an external authorizer. */
  DEPENDS = 'depends',
}

/** Whether the destination's proxy lets the request in, and why. */
export interface SimulatedAuthorization {
  readonly verdict: AuthorizationVerdict;
  /** The deciding AuthorizationPolicy, `namespace/name`, when one decides. */
  readonly policy?: string;
  /** Why, in a sentence. */
  readonly reason: string;
}

/** One destination of the matched rule. */
export interface SimulatedDestination {
  /** The destination host, as a FQDN where it resolves to a service. */
  readonly host: string;
  /** The Service (or ServiceEntry) behind the host, `namespace/name`, when the manifests hold it. */
  readonly service?: string;
  /** The DestinationRule subset (Istio), when the route names one. */
  readonly subset?: string;
  /** The labels selecting the destination's pods (the Service selector plus the subset's labels), when known. */
  readonly labels?: { [key: string]: string };
  /** The destination port, when known. */
  readonly port?: number;
  /** The share of requests sent here, in percent (the shares of all destinations sum to 100). */
  readonly weight: number;
  /**
   * Istio's authorization verdict at the destination's pods (those with Istio's proxy that `labels`
   * select), for the caller the destination sees: the client's identity, or the gateway's for a
   * request through a gateway. Absent when no AuthorizationPolicy applies there (or no such pod
   * exists, with a caveat). When the pods decide differently, the least permissive verdict, with a
   * caveat.
   */
  readonly authorization?: SimulatedAuthorization;
}

/** A fault the matched rule injects. */
export interface SimulatedFault {
  /** The injected delay, as written (e.g. `7s`). */
  readonly delay?: string;
  /** The share of requests delayed, in percent. */
  readonly delayPercentage?: number;
  /** The HTTP status of an injected abort. */
  readonly abortHttpStatus?: number;
  /** The gRPC status of an injected abort. */
  readonly abortGrpcStatus?: string;
  /** The share of requests aborted, in percent. */
  readonly abortPercentage?: number;
}

/** The retry policy that applies. */
export interface SimulatedRetries {
  /** Retries after the first try; 0 when the rule turns retries off. */
  readonly attempts: number;
  readonly perTryTimeout?: string;
  /** The conditions retried on (Envoy's `retry_on`). */
  readonly retryOn?: string;
  /**
   * True when the route sets no retry policy and Istio's default applies (2 attempts on
   * `connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes`; a mesh config's
   * `defaultHttpRetryPolicy` would replace it, which the simulator does not read).
   */
  readonly meshDefault?: boolean;
}

/** A copy of the request sent elsewhere (responses discarded). */
export interface SimulatedMirror {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  /** The share of requests mirrored, in percent. */
  readonly percentage: number;
}

/** Where a simulated request goes. */
export interface SimulatedRoute {
  readonly routedBy: RoutedBy;
  /** The gateway the request entered through, `namespace/name`. */
  readonly gateway?: string;
  /**
   * Istio's authorization verdict at the gateway's own pods, for a request entering through a
   * gateway (the client's identity as the request gives it: plain text unless `source.principal`
   * is set); absent when no AuthorizationPolicy applies there. Each destination's `authorization`
   * is then the verdict for the gateway's pods calling it.
   */
  readonly gatewayAuthorization?: SimulatedAuthorization;
  /** The rule that matched, when a route rule matched. */
  readonly rule?: MatchedRule;
  /** Where requests go, with their shares; empty when none is routed (see `status`). */
  readonly destinations: SimulatedDestination[];
  /** The HTTP status the proxy answers itself: 404 without a route, a direct response, a redirect. */
  readonly status?: number;
  /** The redirect's target (`Location`), for a redirect. */
  readonly redirect?: string;
  readonly fault?: SimulatedFault;
  /** The route timeout, as written. */
  readonly timeout?: string;
  readonly retries?: SimulatedRetries;
  readonly mirrors?: SimulatedMirror[];
  /** What the simulation could not model for this request (each a sentence); empty when none. */
  readonly caveats: string[];
}
