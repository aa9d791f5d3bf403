/**
 * A route table as the `http`, `tcp` and `tls` sections of an Istio VirtualService.
 */
import { HttpRouteOptions } from '../../http-route';
import {
  VirtualServiceSpecHttp,
  VirtualServiceSpecHttpRoute,
  VirtualServiceSpecTcp,
  VirtualServiceSpecTls,
} from '../../imports/networking.istio.io';
import { IMeshHost } from '../../interfaces/mesh-host';
import { RouteTable } from '../../model/route-table';
import { toIstioDuration } from '../../private/duration';
import { impliedPort, isHttpCatchAll, renderHttpMatch, renderTcpMatch } from '../../private/match-form';
import { RouteKind } from '../../private/protocol';
import { RouteDefault } from '../../private/route-checks';
import { RouteDestination } from '../../route-destination';

/** The default (last) HTTP route of a host, as its owner renders it. */
export interface DefaultRoute extends RouteDefault {
  /** The route, already rendered. */
  readonly route: VirtualServiceSpecHttp;
  /** Whether a user's catch-all route makes it unnecessary (true: drop it in that case). */
  readonly replaceable: boolean;
}

/** The VirtualService sections of a route table. Callers validate first; rendering does not throw. */
export function renderHttpRoutes(table: RouteTable, namespace: string, defaultRoute?: DefaultRoute): VirtualServiceSpecHttp[] {
  const rendered = table.httpEntries.map(r => renderHttpRouteOptions(table.owner, namespace, r.options, defaultRoute));
  const last = table.httpEntries[table.httpEntries.length - 1];
  const lastIsCatchAll = last !== undefined && isHttpCatchAll(last.options.matches, table.matchScope(RouteKind.HTTP));
  if (defaultRoute && !(defaultRoute.replaceable && lastIsCatchAll)) {
    rendered.push(defaultRoute.route);
  }
  return rendered;
}

export function renderTcpRoutes(table: RouteTable, namespace: string): VirtualServiceSpecTcp[] {
  return table.tcpEntries.map(r => ({
    match: r.options.matches?.map(m => renderTcpMatch(m)),
    route: renderDestinations(table.owner, namespace, ownPort(table, r.options.destinations, r.options.matches)),
  }));
}

export function renderTlsRoutes(table: RouteTable, namespace: string): VirtualServiceSpecTls[] {
  return table.tlsEntries.map(r => ({
    match: (r.options.matches ?? [{}]).map(m => ({
      ...renderTcpMatch(m),
      sniHosts: m.sniHosts ? [...m.sniHosts] : [table.owner.hostFrom(namespace)],
    })),
    route: renderDestinations(table.owner, namespace, ownPort(table, r.options.destinations, r.options.matches)),
  }));
}

/**
 * Destinations of a TCP or TLS route of a host with several ports: one to the host itself that names
 * no port is sent to the port all the route's matches name (the port the connection arrived on).
 */
function ownPort(
  table: RouteTable, destinations: RouteDestination[], matches: ReadonlyArray<{ readonly port?: number }> | undefined,
): RouteDestination[] {
  const port = impliedPort(matches);
  if (port === undefined || table.owner.portNumbers.length < 2) {
    return destinations;
  }
  return destinations.map(d => d.port === undefined && (d.host ?? table.owner) === table.owner ? { ...d, port } : d);
}

/** Renders destinations: host name as seen from `namespace` (`owner` when they name none), subset, port and weight. */
export function renderDestinations(owner: IMeshHost, namespace: string, destinations: RouteDestination[]): VirtualServiceSpecHttpRoute[] {
  return destinations.map(d => ({
    destination: {
      host: (d.host ?? owner).hostFrom(namespace),
      subset: d.version,
      port: d.port !== undefined ? { number: d.port } : undefined,
    },
    weight: destinations.length > 1 ? d.weight : undefined,
  }));
}

/** One HTTP route as Istio writes it (with no destinations: the default route's). */
export function renderHttpRouteOptions(
  owner: IMeshHost, namespace: string, o: HttpRouteOptions, defaultRoute?: DefaultRoute,
): VirtualServiceSpecHttp {
  const route = o.redirect !== undefined
    ? undefined
    : o.destinations !== undefined ? renderDestinations(owner, namespace, o.destinations) : defaultRoute?.route.route;
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
      host: (o.mirror.destination.host ?? owner).hostFrom(namespace),
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
