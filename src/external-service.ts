import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DestinationRule, ServiceEntry, ServiceEntrySpec, ServiceEntrySpecLocation, ServiceEntrySpecResolution, VirtualService } from './imports/networking.istio.io';
import { Mesh } from './mesh';
import { MeshHost } from './mesh-host';
import { lazy } from './private/lazy';
import { protocolPrefix, routeKindOf, RouteKind } from './private/protocol';
import { dnsLabelProblem, dnsSubdomainProblem, integerProblem, labelProblems, listOf, throwIfProblems } from './private/validation';
import { Protocol } from './protocol';
import { HttpRouteOptions, Route, TcpRouteOptions, TlsRouteOptions } from './route';
import { ClientTls, PolicyScope, TrafficPolicy } from './traffic-policy';

/**
 * How the proxy resolves the addresses of an external service.
 */
export enum ServiceEntryResolution {
  /** Connect to the address the caller asked for. */
  NONE = 'NONE',
  /** Use the static `endpoints` addresses. */
  STATIC = 'STATIC',
  /** Resolve the hosts (or endpoint names) by DNS, connecting to every address returned. */
  DNS = 'DNS',
  /** Resolve by DNS, using the first address returned. */
  DNS_ROUND_ROBIN = 'DNS_ROUND_ROBIN',
}

/**
 * Whether an external service is part of the mesh.
 */
export enum ServiceEntryLocation {
  /** Outside the mesh: no mTLS, no mesh telemetry on the server side. */
  MESH_EXTERNAL = 'MESH_EXTERNAL',
  /** Inside the mesh (e.g. VMs running sidecars). */
  MESH_INTERNAL = 'MESH_INTERNAL',
}

/**
 * A port of an external service.
 */
export interface ExternalServicePort {
  /** The port number (1–65535). */
  readonly number: number;
  /** The protocol. */
  readonly protocol: Protocol;
  /**
   * The port name.
   *
   * @default - the protocol's prefix (`http`, `https` …), with `-<number>` when a protocol repeats
   */
  readonly name?: string;
  /**
   * The port on the endpoints.
   *
   * @default - the same as `number`
   */
  readonly targetPort?: number;
}

/**
 * A static endpoint of an external service.
 */
export interface ExternalServiceEndpoint {
  /** IP address, DNS name or `unix://` socket path. */
  readonly address: string;
  /** Port overrides by port name. @default - the service ports */
  readonly ports?: { [portName: string]: number };
  /** Labels of the endpoint. @default - none */
  readonly labels?: { [key: string]: string };
  /** Locality (`region/zone/subzone`). @default - none */
  readonly locality?: string;
  /** Load-balancing weight (1–4294967295). @default - equal */
  readonly weight?: number;
}

/**
 * Options of an `ExternalService`.
 */
export interface ExternalServiceOptions {
  /** Namespace of the ServiceEntry and its routing objects. @default - the mesh's default namespace */
  readonly namespace?: string;
  /** Host names (DNS names, a leading `*.` wildcard allowed; not `*` alone). At least one. */
  readonly hosts: string[];
  /** Ports. At least one. */
  readonly ports: ExternalServicePort[];
  /** Address resolution. @default ServiceEntryResolution.DNS */
  readonly resolution?: ServiceEntryResolution;
  /** Location. @default ServiceEntryLocation.MESH_EXTERNAL */
  readonly location?: ServiceEntryLocation;
  /** Virtual IPs or CIDR blocks of the service (CIDRs only with NONE or STATIC resolution). @default - none */
  readonly addresses?: string[];
  /** Static endpoints (required for STATIC resolution; at most one for DNS_ROUND_ROBIN; none for NONE). @default - none */
  readonly endpoints?: ExternalServiceEndpoint[];
  /** Namespaces the objects are visible to. @default - all */
  readonly exportTo?: string[];
  /** Traffic policy of the external host (e.g. TLS origination, connection limits). @default - none */
  readonly trafficPolicy?: TrafficPolicy;
  /** Name of the VirtualService (emitted when routes exist). @default - the service name */
  readonly virtualServiceName?: string;
  /** Name of the DestinationRule (emitted when traffic policies exist). @default - the service name */
  readonly destinationRuleName?: string;
}

