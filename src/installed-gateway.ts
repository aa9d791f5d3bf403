import { GatewayPort } from './gateway-workload-options';

/**
 * The Service of a gateway installed in the cluster (by istioctl, Istio's Helm charts or a
 * platform team), whose pods a `Gateway` with `selector` configures. The library emits none of
 * its objects; routes send traffic to the Service (`addEgressRoute`), and the synth-time analysis
 * takes the Service and a pod with the selector's labels as existing.
 *
 * The defaults are those of Istio's installed gateways: `istio-ingressgateway` /
 * `istio-egressgateway` in `istio-system` (istioctl's profiles and the `gateways/istio-ingress`,
 * `gateways/istio-egress` charts), with ports 80 `http2` (target 8080) and 443 `https` (target 8443).
 */
export interface InstalledGatewayService {
  /**
   * Name of the Service.
   *
   * @default - 'istio-egressgateway' for an egress gateway, else 'istio-ingressgateway'
   */
  readonly name?: string;
  /**
   * Namespace of the Service (and, unless the Gateway's `namespace` is given, of the Gateway).
   *
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * The ServiceAccount the installed gateway's pods run as: their identity in the policies that
   * let the gateway call the services it routes to.
   *
   * @default - `<name>-service-account` (istioctl's install)
   */
  readonly serviceAccountName?: string;
  /**
   * Ports of the Service, besides the status port.
   *
   * @default - 80 `http2` (target 8080) and 443 `https` (target 8443)
   */
  readonly ports?: GatewayPort[];
}
