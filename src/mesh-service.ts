import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { KubeService } from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { CallOptions, Caller } from './caller';
import { DataPlane, ProxyOptions } from './data-plane';
import { DefaultRouting, DefaultRoutingKind } from './default-routing';
import { HttpRouteOptions } from './http-route';
import { ICanary } from './interfaces/canary';
import { IMesh } from './interfaces/mesh';
import { IMeshHost } from './interfaces/mesh-host';
import { IMeshService } from './interfaces/mesh-service';
import { MeshHost } from './mesh-host';
import { MeshServiceOptions } from './mesh-service-options';
import { principalOf } from './model/caller-source';
import { CanaryModel } from './model/canary';
import { HandedOffObjects } from './model/handed-off';
import { registerHostNames } from './model/host-names';
import { MeshModel, MESH_PROP, meshModelOf } from './model/mesh';
import { derivedClientTls } from './model/mtls';
import { ServiceRouting } from './model/routing-backend';
import { registerServiceModel, serviceModelOf, ServiceModel, VersionModel } from './model/service';
import { callGraphProblems } from './private/call-checks';
import { ANNOTATION } from './private/istio-names';
import { checkTypes, childPath, optional, shape, str } from './private/props';
import { routeKindOf, RouteKind } from './private/protocol';
import { CALL_OPTIONS, CALLER, MESH_SERVICE_OPTIONS_FIELDS, VERSION_OPTIONS } from './private/schemas';
import { serviceAccountFor } from './private/service-account';
import { serviceProblems } from './private/service-checks';
import { objectNames, serviceDeclarationProblems } from './private/service-declaration';
import { namePorts, renderServicePorts } from './private/service-ports';
import { listOf, throwIfProblems } from './private/validation';
import { serviceDestinationRule } from './render/istio/destination-rule';
import { workloadPeerAuthentication } from './render/security/peer-authentication';
import { serviceSecurityObjects } from './render/security/service-security';
import { Route } from './route';
import { MeshServicePort } from './service-port';
import { ServiceVersion } from './service-version';
import { ServiceVersionOptions } from './service-version-options';
import { PolicyScope, TrafficPolicy } from './traffic-policy';

/**
 * Properties of a `MeshService`.
 */
export interface MeshServiceProps extends MeshServiceOptions {
  /** The mesh the service belongs to (a `Mesh`). */
  readonly mesh: IMesh;

  /**
   * The Kubernetes Service name, which is also the Istio host name. A DNS-1035 label.
   *
   * @default - the construct id
   */
  readonly name?: string;
}

/**
 * A service of the mesh. From one declaration it emits the Kubernetes Service (named exactly as
 * declared), its ServiceAccount, one Deployment per version, one DestinationRule with a subset per
 * version and one VirtualService with a default route to the default version.
 *
 * In a mesh with `RoutingApi.GATEWAY_API` the VirtualService is replaced by an HTTPRoute attached
 * to the Service (GAMMA; one per HTTP port when the service has several) whose rules send to one
 * Service per version, `<service>-<version>`, selecting the `app` and `version` labels; when the
 * service has traffic policies, each version's Service also gets a DestinationRule with the
 * policy Istio would have applied to the subset. Routes to Services of other namespaces come with
 * a ReferenceGrant there.
 *
 * ```ts
 * const ratings = new MeshService(chart, 'ratings', {
 *   mesh,
 *   name: 'ratings',
 *   ports: [{ port: 9080, protocol: Protocol.HTTP }],
 *   versions: [{ name: 'v1', image: 'example/ratings:v1' }],
 * });
 * ratings.addVersion('v2', { image: 'example/ratings:v2' });
 * reviews.calls(ratings, { ports: [9080], methods: ['GET'] });
 * ```
 */
export class MeshService extends MeshHost implements IMeshService {
  /** The Service name and Istio host name. */
  public readonly name: string;
  /** The service's namespace. */
  public readonly namespace: string;
  /** The service's ServiceAccount (shared with the services of its namespace that name the same one). */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** The Kubernetes Service. */
  public readonly service: ApiObject;
  /** The data plane of the service's pods. */
  public readonly dataPlane: DataPlane;
  /** Proxy settings of the service's pods, if any. */
  public readonly proxy?: ProxyOptions;
  /** The service's DestinationRule (one per host). */
  public readonly destinationRule: ApiObject;
  /**
   * The service's VirtualService (one per host); none in a mesh with `RoutingApi.GATEWAY_API`, nor
   * with `DefaultRouting.none()`.
   */
  public readonly virtualService?: ApiObject;
  /** The workload PeerAuthentication of the service's pods, when it or a port gives `mtls`. */
  public readonly peerAuthentication?: ApiObject;

