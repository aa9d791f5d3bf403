import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { KubeService, IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import type { Canary } from './canary';
import { DataPlane, ProxyOptions } from './data-plane';
import { DestinationRule, DestinationRuleSpec, VirtualService, VirtualServiceSpec } from './imports/networking.istio.io';
import { Mesh } from './mesh';
import { MeshHost } from './mesh-host';
import { MtlsMode } from './mtls';
import { MeshGatewayApiObjects } from './private/gateway-api/mesh-objects';
import { lazy } from './private/lazy';
import { describeScope } from './private/policies';
import { checkTypes, childPath, instance, optional, shape, str } from './private/props';
import { protocolFromPortName, protocolPrefix, routeKindOf, RouteKind } from './private/protocol';
import { proxyOptionProblems } from './private/proxy';
import { PROXY_PORTS } from './private/proxy-ports';
import { DefaultRoute } from './private/routes';
import { MESH_SERVICE_OPTIONS_FIELDS, VERSION_OPTIONS } from './private/schemas';
import { dns1035LabelProblem, dnsLabelProblem, integerProblem, listOf, throwIfProblems } from './private/validation';
import { Protocol } from './protocol';
import { HttpRouteOptions, Route } from './route';
import { RoutingApi } from './routing-api';
import { ServiceVersion, ServiceVersionOptions, ServiceVersionProps } from './service-version';
import { ClientTlsMode, PolicyScope, TrafficPolicy } from './traffic-policy';

/**
 * A port of a `MeshService`.
 */
export interface MeshServicePort {
  /** The port the Service listens on (1–65535). */
  readonly port: number;

  /**
   * The protocol, which Istio reads from the port name's prefix.
   *
   * @default Protocol.HTTP
   */
  readonly protocol?: Protocol;

  /**
   * The port name. When it does not start with the protocol's prefix (`http`, `http-…`), the
   * Service port also gets `appProtocol`, so Istio still knows the protocol.
   *
   * @default - the protocol's prefix (`http`, `grpc`, `tcp` …), suffixed with `-<port>` when
   * several ports share a protocol
   */
  readonly name?: string;

  /**
   * The container port traffic is sent to (1–65535).
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number;

  /**
   * Traffic policy for this port (DestinationRule `portLevelSettings`).
   *
   * @default - none
   */
  readonly trafficPolicy?: TrafficPolicy;
}

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
   * The version that receives traffic no route sends elsewhere.
   *
   * @default - the first declared version
   */
  readonly defaultVersion?: string;

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
}

/**
 * Properties of a `MeshService`.
 */
export interface MeshServiceProps extends MeshServiceOptions {
  /** The mesh the service belongs to. */
  readonly mesh: Mesh;

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
 */
export class MeshService extends MeshHost {
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
  /** The service's VirtualService (one per host); none in a mesh with `RoutingApi.GATEWAY_API`. */
  public readonly virtualService?: ApiObject;

  private readonly _ports: MeshServicePort[];
  private readonly _versions: ServiceVersion[] = [];
  private readonly _defaultVersion?: string;
  private readonly _exportTo?: string[];
  private _canary?: Canary;
  private readonly _gatewayApi?: MeshGatewayApiObjects;

