import { HttpRouteOptions } from '../http-route';
import { IMeshHost } from '../interfaces/mesh-host';
import { MatchScope } from '../private/match-coverage';
import { isHttpCatchAll, isTcpCatchAll } from '../private/match-form';
import { RouteKind } from '../private/protocol';
import { httpValueProblems, tcpValueProblems, tlsValueProblems } from '../private/route-values';
import { Route } from '../route';
import { TcpRouteOptions } from '../tcp-route';
import { TlsRouteOptions } from '../tls-route';

/** A route as stored: its options and a label for messages (`routes[1] 'jason'`). */
export interface Stored<T> {
  readonly options: T;
  readonly label: string;
}

/** What the VirtualService of a route table applies to. */
export interface RouteScope {
  /** The VirtualService's gateways as it names them; none for the mesh (sidecars). */
  readonly gateways: string[];
  /** The host's ports that carry routes of a kind; left out when the host has no ports of its own (gateway routes). */
  readonly ports?: (kind: RouteKind) => number[];
  /**
   * Whether the routes become Gateway API routes: Istio's VirtualService validation does not see
   * them, and the Gateway API orders them by precedence (checked by its backend), not by position.
   */
  readonly gatewayApiRoutes?: () => boolean;
}

/**
 * The ordered HTTP, TCP and TLS routes of one host, as added: each route's values are checked
 * when it is added; the checks across routes are in private/route-checks.ts, and each routing
 * backend renders the table its own way.
 */
/** Routes added to any table so far: what indexes over many tables are kept against. */
let edits = 0;

/** How many routes were added to any route table (a counter, for caches over many tables). */
export function routeEdits(): number {
  return edits;
}

export class RouteTable {
  private readonly http: Array<Stored<HttpRouteOptions>> = [];
  private readonly tcp: Array<Stored<TcpRouteOptions>> = [];
  private readonly tls: Array<Stored<TlsRouteOptions>> = [];

  public constructor(public readonly owner: IMeshHost, public readonly scope: RouteScope = { gateways: [] }) {}

  public get isEmpty(): boolean {
    return this.http.length + this.tcp.length + this.tls.length === 0;
  }

  /** Names of the HTTP routes that have one. */
  public get httpRouteNames(): string[] {
    return this.http.map(r => r.options.name).filter((n): n is string => n !== undefined);
  }

  /** The HTTP routes in evaluation order, as added (for renderings other than the VirtualService). */
  public get httpEntries(): ReadonlyArray<Stored<HttpRouteOptions>> {
    return this.http;
  }

  /** The TCP routes in evaluation order, as added. */
  public get tcpEntries(): ReadonlyArray<Stored<TcpRouteOptions>> {
    return this.tcp;
  }

  /** The TLS routes in evaluation order, as added. */
  public get tlsEntries(): ReadonlyArray<Stored<TlsRouteOptions>> {
    return this.tls;
  }

  public get hasTcp(): boolean {
    return this.tcp.length > 0;
  }

  public get hasTls(): boolean {
    return this.tls.length > 0;
  }

  public get hasHttp(): boolean {
    return this.http.length > 0;
  }

  /** Index of the first HTTP route that matches every request, or -1. */
  public get httpCatchAllIndex(): number {
    return this.http.findIndex(r => isHttpCatchAll(r.options.matches, this.matchScope(RouteKind.HTTP)));
  }

  /** Whether a TCP route matches every connection (then no default TCP route is needed). */
  public get tcpCatchAll(): boolean {
    const scope = this.matchScope(RouteKind.TCP);
    return this.tcp.some(r => isTcpCatchAll(r.options.matches, scope));
  }

  /** Checks values (throws every problem at once) and appends an HTTP route. */
  public addHttp(options: HttpRouteOptions): Route {
    const label = routeLabel('routes', this.http.length, options.name);
    // Istio routes on JWT claims only in VirtualServices bound to gateways (none of them the mesh)
    const atGateway = this.scope.gateways.length > 0 && !this.scope.gateways.includes('mesh');
    throwAll(label, httpValueProblems(options, atGateway, this.scope.gatewayApiRoutes?.() ?? false));
    this.http.push({ options, label });
    edits++;
    return new Route('http', this.http.length - 1, options.name);
  }

  /** Checks values and appends a TCP route. */
  public addTcp(options: TcpRouteOptions): Route {
    const label = routeLabel('tcpRoutes', this.tcp.length, undefined);
    throwAll(label, tcpValueProblems(options));
    this.tcp.push({ options, label });
    edits++;
    return new Route('tcp', this.tcp.length - 1);
  }

  /** Checks values and appends a TLS route. */
  public addTls(options: TlsRouteOptions): Route {
    const label = routeLabel('tlsRoutes', this.tls.length, undefined);
    throwAll(label, tlsValueProblems(options));
    this.tls.push({ options, label });
    edits++;
    return new Route('tls', this.tls.length - 1);
  }

  /** What the VirtualService applies to, for the matches of one kind of route. */
  public matchScope(kind: RouteKind): MatchScope {
    return { namespace: this.owner.namespace, gateways: this.scope.gateways, ports: this.scope.ports?.(kind) };
  }
}

function routeLabel(list: string, index: number, name: string | undefined): string {
  return name === undefined ? `${list}[${index}]` : `${list}[${index}] '${name}'`;
}

function throwAll(label: string, problems: Array<string | undefined>): void {
  const found = problems.filter((p): p is string => p !== undefined);
  if (found.length > 0) {
    throw new Error(found.map(p => `${label}: ${p}`).join('\n'));
  }
}
