import { gatewayApiGatewayRouting } from './gateway-routing';
import { gatewayApiServiceRouting } from './mesh-objects';
import { GatewayApiChannel } from '../../gateway-api-channel';
import { RoutingBackend } from '../../model/routing-backend';
import { RoutingApi } from '../../routing-api';

/**
 * The Kubernetes Gateway API for the CRDs of one channel: HTTPRoutes (and, in the experimental
 * channel, TCPRoutes) attached to Services (GAMMA), one Service per version for weighted routing,
 * ReferenceGrants for routes to other namespaces.
 */
export function gatewayApiBackend(channel: GatewayApiChannel): RoutingBackend {
  return {
    api: RoutingApi.GATEWAY_API,
    precedenceOrdered: true,
    deploysGatewayPods: false,
    serviceRouting: service => gatewayApiServiceRouting(service, channel),
    gatewayRouting: (gateway, namespaceObject) => gatewayApiGatewayRouting(gateway, namespaceObject, channel),
  };
}
