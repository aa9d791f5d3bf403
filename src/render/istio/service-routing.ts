/**
 * A service's routing in Istio's API: one VirtualService for the host, with the service's routes,
 * its canary's tester route and its default route (a canary's split, else the service's
 * `DefaultRouting`) for HTTP, and the TLS and TCP defaults for those ports. A service with several
 * ports gets a default route per port, each naming its port in the destination (istioctl analyze,
 * IST0112); `DefaultRouting.none()` emits no VirtualService at all.
 */
import { renderCanaryDefaultRoute, renderCanaryPinRoutes } from './canary';
import { DefaultRoute, renderDestinations, renderHttpRoutes, renderTcpRoutes, renderTlsRoutes } from './routes';
import {
  VirtualService, VirtualServiceSpec, VirtualServiceSpecHttp, VirtualServiceSpecHttpRoute, VirtualServiceSpecTcp,
} from '../../imports/networking.istio.io';
import { ServiceRouting } from '../../model/routing-backend';
import { defaultDestinations, routesInMesh, ServiceModel } from '../../model/service';
import { lazy } from '../../private/lazy';
import { routeKindOf, RouteKind } from '../../private/protocol';

/** The VirtualService of a service, kept in step with the service until synthesis (none with `DefaultRouting.none()`). */
export function istioServiceRouting(service: ServiceModel): ServiceRouting {
  const virtualService = routesInMesh(service) ? new VirtualService(service.host, 'VirtualService', {
    metadata: { name: service.objectNames.virtualService, namespace: service.namespace },
    spec: lazy(() => renderServiceVirtualService(service)),
  }) : undefined;
  return {
    routeObjects: virtualService ? [virtualService] : [],
    virtualService,
    gatewayApiObjects: [],
    versionServices: [],
    versionAdded: () => {},
    routeAdded: () => {},
    policiesChanged: () => {},
    problems: () => [],
  };
}

/** The default route: a canary's weighted split, else the service's default routing. */
function defaultRoute(service: ServiceModel): DefaultRoute | undefined {
  const canary = service.canary;
  if (canary) {
    return { route: renderCanaryDefaultRoute(service, canary), replaceable: false };
  }
  const destinations = defaultDestinations(service);
  if (destinations === undefined) {
    return undefined;
  }
  return { route: { route: renderDestinations(service.host, service.namespace, destinations) }, replaceable: true };
}

function renderServiceVirtualService(service: ServiceModel): VirtualServiceSpec {
  const namespace = service.namespace;
  const host = service.host.hostFrom(namespace);
  const portsOf = (kind: RouteKind) => service.ports.filter(p => routeKindOf(p.protocol) === kind).map(p => p.port);
  const kinds = new Set(service.ports.map(p => routeKindOf(p.protocol)));
  const routes = service.routes;
  const fallback = defaultRoute(service);
  // with several ports, every destination names its port: each port gets its own default route
  const multiPort = service.ports.length > 1;
  const atPort = (port: number) => multiPort && fallback ? withPort(fallback.route, port) : fallback?.route;
  const pins = service.canary ? renderCanaryPinRoutes(service, service.canary) : [];
  let http: VirtualServiceSpecHttp[];
  if (!multiPort) {
    http = kinds.has(RouteKind.HTTP) || !routes.isEmpty ? [...renderHttpRoutes(routes, namespace, fallback)] : [];
    if (pins.length > 0) {
      http.splice(http.length - 1, 0, ...pins);
    }
  } else {
    const httpPorts = portsOf(RouteKind.HTTP);
    const replaced = fallback !== undefined && fallback.replaceable && routes.httpCatchAllIndex >= 0;
    // a route to the service that names no port: one copy per HTTP port, sending to that port
    const own = renderHttpRoutes(routes, namespace, fallback).slice(0, routes.httpEntries.length);
    http = [
      ...own.flatMap(route => namesNoOwnPort(route, host)
        ? httpPorts.flatMap(port => routeAtPort(route, host, port, httpPorts.length > 1)) : [route]),
      ...httpPorts.flatMap(port => pins.flatMap(pin => routeAtPort(pin, host, port, httpPorts.length > 1))),
      ...replaced ? [] : httpPorts.flatMap(port => {
        const route = atPort(port);
        return route ? [httpPorts.length > 1 ? { match: [{ port }], ...route } : route] : [];
      }),
    ];
  }
  const tls = [
    ...renderTlsRoutes(routes, namespace),
    ...portsOf(RouteKind.TLS).map(p => ({ match: [{ port: p, sniHosts: [host] }], route: atPort(p)?.route ?? [] })),
  ];
  const tcpPorts = portsOf(RouteKind.TCP);
  const tcp: VirtualServiceSpecTcp[] = [
    ...renderTcpRoutes(routes, namespace),
    ...tcpPorts.length > 0 && !routes.tcpCatchAll
      ? multiPort
        ? tcpPorts.map(port => ({ match: tcpPorts.length > 1 ? [{ port }] : undefined, route: atPort(port)?.route ?? [] }))
        : [{ route: fallback?.route.route ?? [] }]
      : [],
  ];
  return {
    hosts: [host],
    exportTo: service.exportTo,
    http: kinds.has(RouteKind.HTTP) ? http : undefined,
    tls: tls.length > 0 ? tls : undefined,
    tcp: tcp.length > 0 ? tcp : undefined,
  };
}

/** A default route whose destinations (and mirror) name `port`. */
function withPort(route: VirtualServiceSpecHttp, port: number): VirtualServiceSpecHttp {
  return {
    ...route,
    route: route.route?.map((r: VirtualServiceSpecHttpRoute) => ({ ...r, destination: { ...r.destination, port: { number: port } } })),
    mirror: route.mirror && { ...route.mirror, port: { number: port } },
  };
}

/** Whether a rendered route sends (or mirrors) to `host` without naming a port. */
function namesNoOwnPort(route: VirtualServiceSpecHttp, host: string): boolean {
  return (route.route ?? []).some(r => r.destination.host === host && r.destination.port === undefined)
    || (route.mirror !== undefined && route.mirror.host === host && route.mirror.port === undefined);
}

/**
 * A route of a multi-port service for one of its HTTP ports: its destinations (and mirror) to the
 * service name the port and, when the service has several HTTP ports, its matches are restricted
 * to that port (none left: no route for the port). The Gateway API backend renders the same: one
 * HTTPRoute per HTTP port.
 */
function routeAtPort(route: VirtualServiceSpecHttp, host: string, port: number, restrict: boolean): VirtualServiceSpecHttp[] {
  const matches = restrict
    ? (route.match ?? [{}]).filter(m => m.port === undefined || m.port === port).map(m => ({ ...m, port }))
    : route.match;
  if (matches !== undefined && matches.length === 0) {
    return [];
  }
  const at = <T extends { host: string; port?: { number?: number } }>(d: T): T =>
    d.host === host && d.port === undefined ? { ...d, port: { number: port } } : d;
  return [{
    ...route,
    match: matches,
    route: route.route?.map((r: VirtualServiceSpecHttpRoute) => ({ ...r, destination: at(r.destination) })),
    mirror: route.mirror && at(route.mirror),
  }];
}
