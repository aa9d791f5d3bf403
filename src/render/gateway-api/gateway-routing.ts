/**
 * A gateway in the Gateway API: a `Gateway` of class `istio` whose listeners come from the
 * servers, the HTTPS-redirect HTTPRoute of servers with `httpsRedirect`, and the ReferenceGrants
 * of its routes to Services of other namespaces.
 */
import { ApiObject } from 'cdk8s';
import { crossNamespaceRefs } from './backends';
import {
  GroupInput, parentRefsFor, PlannedListener, planListeners, renderGateway, renderGroupHttpRoute, renderGroupTlsRoute,
  renderRedirectRoute, tlsRouteName,
} from './gateway';
import { GrantSet } from './grants';
import { gatewayTcpRouteName, gatewayTcpStandardProblems, GatewayTcpInput, renderGatewayTcpRoute } from './tcp-routes';
import { retryChannelProblems } from './timeouts-retries';
import { GatewayApiChannel } from '../../gateway-api-channel';
import { GatewayServer } from '../../gateway-server';
import { Gateway as GatewayApiGateway, HttpRoute, TcpRoute, TlsRoute } from '../../imports/gateway.networking.k8s.io';
import { GatewayModel, GatewayRouting, GroupRouting, RouteGroupModel } from '../../model/gateway';
import { entryDestinations } from '../../model/route-targets';
import { namedServers } from '../../private/gateway/server-shape';
import { gatewayNamespace } from '../../private/gateway/workload';
import { LABEL } from '../../private/istio-names';
import { lazy } from '../../private/lazy';
import { RouteKind } from '../../private/protocol';

class GatewayApiGatewayRouting implements GatewayRouting {
  public readonly resource: ApiObject;
  public readonly routesNoun = 'routes';
  private readonly grants: GrantSet;
  private redirectRoute?: ApiObject;
  /** The TCPRoutes of each group (experimental channel), created as its TCP routes are added. */
  private readonly tcpRoutes = new Map<RouteGroupModel, ApiObject[]>();

  public constructor(private readonly gateway: GatewayModel, namespaceObject: ApiObject | undefined, private readonly channel: GatewayApiChannel) {
    const revision = gateway.mesh.istio.revision;
    this.resource = new GatewayApiGateway(gateway.scope, 'Gateway', {
      metadata: { name: gateway.name, namespace: gateway.namespace, labels: revision !== undefined ? { [LABEL.revision]: revision } : undefined },
      spec: lazy(() => renderGateway(this.listeners().listeners)),
    });
    if (namespaceObject) {
      this.resource.addDependency(namespaceObject);
    }
    this.grants = new GrantSet(gateway.scope, `${gateway.name}.${gateway.namespace}`, () => gateway.groups.flatMap(g => [
      ...g.table.httpEntries.flatMap(r => crossNamespaceRefs('HTTPRoute', g.namespace, entryDestinations(r.options))),
      ...g.table.tlsEntries.flatMap(r => crossNamespaceRefs('TLSRoute', g.namespace, r.options.destinations)),
      ...this.tcpRefs(g),
    ]));
  }

  public get selector(): { [key: string]: string } {
    return { [LABEL.gatewayName]: this.gateway.name };
  }

  public get gatewayApiObjects(): ApiObject[] {
    return [...this.redirectRoute ? [this.redirectRoute] : [], ...this.grants.objects];
  }

  public get precedenceOrdered(): boolean {
    return true;
  }

  /**
   * A group's routes: one HTTPRoute for its HTTP routes, a TLSRoute per TLS route and (experimental
   * channel) a TCPRoute per TCP route, attached to the listeners that serve its hosts.
   */
  public groupRouting(group: RouteGroupModel): GroupRouting {
    const routes: { http?: ApiObject; tls: ApiObject[] } = { tls: [] };
    const tcp: ApiObject[] = [];
    this.tcpRoutes.set(group, tcp);
    const input = (): GroupInput => ({
      name: group.name,
      namespace: group.namespace,
      hosts: group.routeHosts,
      http: group.table.httpEntries,
      tcp: group.table.tcpEntries,
      tls: group.table.tlsEntries,
      sni: group.sni.map(r => r.map(m => [...m])),
      parents: (kind: RouteKind) => parentRefsFor(this.listeners().listeners, kind, group.routeHosts, group.namespace, this.gateway),
    });
    return {
      get gatewayApiObjects() { return [...routes.http ? [routes.http] : [], ...routes.tls, ...tcp]; },
      httpAdded: () => {
        routes.http ??= new HttpRoute(group.scope, 'HTTPRoute', {
          metadata: { name: group.name, namespace: group.namespace },
          spec: lazy(() => renderGroupHttpRoute(input()).spec),
        });
      },
      tlsAdded: (index: number) => {
        routes.tls.push(new TlsRoute(group.scope, `TLSRoute-${index}`, {
          metadata: { name: tlsRouteName(group.name, index), namespace: group.namespace },
          spec: lazy(() => renderGroupTlsRoute(input(), index).spec),
        }));
      },
      problems: () => [
        ...group.table.hasHttp ? renderGroupHttpRoute(input()).problems : [],
        ...routes.tls.flatMap((_, i) => renderGroupTlsRoute(input(), i).problems),
        ...this.channel === GatewayApiChannel.EXPERIMENTAL
          ? group.table.tcpEntries.flatMap((_, i) => renderGatewayTcpRoute(this.tcpInput(group), i).problems)
          : gatewayTcpStandardProblems(group.table.tcpEntries),
        ...retryChannelProblems(group.table.httpEntries, this.channel),
      ],
    };
  }

