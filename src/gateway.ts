import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ExternalService } from './external-service';
import { ServiceEntryResolution } from './external-service-options';
import { EgressRouteOptions, GatewayHttpRouteOptions, GatewayRouteBinding, GatewayTcpRouteOptions, GatewayTlsRouteOptions } from './gateway-route';
import { GatewaySecurityOptions } from './gateway-security-options';
import { GatewayServer } from './gateway-server';
import { GatewayTls } from './gateway-tls';
import { GatewayWorkload } from './gateway-workload';
import { GatewayWorkloadOptions } from './gateway-workload-options';
import { InstalledGatewayService } from './installed-gateway';
import { IMeshGateway } from './interfaces/gateway';
import { Mesh } from './mesh';
import { MeshHost } from './mesh-host';
import { GatewayModel, GatewayRouting, registerGatewayModel } from './model/gateway';
import { meshModelOf } from './model/mesh';
import { expectInCluster } from './private/cluster-objects';
import { planEgress } from './private/gateway/egress';
import { gatewayPods } from './private/gateway/identity';
import { INSTALLED_GATEWAY_NAMESPACE, INSTALLED_SERVICE_TYPE, InstalledGatewayHost, namespaceUnlessInstalled, resolveInstalledService } from './private/gateway/installed';
import { withRouteGroup } from './private/gateway/route-groups';
import { gatewayDestinationProblems, GatewayRouteGroup } from './private/gateway/routes';
import { credentialSecrets, gatewayServerProblems, servesHost } from './private/gateway/server-shape';
import { defaultGatewayNamespace } from './private/gateway/workload';
import { ownsWorkload, workloadChoiceProblems } from './private/gateway/workload-choice';
import { WORKLOAD_OPTION_TYPES, WORKLOAD_OPTIONS } from './private/gateway/workload-options';
import { arrayOf, bool, checkTypes, instance, mapOf, num, optional, shape as typeShape, str } from './private/props';
import { RouteKind } from './private/protocol';
import { REQUEST_AUTHENTICATION } from './private/schemas';
import { dnsLabelProblem, throwIfProblems } from './private/validation';
import { gatewayApiNamespace, gatewayApiPropProblems } from './render/gateway-api/gateway';
import { unsupported } from './render/gateway-api/values';
import { gatewayAuthorizationPolicy } from './render/security/gateway-authorization';
import { gatewayRequestAuthentication } from './render/security/request-authentication';
import { Route } from './route';

/**
 * Properties of a `Gateway`. The workload options configure the gateway's own workload, and are
 * errors when `workload` or `selector` names another.
 */
export interface GatewayProps extends GatewayWorkloadOptions, GatewaySecurityOptions {
  /** The mesh. */
  readonly mesh: Mesh;
  /** Name of the Istio Gateway (a DNS-1123 label). @default - the construct id */
  readonly name?: string;
  /**
   * Namespace of the Istio Gateway and of its own workload. A new namespace is added to the mesh
   * with `DataPlane.none()` (`istio-injection: disabled`), since the gateway's pods arrive injected.
   * In Gateway API mode a new namespace gets no injection label (Istio's webhook injects the pods
   * istiod deploys by their own label), and a namespace with `DataPlane.none()` is an error.
   *
   * @default - the namespace of `workload` or `installedService`, else 'istio-ingress', or 'istio-egress' for egress
   */
  readonly namespace?: string;
  /** An egress gateway: the mesh's traffic leaves through it (see `addEgressRoute`). @default false */
  readonly egress?: boolean;
  /** Servers; more can be added with `addServer`. At least one is required. @default - none yet */
  readonly servers?: GatewayServer[];
  /**
   * Labels of an existing gateway's pods (e.g. `{ istio: 'ingressgateway' }` for a gateway installed
   * with Helm or istioctl). No workload is emitted, and server ports are not checked.
   *
   * @default - the `istio` label of the gateway's workload
   */
  readonly selector?: { [key: string]: string };
  /**
   * The Service of the installed gateway `selector` names, which `addEgressRoute` sends traffic to
   * (`{}` for Istio's installed `istio-egressgateway` in `istio-system`). Only with `selector`;
   * nothing of it is emitted, and the analysis takes it and a pod with the selector's labels as existing.
   *
   * @default - none: the gateway's Service is not known, and `addEgressRoute` fails
   */
  readonly installedService?: InstalledGatewayService;
  /** A workload shared with other Gateways. Excludes `selector`. @default - the gateway creates its own */
  readonly workload?: GatewayWorkload;
  /** Name of the gateway's own workload. @default - 'istio-ingressgateway', or 'istio-egressgateway' for egress */
  readonly workloadName?: string;
}

