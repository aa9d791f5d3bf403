import { gatewayApiGatewayRouting } from './gateway-routing';
import { gatewayApiServiceRouting } from './mesh-objects';
import { RoutingBackend } from '../../model/routing-backend';
import { RoutingApi } from '../../routing-api';

/**
 * The Kubernetes Gateway API: HTTPRoutes attached to Services (GAMMA), one Service per version for
 * weighted routing, ReferenceGrants for routes to other namespaces.
 */
export const GATEWAY_API_BACKEND: RoutingBackend = {
  api: RoutingApi.GATEWAY_API,
  precedenceOrdered: true,
  deploysGatewayPods: false,
  serviceRouting: gatewayApiServiceRouting,
  gatewayRouting: gatewayApiGatewayRouting,
};
