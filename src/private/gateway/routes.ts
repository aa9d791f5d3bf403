/**
 * The routes of a gateway for one set of hosts, kept in the same `RouteTable` as the mesh's own
 * routes and checked the same way; the gateway's routing backend writes them (one VirtualService
 * bound to the gateway, or an HTTPRoute and TLSRoutes).
 */
import { createHash } from 'crypto';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { hostCovers, serverHostAdmits, wildcardDomainProblem } from './hosts';
import { describeServer, NamedServer, serverRouteKind } from './servers';
import { HttpRouteOptions } from '../../http-route';
import { IMeshHost } from '../../interfaces/mesh-host';
import { GroupRouting, RouteGroupModel } from '../../model/gateway';
import { RouteTable } from '../../model/route-table';
import { Route } from '../../route';
import { RouteDestination } from '../../route-destination';
import { TcpRouteOptions } from '../../tcp-route';
import { TlsMatch, TlsRouteOptions } from '../../tls-route';
import { RouteKind } from '../protocol';
import { routeTableProblems } from '../route-checks';
import { listOf } from '../validation';

/** Properties of a route group. */
export interface RouteGroupProps {
  /** The VirtualService name. */
  readonly name: string;
  /** The VirtualService namespace. */
  readonly namespace: string;
  /** The VirtualService hosts. */
  readonly hosts: string[];
  /** How the VirtualService names its gateway (`<ns>/<name>`, or the name in the gateway's namespace). */
  readonly gatewayRef: string;
  /** Cross-object problems the gateway finds with this group (hosts not served, ports). */
  readonly problems: (group: GatewayRouteGroup) => string[];
  /** Whether the routes are tried by precedence (the Gateway API), not in order. */
  readonly precedenceOrdered: boolean;
  /** Creates the group's objects in the gateway's routing API. */
  readonly routing: (group: RouteGroupModel) => GroupRouting;
}

/** A route group is addressed by its namespace and its set of hosts. */
export function hostSetKey(namespace: string, hosts: string[]): string {
  return `${namespace}|${[...new Set(hosts)].sort().join(',')}`;
}

/** Problems with the hosts of a gateway route. */
export function routeHostsProblems(hosts: string[]): string[] {
  return [
    hosts.length === 0 ? "'hosts' must have at least one entry" : undefined,
    ...hosts.map((h, i) => h.includes('/')
      ? `'hosts[${i}]' must be a host name without a namespace, got '${h}' (namespaces are chosen with 'namespace')`
      : wildcardDomainProblem(`hosts[${i}]`, h)),
    ...hosts.map((h, i) => hosts.indexOf(h) !== i ? `'hosts[${i}]' '${h}' is given twice` : undefined),
  ].filter((p): p is string => p !== undefined);
}

/**
 * Destinations of gateway routes name their host (a gateway has none of its own to default to)
 * and their port when the host has several (the gateway's own port says nothing about it).
 */
export function gatewayDestinationProblems(prefix: string, destinations: RouteDestination[]): string[] {
  return destinations.flatMap((d, i) => {
    if (d.host === undefined) {
      return [`'${prefix}[${i}].host' is required: a gateway route has no host of its own to send to`];
    }
    const ports = d.host.portNumbers;
    if (d.port === undefined && ports.length > 1) {
      return [`'${prefix}[${i}].port' is required: '${d.host.name}' has several ports (${listOf(ports.map(String))})`];
    }
    return [];
  });
}

/** The routes of one VirtualService bound to a gateway (in Gateway API mode: one HTTPRoute, and a TLSRoute per TLS route). */
export class GatewayRouteGroup extends Construct implements IMeshHost, RouteGroupModel {
  public readonly name: string;
  public readonly namespace: string;
  public readonly routeHosts: string[];
  public readonly virtualService?: ApiObject;
  public readonly table: RouteTable;
  public readonly gatewayRef: string;
  /** The SNI hosts of each TLS route's matches, kept here: RouteTable compares SNI with one host only. */
  public readonly sni: string[][][] = [];
  private readonly routing: GroupRouting;
  /** The `port` of every match, by route kind (a route without matches counts as one match on any port). */
  private readonly ports = new Map<RouteKind, Array<number | undefined>>();

  public constructor(scope: Construct, id: string, props: RouteGroupProps) {
    super(scope, id);
    this.name = props.name;
    this.namespace = props.namespace;
    this.routeHosts = [...props.hosts];
    // routes of a gateway's VirtualService apply at that gateway, on whichever of its ports serve the hosts
    this.gatewayRef = props.gatewayRef;
    this.table = new RouteTable(this, { gateways: [props.gatewayRef], gatewayApiRoutes: () => props.precedenceOrdered });
    this.routing = props.routing(this);
    this.virtualService = this.routing.virtualService;
    this.node.addValidation({
      validate: () => [...routeTableProblems(this.table), ...this.sniProblems(), ...props.problems(this), ...this.routing.problems()],
    });
  }

  /** The group itself is the scope of its objects. */
  public get scope(): Construct {
    return this;
  }

  /** The Gateway API routes of the group (Gateway API mode), in the order they were created. */
  public get gatewayApiObjects(): ApiObject[] {
    return [...this.routing.gatewayApiObjects];
  }