/**
 * An Istio Gateway (`networking.istio.io/v1`): servers (ports, protocols, hosts, TLS) on a gateway
 * workload, and routes from its hosts to mesh services, emitted as VirtualServices bound to it.
 *
 * By default the gateway is an ingress gateway with its own workload (`GatewayWorkload`) in the
 * `istio-ingress` namespace; `egress: true` makes it an egress gateway (`istio-egress`, a ClusterIP
 * Service, `istio: egressgateway`), through which `addEgressRoute` sends an external service's traffic.
 *
 * ```ts
 * const ingress = new Gateway(mesh, 'ingress', {
 *   mesh,
 *   servers: [
 *     GatewayServer.http({ hosts: ['shop.example.com'], httpsRedirect: true }),
 *     GatewayServer.https({ hosts: ['shop.example.com'], tls: GatewayTls.simple({ credentialName: 'shop-cert' }) }),
 *   ],
 * });
 * ingress.addRoute({ hosts: ['shop.example.com'], destinations: [{ host: frontend }] });
 * ```
 *
 * In a mesh with `RoutingApi.GATEWAY_API` the gateway is a Kubernetes Gateway API `Gateway`
 * (`gateway.networking.k8s.io/v1`, class `istio`) instead: each server host becomes a listener
 * (name, port, protocol, hostname, TLS with the `credentialName` Secret as certificate, and the
 * namespaces it admits routes from, as the host's `namespace/` part says), routes become
 * HTTPRoutes (TLSRoutes for PASSTHROUGH servers) attached to the listeners that serve their
 * hosts, and an `httpsRedirect` server is answered by the HTTPRoute `<name>-https-redirect`.
 * istiod deploys the gateway's pods and their Service itself, so the gateway has no workload:
 * `selector`, `workload`, `workloadName` and the workload options are errors, and so is `egress`.
 */
export class Gateway extends Construct implements IMeshGateway {
  /** The mesh. */
  public readonly mesh: Mesh;
  /** The Istio Gateway name. */
  public readonly name: string;
  /** The namespace of the Istio Gateway. */
  public readonly namespace: string;
  /** Whether this is an egress gateway. */
  public readonly egress: boolean;
  /** The workload the gateway configures, unless it selects an existing one with `selector`. */
  public readonly workload?: GatewayWorkload;
  /** The gateway object: the Istio Gateway, or the Gateway API Gateway in a mesh with `RoutingApi.GATEWAY_API`. */
  public readonly resource: ApiObject;

  private readonly _selector?: { [key: string]: string };
  private readonly installed?: InstalledGatewayHost;
  private readonly _servers: GatewayServer[] = [];
  private readonly groups = new Map<string, GatewayRouteGroup>();
  private readonly _routing: GatewayRouting;