  private readonly _meshModel: MeshModel;
  private readonly _model: ServiceModel;
  private readonly _ports: MeshServicePort[];
  private readonly _versions: ServiceVersion[] = [];
  private readonly _versionModels: VersionModel[] = [];
  private readonly _defaultVersion?: string;
  private readonly _defaultRouting?: DefaultRouting;
  private _canary?: { construct: ICanary; model: CanaryModel };
  private _handedOff?: HandedOffObjects;
  private readonly _routing: ServiceRouting;

  public constructor(scope: Construct, id: string, props: MeshServiceProps) {
    super(scope, id, checkedMesh(scope, id, props));
    this._meshModel = meshModelOf(this.mesh)!;
    this.name = props.name ?? id;
    this.namespace = props.namespace ?? this.mesh.defaultNamespace;
    this._defaultVersion = props.defaultVersion;
    this._defaultRouting = props.defaultRouting;
    const saName = props.serviceAccountName ?? this.name;

    const existing = this._meshModel.findService(this.name, this.namespace)?.host.node.path;
    throwIfProblems(this, serviceDeclarationProblems(props,
      { name: this.name, namespace: this.namespace, serviceAccountName: saName, rootNamespace: this.mesh.rootNamespace, existing }));
    this._ports = namePorts(props.ports ?? []);
    const namespaceObject = this._meshModel.namespaceObject(this.namespace);
    const self = this;
    this._model = {
      host: this,
      mesh: this.mesh,
      name: this.name,
      namespace: this.namespace,
      get fqdn() { return self.fqdn; },
      ports: this._ports.map(p => ({ port: p.port, name: p.name!, protocol: p.protocol!, targetPort: p.targetPort, mtls: p.mtls })),
      versions: this._versionModels,
      get defaultVersion() { return self.defaultVersion; },
      get defaultRouting() { return self.defaultRouting; },
      objectNames: objectNames(props, this.name),
      exportTo: props.exportTo,
      mtls: props.mtls,
      get dataPlane() { return self.dataPlane; },
      routes: this._routes,
      policies: this._policies,
      get canary() { return self._canary?.model; },
      serviceAccountName: saName,
      podSelector: this.selectorLabels(),
      security: { authorization: props.authorization, sidecarScoping: props.sidecarScoping },
      namespaceObject,
      get handedOff() { return self._handedOff; },
      handOver: objects => this.handOver(objects),
    };
    this._meshModel.registerService(this._model);
    registerServiceModel(this._model);
    this.dataPlane = props.dataPlane ?? this.mesh.namespaceDataPlane(this.namespace);
    this.proxy = props.proxy;

    const account = serviceAccountFor(this, this._meshModel, this.namespace, saName, this.name);
    this.serviceAccount = account.account;

    this.service = new KubeService(this, 'Service', {
      metadata: { name: this.name, namespace: this.namespace, labels: { ...this.selectorLabels(), service: this.name } },
      spec: { ports: renderServicePorts(this._model.ports), selector: this.selectorLabels() },
    });
    this.destinationRule = serviceDestinationRule(this._model);
    this._policies.setTlsFallback(port => derivedClientTls(this._model, port));
    this.peerAuthentication = workloadPeerAuthentication(this._model);
    // the mesh's routing backend (Istio or Gateway API) writes the service's routing objects
    this._routing = this._meshModel.backend.serviceRouting(this._model);
    this.virtualService = this._routing.virtualService;

    const emitted = account.emitted ? [ApiObject.of(this.serviceAccount)] : [];
    for (const obj of namespaceObject ? [this.service, ...emitted, this.destinationRule, ...this._routing.routeObjects] : []) {
      obj.addDependency(namespaceObject!);
    }

    if (props.trafficPolicy) {
      this.addTrafficPolicy(props.trafficPolicy);
    }
    for (const port of this._ports.filter(p => p.trafficPolicy !== undefined)) {
      this.addTrafficPolicy(port.trafficPolicy!, { port: port.port });
    }
    for (const version of props.versions ?? []) {
      this.addVersion(version.name, version);
    }

    serviceSecurityObjects(this._model, this._meshModel, props.requestAuthentication);
    this.node.addValidation({
      validate: () => [
        ...serviceProblems(this._model, this._defaultVersion),
        // routing a controller owns is its hand-off's to check
        ...this._handedOff?.routing ? [] : this._routing.problems(),
        ...callGraphProblems(this._model, this._meshModel),
      ],
    });
  }

  /**
   * Lets `caller` call this service (optionally only on some ports, methods and paths). With
   * `AuthorizationMode.DENY_BY_DEFAULT` (mesh, namespace or service) the service's ALLOW
   * AuthorizationPolicy has a rule for each caller; gateways that route to the service are
   * allowed without being named.
   */
  public allowCallsFrom(caller: Caller, options: CallOptions = {}): void {
    checkTypes(this, caller, CALLER, '', 'caller');
    checkTypes(this, options, CALL_OPTIONS, '', 'options');
    this._meshModel.callGraph.allow(this, { caller, options });
  }