  /** A gateway route group is no destination: it has no versions. */
  public get versionNames(): string[] {
    return [];
  }

  /** A gateway route group is no destination: it has no ports. */
  public get portNumbers(): number[] {
    return [];
  }

  public hostFrom(_namespace: string): string {
    return this.routeHosts[0];
  }

  /** The route kinds the group has. */
  public get kinds(): RouteKind[] {
    return [
      ...this.table.hasHttp ? [RouteKind.HTTP] : [],
      ...this.table.hasTcp ? [RouteKind.TCP] : [],
      ...this.table.hasTls ? [RouteKind.TLS] : [],
    ];
  }

  public addHttp(options: HttpRouteOptions): Route {
    const route = this.table.addHttp(options);
    this.recordPorts(RouteKind.HTTP, options.matches);
    this.routing.httpAdded();
    return route;
  }

  public addTcp(options: TcpRouteOptions): Route {
    const route = this.table.addTcp(options);
    this.recordPorts(RouteKind.TCP, options.matches);
    return route;
  }

  /** Adds a TLS route; SNI hosts default to the group's hosts. */
  public addTls(options: TlsRouteOptions): Route {
    const matches: TlsMatch[] = options.matches ?? [{}];
    const route = this.table.addTls({ ...options, matches: matches.map(m => ({ ...m, sniHosts: undefined })) });
    this.sni.push(matches.map(m => m.sniHosts ? [...m.sniHosts] : [...this.routeHosts]));
    this.recordPorts(RouteKind.TLS, matches);
    this.routing.tlsAdded(this.sni.length - 1);
    return route;
  }

  /** The ports the matches of one kind name (each once). */
  public matchPorts(kind: RouteKind): number[] {
    return [...new Set((this.ports.get(kind) ?? []).filter((p): p is number => p !== undefined))];
  }

  private recordPorts(kind: RouteKind, matches: Array<{ port?: number }> | undefined): void {
    const list = this.ports.get(kind) ?? [];
    list.push(...(matches === undefined || matches.length === 0 ? [undefined] : matches.map(m => m.port)));
    this.ports.set(kind, list);
  }

  private sniProblems(): string[] {
    return this.sni.flatMap((matches, r) => matches.flatMap((hosts, i) => hosts
      .filter(sni => !this.routeHosts.some(h => hostCovers(h, sni)))
      .map(sni => `tlsRoutes[${r}]: 'matches[${i}].sniHosts' entry '${sni}' is not within the route's hosts (${listOf(this.routeHosts)}): Istio rejects SNI hosts outside the VirtualService's hosts`)));
  }
}

/** Which servers carry each kind of route, for messages. */
const KIND_SERVERS: { [kind: string]: string } = {
  [RouteKind.HTTP]: 'HTTP (HTTP, HTTP2, GRPC, GRPC-WEB, or HTTPS terminating TLS)',
  [RouteKind.TCP]: 'TCP (TCP, MONGO, MYSQL, REDIS, or TLS terminating TLS)',
  [RouteKind.TLS]: 'PASSTHROUGH (HTTPS or TLS)',
};

/**
 * Route hosts that no server of the routes' kind serves (for VirtualServices of the group's
 * namespace), and match ports no such server listens on.
 */
export function routeServingProblems(group: GatewayRouteGroup, servers: NamedServer[], gateway: string, gatewayNamespace: string): string[] {
  const problems: string[] = [];
  for (const kind of group.kinds) {
    const carrying = servers.filter(s => serverRouteKind(s) === kind);
    const listing = carrying.length === 0 ? 'none' : carrying.map(s => `${describeServer(s, s.portName)}: ${s.hosts.join(', ')}`).join('; ');
    for (const host of group.routeHosts) {
      if (!carrying.some(s => s.hosts.some(h => serverHostAdmits(h, group.namespace, gatewayNamespace, host)))) {
        problems.push(`${kind.toUpperCase()} routes for host '${host}' are not served by gateway '${gateway}': no ${KIND_SERVERS[kind]} server lists a matching host for VirtualServices in namespace '${group.namespace}' (${KIND_SERVERS[kind]} servers: ${listing})`);
      }
    }
    for (const port of group.matchPorts(kind)) {
      if (!carrying.some(s => s.port === port)) {
        problems.push(`${kind.toUpperCase()} routes match port ${port}, but gateway '${gateway}' has no ${KIND_SERVERS[kind]} server on it (ports: ${listOf([...new Set(carrying.map(s => String(s.port)))])})`);
      }
    }
  }
  return problems;
}

/** `<gateway>-<hosts>`, `*` written as `wildcard`; cut, with a hash suffix, when longer than a name may be. */
export function derivedVirtualServiceName(gateway: string, hosts: string[]): string {
  const slug = [...new Set(hosts)].sort().map(h => h === '*' ? 'wildcard' : h.replace(/^\*\./, 'wildcard.')).join('-');
  const name = `${gateway}-${slug}`;
  if (name.length <= 253) {
    return name;
  }
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 244).replace(/[-.]+$/, '')}-${hash}`;
}
