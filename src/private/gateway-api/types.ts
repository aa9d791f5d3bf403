/**
 * The typed wire model of the Kubernetes Gateway API objects this library emits
 * (`gateway.networking.k8s.io`): only the fields it writes, spelled as the CRDs spell them, and
 * cdk8s `ApiObject`s that take these specs. Fields the API server would default are required
 * here, so that they are always written out (no drift for GitOps tools).
 */
import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';

/** The API group of the Gateway API. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** The version of Gateways, HTTPRoutes and TLSRoutes. */
export const GATEWAY_API_VERSION = `${GATEWAY_API_GROUP}/v1`;
/** ReferenceGrant is served as v1beta1 by every Gateway API release since 0.6. */
export const REFERENCE_GRANT_VERSION = `${GATEWAY_API_GROUP}/v1beta1`;

/* ------------------------------------------------------------------ */
/* references                                                          */
/* ------------------------------------------------------------------ */

/** A route's parent: a Gateway (optionally one listener) or, for mesh routes (GAMMA), a Service. */
export interface ParentReference {
  /** `gateway.networking.k8s.io` for a Gateway, `''` (core) for a Service. Defaulted to the Gateway group. */
  readonly group: string;
  /** `Gateway` or `Service`. Defaulted to `Gateway`. */
  readonly kind: 'Gateway' | 'Service';
  readonly name: string;
  /** Omitted for the route's own namespace. */
  readonly namespace?: string;
  /** A listener name of the Gateway. */
  readonly sectionName?: string;
  /** A port of the Service. */
  readonly port?: number;
}

/** A Kubernetes Service a route sends to (group and kind are defaulted by the API server). */
export interface BackendObjectReference {
  readonly group: '';
  readonly kind: 'Service';
  readonly name: string;
  /** Omitted for the route's own namespace. */
  readonly namespace?: string;
  /** Required for Services. */
  readonly port: number;
}

/** A weighted backend. */
export interface BackendRef extends BackendObjectReference {
  /** Defaulted to 1. */
  readonly weight: number;
}

/* ------------------------------------------------------------------ */
/* HTTPRoute                                                           */
/* ------------------------------------------------------------------ */

export type PathMatchType = 'Exact' | 'PathPrefix';
export type StringMatchType = 'Exact' | 'RegularExpression';
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'CONNECT' | 'OPTIONS' | 'TRACE' | 'PATCH';

export interface HttpPathMatch {
  /** Defaulted to `PathPrefix`. */
  readonly type: PathMatchType;
  /** Defaulted to `/`. */
  readonly value: string;
}

export interface HttpHeaderMatch {
  /** Defaulted to `Exact`. */
  readonly type: StringMatchType;
  readonly name: string;
  readonly value: string;
}

export interface HttpQueryParamMatch {
  /** Defaulted to `Exact`. */
  readonly type: StringMatchType;
  readonly name: string;
  readonly value: string;
}

export interface HttpRouteMatch {
  /** Defaulted to `PathPrefix /`. */
  readonly path: HttpPathMatch;
  readonly headers?: HttpHeaderMatch[];
  readonly queryParams?: HttpQueryParamMatch[];
  readonly method?: HttpMethod;
}

export interface HttpHeader {
  readonly name: string;
  readonly value: string;
}

export interface HttpHeaderFilter {
  readonly set?: HttpHeader[];
  readonly add?: HttpHeader[];
  readonly remove?: string[];
}

export interface HttpPathModifier {
  readonly type: 'ReplaceFullPath' | 'ReplacePrefixMatch';
  readonly replaceFullPath?: string;
  readonly replacePrefixMatch?: string;
}

export interface HttpRequestRedirectFilter {
  readonly scheme?: 'http' | 'https';
  readonly hostname?: string;
  readonly path?: HttpPathModifier;
  readonly port?: number;
  /** Defaulted to 302 (Istio's default is 301: always written). */
  readonly statusCode: 301 | 302 | 303 | 307 | 308;
}

export interface HttpUrlRewriteFilter {
  readonly hostname?: string;
  readonly path?: HttpPathModifier;
}

export interface Fraction {
  readonly numerator: number;
  /** Defaulted to 100. */
  readonly denominator: number;
}

export interface HttpRequestMirrorFilter {
  readonly backendRef: BackendObjectReference;
  /** A whole percentage; excludes `fraction`. */
  readonly percent?: number;
  /** A fractional share; excludes `percent`. */
  readonly fraction?: Fraction;
}

export interface HttpCorsFilter {
  readonly allowOrigins: string[];
  readonly allowMethods?: Array<HttpMethod | '*'>;
  readonly allowHeaders?: string[];
  readonly exposeHeaders?: string[];
  /** Seconds; defaulted to 5. */
  readonly maxAge: number;
  readonly allowCredentials?: boolean;
}

export type HttpRouteFilter =
  | { readonly type: 'RequestHeaderModifier'; readonly requestHeaderModifier: HttpHeaderFilter }
  | { readonly type: 'ResponseHeaderModifier'; readonly responseHeaderModifier: HttpHeaderFilter }
  | { readonly type: 'RequestMirror'; readonly requestMirror: HttpRequestMirrorFilter }
  | { readonly type: 'RequestRedirect'; readonly requestRedirect: HttpRequestRedirectFilter }
  | { readonly type: 'URLRewrite'; readonly urlRewrite: HttpUrlRewriteFilter }
  | { readonly type: 'CORS'; readonly cors: HttpCorsFilter };