  public constructor(scope: Construct, id: string, props: MeshServiceProps) {
    super(scope, id, checkedMesh(scope, id, props));
    this._exportTo = props.exportTo;
    this.name = props.name ?? id;
    this.namespace = props.namespace ?? this.mesh.defaultNamespace;
    this._defaultVersion = props.defaultVersion;
    const saName = props.serviceAccountName ?? this.name;

    throwIfProblems(this, [
      dns1035LabelProblem('name', this.name),
      dnsLabelProblem('namespace', this.namespace),
      dnsLabelProblem('serviceAccountName', saName),
      this.namespace === this.mesh.rootNamespace
        ? `namespace '${this.namespace}' is the root namespace: it holds mesh configuration, not applications`
        : undefined,
      ...[this.mesh.findService(this.name, this.namespace)].filter((s): s is MeshService => s !== undefined)
        .map(s => `service '${this.name}' is already declared in namespace '${this.namespace}' (at ${s.node.path})`),
      ...portProblems(props.ports ?? []),
      ...exportToProblems(props.exportTo),
      ...proxyOptionProblems(props.proxy),
    ]);
    this._ports = namePorts(props.ports ?? []);
    this.mesh._registerService(this);
    const namespaceObject = this.mesh._namespaceObject(this.namespace);
    this.dataPlane = props.dataPlane ?? this.mesh.namespaceDataPlane(this.namespace);
    this.proxy = props.proxy;

    // services may share a ServiceAccount (one identity for several Services): the first one emits it
    const sharedAccount = this.mesh._serviceAccount(this.namespace, saName);
    this.serviceAccount = sharedAccount ?? new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: saName, namespace: this.namespace, labels: { account: this.name } },
    });
    if (!sharedAccount) {
      this.mesh._registerServiceAccount(this.namespace, this.serviceAccount);
    }

    this.service = new KubeService(this, 'Service', {
      metadata: { name: this.name, namespace: this.namespace, labels: { ...this.selectorLabels(), service: this.name } },
      spec: { ports: this.servicePorts(), selector: this.selectorLabels() },
    });

    this.destinationRule = new DestinationRule(this, 'DestinationRule', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: lazy(() => this.renderDestinationRule()),
    });

    if (this.mesh.routingApi === RoutingApi.GATEWAY_API) {
      this._gatewayApi = new MeshGatewayApiObjects({
        service: this,
        httpPorts: this._ports.filter(p => routeKindOf(p.protocol!) === RouteKind.HTTP).map(p => p.port),
        servicePorts: () => this.servicePorts(),
        routing: () => ({ service: this, routes: this._routes.httpEntries, canary: this._canary }),
        tcpRoutes: () => this._routes.tcpEntries.length,
        tlsRoutes: () => this._routes.tlsEntries.length,
        exportTo: this._exportTo,
        policyPorts: version => this._policies.all()
          .filter(e => e.scope.port !== undefined && (e.scope.version ?? version) === version).map(e => e.scope.port!),
        hasPolicies: () => !this._policies.isEmpty,
        effective: (field, where) => this._effectivePolicy(field, where),
      });
    } else {
      this.virtualService = new VirtualService(this, 'VirtualService', {
        metadata: { name: this.name, namespace: this.namespace },
        spec: lazy(() => this.renderVirtualService()),
      });
    }

    const routing = this.virtualService ? [this.virtualService] : this._gatewayApi!.httpRoutes;
    const objects = [this.service, ...sharedAccount ? [] : [ApiObject.of(this.serviceAccount)], this.destinationRule, ...routing];
    for (const obj of objects) {
      obj.addDependency(namespaceObject);
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

    this.node.addValidation({ validate: () => this.validateService() });
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
    const version = new ServiceVersion(this, { ...options, name });
    this._versions.push(version);
    if (options.deploy === false) {
      // its pods come from elsewhere: istioctl analyze on the cluster these manifests make would
      // report the subset as selecting no pod (IST0173); the analysis warns with MESH008 instead
      this.destinationRule.metadata.addAnnotation('galley.istio.io/analyze-suppress', 'IST0173');
    }
    this._gatewayApi?.addVersion(version);
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
    this._gatewayApi?.routeAdded(options);
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
    this._gatewayApi?.policiesChanged();
  }

  /** @internal */
  public _addTrafficPolicy(policy: TrafficPolicy, scope: PolicyScope, source: string): void {
    super._addTrafficPolicy(policy, scope, source);
    this._gatewayApi?.policiesChanged();
  }

  /**
   * The Gateway API objects of the service's routing (`RoutingApi.GATEWAY_API`): its HTTPRoutes,
   * and the ReferenceGrants of routes to other namespaces. Empty with Istio routing.
   */
  public get gatewayApiObjects(): ApiObject[] {
    return this._gatewayApi?.objects ?? [];
  }

  /** The Services of the versions, `<service>-<version>` (`RoutingApi.GATEWAY_API` only; else empty). */
  public get versionServices(): ApiObject[] {
    return this._gatewayApi?.versionServices ?? [];
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

  /** The version that receives traffic no route sends elsewhere, if any version is declared. */
  public get defaultVersion(): string | undefined {
    return this._defaultVersion ?? this._versions[0]?.name;
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
    return this.mesh.routingApi === RoutingApi.GATEWAY_API;
  }

  /** The active canary of the service, if any. */
  public get canary(): Canary | undefined {
    return this._canary;
  }

  /**
   * Registers the service's canary; called by `Canary`.
   *
   * @internal
   */
  public _setCanary(canary: Canary): void {
    if (this._canary) {
      throw new Error(`[${canary.node.path}] service '${this.name}' already has a canary (${this._canary.node.path}): a service has at most one active canary`);
    }
    this._canary = canary;
  }

  /** The service's ports, with their names resolved. */
  public get ports(): MeshServicePort[] {
    return this._ports.map(p => ({ ...p }));
  }

  /** The fully qualified host name: `<name>.<namespace>.svc.<clusterDomain>`. */
  public get fqdn(): string {
    return `${this.name}.${this.namespace}.svc.${this.mesh.clusterDomain}`;
  }

  /**
   * The workload identity of the service, as AuthorizationPolicy principals name it:
   * `<trustDomain>/ns/<namespace>/sa/<serviceAccount>`.
   */
  public get principal(): string {
    return `${this.mesh.trustDomain}/ns/${this.namespace}/sa/${this.serviceAccount.name}`;
  }

  /**
   * How an Istio object in `namespace` names this service: the short name when that is
   * unambiguous (same namespace, no other service of the mesh with this name), else the FQDN.
   */
  public hostFrom(namespace: string): string {
    return this.mesh._hostName(this, namespace);
  }

  /** The labels the Service selects its pods by: `app`. */
  public selectorLabels(): { [key: string]: string } {
    return { app: this.name };
  }

  /** The default route: a Canary's weighted split, else everything to the default version. */
  private defaultRoute(): DefaultRoute | undefined {
    if (this._canary) {
      const testers = this._canary._testerMatches();
      const pinned = testers && { label: `the tester route of ${this._canary.node.path}`, matches: testers };
      return { route: this._canary._defaultRoute(), replaceable: false, pinned };
    }
    if (this.defaultVersion === undefined) {
      return undefined;
    }
    return { route: { route: this._routes.renderDestinations(this.namespace, [{ version: this.defaultVersion }]) }, replaceable: true };
  }

  /** The Service ports (of the Service and, in Gateway API mode, of every version's Service). */
  private servicePorts() {
    return this._ports.map(p => ({
      name: p.name,
      port: p.port,
      targetPort: p.targetPort !== undefined && p.targetPort !== p.port ? IntOrString.fromNumber(p.targetPort) : undefined,
      protocol: p.protocol === Protocol.UDP ? 'UDP' : undefined,
      appProtocol: protocolFromPortName(p.name!) === p.protocol ? undefined : protocolPrefix(p.protocol!),
    }));
  }

  private renderVirtualService(): VirtualServiceSpec {
    const host = this.hostFrom(this.namespace);
    const kinds = new Set(this._ports.map(p => routeKindOf(p.protocol!)));
    const defaultRoute = this.defaultRoute();
    const defaultDestinations = defaultRoute?.route.route ?? [];
    const pins = this._canary?._pinRoutes() ?? [];
    const http = kinds.has(RouteKind.HTTP) || !this._routes.isEmpty ? [...this._routes.renderHttp(this.namespace, defaultRoute)] : [];
    if (pins.length > 0) {
      http.splice(http.length - 1, 0, ...pins);
    }
    const tlsPorts = this._ports.filter(p => routeKindOf(p.protocol!) === RouteKind.TLS);
    const tls = [
      ...this._routes.renderTls(this.namespace),
      ...tlsPorts.map(p => ({ match: [{ port: p.port, sniHosts: [host] }], route: defaultDestinations })),
    ];
    const tcp = [
      ...this._routes.renderTcp(this.namespace),
      ...kinds.has(RouteKind.TCP) && !this._routes.tcpCatchAll ? [{ route: defaultDestinations }] : [],
    ];
    return {
      hosts: [host],
      exportTo: this._exportTo,
      http: kinds.has(RouteKind.HTTP) ? http : undefined,
      tls: tls.length > 0 ? tls : undefined,
      tcp: tcp.length > 0 ? tcp : undefined,
    };
  }

  private renderDestinationRule(): DestinationRuleSpec {
    return {
      host: this.hostFrom(this.namespace),
      exportTo: this._exportTo,
      trafficPolicy: this._policies.renderTop(),
      subsets: this._versions.map(v => ({
        name: v.name,
        labels: v.subsetLabels(),
        trafficPolicy: this._policies.renderSubset(v.name),
      })),
    };
  }

  private validateService(): string[] {
    const problems: string[] = [];
    if (this._ports.length === 0) {
      problems.push(`service '${this.name}' has no port: give at least one in 'ports'`);
    } else if (this._ports.every(p => routeKindOf(p.protocol!) === RouteKind.NONE)) {
      problems.push(`service '${this.name}' has only UDP ports, which Istio cannot route: give it a TCP-based port`);
    }
    if (this._versions.length === 0) {
      problems.push(`service '${this.name}' declares no version: add one with 'versions' or addVersion()`);
    } else if (this._defaultVersion !== undefined && !this.versionNames.includes(this._defaultVersion)) {
      problems.push(`'defaultVersion' '${this._defaultVersion}' is not declared on service '${this.name}' (declared: ${listOf(this.versionNames)})`);
    }
    if (this._routes.hasHttp && this._ports.length > 0 && !this._ports.some(p => routeKindOf(p.protocol!) === RouteKind.HTTP)) {
      problems.push(`service '${this.name}' has HTTP routes but no HTTP port: HTTP routes apply only to HTTP, HTTP2, GRPC and GRPC-WEB ports`);
    }
    if (this._canary && this._routes.httpCatchAllIndex >= 0) {
      problems.push(`routes[${this._routes.httpCatchAllIndex}] matches every request, but ${this._canary.node.path} owns the default route of '${this.name}': give the route a match, or drop the canary`);
    }
    if (this._routes.hasTcp && !this._ports.some(p => routeKindOf(p.protocol!) === RouteKind.TCP)) {
      problems.push(`service '${this.name}' has TCP routes but no TCP port: TCP routes apply only to TCP, MONGO, MYSQL and REDIS ports`);
    }
    if (this._routes.hasTls && !this._ports.some(p => routeKindOf(p.protocol!) === RouteKind.TLS)) {
      problems.push(`service '${this.name}' has TLS routes but no TLS or HTTPS port`);
    }
    const pinName = this._canary?._pinRouteName();
    if (pinName !== undefined && this._routes.httpRouteNames.includes(pinName)) {
      problems.push(`route name '${pinName}' is reserved by ${this._canary!.node.path} for its tester route: rename the route`);
    }
    if (this._canary && this._routes.tcpCatchAll) {
      problems.push(`a TCP route matches every connection, but ${this._canary.node.path} owns the default route of '${this.name}': give the route a match, or drop the canary`);
    }
    problems.push(...this._routes.validate(this.defaultRoute()));
    problems.push(...this._policies.validate());
    problems.push(...this.tlsProblems());
    problems.push(...this._gatewayApi?.problems() ?? []);
    return problems;
  }

  /** Client TLS that contradicts the mesh-wide PeerAuthentication of this in-mesh service. */
  private tlsProblems(): string[] {
    return this._policies.all().filter(e => e.field === 'tls').flatMap(e => {
      const mode: ClientTlsMode = e.value.mode;
      const where = describeScope(this.name, e.scope);
      if (this.mesh.mtls === MtlsMode.STRICT && mode !== ClientTlsMode.ISTIO_MUTUAL) {
        return [`client TLS mode ${mode} for ${where} (from ${e.source}) contradicts the mesh's STRICT mTLS: the sidecars of '${this.name}' accept only Istio mutual TLS (use ClientTls.istioMutual() or leave 'tls' unset)`];
      }
      if (this.mesh.mtls === MtlsMode.DISABLE && mode === ClientTlsMode.ISTIO_MUTUAL) {
        return [`client TLS mode ISTIO_MUTUAL for ${where} (from ${e.source}) contradicts the mesh's DISABLE mTLS: the sidecars of '${this.name}' accept only plain text`];
      }
      return [];
    });
  }
}

