/**
 * The routes of one set of hosts at a gateway, in Istio's API: one VirtualService bound to the
 * gateway, rendered from the group's route table by the same functions as a service's routes.
 */
import { renderHttpRoutes, renderTcpRoutes, renderTlsRoutes } from './routes';
import { VirtualService, VirtualServiceSpec } from '../../imports/networking.istio.io';
import { GroupRouting, RouteGroupModel } from '../../model/gateway';
import { lazy } from '../../private/lazy';

/** The VirtualService of a route group. */
export function istioGroupRouting(group: RouteGroupModel): GroupRouting {
  const virtualService = new VirtualService(group.scope, 'VirtualService', {
    metadata: { name: group.name, namespace: group.namespace },
    spec: lazy(() => renderGroupVirtualService(group)),
  });
  return {
    virtualService,
    gatewayApiObjects: [],
    httpAdded: () => {},
    tlsAdded: () => {},
    problems: () => [],
  };
}

function renderGroupVirtualService(group: RouteGroupModel): VirtualServiceSpec {
  const http = renderHttpRoutes(group.table, group.namespace);
  const tcp = renderTcpRoutes(group.table, group.namespace);
  const tls = renderTlsRoutes(group.table, group.namespace).map((t, r) => ({
    ...t,
    match: t.match?.map((m, i) => ({ ...m, sniHosts: group.sni[r][i] })),
  }));
  return {
    hosts: group.routeHosts,
    gateways: [group.gatewayRef],
    http: http.length > 0 ? http : undefined,
    tcp: tcp.length > 0 ? tcp : undefined,
    tls: tls.length > 0 ? tls : undefined,
  };
}