/** Gateway API durations (GEP-2257): `1h`, `1m30s`, `250ms`. */
export interface HttpRouteTimeouts {
  readonly request?: string;
  readonly backendRequest?: string;
}

export interface HttpRouteRetry {
  readonly attempts?: number;
  readonly codes?: number[];
}

export interface HttpRouteRule {
  readonly name?: string;
  /** Defaulted to one `PathPrefix /` match. */
  readonly matches: HttpRouteMatch[];
  readonly filters?: HttpRouteFilter[];
  readonly backendRefs?: BackendRef[];
  readonly timeouts?: HttpRouteTimeouts;
  readonly retry?: HttpRouteRetry;
}

export interface HttpRouteSpec {
  readonly parentRefs: ParentReference[];
  readonly hostnames?: string[];
  readonly rules: HttpRouteRule[];
}

/* ------------------------------------------------------------------ */
/* TLSRoute                                                            */
/* ------------------------------------------------------------------ */

export interface TlsRouteRule {
  readonly backendRefs: BackendRef[];
}

export interface TlsRouteSpec {
  readonly parentRefs: ParentReference[];
  readonly hostnames: string[];
  /** Exactly one rule. */
  readonly rules: TlsRouteRule[];
}

/* ------------------------------------------------------------------ */
/* Gateway                                                             */
/* ------------------------------------------------------------------ */

export interface SecretObjectReference {
  /** Defaulted to `''`. */
  readonly group: '';
  /** Defaulted to `Secret`. */
  readonly kind: 'Secret';
  readonly name: string;
}

export interface ListenerTlsConfig {
  /** Defaulted to `Terminate`. */
  readonly mode: 'Terminate' | 'Passthrough';
  readonly certificateRefs?: SecretObjectReference[];
}

export interface RouteNamespaces {
  /** Defaulted to `Same`. */
  readonly from: 'All' | 'Same' | 'Selector';
  readonly selector?: { readonly matchLabels: { readonly [key: string]: string } };
}

export interface RouteGroupKind {
  /** Defaulted to `gateway.networking.k8s.io`. */
  readonly group: string;
  readonly kind: 'HTTPRoute' | 'TLSRoute' | 'TCPRoute';
}

export interface AllowedRoutes {
  /** Defaulted to `{ from: Same }`. */
  readonly namespaces: RouteNamespaces;
  readonly kinds: RouteGroupKind[];
}

export type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TLS' | 'TCP';

export interface Listener {
  readonly name: string;
  readonly port: number;
  readonly protocol: ListenerProtocol;
  readonly hostname?: string;
  readonly tls?: ListenerTlsConfig;
  readonly allowedRoutes: AllowedRoutes;
}

export interface GatewaySpec {
  readonly gatewayClassName: string;
  readonly listeners: Listener[];
}

/* ------------------------------------------------------------------ */
/* ReferenceGrant                                                      */
/* ------------------------------------------------------------------ */

export interface ReferenceGrantFrom {
  readonly group: string;
  readonly kind: 'HTTPRoute' | 'TLSRoute';
  readonly namespace: string;
}

export interface ReferenceGrantTo {
  readonly group: '';
  readonly kind: 'Service';
  readonly name: string;
}

export interface ReferenceGrantSpec {
  readonly from: ReferenceGrantFrom[];
  readonly to: ReferenceGrantTo[];
}

/* ------------------------------------------------------------------ */
/* objects                                                             */
/* ------------------------------------------------------------------ */

/** Properties of the Gateway API objects: metadata and a typed spec (usually lazy). */
interface Props<S> {
  readonly metadata: ApiObjectMetadata;
  readonly spec: S;
}

/** A `gateway.networking.k8s.io/v1` Gateway. */
export class GatewayApiGateway extends ApiObject {
  public constructor(scope: Construct, id: string, props: Props<GatewaySpec>) {
    super(scope, id, { apiVersion: GATEWAY_API_VERSION, kind: 'Gateway', ...props });
  }
}

/** A `gateway.networking.k8s.io/v1` HTTPRoute. */
export class HttpRoute extends ApiObject {
  public constructor(scope: Construct, id: string, props: Props<HttpRouteSpec>) {
    super(scope, id, { apiVersion: GATEWAY_API_VERSION, kind: 'HTTPRoute', ...props });
  }
}

/** A `gateway.networking.k8s.io/v1` TLSRoute. */
export class TlsRoute extends ApiObject {
  public constructor(scope: Construct, id: string, props: Props<TlsRouteSpec>) {
    super(scope, id, { apiVersion: GATEWAY_API_VERSION, kind: 'TLSRoute', ...props });
  }
}

/** A `gateway.networking.k8s.io/v1beta1` ReferenceGrant. */
export class ReferenceGrant extends ApiObject {
  public constructor(scope: Construct, id: string, props: Props<ReferenceGrantSpec>) {
    super(scope, id, { apiVersion: REFERENCE_GRANT_VERSION, kind: 'ReferenceGrant', ...props });
  }
}
