import { AuthorizationMode } from './authorization-mode';
import { DataPlane } from './data-plane';
import { GatewayApiChannel } from './gateway-api-channel';
import { IstioCrds } from './istio-crds';
import { IstioRelease } from './istio-release';
import { MeshOwnership } from './mesh-ownership';
import { MtlsMode } from './mtls';
import { OutboundTrafficMode } from './outbound-traffic';
import { PodSecurityLevel } from './pod-security';
import { RoutingApi } from './routing-api';

/**
 * Properties of a `Mesh`.
 */
export interface MeshProps {
  /**
   * Namespace of services that do not name one.
   *
   * @default 'default'
   */
  readonly defaultNamespace?: string;

  /**
   * Further application namespaces of the mesh, created and enabled for sidecar injection even
   * when no service of this app lives there yet. Namespaces of services are added automatically.
   *
   * @default - only the namespaces of the mesh's services
   */
  readonly namespaces?: string[];

  /**
   * Istio's root namespace: where mesh-wide policy (the mesh-wide PeerAuthentication) lives.
   *
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;

  /**
   * The SPIFFE trust domain of workload identities (`spiffe://<trustDomain>/ns/<ns>/sa/<sa>`).
   *
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;

  /**
   * The cluster's DNS domain, used to write fully qualified host names
   * (`reviews.default.svc.<clusterDomain>`).
   *
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;

  /**
   * Mesh-wide mutual TLS mode, emitted as the PeerAuthentication `default` in the root namespace.
   * Namespaces, services and ports may set their own (the most specific one applies). `UNSET`
   * is written as given and means Istio's default, PERMISSIVE. In an app-team mesh it is the mode
   * the platform's mesh-wide PeerAuthentication is expected to have.
   *
   * @default MtlsMode.STRICT
   */
  readonly mtls?: MtlsMode;

  /**
   * How pods get their proxy, unless a namespace or service says otherwise: Istio's webhook
   * (namespaces labelled `istio-injection=enabled`, or `istio.io/rev=<revision>`), synth-time
   * injection, or none.
   *
   * @default DataPlane.webhook()
   */
  readonly dataPlane?: DataPlane;

  /**
   * Istio's CustomResourceDefinitions, included first in the output.
   *
   * @default IstioCrds.none() (installed separately)
   */
  readonly crds?: IstioCrds;

  /**
   * The Istio release (version, hub, tag, revision) of the control plane and the proxies.
   *
   * @default IstioRelease.default() (Istio 1.30.3 from docker.io/istio)
   */
  readonly istio?: IstioRelease;

  /**
   * The API the mesh's routing is written in: Istio's Gateways and VirtualServices, or the
   * Kubernetes Gateway API (a `Gateway` of class `istio`, `HTTPRoute`s and `TLSRoute`s, with one
   * Service per version for weighted routing inside the mesh). Settings the Gateway API cannot
   * express are synth-time errors in that mode.
   *
   * @default RoutingApi.ISTIO
   */
  readonly routingApi?: RoutingApi;

  /**
   * With `RoutingApi.GATEWAY_API`: the channel of the Gateway API CRDs installed in the cluster,
   * which decides whether routes may have `retries` (HTTPRoute `retry`) and whether TCP routing
   * becomes TCPRoutes. Only with `RoutingApi.GATEWAY_API`.
   *
   * @default GatewayApiChannel.STANDARD
   */
  readonly gatewayApiChannel?: GatewayApiChannel;

  /**
   * Which objects the app owns. A platform mesh emits the root namespace, the mesh-wide
   * PeerAuthentication and every namespace of its services. An app-team mesh joins a mesh the
   * cluster already runs (root namespace, revision, installed gateways): it emits only its
   * services and the namespaces it owns, and refuses the CRDs and a `ControlPlane`; the
   * synth-time analysis takes what it refers to (root namespace, mesh-wide PeerAuthentication with
   * the `mtls` mode, the other namespaces labelled for the data plane) as existing.
   *
   * @default MeshOwnership.platform()
   */
  readonly ownership?: MeshOwnership;

  /**
   * Mesh-wide authorization: with `AuthorizationMode.DENY_BY_DEFAULT`, an allow-nothing
   * AuthorizationPolicy in the root namespace (in an app-team mesh: in each namespace the app
   * owns), so that only calls the services declare (`MeshService.allowCallsFrom`,
   * `MeshService.calls`, gateway routes) pass. Namespaces and services may set their own.
   *
   * @default AuthorizationMode.OPEN
   */
  readonly authorization?: AuthorizationMode;

  /**
   * Whether each service's sidecar configuration is scoped to what it calls: a Sidecar per
   * service whose egress hosts are exactly its callees (and the root namespace). Namespaces and
   * services may set their own.
   *
   * @default false
   */
  readonly sidecarScoping?: boolean;

  /**
   * Mesh-wide handling of outbound traffic to hosts no Service or ServiceEntry declares, as a
   * Sidecar in the root namespace (applied to namespaces without their own).
   *
   * @default - Istio's (OutboundTrafficMode.ALLOW_ANY), no object emitted
   */
  readonly outboundTraffic?: OutboundTrafficMode;

  /**
   * The Pod Security Standard the mesh's application namespaces enforce (the
   * `pod-security.kubernetes.io/enforce` label, pinned to the Kubernetes version whose rules the
   * library checks, with `warn` and `audit` at `latest`). With `PodSecurityLevel.RESTRICTED`
   * every container the library emits complies, and options that contradict it are errors.
   * Namespaces may set their own; the root namespace (istiod, Istio's CNI agent) is not
   * labelled. Above `PRIVILEGED`, namespaces whose pods get Istio's proxy need Istio's CNI node
   * agent (`IstioRelease.of({ cni: true })`).
   *
   * @default - no Pod Security label
   */
  readonly podSecurity?: PodSecurityLevel;
}
