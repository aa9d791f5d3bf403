import { ApiObject } from 'cdk8s';
import { KubeNamespace } from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct, IConstruct } from 'constructs';
import { AuthorizationMode } from './authorization-mode';
import { DataPlane, DataPlaneMode } from './data-plane';
import { ExternalService } from './external-service';
import { ExternalServiceOptions } from './external-service-options';
import { GatewayApiChannel } from './gateway-api-channel';
import { IMesh, NamespaceOptions } from './interfaces/mesh';
import { IstioCrds } from './istio-crds';
import { IstioRelease } from './istio-release';
import { MeshOwnership } from './mesh-ownership';
import { MeshProps } from './mesh-props';
import { MeshService } from './mesh-service';
import { MeshServiceOptions } from './mesh-service-options';
import { attachMeshModel, MeshModel } from './model/mesh';
import { RoutingBackend } from './model/routing-backend';
import { SecurityModel } from './model/security';
import { MtlsMode } from './mtls';
import { OutboundTrafficMode } from './outbound-traffic';
import { PodSecurityLevel } from './pod-security';
import { expectInCluster, namespaceManifest, peerAuthenticationManifest } from './private/cluster-objects';
import { clusterScoped } from './private/cluster-scoped';
import { duplicateObjects } from './private/duplicate-objects';
import { DEFAULT_CLUSTER_DOMAIN, DEFAULT_TRUST_DOMAIN, ISTIO_SYSTEM, LABEL } from './private/istio-names';
import { namespaceLevelProblems, podSecurityLabels } from './private/namespace-pod-security';
import { arrayOf, checkTypes, instance, oneOf, optional, shape, str } from './private/props';
import { DATA_PLANE, MESH_SERVICE_OPTIONS, NAMESPACE_OPTIONS, SECURITY_SCOPE_FIELDS } from './private/schemas';
import { givenSecurityOptions, NAMESPACE_SECURITY_FIELDS, namespaceSecurityProblems, servicesIn } from './private/security-scopes';
import { SERVICE_REFERENCE_OPTIONS } from './private/service-reference-schema';
import { dnsLabelProblem, dnsSubdomainProblem, throwIfProblems } from './private/validation';
import { gatewayApiBackend } from './render/gateway-api/backend';
import { ISTIO_BACKEND } from './render/istio/backend';
import { meshSecurityObjects, namespaceSecurityObjects, replaceNamespaceSecurityObjects } from './render/security/namespace';
import { scopePeerAuthentication } from './render/security/peer-authentication';
import { RoutingApi } from './routing-api';
import { ServiceReference, ServiceReferenceOptions } from './service-reference';

/**
 * The root of an Istio service mesh: its namespaces, mesh-wide defaults and services.
 *
 * Emits a Namespace for the root namespace and for every application namespace (labelled for
 * sidecar injection), and the mesh-wide PeerAuthentication. Services are added with `addService`.
 *
 * ```ts
 * const shop = new Mesh(chart, 'mesh', {
 *   mtls: MtlsMode.STRICT,
 *   authorization: AuthorizationMode.DENY_BY_DEFAULT,
 *   sidecarScoping: true,
 * });
 * shop.addService('reviews', {
 *   ports: [{ port: 9080, protocol: Protocol.HTTP }],
 *   versions: [{ name: 'v1', image: 'example/reviews:v1' }],
 * });
 * ```
 */
export class Mesh extends Construct implements IMesh {
  /**
   * Finds the mesh a construct belongs to: the nearest `Mesh` among its scopes.
   */
  public static of(construct: IConstruct): Mesh {
    const found = construct.node.scopes.slice().reverse().find((c): c is Mesh => c instanceof Mesh);
    if (!found) {
      throw new Error(`[${construct.node.path}] is not inside a Mesh`);
    }
    return found;
  }

