/**
 * Which channel of the Kubernetes Gateway API's CRDs the cluster serves, for a mesh with
 * `RoutingApi.GATEWAY_API`: what the mesh's output may contain.
 *
 * The bindings are those of Gateway API v1.6.1. Two things differ by channel:
 * - HTTPRoute `retry` (a route's `retries`) is experimental before v1.7: the standard channel's
 *   CRDs reject it, so with `STANDARD` a route with `retries` is a synth-time error.
 * - `TCPRoute`s (a service's TCP ports with versions, `addTcpRoute` on a service or a gateway):
 *   Istio reads TCPRoutes as `v1alpha2`, which only the experimental channel serves (TCPRoute `v1`
 *   is standard from v1.6, but Istio does not watch it), so with `STANDARD` TCP routing that a
 *   Service alone cannot do is a synth-time error. TCPRoutes are written as `v1` (the storage
 *   version from v1.6; the API server serves them to Istio as `v1alpha2`).
 */
export enum GatewayApiChannel {
  /** The standard channel (v1.5 or later; TCPRoute `v1` needs v1.6): no experimental field, no TCPRoute. */
  STANDARD = 'STANDARD',
  /** The experimental channel of v1.6 or later: HTTPRoute `retry` and TCPRoutes too. */
  EXPERIMENTAL = 'EXPERIMENTAL',
}