  /**
   * Declares that this service calls `callee`: a service of this app (which then allows this
   * service's identity, see `allowCallsFrom`), a `ServiceReference` (whose owner must allow it) or
   * an `ExternalService`. A scoped sidecar (`sidecarScoping`) imports exactly the hosts the service calls.
   */
  public calls(callee: IMeshHost, options: CallOptions = {}): void {
    checkTypes(this, options, CALL_OPTIONS, '', 'options');
    this._meshModel.callGraph.call(this, { callee, options });
    if (serviceModelOf(callee)) {
      this._meshModel.callGraph.allow(callee, { caller: Caller.service(this), options });
    }
  }

  /**
   * Adds a version: a Deployment `<service>-<version>` (unless `deploy: false`) and a subset of
   * the service's DestinationRule.
   */
  public addVersion(name: string, options: ServiceVersionOptions = {}): ServiceVersion {
    checkTypes(this, name, str, 'name');
    checkTypes(this, options, VERSION_OPTIONS, '', 'options');
    if (this._versions.some(v => v.name === name)) {
      throw new Error(`[${this.node.path}] version '${name}' is already declared on service '${this.name}' (declared: ${listOf(this.versionNames)})`);
    }
    const version = new ServiceVersion(this, this, { ...options, name });
    this._versions.push(version);
    const model: VersionModel = {
      name,
      selectorLabels: version.selectorLabels(),
      subsetLabels: version.subsetLabels(),
      workload: version.deployment ? ApiObject.of(version.deployment) : version.workload,
      adopted: version.workload !== undefined,
    };
    this._versionModels.push(model);
    if (this._handedOff?.versions.includes(name)) {
      releaseDeployment(version);
    }
    if (options.deploy === false) {
      // its pods come from elsewhere: istioctl analyze on the cluster these manifests make would
      // report the subset as selecting no pod (IST0173); the analysis warns with MESH008 instead
      this.destinationRule.metadata.addAnnotation(ANNOTATION.analyzeSuppress, 'IST0173');
    }
    this._routing.versionAdded(model);
    if (options.trafficPolicy) {
      this.addTrafficPolicy(options.trafficPolicy, { version: name });
    }
    return version;
  }

  /**
   * Adds an HTTP route. Routes are evaluated in the order they are added, before the host's
   * default route; a route after one that matches every request is a synth-time error. In a mesh
   * with `RoutingApi.GATEWAY_API`, a destination in another namespace gets a ReferenceGrant there.
   *
   * ```ts
   * reviews.addRoute({
   *   matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }],
   *   destinations: [{ version: 'v2' }],
   * });
   * ```
   *
   * renders, ahead of the default route:
   *
   * ```yaml
   * - match: [{ headers: { end-user: { exact: jason } } }]
   *   route: [{ destination: { host: reviews, subset: v2 } }]
   * ```
   */
  public addRoute(options: HttpRouteOptions): Route {
    const route = super.addRoute(options);
    this._routing.routeAdded(options);
    return route;
  }

  /**
   * Adds traffic policy settings for the whole host, a version, a port, or a port of a version.
   * They merge into the host's single DestinationRule; setting the same field twice for the same
   * scope is an error. In a mesh with `RoutingApi.GATEWAY_API` they also reach the versions'
   * Services, through a DestinationRule per version.
   */
  public addTrafficPolicy(policy: TrafficPolicy, scope: PolicyScope = {}): void {
    super.addTrafficPolicy(policy, scope);
    this._routing.policiesChanged();
  }

  /** @internal */
  public _addTrafficPolicy(policy: TrafficPolicy, scope: PolicyScope, source: string): void {
    super._addTrafficPolicy(policy, scope, source);
    this._routing.policiesChanged();
  }

  /**
   * The Gateway API objects of the service's routing (`RoutingApi.GATEWAY_API`): its HTTPRoutes,
   * and the ReferenceGrants of routes to other namespaces. Empty with Istio routing.
   */
  public get gatewayApiObjects(): ApiObject[] {
    return [...this._routing.gatewayApiObjects];
  }

  /** The Services of the versions, `<service>-<version>` (`RoutingApi.GATEWAY_API` only; else empty). */
  public get versionServices(): ApiObject[] {
    return [...this._routing.versionServices];
  }

  /**
   * A declared version.
   *
   * @throws when the version is not declared
   */
  public version(name: string): ServiceVersion {
    const found = this._versions.find(v => v.name === name);
    if (!found) {
      throw new Error(`[${this.node.path}] version '${name}' is not declared on service '${this.name}' (declared: ${listOf(this.versionNames)})`);
    }
    return found;
  }

