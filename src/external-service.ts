import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ClientTls } from './client-tls';
import { ExternalServiceOptions, ExternalServicePort, ServiceEntryLocation, ServiceEntryResolution, TlsOriginationOptions } from './external-service-options';
import { HttpRouteOptions } from './http-route';
import { DestinationRule, ServiceEntry, ServiceEntrySpec, ServiceEntrySpecLocation, ServiceEntrySpecResolution, VirtualService } from './imports/networking.istio.io';
import { IMesh } from './interfaces/mesh';
import { MeshHost } from './mesh-host';
import { registerHostNames } from './model/host-names';
import { MESH_PROP, meshModelOf } from './model/mesh';
import { lazy } from './private/lazy';
import { arrayOf, checkTypes, childPath, instance, mapOf, num, oneOf, optional, shape, str } from './private/props';
import { protocolPrefix, routeKindOf, RouteKind } from './private/protocol';
import { routeTableProblems } from './private/route-checks';
import { TRAFFIC_POLICY } from './private/schemas';
import { addressProblem, endpointAddressProblem, hostProblem } from './private/service-entry-values';
import { dnsLabelProblem, dnsSubdomainProblem, integerProblem, labelProblems, listOf, throwIfProblems } from './private/validation';
import { Protocol } from './protocol';
import { renderHttpRoutes, renderTcpRoutes, renderTlsRoutes } from './render/istio/routes';
import { renderTopPolicy } from './render/istio/traffic-policy';
import { Route } from './route';
import { TcpRouteOptions } from './tcp-route';
import { TlsRouteOptions } from './tls-route';
import { PolicyScope, TrafficPolicy } from './traffic-policy';

/**
 * Properties of an `ExternalService`.
 */
export interface ExternalServiceProps extends ExternalServiceOptions {
  /** The mesh. */
  readonly mesh: IMesh;
  /** Name of the ServiceEntry. A DNS-1123 label. @default - the construct id */
  readonly name?: string;
}

/**
 * A service outside the mesh (or not run by Kubernetes): a ServiceEntry, plus a VirtualService
 * when routes are added and a DestinationRule when traffic policies are — enough for Istio's
 * egress and TLS-origination patterns.
 *
 * ```ts
 * const github = mesh.addExternalService('github', {
 *   hosts: ['api.github.com'],
 *   ports: [{ number: 443, name: 'https', protocol: Protocol.HTTPS }],
 * });
 * productpage.calls(github);
 * ```
 */
export class ExternalService extends MeshHost {
  /** The ServiceEntry name. */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** The host names. */
  public readonly hosts: string[];
  /** The ServiceEntry. */
  public readonly serviceEntry: ApiObject;
  /** The address resolution: as given, else NONE (Istio's default). */
  public readonly resolution: ServiceEntryResolution;

  private readonly ports: Array<ExternalServicePort & { name: string }>;
  private readonly exportTo?: string[];
  private readonly resolutionGiven: boolean;
  private readonly virtualServiceName: string;
  private readonly destinationRuleName: string;
  private virtualService?: ApiObject;
  private destinationRule?: ApiObject;