  /** Namespace of services that do not name one. */
  public readonly defaultNamespace: string;
  /** Istio's root namespace. */
  public readonly rootNamespace: string;
  /** The SPIFFE trust domain of workload identities. */
  public readonly trustDomain: string;
  /** The cluster's DNS domain. */
  public readonly clusterDomain: string;
  /** Mesh-wide mutual TLS mode. */
  public readonly mtls: MtlsMode;
  /** The Istio CRD objects included in the output (empty unless `crds` names a source). */
  public readonly crdObjects: ApiObject[];
  /** The mesh's default data plane. */
  public readonly dataPlane: DataPlane;
  /** The Istio release of the mesh. */
  public readonly istio: IstioRelease;
  /** The API the mesh's routing is written in. */
  public readonly routingApi: RoutingApi;
  /** The channel of the Gateway API CRDs the mesh's output is for (with `RoutingApi.GATEWAY_API`). */
  public readonly gatewayApiChannel: GatewayApiChannel;
  /** Which objects the app owns: the whole mesh, or a team's services in an existing mesh. */
  public readonly ownership: MeshOwnership;
  /** Mesh-wide authorization: whether only declared calls pass. */
  public readonly authorization: AuthorizationMode;
  /** The Pod Security Standard the mesh's application namespaces enforce, if any. */
  public readonly podSecurity?: PodSecurityLevel;

  /** The mesh's namespaces, with their Namespace objects (none for a namespace the app does not own). */
  private readonly _namespaces = new Map<string, ApiObject | undefined>();
  private readonly _namespaceDataPlanes = new Map<string, DataPlane>();
  private readonly _namespaceLevels = new Map<string, PodSecurityLevel | undefined>();
  private readonly _model: MeshModel;

  public constructor(scope: Construct, id: string, props: MeshProps = {}) {
    super(scope, id);
    checkTypes(this, props, PROPS);
    this.defaultNamespace = props.defaultNamespace ?? 'default';
    this.rootNamespace = props.rootNamespace ?? ISTIO_SYSTEM;
    this.trustDomain = props.trustDomain ?? DEFAULT_TRUST_DOMAIN;
    this.clusterDomain = props.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
    this.mtls = props.mtls ?? MtlsMode.STRICT;
    this.dataPlane = props.dataPlane ?? DataPlane.webhook();
    this.istio = props.istio ?? IstioRelease.default();
    this.routingApi = props.routingApi ?? RoutingApi.ISTIO;
    this.gatewayApiChannel = props.gatewayApiChannel ?? GatewayApiChannel.STANDARD;
    this.ownership = props.ownership ?? MeshOwnership.platform();
    this.podSecurity = props.podSecurity;
    // the routing backend is chosen once, here: members hand their model to it
    this.authorization = props.authorization ?? AuthorizationMode.OPEN;
    const { authorization, sidecarScoping, outboundTraffic } = props;
    const security = new SecurityModel({ authorization, sidecarScoping, outboundTraffic }, this.ownership.ownsMeshWideObjects);
    this._model = new MeshModel(this, BACKENDS[this.routingApi](this.gatewayApiChannel), security);
    attachMeshModel(this._model);

    throwIfProblems(this, [
      props.gatewayApiChannel !== undefined && this.routingApi !== RoutingApi.GATEWAY_API
        ? `'gatewayApiChannel' is ${props.gatewayApiChannel}, but the mesh emits no Gateway API routes (routingApi ${this.routingApi}): leave it out, or set routingApi to RoutingApi.GATEWAY_API`
        : undefined,
      dnsLabelProblem('defaultNamespace', this.defaultNamespace),
      dnsLabelProblem('rootNamespace', this.rootNamespace),
      dnsSubdomainProblem('trustDomain', this.trustDomain),
      dnsSubdomainProblem('clusterDomain', this.clusterDomain),
      ...(props.namespaces ?? []).map((ns, i) => dnsLabelProblem(`namespaces[${i}]`, ns)),
      ...(props.namespaces ?? []).includes(this.rootNamespace)
        ? [`'namespaces' must not contain the root namespace '${this.rootNamespace}': it holds mesh configuration, not applications`]
        : [],
      ...this.ownershipProblems(props.crds),
    ]);

    this.crdObjects = (props.crds ?? IstioCrds.none())._include(this, 'IstioCrds');
    if (this.ownership.ownsMeshWideObjects) {
      const rootNamespace = this.createNamespace(this.rootNamespace, undefined)!;
      scopePeerAuthentication(this, 'PeerAuthentication', this.rootNamespace, this.mtls, [rootNamespace, ...this.crdObjects]);
      for (const obj of meshSecurityObjects(this, this, security)) {
        obj.addDependency(rootNamespace);
      }
    } else {
      // the mesh-wide objects exist in the cluster: the analysis is told so, nothing is emitted
      this._namespaces.set(this.rootNamespace, undefined);
      expectInCluster(this, () => this.expectedObjects());
    }

    this.addNamespace(this.defaultNamespace);
    for (const ns of [...props.namespaces ?? [], ...this.ownership.ownedNamespaces]) {
      this.addNamespace(ns);
    }
    this.node.addValidation({ validate: () => duplicateObjects(this.node.root) });
  }

