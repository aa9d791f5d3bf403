/**
 * The routes of a gateway for one set of hosts: one VirtualService bound to the gateway, whose
 * routes are checked and rendered by the same `RouteTable` as the mesh's own routes.
 */
import { createHash } from 'crypto';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { hostCovers, serverHostAdmits, wildcardDomainProblem } from './hosts';
import { describeServer, NamedServer, serverRouteKind } from './servers';
import { HttpRouteOptions } from '../../http-route';
import { HttpRoute, HttpRouteSpecParentRefs as ParentReference, TlsRoute } from '../../imports/gateway.networking.k8s.io';
import { VirtualService, VirtualServiceSpec } from '../../imports/networking.istio.io';
import { IMeshHost } from '../../interfaces/mesh-host';
import { RouteTable } from '../../model/route-table';
import { renderHttpRoutes, renderTcpRoutes, renderTlsRoutes } from '../../render/istio/routes';
import { Route } from '../../route';
import { RouteDestination } from '../../route-destination';
import { TcpRouteOptions } from '../../tcp-route';
import { TlsMatch, TlsRouteOptions } from '../../tls-route';
import { GroupInput, groupTcpProblems, renderGroupHttpRoute, renderGroupTlsRoute, tlsRouteName } from '../gateway-api/gateway';
import { lazy } from '../lazy';
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
  /**
   * Gateway API mode: the routes become an HTTPRoute and TLSRoutes attached to these parents,
   * instead of a VirtualService.
   */
  readonly gatewayApi?: { readonly parents: (group: GatewayRouteGroup, kind: RouteKind) => ParentReference[] };
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
export class GatewayRouteGroup extends Construct implements IMeshHost {
  public readonly name: string;
  public readonly namespace: string;
  public readonly routeHosts: string[];
  public readonly virtualService?: ApiObject;
  public readonly table: RouteTable;
  private httpRoute?: ApiObject;
  private readonly tlsRoutes: ApiObject[] = [];
  /** The SNI hosts of each TLS route's matches, kept here: RouteTable compares SNI with one host only. */
  private readonly sni: string[][][] = [];
  /** The `port` of every match, by route kind (a route without matches counts as one match on any port). */
  private readonly ports = new Map<RouteKind, Array<number | undefined>>();

  public constructor(scope: Construct, id: string, private readonly props: RouteGroupProps) {
    super(scope, id);
    this.name = props.name;
    this.namespace = props.namespace;
    this.routeHosts = [...props.hosts];
    // routes of a gateway's VirtualService apply at that gateway, on whichever of its ports serve the hosts
    this.table = new RouteTable(this, { gateways: [props.gatewayRef], gatewayApi: () => props.gatewayApi !== undefined });
    if (!props.gatewayApi) {
      this.virtualService = new VirtualService(this, 'VirtualService', {
        metadata: { name: props.name, namespace: props.namespace },
        spec: lazy(() => this.render()),
      });
    }
    this.node.addValidation({
      validate: () => [...routeTableProblems(this.table), ...this.sniProblems(), ...props.problems(this), ...this.gatewayApiProblems()],
    });
  }

  /** The Gateway API routes of the group (Gateway API mode), in the order they were created. */
  public get gatewayApiObjects(): ApiObject[] {
    return [...this.httpRoute ? [this.httpRoute] : [], ...this.tlsRoutes];
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
    if (this.props.gatewayApi && !this.httpRoute) {
      this.httpRoute = new HttpRoute(this, 'HTTPRoute', {
        metadata: { name: this.name, namespace: this.namespace },
        spec: lazy(() => renderGroupHttpRoute(this.gatewayApiInput()).spec),
      });
    }
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
    if (this.props.gatewayApi) {
      const index = this.tlsRoutes.length;
      this.tlsRoutes.push(new TlsRoute(this, `TLSRoute-${index}`, {
        metadata: { name: tlsRouteName(this.name, index), namespace: this.namespace },
        spec: lazy(() => renderGroupTlsRoute(this.gatewayApiInput(), index).spec),
      }));
    }
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

  private gatewayApiInput(): GroupInput {
    return {
      name: this.name,
      namespace: this.namespace,
      hosts: this.routeHosts,
      http: this.table.httpEntries,
      tcp: this.table.tcpEntries,
      tls: this.table.tlsEntries,
      sni: this.sni,
      parents: kind => this.props.gatewayApi!.parents(this, kind),
    };
  }

  private gatewayApiProblems(): string[] {
    if (!this.props.gatewayApi) {
      return [];
    }
    const input = this.gatewayApiInput();
    return [
      ...this.table.hasHttp ? renderGroupHttpRoute(input).problems : [],
      ...this.tlsRoutes.flatMap((_, i) => renderGroupTlsRoute(input, i).problems),
      ...groupTcpProblems(input),
    ];
  }

  private sniProblems(): string[] {
    return this.sni.flatMap((matches, r) => matches.flatMap((hosts, i) => hosts
      .filter(sni => !this.routeHosts.some(h => hostCovers(h, sni)))
      .map(sni => `tlsRoutes[${r}]: 'matches[${i}].sniHosts' entry '${sni}' is not within the route's hosts (${listOf(this.routeHosts)}): Istio rejects SNI hosts outside the VirtualService's hosts`)));
  }

  private render(): VirtualServiceSpec {
    const http = renderHttpRoutes(this.table, this.namespace);
    const tcp = renderTcpRoutes(this.table, this.namespace);
    const tls = renderTlsRoutes(this.table, this.namespace).map((t, r) => ({
      ...t,
      match: t.match?.map((m, i) => ({ ...m, sniHosts: this.sni[r][i] })),
    }));
    return {
      hosts: this.routeHosts,
      gateways: [this.props.gatewayRef],
      http: http.length > 0 ? http : undefined,
      tcp: tcp.length > 0 ? tcp : undefined,
      tls: tls.length > 0 ? tls : undefined,
    };
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