/**
 * Properties of an `ExternalService`.
 */
export interface ExternalServiceProps extends ExternalServiceOptions {
  /** The mesh. */
  readonly mesh: Mesh;
  /** Name of the ServiceEntry. A DNS-1123 label. @default - the construct id */
  readonly name?: string;
}

/**
 * Options of TLS origination: callers speak plain HTTP, the sidecar upgrades to TLS.
 */
export interface TlsOriginationOptions {
  /** The plain-text port callers use (an HTTP port of the service). */
  readonly fromPort: number;
  /** The TLS port the sidecar connects to (an HTTPS or TLS port of the service). */
  readonly toPort: number;
  /** TLS settings for the connection. @default ClientTls.simple() */
  readonly tls?: ClientTls;
}

/**
 * A service outside the mesh (or not run by Kubernetes): a ServiceEntry, plus a VirtualService
 * when routes are added and a DestinationRule when traffic policies are — enough for Istio's
 * egress and TLS-origination patterns.
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

  private readonly ports: Array<ExternalServicePort & { name: string }>;
  private readonly exportTo?: string[];
  private readonly virtualServiceName: string;
  private readonly destinationRuleName: string;
  private virtualService?: ApiObject;
  private destinationRule?: ApiObject;

  public constructor(scope: Construct, id: string, props: ExternalServiceProps) {
    super(scope, id, props.mesh);
    this.name = props.name ?? id;
    this.namespace = props.namespace ?? props.mesh.defaultNamespace;
    this.hosts = [...props.hosts];
    this.exportTo = props.exportTo;
    const resolution = props.resolution ?? ServiceEntryResolution.DNS;
    const endpoints = props.endpoints ?? [];

    throwIfProblems(this, [
      dnsLabelProblem('name', this.name),
      dnsLabelProblem('namespace', this.namespace),
      props.virtualServiceName !== undefined ? dnsSubdomainProblem('virtualServiceName', props.virtualServiceName) : undefined,
      props.destinationRuleName !== undefined ? dnsSubdomainProblem('destinationRuleName', props.destinationRuleName) : undefined,
      props.hosts.length === 0 ? "'hosts' must have at least one entry" : undefined,
      ...props.hosts.map((h, i) => h === '*' ? `'hosts[${i}]' must not be '*' alone: name the external hosts` : dnsSubdomainProblem(`hosts[${i}]`, h.replace(/^\*\./, 'wildcard.'))),
      props.ports.length === 0 ? "'ports' must have at least one entry" : undefined,
      ...props.ports.flatMap((p, i) => [
        integerProblem(`ports[${i}].number`, p.number, 1, 65535),
        integerProblem(`ports[${i}].targetPort`, p.targetPort, 1, 65535),
        p.name !== undefined ? dnsLabelProblem(`ports[${i}].name`, p.name) : undefined,
        props.ports.findIndex(o => o.number === p.number) !== i ? `'ports[${i}].number' ${p.number} is declared twice` : undefined,
      ]),
      resolution === ServiceEntryResolution.STATIC && endpoints.length === 0 ? "STATIC resolution needs 'endpoints'" : undefined,
      resolution === ServiceEntryResolution.NONE && endpoints.length > 0 ? "NONE resolution cannot have 'endpoints': the proxy connects to the address the caller asked for" : undefined,
      resolution === ServiceEntryResolution.DNS_ROUND_ROBIN && endpoints.length > 1 ? `DNS_ROUND_ROBIN resolution allows at most one endpoint, got ${endpoints.length}` : undefined,
      (props.addresses ?? []).some(a => a.includes('/')) && ![ServiceEntryResolution.NONE, ServiceEntryResolution.STATIC].includes(resolution)
        ? `CIDR 'addresses' need NONE or STATIC resolution, got ${resolution}` : undefined,
      resolution !== ServiceEntryResolution.NONE && props.hosts.some(h => h.startsWith('*.')) && endpoints.length === 0
        ? `wildcard hosts cannot be resolved with ${resolution} resolution and no endpoints: use NONE` : undefined,
      ...endpoints.flatMap((e, i) => [
        e.address.trim() === '' ? `'endpoints[${i}].address' must not be empty` : undefined,
        e.address.startsWith('unix://') && e.ports !== undefined ? `'endpoints[${i}]' is a unix socket and cannot have 'ports'` : undefined,
        integerProblem(`endpoints[${i}].weight`, e.weight, 1, 4_294_967_295),
        ...labelProblems(`endpoints[${i}].labels`, e.labels),
        ...Object.entries(e.ports ?? {}).map(([n, port]) => integerProblem(`endpoints[${i}].ports['${n}']`, port, 1, 65535)),
      ]),
    ]);

    this.ports = props.ports.map(p => ({
      ...p,
      name: p.name ?? (props.ports.filter(o => o.protocol === p.protocol).length > 1 ? `${protocolPrefix(p.protocol)}-${p.number}` : protocolPrefix(p.protocol)),
    }));

    const namespaceObject = props.mesh._namespaceObject(this.namespace);
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
    this.serviceEntry.addDependency(namespaceObject);
    this.virtualServiceName = props.virtualServiceName ?? this.name;
    this.destinationRuleName = props.destinationRuleName ?? this.name;

    if (props.trafficPolicy) {
      this.addTrafficPolicy(props.trafficPolicy);
    }
    this.node.addValidation({ validate: () => this.validateExternal() });
  }

  /** External services have no versions. */
  public get versionNames(): string[] {
    return [];
  }

  /** The port numbers. */
  public get portNumbers(): number[] {
    return this.ports.map(p => p.number);
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
    const route = this.addRoute({ matches: [{ port: options.fromPort }], destinations: [{ port: options.toPort }] });
    this.addTrafficPolicy({ tls: options.tls ?? ClientTls.simple() }, { port: options.toPort });
    return route;
  }

  public override addRoute(options: HttpRouteOptions): Route {
    this.ensureVirtualService();
    return super.addRoute(options);
  }

  public override addTcpRoute(options: TcpRouteOptions): Route {
    this.ensureVirtualService();
    return super.addTcpRoute(options);
  }

  public override addTlsRoute(options: TlsRouteOptions): Route {
    this.ensureVirtualService();
    return super.addTlsRoute(options);
  }

  public override addTrafficPolicy(policy: TrafficPolicy, scope: PolicyScope = {}): void {
    this.ensureDestinationRule();
    super.addTrafficPolicy(policy, scope);
  }

  /** @internal */
  public override _addTrafficPolicy(policy: TrafficPolicy, scope: PolicyScope, source: string): void {
    this.ensureDestinationRule();
    super._addTrafficPolicy(policy, scope, source);
  }

  private ensureVirtualService(): void {
    if (this.virtualService) {
      return;
    }
    this.virtualService = new VirtualService(this, 'VirtualService', {
      metadata: { name: this.virtualServiceName, namespace: this.namespace },
      spec: lazy(() => {
        const http = this._routes.renderHttp(this.namespace);
        const tcp = this._routes.renderTcp(this.namespace);
        const tls = this._routes.renderTls(this.namespace);
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
        trafficPolicy: this._policies.renderTop(),
      })),
    });
    this.destinationRule.addDependency(this.serviceEntry);
  }

  private validateExternal(): string[] {
    const problems = [...this._routes.validate(), ...this._policies.validate()];
    if ((this.virtualService || this.destinationRule) && (this.hosts.length > 1 || this.hosts[0].startsWith('*'))) {
      problems.push(`routes and traffic policies of an external service need exactly one, non-wildcard host (got ${listOf(this.hosts)}): declare one ExternalService per host`);
    }
    const kinds = new Set(this.ports.map(p => routeKindOf(p.protocol)));
    if (this._routes.hasHttp && !kinds.has(RouteKind.HTTP)) {
      problems.push(`external service '${this.name}' has HTTP routes but no HTTP port`);
    }
    return problems;
  }
}