  /** A server with `httpsRedirect` is answered by the HTTPRoute `<gateway>-https-redirect`. */
  public serverAdded(server: GatewayServer): void {
    if (server.httpsRedirect && !this.redirectRoute) {
      const gateway = this.gateway;
      this.redirectRoute = new HttpRoute(gateway.scope, 'HttpsRedirect', {
        metadata: { name: `${gateway.name}-https-redirect`, namespace: gateway.namespace },
        spec: lazy(() => renderRedirectRoute(this.listeners().listeners, gateway)),
      });
      this.redirectRoute.addDependency(this.resource);
    }
  }

  /** The group's route objects depend on their namespace and the Gateway; grants for routes to other namespaces. */
  public groupChanged(group: RouteGroupModel): void {
    const mesh = this.gateway.mesh;
    const tcp = this.tcpRoutes.get(group)!;
    while (this.channel === GatewayApiChannel.EXPERIMENTAL && tcp.length < group.table.tcpEntries.length) {
      const index = tcp.length;
      tcp.push(new TcpRoute(group.scope, `TCPRoute-${index}`, {
        metadata: { name: gatewayTcpRouteName(group.name, index), namespace: group.namespace },
        spec: lazy(() => renderGatewayTcpRoute(this.tcpInput(group), index).spec),
      }));
    }
    const namespaceObject = gatewayNamespace(mesh, group.namespace);
    for (const o of group.gatewayApiObjects) {
      o.addDependency(this.resource);
      if (namespaceObject) {
        o.addDependency(namespaceObject);
      }
    }
    const refs = [
      ...group.table.httpEntries.flatMap(r => crossNamespaceRefs('HTTPRoute', group.namespace, entryDestinations(r.options))),
      ...group.table.tlsEntries.flatMap(r => crossNamespaceRefs('TLSRoute', group.namespace, r.options.destinations)),
      ...this.tcpRefs(group),
    ];
    for (const ref of refs.filter(r => !r.ownerGrants)) {
      this.grants.ensure(ref, mesh.namespaces.includes(ref.toNamespace) ? mesh.addNamespace(ref.toNamespace) : undefined);
    }
  }

  public problems(): string[] {
    return this.listeners().problems;
  }

  /** The Services of other namespaces a group's TCPRoutes send to (none without TCPRoutes). */
  private tcpRefs(group: RouteGroupModel) {
    return this.channel === GatewayApiChannel.EXPERIMENTAL
      ? group.table.tcpEntries.flatMap(r => crossNamespaceRefs('TCPRoute', group.namespace, r.options.destinations)) : [];
  }

  /** What a group's TCPRoutes are rendered from: its TCP routes and the TCP listeners serving its hosts. */
  private tcpInput(group: RouteGroupModel): GatewayTcpInput {
    return {
      name: group.name,
      namespace: group.namespace,
      tcp: group.table.tcpEntries,
      parents: () => this.listeners().listeners.filter(l => l.kind === RouteKind.TCP).flatMap(l =>
        parentRefsFor([l], RouteKind.TCP, group.routeHosts, group.namespace, this.gateway).map(ref => ({ ref, port: l.listener.port }))),
    };
  }

  /** The Gateway API listeners of the servers. */
  private listeners(): { listeners: PlannedListener[]; problems: string[] } {
    const servers = this.gateway.servers;
    return planListeners(namedServers(servers).map((named, i) => ({ ...named, tlsOptions: servers[i].tlsSettings?._options() })));
  }

}

/** The Gateway API objects of a gateway; `namespaceObject` is the Namespace the Gateway depends on, if the mesh emits it. */
export function gatewayApiGatewayRouting(gateway: GatewayModel, namespaceObject: ApiObject | undefined, channel: GatewayApiChannel): GatewayRouting {
  return new GatewayApiGatewayRouting(gateway, namespaceObject, channel);
}
