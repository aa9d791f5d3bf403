/**
 * A gateway in the Gateway API: a `Gateway` of class `istio` whose listeners come from the
 * servers, the HTTPS-redirect HTTPRoute of servers with `httpsRedirect`, and the ReferenceGrants
 * of its routes to Services of other namespaces.
 */
import { ApiObject } from 'cdk8s';
import { GatewayServer } from '../../gateway-server';
import { Gateway as GatewayApiGateway, HttpRoute, HttpRouteSpecParentRefs as ParentReference } from '../../imports/gateway.networking.k8s.io';
import { GatewayModel, GatewayRouting } from '../../model/gateway';
import { GatewayRouteGroup } from '../gateway/routes';
import { serverPortNames } from '../gateway/servers';
import { gatewayNamespace } from '../gateway/workload';
import { lazy } from '../lazy';
import { RouteKind } from '../protocol';
import { crossNamespaceRefs, httpDestinations } from './backends';
import { parentRefsFor, PlannedListener, planListeners, renderGateway, renderRedirectRoute } from './gateway';
import { GrantSet } from './grants';
import { serverShape } from '../gateway/server-shape';
import { LABEL } from '../istio-names';

class GatewayApiGatewayRouting implements GatewayRouting {
  public readonly resource: ApiObject;
  public readonly routesNoun = 'routes';
  private readonly grants: GrantSet;
  private redirectRoute?: ApiObject;

  public constructor(private readonly gateway: GatewayModel, namespaceObject: ApiObject | undefined) {
    const revision = gateway.mesh.istio.revision;
    this.resource = new GatewayApiGateway(gateway.scope, 'Gateway', {
      metadata: { name: gateway.name, namespace: gateway.namespace, labels: revision !== undefined ? { [LABEL.revision]: revision } : undefined },
      spec: lazy(() => renderGateway(this.listeners().listeners)),
    });
    if (namespaceObject) {
      this.resource.addDependency(namespaceObject);
    }
    this.grants = new GrantSet(gateway.scope, `${gateway.name}.${gateway.namespace}`, () => gateway.groups.flatMap(g => [
      ...g.table.httpEntries.flatMap(r => crossNamespaceRefs('HTTPRoute', g.namespace, httpDestinations(r.options))),
      ...g.table.tlsEntries.flatMap(r => crossNamespaceRefs('TLSRoute', g.namespace, r.options.destinations)),
    ]));
  }

  public get selector(): { [key: string]: string } {
    return { [LABEL.gatewayName]: this.gateway.name };
  }

  public get gatewayApiObjects(): ApiObject[] {
    return [...this.redirectRoute ? [this.redirectRoute] : [], ...this.grants.objects];
  }

  public get groupParents(): (group: GatewayRouteGroup, kind: RouteKind) => ParentReference[] {
    return (g, kind) => parentRefsFor(this.listeners().listeners, kind, g.routeHosts, g.namespace, this.gateway);
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
  public groupChanged(group: GatewayRouteGroup): void {
    const mesh = this.gateway.mesh;
    const namespaceObject = gatewayNamespace(mesh, group.namespace);
    for (const o of group.gatewayApiObjects) {
      o.addDependency(this.resource);
      if (namespaceObject) {
        o.addDependency(namespaceObject);
      }
    }
    const refs = [
      ...group.table.httpEntries.flatMap(r => crossNamespaceRefs('HTTPRoute', group.namespace, httpDestinations(r.options))),
      ...group.table.tlsEntries.flatMap(r => crossNamespaceRefs('TLSRoute', group.namespace, r.options.destinations)),
    ];
    for (const ref of refs) {
      this.grants.ensure(ref.toNamespace, mesh.namespaces.includes(ref.toNamespace) ? mesh.addNamespace(ref.toNamespace) : undefined);
    }
  }

  public problems(): string[] {
    return this.listeners().problems;
  }

  /** The Gateway API listeners of the servers. */
  private listeners(): { listeners: PlannedListener[]; problems: string[] } {
    const servers = this.gateway.servers;
    const names = serverPortNames(servers.map(serverShape));
    return planListeners(servers.map((s, i) => ({
      ...serverShape(s), portName: names[i], tlsOptions: s.tlsSettings?._options(),
    })));
  }
}

/** The Gateway API objects of a gateway; `namespaceObject` is the Namespace the Gateway depends on, if the mesh emits it. */
export function gatewayApiGatewayRouting(gateway: GatewayModel, namespaceObject: ApiObject | undefined): GatewayRouting {
  return new GatewayApiGatewayRouting(gateway, namespaceObject);
}