  public constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    checkTypes(this, props, PROPS);
    // the certificates of TLS servers are Secrets the cluster holds (created by hand or by
    // cert-manager), which the app does not emit: analysis takes them as existing
    // (in the namespace of the pods that read them); so are the Service and pods of an installed gateway
    expectInCluster(this, () => [
      ...credentialSecrets(this._servers, this.workload?.namespace ?? this.installed?.namespace ?? this.namespace),
      ...this.installed?.clusterManifests(this.selector) ?? [],
    ]);
    this.mesh = props.mesh;
    this.name = props.name ?? id;
    this.egress = props.egress ?? props.workload?.egress ?? false;
    this.namespace = props.namespace ?? props.workload?.namespace
      ?? (props.installedService ? props.installedService.namespace ?? INSTALLED_GATEWAY_NAMESPACE : defaultGatewayNamespace(this.egress));
    const backend = meshModelOf(this.mesh)!.backend;
    // read when asked: the workload and the installed gateway are set further down
    const pods = () => gatewayPods({
      mesh: this.mesh,
      name: this.name,
      namespace: this.namespace,
      deploysPods: backend.deploysGatewayPods,
      workload: this.workload,
      installed: this.installed,
    });
    const model: GatewayModel = {
      scope: this,
      mesh: this.mesh,
      name: this.name,
      namespace: this.namespace,
      servers: this._servers,
      get groups() { return [...groups.values()]; },
      istioSelector: () => this._selector ? { ...this._selector } : { istio: this.workload!.istioLabel },
      egress: this.egress,
      podSelector: () => this._routing.selector,
      identity: () => pods().identity,
      podNamespace: () => pods().ownedNamespace,
      policyByTargetRef: !backend.deploysGatewayPods,
    };
    registerGatewayModel(model);
    meshModelOf(this.mesh)!.registerGateway(model);
    const groups = this.groups;
    let namespaceObject: ApiObject | undefined;
    if (backend.deploysGatewayPods) {
      this.workload = this.ownWorkload(props);
      this._selector = props.selector && { ...props.selector };
      const installed = props.installedService && resolveInstalledService(props.installedService, this.egress);
      throwIfProblems(this, installed?.problems ?? []);
      this.installed = installed && new InstalledGatewayHost(this, 'InstalledService', installed.resolved, this.mesh);
      namespaceObject = namespaceUnlessInstalled(this.mesh, this.namespace, this.installed);
    } else {
      // istiod deploys the pods of the gateway: nothing of the library's workload applies
      const given = (['selector', 'installedService', 'workload', 'workloadName', ...WORKLOAD_OPTIONS] as const).filter(k => props[k] !== undefined);
      const namespace = gatewayApiNamespace(this.mesh, this.namespace);
      throwIfProblems(this, [
        dnsLabelProblem('name', this.name),
        dnsLabelProblem('namespace', this.namespace),
        ...gatewayApiPropProblems(given),
        this.egress ? unsupported('an egress gateway', 'egress', "Istio's Gateway API support routes egress through ServiceEntries, not through a Gateway of class 'istio'") : undefined,
        namespace.problem,
      ]);
      namespaceObject = namespace.object;
    }
    this._routing = backend.gatewayRouting(model, namespaceObject);
    this.resource = this._routing.resource;
    for (const server of props.servers ?? []) {
      this.addServer(server);
    }
    gatewayAuthorizationPolicy(model, meshModelOf(this.mesh)!);
    if (props.requestAuthentication) gatewayRequestAuthentication(model, namespaceObject, props.requestAuthentication);
    this.node.addValidation({ validate: () => this.validateGateway() });
  }

  /**
   * The labels of the pods the gateway configures (in Gateway API mode, the label Istio gives the
   * pods it deploys for the Gateway: `gateway.networking.k8s.io/gateway-name: <name>`).
   */
  public get selector(): { [key: string]: string } {
    return this._routing.selector;
  }

  /** The servers, in the order added. */
  public get servers(): GatewayServer[] {
    return [...this._servers];
  }

  /** The VirtualServices of the gateway's routes, in the order their hosts were first routed (none in Gateway API mode). */
  public get virtualServices(): ApiObject[] {
    return [...this.groups.values()].flatMap(g => g.virtualService ?? []);
  }

  /**
   * The Gateway API objects of the gateway's routes (`RoutingApi.GATEWAY_API`): HTTPRoutes and
   * TLSRoutes in the order their hosts were first routed, the HTTPS-redirect HTTPRoute, and the
   * ReferenceGrants of routes to other namespaces. Empty with Istio routing.
   */
  public get gatewayApiObjects(): ApiObject[] {
    return [
      ...[...this.groups.values()].flatMap(g => g.gatewayApiObjects),
      ...this._routing.gatewayApiObjects,
    ];
  }

  /**
   * Adds a server. In Gateway API mode, a server with `httpsRedirect` is answered by the HTTPRoute
   * `<gateway>-https-redirect` (a RequestRedirect to HTTPS, status 301).
   */
  public addServer(server: GatewayServer): GatewayServer {
    checkTypes(this, server, SERVER, 'server');
    this._servers.push(server);
    this._routing.serverAdded(server);
    return server;
  }

  /**
   * How a VirtualService in `namespace` names this gateway: its name in the gateway's namespace,
   * else `<namespace>/<name>`.
   */
  public referenceFrom(namespace: string): string {
    return namespace === this.namespace ? this.name : `${this.namespace}/${this.name}`;
  }

  /**
   * Adds an HTTP route for `hosts`, evaluated in the order added among the routes of those hosts.
   *
   * ```ts
   * gateway.addRoute({
   *   hosts: ['*'],
   *   matches: [{ uri: StringMatch.prefix('/api') }],
   *   destinations: [{ host: api, port: 8080 }],
   * });
   * ```
   */
  public addRoute(options: GatewayHttpRouteOptions): Route {
    const { hosts, virtualServiceName, namespace, ...route } = options;
    return this.withGroup({ hosts, virtualServiceName, namespace }, [
      ...route.destinations === undefined && route.redirect === undefined
        ? ["'destinations' is required unless 'redirect' is given: a gateway route has no default destination"] : [],
      ...gatewayDestinationProblems('destinations', route.destinations ?? []),
      ...gatewayDestinationProblems('mirror.destination', route.mirror ? [route.mirror.destination] : []),
    ], group => group.addHttp(route));
  }

  /** Adds a TCP route for `hosts` (served by TCP servers, or TLS servers that terminate TLS). */
  public addTcpRoute(options: GatewayTcpRouteOptions): Route {
    const { hosts, virtualServiceName, namespace, ...route } = options;
    return this.withGroup({ hosts, virtualServiceName, namespace }, gatewayDestinationProblems('destinations', route.destinations),
      group => group.addTcp(route));
  }

  /** Adds a TLS route by SNI for `hosts` (served by PASSTHROUGH servers). */
  public addTlsRoute(options: GatewayTlsRouteOptions): Route {
    const { hosts, virtualServiceName, namespace, ...route } = options;
    return this.withGroup({ hosts, virtualServiceName, namespace }, gatewayDestinationProblems('destinations', route.destinations),
      group => group.addTls(route));
  }

  /**
   * Sends an external service's traffic out through this egress gateway (Istio's egress gateway
   * pattern): a route of the service's own VirtualService sends its host to the gateway's Service,
   * and a route of the gateway sends it on to the external host. HTTP is routed by host, HTTPS
   * and TLS by SNI (a PASSTHROUGH server). A server for the host is added unless one serves it.
   *
   * @returns the gateway's route
   */
  public addEgressRoute(service: ExternalService, options: EgressRouteOptions = {}): Route {
    checkTypes(this, service, instance('ExternalService', v => v instanceof MeshHost && Array.isArray((v as { hosts?: unknown }).hosts)), 'service');
    checkTypes(this, options, typeShape({ port: optional(num), gatewayPort: optional(num) }), '', 'options');
    const workload = this.workload;
    const { plan, problems } = planEgress({
      gateway: this.name,
      egress: this.egress,
      workload: workload && { name: workload.name, ports: workload._resolvedPorts() },
      installed: this.installed,
      service: service.name,
      passthrough: service.resolution === ServiceEntryResolution.NONE,
      resolutionIs: service._resolutionIs(),
      hosts: service.hosts,
      ports: service.serviceEntry.toJson().spec.ports,
      ...options,
    });
    throwIfProblems(this, problems);
    const { kind, port, gatewayPort } = plan!;
    const host = service.hosts[0];
    const http = kind === RouteKind.HTTP;
    if (!servesHost(this._servers, gatewayPort, kind, this.namespace, host)) {
      this.addServer(http ? GatewayServer.http({ port: gatewayPort, hosts: [host] })
        : GatewayServer.tls({ port: gatewayPort, hosts: [host], tls: GatewayTls.passthrough() }));
    }
    const toService = [{ host: service, port }];
    const toGateway = [{ host: workload ?? this.installed!, port: gatewayPort }];
    const route = http
      ? this.addRoute({ hosts: [host], matches: [{ port: gatewayPort }], destinations: toService })
      : this.addTlsRoute({ hosts: [host], matches: [{ port: gatewayPort, sniHosts: [host] }], destinations: toService });
    if (http) {
      service.addRoute({ matches: [{ port }], destinations: toGateway });
    } else {
      service.addTlsRoute({ matches: [{ port, sniHosts: [host] }], destinations: toGateway });
    }
    return route;
  }

  /** Finds or creates the route group of a host set, runs `add`, and removes a group a failed `add` created. */
  private withGroup(binding: GatewayRouteBinding, problems: string[], add: (group: GatewayRouteGroup) => Route): Route {
    const owner = { scope: this, mesh: this.mesh, name: this.name, namespace: this.namespace, groups: this.groups, servers: this._servers };
    const referenceFrom = (ns: string) => this.referenceFrom(ns);
    return withRouteGroup({ ...owner, routing: this._routing, installed: this.installed, referenceFrom }, binding, problems, add);
  }

  /** Istio's API: the gateway's own workload, unless it selects existing pods or shares a workload. */
  private ownWorkload(props: GatewayProps): GatewayWorkload | undefined {
    throwIfProblems(this, [dnsLabelProblem('name', this.name), dnsLabelProblem('namespace', this.namespace), ...workloadChoiceProblems(props, this.mesh)]);
    return ownsWorkload(props)
      ? new GatewayWorkload(this, 'Workload', {
        ...Object.fromEntries(WORKLOAD_OPTIONS.map(k => [k, props[k]])),
        mesh: this.mesh,
        name: props.workloadName,
        namespace: this.namespace,
        egress: this.egress,
      })
      : props.workload;
  }

  private validateGateway(): string[] {
    const workload = this.workload && { name: this.workload.name, ports: this.workload._resolvedPorts() };
    return [...gatewayServerProblems(this.name, this._servers, workload), ...this._routing.problems()];
  }

}

const SERVER = instance("GatewayServer (e.g. GatewayServer.http({ hosts: ['*'] }))", v => v instanceof GatewayServer);

const PROPS = typeShape({
  ...WORKLOAD_OPTION_TYPES,
  mesh: instance('Mesh', v => v instanceof Mesh),
  name: optional(str),
  namespace: optional(str),
  egress: optional(bool),
  servers: optional(arrayOf(SERVER)),
  selector: optional(mapOf(str)),
  installedService: optional(INSTALLED_SERVICE_TYPE),
  workload: optional(instance('GatewayWorkload', v => v instanceof GatewayWorkload)),
  workloadName: optional(str),
  requestAuthentication: optional(REQUEST_AUTHENTICATION),
});