  /**
   * Adds an application namespace to the mesh (idempotent): a Namespace object labelled for
   * sidecar injection, when the app owns the namespace (see `ownership`). A namespace an
   * app-team mesh does not own already exists: it is not emitted, and the data plane given here
   * is the one its labels are expected to select. With `mtls`, a PeerAuthentication `default` in
   * the namespace (for a namespace the app does not own: the one the cluster is expected to hold).
   *
   * @returns the Namespace object, or undefined when the app does not own the namespace
   */
  public addNamespace(name: string, options: NamespaceOptions = {}): ApiObject | undefined {
    checkTypes(this, name, str, 'namespace');
    checkTypes(this, options, NAMESPACE_OPTIONS, '', 'options');
    if (name !== this.rootNamespace && this._namespaces.has(name) && Object.values(options).every(v => v === undefined)) {
      // a namespace already added, named again without options (each service and version does): nothing to check or change
      return this._namespaces.get(name);
    }
    const existing = this._namespaceDataPlanes.get(name);
    const existingMtls = this._model.namespaceMtls(name);
    const known = this._namespaceLevels.has(name);
    const level = known ? this._namespaceLevels.get(name) : options.podSecurity ?? this.podSecurity;
    throwIfProblems(this, [
      ...namespaceSecurityProblems(name, options, this.ownership.ownsNamespace(name), this._model.security.namespaceSettings(name),
        servicesIn(this._model.services, name, options)),
      ...name !== this.rootNamespace ? namespaceLevelProblems(this, name, options, known, level) : [],
      dnsLabelProblem('namespace', name),
      name === this.rootNamespace ? `namespace '${name}' is the root namespace: it holds mesh configuration, not applications` : undefined,
      existing && options.dataPlane && options.dataPlane.mode !== existing.mode
        ? `namespace '${name}' already has the ${existing.mode} data plane: give its data plane when the namespace is first added` : undefined,
      existingMtls && options.mtls && options.mtls !== existingMtls
        ? `namespace '${name}' already has mTLS mode ${existingMtls}: give its mode once` : undefined,
    ]);
    const added = this._namespaces.has(name);
    if (!added) {
      this._model.security.setNamespace(name, options);
      this._namespaceLevels.set(name, level);
    } else if (NAMESPACE_SECURITY_FIELDS.some(f => options[f] !== undefined) && this._namespaces.get(name)) {
      // a namespace the mesh added itself (its default namespace, `namespaces`, owned ones) takes its options before its services
      this._model.security.setNamespace(name, { ...this._model.security.namespaceSettings(name), ...givenSecurityOptions(options) });
      replaceNamespaceSecurityObjects(this, this, this._model.security, name, this._namespaces.get(name)!);
    }
    const object = added ? this._namespaces.get(name) : this.createNamespace(name, options.dataPlane ?? this.dataPlane);
    if (options.mtls && !existingMtls) {
      this._model.setNamespaceMtls(name, options.mtls);
      if (object) scopePeerAuthentication(this, `PeerAuthentication-${name}`, name, options.mtls, [object, ...this.crdObjects]);
    }
    return object;
  }

  /**
   * The Pod Security Standard a namespace enforces (its `pod-security.kubernetes.io/enforce`
   * label), if any: the namespace's option, else the mesh's. The root namespace has none.
   */
  public namespacePodSecurity(name: string): PodSecurityLevel | undefined {
    return this._namespaceLevels.get(name);
  }

  /**
   * The data plane of a namespace.
   */
  public namespaceDataPlane(name: string): DataPlane {
    return this._namespaceDataPlanes.get(name) ?? this.dataPlane;
  }

  /**
   * The mesh's namespaces: the root namespace first, then application namespaces in the order
   * they were added.
   */
  public get namespaces(): string[] {
    return [...this._namespaces.keys()];
  }