const PROPS = shape({ mesh: instance('Mesh', v => v instanceof Mesh), name: optional(str), ...MESH_SERVICE_OPTIONS_FIELDS });

/** Checks the types of the props before anything reads them, and returns the mesh. */
function checkedMesh(scope: Construct, id: string, props: MeshServiceProps): Mesh {
  checkTypes(childPath(scope, id), props, PROPS);
  return props.mesh;
}

function exportToProblems(exportTo: string[] | undefined): string[] {
  return (exportTo ?? []).flatMap((ns, i) => ns === '.' || ns === '*' ? [] : [dnsLabelProblem(`exportTo[${i}]`, ns)])
    .filter((p): p is string => p !== undefined);
}

function portProblems(ports: MeshServicePort[]): string[] {
  const problems: Array<string | undefined> = [];
  ports.forEach((p, i) => {
    problems.push(integerProblem(`ports[${i}].port`, p.port, 1, 65535));
    problems.push(integerProblem(`ports[${i}].targetPort`, p.targetPort, 1, 65535));
    for (const [field, n] of [['port', p.port], ['targetPort', p.targetPort]] as const) {
      if (n !== undefined && PROXY_PORTS.has(n) && (field === 'port' || n !== p.port)) {
        problems.push(`'ports[${i}].${field}' ${n} is reserved by Istio's sidecar (${PROXY_PORTS.get(n)}): use another port`);
      }
    }
    if (p.name !== undefined) {
      problems.push(dnsLabelProblem(`ports[${i}].name`, p.name));
    }
    if (ports.findIndex(o => Object.is(o.port, p.port)) !== i) {
      problems.push(`'ports[${i}].port' ${p.port} is declared twice`);
    }
    if (p.name !== undefined && ports.findIndex(o => o.name === p.name) !== i) {
      problems.push(`'ports[${i}].name' '${p.name}' is declared twice`);
    }
    const named = p.name === undefined ? undefined : protocolFromPortName(p.name);
    if (named !== undefined && p.protocol !== undefined && named !== p.protocol) {
      problems.push(`'ports[${i}].name' '${p.name}' tells Istio the protocol is ${named}, but 'protocol' is ${p.protocol}: rename the port or change its protocol`);
    }
  });
  return problems.filter((p): p is string => p !== undefined);
}

/** Resolves protocols and default port names (`http`, or `http-9080` when several ports are HTTP). */
function namePorts(ports: MeshServicePort[]): MeshServicePort[] {
  const resolved = ports.map(p => ({
    ...p,
    protocol: p.protocol ?? (p.name !== undefined ? protocolFromPortName(p.name) : undefined) ?? Protocol.HTTP,
  }));
  return resolved.map(p => {
    if (p.name !== undefined) {
      return p;
    }
    const prefix = protocolPrefix(p.protocol);
    const shared = resolved.filter(o => o.protocol === p.protocol).length > 1;
    return { ...p, name: shared ? `${prefix}-${p.port}` : prefix };
  });
}
