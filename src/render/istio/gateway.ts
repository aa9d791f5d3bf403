/**
 * A gateway in Istio's API: an Istio `Gateway` selecting the gateway's pods, with one server per
 * declared server; its routes are VirtualServices bound to it (written by the route groups).
 */
import { ApiObject } from 'cdk8s';
import { istioGroupRouting } from './gateway-routes';
import { Gateway as IstioGateway, GatewaySpec } from '../../imports/networking.istio.io';
import { GatewayModel, GatewayRouting } from '../../model/gateway';
import { namedServers } from '../../private/gateway/server-shape';
import { lazy } from '../../private/lazy';

/** The Istio Gateway of a gateway; `namespaceObject` is the Namespace it depends on, if the mesh emits it. */
export function istioGatewayRouting(gateway: GatewayModel, namespaceObject: ApiObject | undefined): GatewayRouting {
  const resource = new IstioGateway(gateway.scope, 'Gateway', {
    metadata: { name: gateway.name, namespace: gateway.namespace },
    spec: lazy(() => renderGateway(gateway)),
  });
  if (namespaceObject) {
    resource.addDependency(namespaceObject);
  }
  return {
    resource,
    get selector() { return gateway.istioSelector(); },
    gatewayApiObjects: [],
    routesNoun: 'VirtualService',
    precedenceOrdered: false,
    groupRouting: istioGroupRouting,
    serverAdded: () => {},
    groupChanged: () => {},
    problems: () => [],
  };
}

function renderGateway(gateway: GatewayModel): GatewaySpec {
  const named = namedServers(gateway.servers);
  return { selector: gateway.istioSelector(), servers: gateway.servers.map((s, i) => s._toIstio(named[i].portName)) };
}