  public constructor(scope: Construct, id: string, props: ExternalServiceProps) {
    super(scope, id, checkedMesh(scope, id, props));
    this.name = props.name ?? id;
    this.namespace = props.namespace ?? props.mesh.defaultNamespace;
    this.hosts = [...props.hosts];
    registerHostNames(this, () => this.hosts);
    this.exportTo = props.exportTo;
    // Istio's default: a ServiceEntry without `resolution` has NONE
    const resolution = props.resolution ?? ServiceEntryResolution.NONE;
    this.resolution = resolution;
    this.resolutionGiven = props.resolution !== undefined;
    const resolutionIs = this._resolutionIs();
    const endpoints = props.endpoints ?? [];

    const ports = props.ports.map(p => ({
      ...p,
      name: p.name ?? (props.ports.filter(o => o.protocol === p.protocol).length > 1 ? `${protocolPrefix(p.protocol)}-${p.number}` : protocolPrefix(p.protocol)),
    }));
    const portNames = ports.map(p => p.name);
    const addresses = props.addresses ?? [];
    const byDns = resolution === ServiceEntryResolution.DNS || resolution === ServiceEntryResolution.DNS_ROUND_ROBIN;
    const tcpPorts = ports.filter(p => ![RouteKind.HTTP, RouteKind.TLS].includes(routeKindOf(p.protocol)));

    throwIfProblems(this, [
      dnsLabelProblem('name', this.name),
      dnsLabelProblem('namespace', this.namespace),
      props.virtualServiceName !== undefined ? dnsSubdomainProblem('virtualServiceName', props.virtualServiceName) : undefined,
      props.destinationRuleName !== undefined ? dnsSubdomainProblem('destinationRuleName', props.destinationRuleName) : undefined,
      props.hosts.length === 0 ? "'hosts' must have at least one entry" : undefined,
      ...props.hosts.map((h, i) => hostProblem(`hosts[${i}]`, h)),
      ...props.hosts.map((h, i) => props.hosts.indexOf(h) !== i ? `'hosts[${i}]' '${h}' is declared twice` : undefined),
      props.hosts.length > 1 && resolution !== ServiceEntryResolution.NONE && tcpPorts.length > 0
        ? `'hosts' has ${props.hosts.length} entries, but ${tcpPorts.map(p => `port ${p.number} (${p.protocol})`).join(', ')} carries no host name to tell them apart: use only HTTP, HTTPS or TLS ports, NONE resolution (with 'addresses'), or one ExternalService per host` : undefined,
      props.ports.length === 0 ? "'ports' must have at least one entry" : undefined,
      ...ports.flatMap((p, i) => [
        integerProblem(`ports[${i}].number`, p.number, 1, 65535),
        integerProblem(`ports[${i}].targetPort`, p.targetPort, 1, 65535),
        props.ports[i].name !== undefined ? dnsLabelProblem(`ports[${i}].name`, p.name) : undefined,
        props.ports.findIndex(o => Object.is(o.number, p.number)) !== i ? `'ports[${i}].number' ${p.number} is declared twice` : undefined,
        props.ports.findIndex(o => Object.is(o.number, p.number)) === i && portNames.indexOf(p.name) !== i
          ? `'ports[${i}].name' '${p.name}'${props.ports[i].name === undefined ? ' (derived from the protocol)' : ''} is declared twice: give the port another 'name'` : undefined,
      ]),
      ...addresses.map((a, i) => addressProblem(`addresses[${i}]`, a)),
      ...(props.exportTo ?? []).map((ns, i) => ns === '.' || ns === '*' ? undefined : dnsLabelProblem(`exportTo[${i}]`, ns)),
      resolution === ServiceEntryResolution.STATIC && endpoints.length === 0 ? "STATIC resolution needs 'endpoints'" : undefined,
      resolution === ServiceEntryResolution.NONE && endpoints.length > 0
        ? `'endpoints' need STATIC, DNS or DNS_ROUND_ROBIN resolution, but ${resolutionIs}: with NONE the proxy connects to the address the caller asked for` : undefined,
      resolution === ServiceEntryResolution.DNS_ROUND_ROBIN && endpoints.length > 1 ? `DNS_ROUND_ROBIN resolution allows at most one endpoint, got ${endpoints.length}` : undefined,
      addresses.some(a => a.includes('/')) && ![ServiceEntryResolution.NONE, ServiceEntryResolution.STATIC].includes(resolution)
        ? `CIDR 'addresses' need NONE or STATIC resolution, but ${resolutionIs}` : undefined,
      byDns && props.hosts.some(h => h.startsWith('*.')) && endpoints.length === 0
        ? `wildcard hosts cannot be resolved with ${resolution} resolution and no endpoints: use NONE` : undefined,
      ...(resolution === ServiceEntryResolution.NONE && addresses.length === 0 ? ports.map((p, i) => p.protocol !== Protocol.TCP ? undefined
        : `'ports[${i}]' ${p.number} (TCP) needs 'addresses', as ${resolutionIs}: without them the sidecar cannot tell this service's TCP traffic `
        + 'from other traffic to that port (Istio warns: addresses are required for ports serving TCP); give its IP addresses or CIDR blocks, or DNS resolution') : []),
      endpoints.some(e => e.address.startsWith('unix://')) && ports.length !== 1
        ? `unix socket endpoints need exactly one port, got ${ports.length} in 'ports'` : undefined,
      ...endpoints.flatMap((e, i) => [
        e.address.trim() === '' ? `'endpoints[${i}].address' must not be empty` : endpointAddressProblem(`endpoints[${i}].address`, e.address, resolution, resolutionIs),
        e.address.startsWith('unix://') && e.ports !== undefined ? `'endpoints[${i}]' is a unix socket and cannot have 'ports'` : undefined,
        integerProblem(`endpoints[${i}].weight`, e.weight, 1, 4_294_967_295),
        ...labelProblems(`endpoints[${i}].labels`, e.labels),
        ...Object.entries(e.ports ?? {}).flatMap(([n, port]) => [
          portNames.includes(n) ? undefined : `'endpoints[${i}].ports' key '${n}' is not a port name of the service (ports: ${listOf(portNames)})`,
          integerProblem(`endpoints[${i}].ports['${n}']`, port, 1, 65535),
        ]),
      ]),
    ]);

    this.ports = ports;

    const namespaceObject = props.mesh.addNamespace(this.namespace);
    this.serviceEntry = new ServiceEntry(this, 'ServiceEntry', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        hosts: this.hosts,
        addresses: props.addresses,
        ports: this.ports.map(p => ({ number: p.number, name: p.name, protocol: p.protocol, targetPort: p.targetPort })),
        location: (props.location ?? ServiceEntryLocation.MESH_EXTERNAL) as string as ServiceEntrySpecLocation,
        resolution: resolution as string as ServiceEntrySpecResolution,
        endpoints: endpoints.length > 0 ? endpoints.map(e => ({
          address: e.address,
          ports: e.ports,
          labels: e.labels,
          locality: e.locality,
          weight: e.weight,
        })) : undefined,
        exportTo: this.exportTo,
      } as ServiceEntrySpec,
    });
    if (namespaceObject) this.serviceEntry.addDependency(namespaceObject);
    this.virtualServiceName = props.virtualServiceName ?? this.name;
    this.destinationRuleName = props.destinationRuleName ?? this.name;

    if (props.trafficPolicy) {
      this.addTrafficPolicy(props.trafficPolicy);
    }
    this.node.addValidation({ validate: () => this.validateExternal() });
  }

  /**
   * How messages name the resolution: `'resolution' is DNS`, or, when not given,
   * `'resolution' is NONE (Istio's default, as 'resolution' is not given)`.
   *
   * @internal
   */
  public _resolutionIs(): string {
    return `'resolution' is ${this.resolution}${this.resolutionGiven ? '' : " (Istio's default, as 'resolution' is not given)"}`;
  }

  /** External services have no versions. */
  public get versionNames(): string[] {
    return [];
  }

  /** The port numbers. */
  public get portNumbers(): number[] {
    return this.ports.map(p => p.number);
  }

  /** @internal */
  public _portsCarrying(kind: RouteKind): number[] {
    return this.ports.filter(p => routeKindOf(p.protocol) === kind).map(p => p.number);
  }

  /** The first host name: what routes and policies address. */
  public hostFrom(_namespace: string): string {
    return this.hosts[0];
  }

  /**
   * Originates TLS: requests to `fromPort` are routed to `toPort`, where the sidecar opens a TLS
   * connection (Istio's egress TLS-origination pattern).
   */
  public originateTls(options: TlsOriginationOptions): Route {
    checkTypes(this, options, TLS_ORIGINATION, '', 'options');
    const httpPorts = this.ports.filter(p => routeKindOf(p.protocol) === RouteKind.HTTP).map(p => String(p.number));
    throwIfProblems(this, [
      httpPorts.includes(String(options.fromPort)) ? undefined
        : `'fromPort' must be an HTTP port of external service '${this.name}' (HTTP ports: ${listOf(httpPorts)}), got ${options.fromPort}`,
      this.portNumbers.includes(options.toPort) ? undefined
        : `'toPort' must be a port of external service '${this.name}' (ports: ${listOf(this.portNumbers.map(String))}), got ${options.toPort}`,
      options.fromPort === options.toPort ? `'fromPort' and 'toPort' must differ, both are ${options.fromPort}` : undefined,
      this.resolution === ServiceEntryResolution.NONE
        ? `originateTls() needs DNS, DNS_ROUND_ROBIN or STATIC resolution, but ${this._resolutionIs()}: with NONE the sidecar connects to the `
        + `address and port the caller asked for (${options.fromPort}), not to port ${options.toPort}` : undefined,
    ]);
    // the policy first: it is what can conflict, and a conflict must not leave a route behind
    this.addTrafficPolicy({ tls: options.tls ?? ClientTls.simple() }, { port: options.toPort });
    return this.addRoute({ matches: [{ port: options.fromPort }], destinations: [{ port: options.toPort }] });
  }

  // the routing objects are created once a route or policy is accepted: a rejected one leaves none behind

  public override addRoute(options: HttpRouteOptions): Route {
    const route = super.addRoute(options);
    this.ensureVirtualService();
    return route;
  }

  public override addTcpRoute(options: TcpRouteOptions): Route {
    const route = super.addTcpRoute(options);
    this.ensureVirtualService();
    return route;
  }

  public override addTlsRoute(options: TlsRouteOptions): Route {
    const route = super.addTlsRoute(options);
    this.ensureVirtualService();
    return route;
  }

  public override addTrafficPolicy(policy: TrafficPolicy, scope: PolicyScope = {}): void {
    super.addTrafficPolicy(policy, scope);
    this.ensureDestinationRule();
  }

  /** @internal */
  public override _addTrafficPolicy(policy: TrafficPolicy, scope: PolicyScope, source: string): void {
    super._addTrafficPolicy(policy, scope, source);
    this.ensureDestinationRule();
  }

  private ensureVirtualService(): void {
    if (this.virtualService) {
      return;
    }
    this.virtualService = new VirtualService(this, 'VirtualService', {
      metadata: { name: this.virtualServiceName, namespace: this.namespace },
      spec: lazy(() => {
        const http = renderHttpRoutes(this._routes, this.namespace);
        const tcp = renderTcpRoutes(this._routes, this.namespace);
        const tls = renderTlsRoutes(this._routes, this.namespace);
        return {
          hosts: [this.hosts[0]],
          exportTo: this.exportTo,
          http: http.length > 0 ? http : undefined,
          tcp: tcp.length > 0 ? tcp : undefined,
          tls: tls.length > 0 ? tls : undefined,
        };
      }),
    });
    this.virtualService.addDependency(this.serviceEntry);
  }

  private ensureDestinationRule(): void {
    if (this.destinationRule) {
      return;
    }
    this.destinationRule = new DestinationRule(this, 'DestinationRule', {
      metadata: { name: this.destinationRuleName, namespace: this.namespace },
      spec: lazy(() => ({
        host: this.hosts[0],
        exportTo: this.exportTo,
        trafficPolicy: renderTopPolicy(this._policies),
      })),
    });
    this.destinationRule.addDependency(this.serviceEntry);
  }

  private validateExternal(): string[] {
    const problems = [...routeTableProblems(this._routes), ...this._policies.validate()];
    // a ServiceEntry for the host of a Service of this app merges into it in Istio's registry, with
    // this entry's resolution and ports: route to the MeshService instead
    for (const service of meshModelOf(this.mesh)!.services) {
      const fqdn = service.fqdn;
      const host = this.hosts.find(h => h === fqdn || (h.startsWith('*.') && fqdn.endsWith(h.slice(1))));
      if (host !== undefined) {
        problems.push(`'hosts' '${host}' is the host of MeshService '${service.name}' (${fqdn}, ${service.host.node.path}) declared in this app: `
          + 'route to the service itself instead of declaring a ServiceEntry for it');
      }
    }
    if ((this.virtualService || this.destinationRule) && (this.hosts.length > 1 || this.hosts[0].startsWith('*'))) {
      problems.push(`routes and traffic policies of an external service need exactly one, non-wildcard host (got ${listOf(this.hosts)}): declare one ExternalService per host`);
    }
    const kinds = new Set(this.ports.map(p => routeKindOf(p.protocol)));
    if (this._routes.hasHttp && !kinds.has(RouteKind.HTTP)) {
      problems.push(`external service '${this.name}' has HTTP routes but no HTTP port: HTTP routes apply only to HTTP, HTTP2, GRPC and GRPC-WEB ports`);
    }
    return problems;
  }
}

