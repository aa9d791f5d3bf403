/**
 * The simulator's Gateway API part (HTTPRoute, GRPCRoute): written by the `simgw` branch.
 */
import { NormalizedRequest } from './request';
import { SimulatedRoute } from './types';
import { SimWorld } from './world';

/**
 * Where Gateway API routes send `request`: for a mesh request, the HTTPRoutes/GRPCRoutes whose
 * parentRefs name the host's Service; for a request entering through a Gateway API `Gateway`, the
 * routes attached to it. Undefined when no Gateway API object routes the request (the Istio part
 * then decides).
 */
export function routeGatewayApi(world: SimWorld, request: NormalizedRequest): SimulatedRoute | undefined {
  void world; void request;
  return undefined;
}
