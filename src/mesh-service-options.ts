import { AuthorizationMode } from './authorization-mode';
import { DataPlane, ProxyOptions } from './data-plane';
import { DefaultRouting } from './default-routing';
import { MtlsMode } from './mtls';
import { RequestAuthenticationOptions } from './request-authentication';
import { MeshServicePort } from './service-port';
import { ServiceVersionProps } from './service-version-options';
import { TrafficPolicy } from './traffic-policy';

/**
 * Options of a `MeshService`.
 */
export interface MeshServiceOptions {
  /**
   * Namespace of the service.
   *
   * @default - the mesh's default namespace
   */
  readonly namespace?: string;

  /**
   * Ports of the service. At least one is required.
   *
   * @default - none (a synth-time error unless ports are given)
   */
  readonly ports?: MeshServicePort[];

  /**
   * Versions of the service; more can be added with `addVersion`. At least one is required.
   *
   * @default - none yet
   */
  readonly versions?: ServiceVersionProps[];

  /**
   * The version that receives traffic no route sends elsewhere: shorthand for
   * `defaultRouting: DefaultRouting.version(name)` (give one of the two).
   *
   * @default - the first declared version
   */
  readonly defaultVersion?: string;

  /**
   * Where traffic no route sends elsewhere goes: one version, all versions (no subset, as a plain
   * Kubernetes Service), a weighted split, or no mesh routing object at all. A `Canary` owns the
   * default route, and so requires the default (one version).
   *
   * @default - DefaultRouting.version(defaultVersion ?? the first declared version)
   */
  readonly defaultRouting?: DefaultRouting;

  /**
   * Name of the service's VirtualService. A DNS-1123 subdomain.
   *
   * @default - the service name
   */
  readonly virtualServiceName?: string;

  /**
   * Name of the service's DestinationRule. A DNS-1123 subdomain.
   *
   * @default - the service name
   */
  readonly destinationRuleName?: string;

  /**
   * Name of the service's HTTPRoute in a mesh with `RoutingApi.GATEWAY_API`; with several HTTP
   * ports, the prefix of `<name>-<port>`. A DNS-1123 subdomain.
   *
   * @default - the service name
   */
  readonly httpRouteName?: string;

  /**
   * Name of the service's ServiceAccount: its identity in the mesh. Services of one namespace
   * may share a ServiceAccount (and so one identity): it is emitted once, by the first service
   * that names it, and labelled `account: <that service's name>`.
   *
   * @default - the service name
   */
  readonly serviceAccountName?: string;

  /**
   * Traffic policy for the whole service (load balancing, client TLS, connection pool, outlier
   * detection). Versions and ports can refine it.
   *
   * @default - none
   */
  readonly trafficPolicy?: TrafficPolicy;

  /**
   * The data plane of the service's pods.
   *
   * @default - the namespace's data plane (by default the mesh's)
   */
  readonly dataPlane?: DataPlane;

  /**
   * Proxy settings of the service's pods (resources, concurrency, log level, hold application,
   * excluded ports), written as Istio's pod annotations.
   *
   * @default - the mesh's proxy defaults
   */
  readonly proxy?: ProxyOptions;

  /**
   * Namespaces the service's VirtualService and DestinationRule are visible to: `.` (own
   * namespace), `*` (all) or namespace names.
   *
   * @default - all namespaces (Istio's default)
   */
  readonly exportTo?: string[];

  /**
   * Mutual TLS mode of the service's pods: a workload PeerAuthentication selecting them (`app`),
   * named after the service (`default.workload` for a service named `default`, whose name the
   * namespace's PeerAuthentication holds). Ports may set their own (`MeshServicePort.mtls`).
   * Client TLS in the service's traffic policies must agree with the mode of each port it
   * reaches: STRICT takes only `ClientTls.istioMutual()` (or none), DISABLE anything else.
   *
   * @default - the namespace's (or the mesh's) mode, no object emitted
   */
  readonly mtls?: MtlsMode;

  /**
   * Authorization of the service's pods. With `AuthorizationMode.DENY_BY_DEFAULT` the service's
   * ALLOW policy (its declared callers, possibly none) is emitted even when its namespace and the
   * mesh are open.
   *
   * @default - the namespace's (or the mesh's)
   */
  readonly authorization?: AuthorizationMode;

  /**
   * Whether the service's sidecars are scoped to what it calls (a Sidecar selecting its pods).
   *
   * @default - the namespace's (or the mesh's)
   */
  readonly sidecarScoping?: boolean;

  /**
   * JWT validation of the service's requests (a RequestAuthentication selecting its pods).
   *
   * @default - none
   */
  readonly requestAuthentication?: RequestAuthenticationOptions;
}
