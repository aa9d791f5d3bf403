/**
 * Which API a mesh's routing is written in.
 *
 * With `GATEWAY_API`, a `Gateway` emits a Kubernetes Gateway API `Gateway` (class `istio`) whose
 * pods istiod deploys itself, gateway routes become `HTTPRoute`s (and `TLSRoute`s), and a
 * `MeshService`'s routing becomes `HTTPRoute`s attached to its Service (GAMMA), sending to one
 * Service per version (`<service>-<version>`), since an HTTPRoute has no subsets. Every field the
 * API server would default is written out. DestinationRules stay. A setting the Gateway API cannot
 * express (fault injection, negative header matches, matches on the caller …) is a synth-time
 * error naming the construct, the route and the setting, never silently dropped.
 */
export enum RoutingApi {
  /** Istio's own APIs: `networking.istio.io` Gateways and VirtualServices. */
  ISTIO = 'ISTIO',
  /** The Kubernetes Gateway API (`gateway.networking.k8s.io/v1`): Gateways, HTTPRoutes and TLSRoutes. */
  GATEWAY_API = 'GATEWAY_API',
}
