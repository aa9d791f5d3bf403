import {
  VirtualServiceSpecHttp,
  VirtualServiceSpecHttpMatch,
  VirtualServiceSpecHttpRoute,
  VirtualServiceSpecTcp,
  VirtualServiceSpecTcpMatch,
  VirtualServiceSpecTls,
} from '../imports/networking.istio.io';
import { HttpMatch, HttpRouteOptions, Route, RouteDestination, StringMatch, TcpMatch, TcpRouteOptions, TlsRouteOptions } from '../route';
import { toIstioDuration } from './duration';
import { httpMatchAdmitsAll, httpMatchCovers, MatchScope, tcpMatchAdmitsAll, tcpMatchCovers } from './match-coverage';
import { RouteKind } from './protocol';
import { deadMatchProblems, OrderedRoute, shadowProblems } from './route-order';
import { httpValueProblems, tcpValueProblems, tlsValueProblems } from './route-values';
import { listOf } from './validation';
import { IMeshHost } from '../interfaces/mesh-host';

/** A route as stored: its options and a label for messages (`routes[1] 'jason'`). */
export interface Stored<T> {
  readonly options: T;
  readonly label: string;
}

/** The default (last) HTTP route of a host, as its owner renders it. */
export interface DefaultRoute {
  /** The route, already rendered. */
  readonly route: VirtualServiceSpecHttp;
  /** Whether a user's catch-all route makes it unnecessary (true: drop it in that case). */
  readonly replaceable: boolean;
  /**
   * A route the owner places after the host's routes and before the default one (a canary's
   * tester route), checked for being shadowed by them.
   */
  readonly pinned?: { readonly label: string; readonly matches: HttpMatch[] };
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
  readonly gatewayApi?: () => boolean;
}

/**
 * The ordered HTTP, TCP and TLS routes of one host, checked and rendered into its single
 * VirtualService.
 */
export class RouteTable {
  private readonly http: Array<Stored<HttpRouteOptions>> = [];
  private readonly tcp: Array<Stored<TcpRouteOptions>> = [];
  private readonly tls: Array<Stored<TlsRouteOptions>> = [];