  /**
   * Adds a service to the mesh. Its construct id is the service name, or `<name>.<namespace>`
   * outside the default namespace.
   *
   * @param name the Kubernetes Service name, which is also the Istio host name
   */
  public addService(name: string, options: MeshServiceOptions = {}): MeshService {
    checkTypes(this, name, str, 'name');
    checkTypes(this, options, MESH_SERVICE_OPTIONS, '', 'options');
    const namespace = options.namespace ?? this.defaultNamespace;
    const existing = typeof namespace === 'string' ? this.findService(name, namespace) : undefined;
    const referenced = typeof namespace === 'string' ? this._model.findReference(name, namespace) : undefined;
    throwIfProblems(this, [
      referenced ? `service '${name}' in namespace '${namespace}' is referenced as declared elsewhere (at ${referenced.node.path}): declare it or refer to it, not both` : undefined,
      name === '' ? "'name' must be a DNS-1035 label (at most 63 lowercase letters, digits or '-', starting with a letter and ending with a letter or digit), got ''" : undefined,
      existing ? `service '${name}' is already declared in namespace '${namespace}' (at ${existing.node.path})` : undefined,
    ]);
    const id = namespace === this.defaultNamespace ? name : `${name}.${namespace}`;
    return new MeshService(this, id, { ...options, mesh: this, name });
  }

  /**
   * Adds a service outside the mesh (a ServiceEntry), e.g. an external API called through the
   * sidecars.
   *
   * @param name the ServiceEntry name
   */
  public addExternalService(name: string, options: ExternalServiceOptions): ExternalService {
    checkTypes(this, name, str, 'name');
    const existing = this.node.tryFindChild(`external-${name}`);
    throwIfProblems(this, [
      name === '' ? "'name' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got ''" : undefined,
      existing ? `external service '${name}' is already declared (at ${existing.node.path})` : undefined,
    ]);
    return new ExternalService(this, `external-${name}`, { ...options, mesh: this, name });
  }

  /**
   * Refers to a service another app declares (another team's, another repository's), so routes
   * can send to it: its ports and versions are checked like a MeshService's, and the synth-time
   * analysis takes its Service (and, with versions, its owner's DestinationRule) as existing. Its
   * construct id is `reference-<name>`, or `reference-<name>.<namespace>` outside the default
   * namespace.
   *
   * @param name the Kubernetes Service name
   */
  public referenceService(name: string, options: ServiceReferenceOptions): ServiceReference {
    checkTypes(this, name, str, 'name');
    checkTypes(this, options, SERVICE_REFERENCE_OPTIONS, '', 'options');
    const namespace = options.namespace ?? this.defaultNamespace;
    const id = namespace === this.defaultNamespace ? `reference-${name}` : `reference-${name}.${namespace}`;
    return new ServiceReference(this, id, { ...options, mesh: this, name });
  }

  /**
   * The service named `name` in `namespace`, if the mesh has one.
   */
  public findService(name: string, namespace?: string): MeshService | undefined {
    const host = this._model.findService(name, namespace ?? this.defaultNamespace)?.host;
    return host instanceof MeshService ? host : undefined;
  }

  /** The services of the mesh, in the order they were added. */
  public get services(): MeshService[] {
    return this._model.services.map(s => s.host).filter((h): h is MeshService => h instanceof MeshService);
  }

  /**
   * The Namespace object of the root namespace (none when the mesh joins an existing one).
   *
   * @internal
   */
  public _rootNamespaceObject(): ApiObject | undefined {
    return this._namespaces.get(this.rootNamespace);
  }

  /** What keeps the props from an app-team mesh: objects only the platform's mesh may own. */
  private ownershipProblems(crds: IstioCrds | undefined): string[] {
    if (this.ownership.ownsMeshWideObjects) {
      return [];
    }
    return [
      ...crds?.source !== undefined
        ? [`'crds' must be IstioCrds.none() in an app-team mesh (MeshOwnership.appTeam()): Istio's CRDs are cluster-wide and installed with the platform's mesh, got IstioCrds from '${crds.source}'`]
        : [],
      ...this.ownership.ownedNamespaces.includes(this.rootNamespace)
        ? [`'ownership.ownedNamespaces' must not contain the root namespace '${this.rootNamespace}': an app-team mesh joins the platform's root namespace, it does not own it`]
        : [],
    ];
  }