  /** The declared versions, in declaration order. */
  public get versions(): ServiceVersion[] {
    return [...this._versions];
  }

  /** The names of the declared versions, in declaration order. */
  public get versionNames(): string[] {
    return this._versions.map(v => v.name);
  }

  /**
   * The version that receives traffic no route sends elsewhere, if any version is declared and
   * the default routing sends to one version.
   */
  public get defaultVersion(): string | undefined {
    if (this._defaultRouting !== undefined) {
      return this._defaultRouting.kind === DefaultRoutingKind.VERSION ? this._defaultRouting.weights[0].version : undefined;
    }
    return this._defaultVersion ?? this._versions[0]?.name;
  }

  /**
   * Where traffic no route sends elsewhere goes: as declared, else `DefaultRouting.version` of
   * the default version; undefined while no version is declared.
   */
  public get defaultRouting(): DefaultRouting | undefined {
    if (this._defaultRouting !== undefined) {
      return this._defaultRouting;
    }
    const version = this.defaultVersion;
    return version === undefined ? undefined : DefaultRouting._unchecked(version);
  }

  /** The port numbers of the service. */
  public get portNumbers(): number[] {
    return this._ports.map(p => p.port);
  }

  /** @internal */
  public _portsCarrying(kind: RouteKind): number[] {
    return this._ports.filter(p => routeKindOf(p.protocol!) === kind).map(p => p.port);
  }

  /** @internal */
  public override get _routedByGatewayApi(): boolean {
    return meshModelOf(this.mesh)!.backend.precedenceOrdered;
  }

  /** The active canary of the service, if any. */
  public get canary(): ICanary | undefined {
    return this._canary?.construct;
  }

  /**
   * Registers the service's canary; called by `Canary`.
   *
   * @internal
   */
  public _setCanary(canary: ICanary, model: CanaryModel): void {
    if (this._canary) {
      throw new Error(`[${canary.node.path}] service '${this.name}' already has a canary (${this._canary.construct.node.path}): a service has at most one active canary`);
    }
    this._canary = { construct: canary, model };
  }

  /**
   * Leaves objects of the service to a progressive-delivery controller (a `Canary` with
   * `delivery`): they are removed from the app, and versions added later emit no Deployment.
   */
  private handOver(objects: HandedOffObjects): void {
    if (this._handedOff) {
      throw new Error(`[${objects.path}] service '${this.name}' is already handed off to ${this._handedOff.controller} (${this._handedOff.path})`);
    }
    this._handedOff = objects;
    const removed = [
      ...objects.service ? [this.service] : [],
      ...objects.routing
        ? [this.destinationRule, ...this._routing.routeObjects, ...this._routing.gatewayApiObjects, ...this._routing.versionServices] : [],
    ];
    for (const obj of new Set(removed)) {
      obj.node.scope?.node.tryRemoveChild(obj.node.id);
    }
    for (const version of this._versions.filter(v => objects.versions.includes(v.name))) {
      releaseDeployment(version);
    }
    if (objects.hosts.length > 0) {
      registerHostNames(this, () => [this.hostFrom(''), ...objects.hosts]);
    }
  }

  /** The service's ports, with their names resolved. */
  public get ports(): MeshServicePort[] {
    return this._ports.map(p => ({ ...p }));
  }

  /** The fully qualified host name: `<name>.<namespace>.svc.<clusterDomain>`. */
  public get fqdn(): string {
    return `${this.name}.${this.namespace}.svc.${this.mesh.clusterDomain}`;
  }

  /** The workload identity of the service, as AuthorizationPolicy principals name it: `<trustDomain>/ns/<namespace>/sa/<serviceAccount>`. */
  public get principal(): string {
    return principalOf(this.mesh, { namespace: this.namespace, serviceAccount: this.serviceAccount.name });
  }

  /**
   * How an Istio object in `namespace` names this service: the short name when that is
   * unambiguous (same namespace, no other service of the mesh with this name), else the FQDN.
   */
  public hostFrom(namespace: string): string {
    return this._meshModel.hostName(this, namespace);
  }

  /** The labels the Service selects its pods by: `app`. */
  public selectorLabels(): { [key: string]: string } {
    return { app: this.name };
  }
}

/** Removes a version's own Deployment from the app (a workload it adopted is the user's: it stays). */
function releaseDeployment(version: ServiceVersion): void {
  if (version.deployment) {
    version.node.tryRemoveChild(version.deployment.node.id);
  }
}

const PROPS = shape({ mesh: MESH_PROP, name: optional(str), ...MESH_SERVICE_OPTIONS_FIELDS });

/** Checks the types of the props before anything reads them, and returns the mesh. */
function checkedMesh(scope: Construct, id: string, props: MeshServiceProps): IMesh {
  checkTypes(childPath(scope, id), props, PROPS);
  return props.mesh;
}
