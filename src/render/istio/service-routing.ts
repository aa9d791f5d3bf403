/**
 * A service's routing in Istio's API: one VirtualService for the host, with the service's routes,
 * its canary's tester route and its default route (a canary's split, else everything to the
 * default version) for HTTP, and the TLS and TCP defaults for those ports.
 */
import { renderCanaryDefaultRoute, renderCanaryPinRoutes } from './canary';
import { DefaultRoute, renderDestinations, renderHttpRoutes, renderTcpRoutes, renderTlsRoutes } from './routes';
import { VirtualService, VirtualServiceSpec } from '../../imports/networking.istio.io';
import { ServiceRouting } from '../../model/routing-backend';
import { ServiceModel } from '../../model/service';
import { lazy } from '../../private/lazy';
import { routeKindOf, RouteKind } from '../../private/protocol';

/** The VirtualService of a service, kept in step with the service until synthesis. */
export function istioServiceRouting(service: ServiceModel): ServiceRouting {
  const virtualService = new VirtualService(service.host, 'VirtualService', {
    metadata: { name: service.name, namespace: service.namespace },
    spec: lazy(() => renderServiceVirtualService(service)),
  });
  return {
    routeObjects: [virtualService],
    virtualService,
    gatewayApiObjects: [],
    versionServices: [],
    versionAdded: () => {},
    routeAdded: () => {},
    policiesChanged: () => {},
    problems: () => [],
  };
}

/** The default route: a canary's weighted split, else everything to the default version. */
function defaultRoute(service: ServiceModel): DefaultRoute | undefined {
  const canary = service.canary;
  if (canary) {
    return { route: renderCanaryDefaultRoute(service, canary), replaceable: false };
  }
  if (service.defaultVersion === undefined) {
    return undefined;
  }
  return { route: { route: renderDestinations(service.host, service.namespace, [{ version: service.defaultVersion }]) }, replaceable: true };
}

function renderServiceVirtualService(service: ServiceModel): VirtualServiceSpec {
  const namespace = service.namespace;
  const host = service.host.hostFrom(namespace);
  const kinds = new Set(service.ports.map(p => routeKindOf(p.protocol)));
  const routes = service.routes;
  const fallback = defaultRoute(service);
  const defaultDestinations = fallback?.route.route ?? [];
  const pins = service.canary ? renderCanaryPinRoutes(service, service.canary) : [];
  const http = kinds.has(RouteKind.HTTP) || !routes.isEmpty ? [...renderHttpRoutes(routes, namespace, fallback)] : [];
  if (pins.length > 0) {
    http.splice(http.length - 1, 0, ...pins);
  }
  const tlsPorts = service.ports.filter(p => routeKindOf(p.protocol) === RouteKind.TLS);
  const tls = [
    ...renderTlsRoutes(routes, namespace),
    ...tlsPorts.map(p => ({ match: [{ port: p.port, sniHosts: [host] }], route: defaultDestinations })),
  ];
  const tcp = [
    ...renderTcpRoutes(routes, namespace),
    ...kinds.has(RouteKind.TCP) && !routes.tcpCatchAll ? [{ route: defaultDestinations }] : [],
  ];
  return {
    hosts: [host],
    exportTo: service.exportTo,
    http: kinds.has(RouteKind.HTTP) ? http : undefined,
    tls: tls.length > 0 ? tls : undefined,
    tcp: tcp.length > 0 ? tcp : undefined,
  };
}