  /**
   * The objects an app-team mesh refers to and the cluster holds: the root namespace, the
   * mesh-wide PeerAuthentication (with the mesh's `mtls` mode), and the namespaces the app does
   * not own, labelled for their data plane, with their PeerAuthentication when `mtls` was given.
   */
  private expectedObjects(): any[] {
    return [
      namespaceManifest(this.rootNamespace, undefined),
      peerAuthenticationManifest(this.rootNamespace, 'default', this.mtls),
      ...[...this._namespaces].filter(([name, object]) => object === undefined && name !== this.rootNamespace)
        .flatMap(([name]) => [namespaceManifest(name, this.namespaceLabels(name, this.namespaceDataPlane(name))),
          ...this._model.namespaceMtls(name) ? [peerAuthenticationManifest(name, 'default', this._model.namespaceMtls(name)!)] : []]),
    ];
  }

  /** Namespace labels that select Istio's injection webhook (or keep it away). */
  private injectionLabels(dataPlane: DataPlane | undefined): { [key: string]: string } | undefined {
    switch (dataPlane?.mode) {
      case DataPlaneMode.WEBHOOK:
        return this.istio.revision ? { [LABEL.revision]: this.istio.revision } : { [LABEL.injection]: 'enabled' };
      case DataPlaneMode.NONE:
        return { [LABEL.injection]: 'disabled' };
      default:
        // the root namespace, and synth-time namespaces: their pods arrive injected
        return undefined;
    }
  }

  /** A namespace's labels: for its data plane, and for the Pod Security Standard it enforces. */
  private namespaceLabels(name: string, dataPlane: DataPlane | undefined): { [key: string]: string } | undefined {
    const level = this.namespacePodSecurity(name);
    const labels = { ...this.injectionLabels(dataPlane), ...level ? podSecurityLabels(level) : {} };
    return Object.keys(labels).length > 0 ? labels : undefined;
  }

  private createNamespace(name: string, dataPlane: DataPlane | undefined): ApiObject | undefined {
    if (!this.ownership.ownsNamespace(name)) {
      // another team's (or the platform's) namespace: referred to, never emitted or relabelled
      this._namespaceDataPlanes.set(name, dataPlane ?? this.dataPlane);
      this._namespaces.set(name, undefined);
      return undefined;
    }
    const ns = new KubeNamespace(this, `Namespace-${name}`, {
      metadata: {
        name,
        labels: this.namespaceLabels(name, dataPlane),
      },
    });
    if (dataPlane) {
      this._namespaceDataPlanes.set(name, dataPlane);
    }
    clusterScoped(ns);
    for (const crd of this.crdObjects) {
      ns.addDependency(crd);
    }
    this._namespaces.set(name, ns);
    for (const obj of namespaceSecurityObjects(this, this, this._model.security, name)) {
      obj.addDependency(ns);
    }
    return ns;
  }
}

const PROPS = shape({
  defaultNamespace: optional(str),
  namespaces: optional(arrayOf(str)),
  rootNamespace: optional(str),
  trustDomain: optional(str),
  clusterDomain: optional(str),
  mtls: optional(oneOf(MtlsMode)),
  dataPlane: optional(DATA_PLANE),
  crds: optional(instance('IstioCrds (e.g. IstioCrds.none())', v => v instanceof IstioCrds)),
  istio: optional(instance('IstioRelease (e.g. IstioRelease.of({ version: \'1.30.3\' }))', v => v instanceof IstioRelease)),
  routingApi: optional(oneOf(RoutingApi)),
  gatewayApiChannel: optional(oneOf(GatewayApiChannel)),
  ownership: optional(instance('MeshOwnership (e.g. MeshOwnership.appTeam())', v => v instanceof MeshOwnership)),
  ...SECURITY_SCOPE_FIELDS,
  outboundTraffic: optional(oneOf(OutboundTrafficMode)),
  podSecurity: optional(oneOf(PodSecurityLevel)),
});

/** The routing backend of each routing API (the Gateway API's for a channel of its CRDs). */
const BACKENDS: { readonly [api: string]: (channel: GatewayApiChannel) => RoutingBackend } = {
  [RoutingApi.ISTIO]: () => ISTIO_BACKEND,
  [RoutingApi.GATEWAY_API]: gatewayApiBackend,
};
