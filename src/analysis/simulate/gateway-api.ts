/**
 * The simulator's Gateway API part (HTTPRoute, GRPCRoute): a request entering through a Gateway
 * API `Gateway` (gateway-api-gateway.ts), or a request from a sidecar to a host whose Service the
 * routes are attached to (GAMMA, gateway-api-mesh.ts). Rules are matched in Istio's order of
 * precedence (gateway-api-match.ts): most specific first, not first written.
 */
import { routeAtGateway } from './gateway-api-gateway';
import { RegexCompiler } from './gateway-api-match';
import { routeInMesh } from './gateway-api-mesh';
import { compileRe2 } from './regex';
import { NormalizedRequest } from './request';
import { SimulatedRoute } from './types';
import { SimWorld } from './world';

const regex: RegexCompiler = compileRe2;

/** What the Gateway API part says of a request: its route, or caveats for the Istio part that routes it. */
export interface GatewayApiAnswer {
  /** Undefined when no Gateway API object routes the request. */
  readonly route?: SimulatedRoute;
  /**
   * When `route` is undefined: sentences for the Istio part's answer (Gateway API routes of the
   * host that a VirtualService shadows, or that Istio refuses).
   */
  readonly caveats: string[];
}

/** The Gateway API part's answer for a request (see `routeGatewayApi`), with caveats when it leaves the request to Istio's routing. */
export function simulateGatewayApi(world: SimWorld, request: NormalizedRequest): GatewayApiAnswer {
  if (request.gateway) {
    const route = routeAtGateway(world, request, regex);
    return { route, caveats: [] };
  }
  return routeInMesh(world, request, regex);
}

/**
 * Where Gateway API routes send `request`: for a mesh request, the HTTPRoutes/GRPCRoutes whose
 * parentRefs name the host's Service; for a request entering through a Gateway API `Gateway`, the
 * routes attached to it. Undefined when no Gateway API object routes the request (the Istio part
 * then decides; `simulateGatewayApi` also says why, e.g. a VirtualService that takes the host first).
 */
export function routeGatewayApi(world: SimWorld, request: NormalizedRequest): SimulatedRoute | undefined {
  return simulateGatewayApi(world, request).route;
}