const PROPS = shape({
  mesh: MESH_PROP,
  name: optional(str),
  namespace: optional(str),
  hosts: arrayOf(str),
  ports: arrayOf(shape({ number: num, protocol: oneOf(Protocol), name: optional(str), targetPort: optional(num) })),
  resolution: optional(oneOf(ServiceEntryResolution)),
  location: optional(oneOf(ServiceEntryLocation)),
  addresses: optional(arrayOf(str)),
  endpoints: optional(arrayOf(shape({
    address: str,
    ports: optional(mapOf(num)),
    labels: optional(mapOf(str)),
    locality: optional(str),
    weight: optional(num),
  }))),
  exportTo: optional(arrayOf(str)),
  trafficPolicy: optional(TRAFFIC_POLICY),
  virtualServiceName: optional(str),
  destinationRuleName: optional(str),
});

const TLS_ORIGINATION = shape({
  fromPort: num,
  toPort: num,
  tls: optional(instance('ClientTls (e.g. ClientTls.simple())', v => v instanceof ClientTls)),
});

/** Checks the types of the props before anything reads them, and returns the mesh. */
function checkedMesh(scope: Construct, id: string, props: ExternalServiceProps): IMesh {
  checkTypes(childPath(scope, id), props, PROPS);
  return props.mesh;
}