  public constructor(private readonly owner: IMeshHost, private readonly scope: RouteScope = { gateways: [] }) {}

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
    throwAll(label, httpValueProblems(options, atGateway, this.scope.gatewayApi?.() ?? false));
    this.http.push({ options, label });
    return new Route('http', this.http.length - 1, options.name);
  }

  /** Checks values and appends a TCP route. */
  public addTcp(options: TcpRouteOptions): Route {
    const label = routeLabel('tcpRoutes', this.tcp.length, undefined);
    throwAll(label, tcpValueProblems(options));
    this.tcp.push({ options, label });
    return new Route('tcp', this.tcp.length - 1);
  }

  /** Checks values and appends a TLS route. */
  public addTls(options: TlsRouteOptions): Route {
    const label = routeLabel('tlsRoutes', this.tls.length, undefined);
    throwAll(label, tlsValueProblems(options));
    this.tls.push({ options, label });
    return new Route('tls', this.tls.length - 1);
  }

  /** What the VirtualService applies to, for the matches of one kind of route. */
  public matchScope(kind: RouteKind): MatchScope {
    return { namespace: this.owner.namespace, gateways: this.scope.gateways, ports: this.scope.ports?.(kind) };
  }

  /** Cross-object problems: undeclared versions and ports, weights, unreachable routes, names. */
  public validate(defaultRoute?: DefaultRoute): string[] {
    const problems: string[] = [];
    const names = new Map<string, string>();
    this.http.forEach(r => {
      const name = r.options.name;
      if (name !== undefined) {
        const first = names.get(name);
        if (first !== undefined) {
          problems.push(`${r.label}: route name '${name}' is already used by ${first}`);
        } else {
          names.set(name, r.label);
        }
      }
      problems.push(...this.destinationProblems(r.label, r.options.destinations ?? [], r.options.redirect === undefined));
      if (r.options.mirror) {
        problems.push(...this.destinationProblems(`${r.label} mirror`, [r.options.mirror.destination], false));
      }
      if (r.options.destinations === undefined && r.options.redirect === undefined && defaultRoute === undefined) {
        problems.push(`${r.label}: 'destinations' is required: host '${this.owner.name}' has no default version to send to`);
      }
    });
    this.tcp.forEach(r => problems.push(...this.destinationProblems(r.label, r.options.destinations, true)));
    const host = this.owner.hostFrom(this.owner.namespace);
    this.tls.forEach(r => {
      problems.push(...this.destinationProblems(r.label, r.options.destinations, true));
      (r.options.matches ?? []).forEach((m, i) => (m.sniHosts ?? []).filter(sni => !hostCovers(host, sni)).forEach(sni =>
        problems.push(`${r.label}: 'matches[${i}].sniHosts' entry '${sni}' is not within the host '${host}': Istio rejects SNI hosts outside the VirtualService's hosts`)));
    });

    problems.push(...this.reachProblems(defaultRoute));
    return problems;
  }

  /** Matches that never apply, and routes or matches that earlier ones shadow. */
  private reachProblems(defaultRoute?: DefaultRoute): string[] {
    const host = this.owner.name;
    const http = this.matchScope(RouteKind.HTTP);
    const tcp = this.matchScope(RouteKind.TCP);
    const tls = this.matchScope(RouteKind.TLS);
    const pinned = defaultRoute?.pinned;
    const httpRoutes: OrderedRoute[] = [
      ...this.http.map(r => ({ label: r.label, matches: r.options.matches?.map(renderHttpMatch) })),
      // a canary's tester route shadowed by a route matching everything is its owner's to report
      ...pinned ? [{ label: pinned.label, matches: pinned.matches.map(renderHttpMatch), quietBehindCatchAll: true }] : [],
    ];
    return [
      ...this.http.flatMap(r => deadMatchProblems(r.label, r.options.matches, http, 'HTTP', host)),
      ...pinned ? deadMatchProblems(pinned.label, pinned.matches, http, 'HTTP', host) : [],
      ...this.tcp.flatMap(r => deadMatchProblems(r.label, r.options.matches, tcp, 'TCP', host)),
      ...this.tls.flatMap(r => deadMatchProblems(r.label, r.options.matches, tls, 'TLS', host)),
      // the Gateway API tries rules by precedence: its backend checks that the order holds; here only matches that take every request shadow
      ...shadowProblems(httpRoutes, http, this.scope.gatewayApi?.() ? (a, _, scope) => httpMatchAdmitsAll(a, scope) : httpMatchCovers, 'request'),
      ...shadowProblems(this.tcp.map(r => ({ label: r.label, matches: r.options.matches?.map(renderTcpMatch) })), tcp, tcpMatchCovers, 'connection'),
    ];
  }

  /** The VirtualService sections. Callers validate first; rendering does not throw. */
  public renderHttp(namespace: string, defaultRoute?: DefaultRoute): VirtualServiceSpecHttp[] {
    const rendered = this.http.map(r => this.renderHttpRoute(namespace, r.options, defaultRoute));
    const lastIsCatchAll = this.http.length > 0 && isHttpCatchAll(this.http[this.http.length - 1].options.matches, this.matchScope(RouteKind.HTTP));
    if (defaultRoute && !(defaultRoute.replaceable && lastIsCatchAll)) {
      rendered.push(defaultRoute.route);
    }
    return rendered;
  }

  public renderTcp(namespace: string): VirtualServiceSpecTcp[] {
    return this.tcp.map(r => ({
      match: r.options.matches?.map(m => renderTcpMatch(m)),
      route: this.renderDestinations(namespace, r.options.destinations),
    }));
  }

  public renderTls(namespace: string): VirtualServiceSpecTls[] {
    return this.tls.map(r => ({
      match: (r.options.matches ?? [{}]).map(m => ({
        ...renderTcpMatch(m),
        sniHosts: m.sniHosts ? [...m.sniHosts] : [this.owner.hostFrom(namespace)],
      })),
      route: this.renderDestinations(namespace, r.options.destinations),
    }));
  }

  /** Renders destinations: host name as seen from `namespace`, subset, port and weight. */
  public renderDestinations(namespace: string, destinations: RouteDestination[]): VirtualServiceSpecHttpRoute[] {
    return destinations.map(d => ({
      destination: {
        host: (d.host ?? this.owner).hostFrom(namespace),
        subset: d.version,
        port: d.port !== undefined ? { number: d.port } : undefined,
      },
      weight: destinations.length > 1 ? d.weight : undefined,
    }));
  }

  private renderHttpRoute(namespace: string, o: HttpRouteOptions, defaultRoute?: DefaultRoute): VirtualServiceSpecHttp {
    const route = o.redirect !== undefined
      ? undefined
      : o.destinations !== undefined ? this.renderDestinations(namespace, o.destinations) : defaultRoute?.route.route;
    return {
      name: o.name,
      match: o.matches?.map(renderHttpMatch),
      route,
      redirect: o.redirect && {
        uri: o.redirect.uri,
        authority: o.redirect.authority,
        port: o.redirect.port,
        scheme: o.redirect.scheme,
        redirectCode: o.redirect.redirectCode,
      },
      rewrite: o.rewrite && { uri: o.rewrite.uri, authority: o.rewrite.authority },
      timeout: o.timeout && toIstioDuration(o.timeout),
      retries: o.retries && {
        attempts: o.retries.attempts,
        perTryTimeout: o.retries.perTryTimeout && toIstioDuration(o.retries.perTryTimeout),
        retryOn: o.retries.retryOn || o.retries.retryOnStatusCodes
          ? [...o.retries.retryOn ?? [], ...(o.retries.retryOnStatusCodes ?? []).map(String)].join(',')
          : undefined,
        retryRemoteLocalities: o.retries.retryRemoteLocalities,
      },
      fault: o.fault && {
        delay: o.fault.delay && {
          fixedDelay: toIstioDuration(o.fault.delay.fixedDelay),
          percentage: { value: o.fault.delay.percentage ?? 100 },
        },
        abort: o.fault.abort && {
          httpStatus: o.fault.abort.httpStatus,
          percentage: { value: o.fault.abort.percentage ?? 100 },
        },
      },
      mirror: o.mirror && {
        host: (o.mirror.destination.host ?? this.owner).hostFrom(namespace),
        subset: o.mirror.destination.version,
        port: o.mirror.destination.port !== undefined ? { number: o.mirror.destination.port } : undefined,
      },
      mirrorPercentage: o.mirror && { value: o.mirror.percentage ?? 100 },
      headers: o.headers && {
        request: o.headers.request && { set: o.headers.request.set, add: o.headers.request.add, remove: o.headers.request.remove },
        response: o.headers.response && { set: o.headers.response.set, add: o.headers.response.add, remove: o.headers.response.remove },
      },
      corsPolicy: o.corsPolicy && {
        allowOrigins: o.corsPolicy.allowOrigins.map(s => s._toIstio()),
        allowMethods: o.corsPolicy.allowMethods,
        allowHeaders: o.corsPolicy.allowHeaders,
        exposeHeaders: o.corsPolicy.exposeHeaders,
        maxAge: o.corsPolicy.maxAge && toIstioDuration(o.corsPolicy.maxAge),
        allowCredentials: o.corsPolicy.allowCredentials,
      },
    };
  }

  private destinationProblems(label: string, destinations: RouteDestination[], weighted: boolean): string[] {
    const problems: string[] = [];
    for (const d of destinations) {
      const host = d.host ?? this.owner;
      const hosts: string[] | undefined = (host as { hosts?: string[] }).hosts;
      if (d.host !== undefined && hosts !== undefined && (hosts.length > 1 || hosts[0].startsWith('*'))) {
        problems.push(`${label}: external service '${host.name}' has ${hosts.length > 1 ? 'several hosts' : 'a wildcard host'} (${listOf(hosts)}), so a route cannot name one destination: declare one ExternalService per host`);
      }
      if (d.version !== undefined && !host.versionNames.includes(d.version)) {
        problems.push(`${label}: version '${d.version}' is not declared on '${host.name}' (declared: ${listOf(host.versionNames)})`);
      }
      if (d.port !== undefined && host.portNumbers.length > 0 && !host.portNumbers.includes(d.port)) {
        problems.push(`${label}: port ${d.port} is not a port of '${host.name}' (ports: ${listOf(host.portNumbers.map(String))})`);
      }
    }
    if (weighted && destinations.length > 1) {
      const missing = destinations.filter(d => d.weight === undefined).length;
      const sum = destinations.reduce((s, d) => s + (d.weight ?? 0), 0);
      if (missing > 0) {
        problems.push(`${label}: every destination needs a 'weight' when a route has several (${missing} of ${destinations.length} have none)`);
      } else if (sum !== 100) {
        problems.push(`${label}: destination weights must add up to 100, got ${destinations.map(d => d.weight).join(' + ')} = ${sum}`);
      }
    } else if (weighted && destinations.length === 1 && destinations[0].weight !== undefined && destinations[0].weight !== 100) {
      problems.push(`${label}: a single destination receives all traffic: its 'weight' must be 100 or unset, got ${destinations[0].weight}`);
    }
    return problems;
  }
}

