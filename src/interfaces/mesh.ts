import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AuthorizationMode } from '../authorization-mode';
import { DataPlane } from '../data-plane';
import { IstioRelease } from '../istio-release';
import { MeshOwnership } from '../mesh-ownership';
import { MtlsMode } from '../mtls';
import { OutboundTrafficMode } from '../outbound-traffic';
import { PodSecurityLevel } from '../pod-security';
import { RoutingApi } from '../routing-api';

/**
 * Options of a mesh namespace.
 */
export interface NamespaceOptions {
  /**
   * The data plane of the namespace's pods.
   *
   * @default - the mesh's data plane
   */
  readonly dataPlane?: DataPlane;

  /**
   * Mutual TLS mode of the namespace's workloads: a PeerAuthentication `default` in the
   * namespace. A namespace an app-team mesh does not own gets none: the mode is the one its
   * PeerAuthentication is expected to have in the cluster. Given once per namespace (the same mode
   * again is fine).
   *
   * @default - the mesh's mode, no object emitted
   */
  readonly mtls?: MtlsMode;

  /**
   * Authorization of the namespace's workloads; `AuthorizationMode.DENY_BY_DEFAULT` emits an
   * allow-nothing AuthorizationPolicy in the namespace.
   *
   * @default - the mesh's
   */
  readonly authorization?: AuthorizationMode;

  /**
   * Whether the sidecars of the namespace's services are scoped to what they call; the namespace
   * also gets a default Sidecar (its own namespace and the root namespace) for workloads that are
   * not services of the mesh.
   *
   * @default - the mesh's
   */
  readonly sidecarScoping?: boolean;

  /**
   * Handling of outbound traffic to unknown hosts in the namespace.
   *
   * @default - the mesh's
   */
  readonly outboundTraffic?: OutboundTrafficMode;

  /**
   * The Pod Security Standard the namespace enforces.
   *
   * @default - the mesh's
   */
  readonly podSecurity?: PodSecurityLevel;
}

/**
 * A service mesh as its members see it: its namespaces and mesh-wide settings. Implemented by
 * `Mesh`; props that point at a mesh take this interface.
 */
export interface IMesh extends IConstruct {
  /** Namespace of services that do not name one. */
  readonly defaultNamespace: string;
  /** Istio's root namespace. */
  readonly rootNamespace: string;
  /** The SPIFFE trust domain of workload identities. */
  readonly trustDomain: string;
  /** The cluster's DNS domain. */
  readonly clusterDomain: string;
  /** Mesh-wide mutual TLS mode. */
  readonly mtls: MtlsMode;
  /** The mesh's default data plane. */
  readonly dataPlane: DataPlane;
  /** The Istio release of the mesh. */
  readonly istio: IstioRelease;
  /** The API the mesh's routing is written in. */
  readonly routingApi: RoutingApi;
  /** Which objects the app owns: the whole mesh, or a team's services in an existing mesh. */
  readonly ownership: MeshOwnership;
  /**
   * The mesh's namespaces: the root namespace first, then application namespaces in the order
   * they were added.
   */
  readonly namespaces: string[];

  /**
   * Adds an application namespace to the mesh (idempotent): a Namespace object labelled for
   * sidecar injection, when the app owns the namespace (see `ownership`).
   *
   * @returns the Namespace object, or undefined when the app does not own the namespace
   */
  addNamespace(name: string, options?: NamespaceOptions): ApiObject | undefined;

  /** The data plane of a namespace. */
  namespaceDataPlane(name: string): DataPlane;

  /** The Pod Security Standard a namespace enforces, if any. */
  namespacePodSecurity(name: string): PodSecurityLevel | undefined;
}
