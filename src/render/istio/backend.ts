import { istioGatewayRouting } from './gateway';
import { istioServiceRouting } from './service-routing';
import { RoutingBackend } from '../../model/routing-backend';
import { RoutingApi } from '../../routing-api';

/** Istio's routing API: VirtualServices (and DestinationRule subsets). */
export const ISTIO_BACKEND: RoutingBackend = {
  api: RoutingApi.ISTIO,
  precedenceOrdered: false,
  deploysGatewayPods: true,
  serviceRouting: istioServiceRouting,
  gatewayRouting: istioGatewayRouting,
};