/** Whether HTTP matches admit every request to the host: none, or one that admits everything (match-coverage.ts). */
export function isHttpCatchAll(matches: HttpMatch[] | undefined, scope: MatchScope): boolean {
  return matches === undefined || matches.length === 0 || matches.some(m => httpMatchAdmitsAll(renderHttpMatch(m), scope));
}

function isTcpCatchAll(matches: TcpMatch[] | undefined, scope: MatchScope): boolean {
  return matches === undefined || matches.length === 0 || matches.some(m => tcpMatchAdmitsAll(renderTcpMatch(m), scope));
}

/**
 * Whether Istio's SNI-host check accepts `sni` for a VirtualService host: `sni` must be a subset
 * of the host. The hosts here are never wildcards (service names; an external service with
 * routes has one non-wildcard host), so that means equality.
 */
function hostCovers(host: string, sni: string): boolean {
  return host === sni;
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

function renderStringMap(map: { [k: string]: StringMatch } | undefined): { [k: string]: any } | undefined {
  return map && Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v._toIstio()]));
}

export function renderHttpMatch(m: HttpMatch): VirtualServiceSpecHttpMatch {
  return {
    name: m.name,
    uri: m.uri?._toIstio(),
    ignoreUriCase: m.ignoreUriCase,
    scheme: m.scheme?._toIstio(),
    method: m.method?._toIstio(),
    authority: m.authority?._toIstio(),
    headers: renderStringMap(m.headers),
    withoutHeaders: renderStringMap(m.withoutHeaders),
    queryParams: renderStringMap(m.queryParams),
    port: m.port,
    sourceLabels: m.sourceLabels,
    sourceNamespace: m.sourceNamespace,
    gateways: m.gateways,
  };
}

function renderTcpMatch(m: TcpMatch): VirtualServiceSpecTcpMatch {
  return {
    port: m.port,
    destinationSubnets: m.destinationSubnets,
    sourceLabels: m.sourceLabels,
    sourceNamespace: m.sourceNamespace,
    gateways: m.gateways,
  };
}
