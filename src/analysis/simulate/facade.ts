/**
 * The routing simulator's public face (jsii-compatible); the package's index exports it.
 */
import { simulateGatewayApi } from './gateway-api';
import { routeIstioGateway, routeMesh } from './istio-route';
import { normalizeRequest } from './normalize';
import { NormalizedRequest } from './request';
import { RoutedBy, SimulatedRequest, SimulatedRoute } from './types';
import { VirtualServiceIndex } from './virtual-services';
import { buildWorld, SimWorld } from './world';

export * from './types';

/** What to assume about the cluster the manifests are for. */
export interface RoutingSimulatorOptions {
  /** Istio's root namespace (mesh-wide AuthorizationPolicies). @default 'istio-system' */
  readonly rootNamespace?: string;
  /** @default 'cluster.local' */
  readonly clusterDomain?: string;
  /** Manifests of objects the cluster holds that the input does not (installed gateways, other teams' Services …). @default - none */
  readonly clusterObjects?: any[];
}

/**
 * Where requests go, offline: Istio's routing (VirtualServices, DestinationRules, Gateways) and the
 * Gateway API's (HTTPRoutes, GRPCRoutes) evaluated over a set of manifests as Istio's proxies would,
 * with the AuthorizationPolicies' verdict at each destination.
 *
 * ```ts
 * const sim = RoutingSimulator.of(Testing.synth(chart));
 * sim.route({ host: 'reviews', headers: { 'end-user': 'jason' } }).destinations; // [{ host: 'reviews.default.svc.cluster.local', subset: 'v2', weight: 100, … }]
 * ```
 */
export class RoutingSimulator {
  /** A simulator over a set of manifests (plain objects, e.g. `Testing.synth(chart)` or parsed YAML documents). */
  public static of(manifests: any[], options: RoutingSimulatorOptions = {}): RoutingSimulator {
    return new RoutingSimulator(manifests, options);
  }

  private readonly world: SimWorld;
  private readonly virtualServices: VirtualServiceIndex;

  private constructor(manifests: any[], options: RoutingSimulatorOptions) {
    this.world = buildWorld(manifests, options);
    this.virtualServices = new VirtualServiceIndex(this.world.of('VirtualService'), this.world.domain);
  }

  /**
   * Where `request` goes: through the Gateway API routes that take it, else through Istio's
   * (VirtualServices, or the host's Service as is).
   */
  public route(request: SimulatedRequest): SimulatedRoute {
    const normalized = normalizeRequest(this.world, request);
    const gatewayApi = simulateGatewayApi(this.world, normalized);
    if (gatewayApi.route) return gatewayApi.route;
    const route = this.routeIstio(normalized);
    return gatewayApi.caveats.length === 0 ? route : { ...route, caveats: [...route.caveats, ...gatewayApi.caveats] };
  }

  private routeIstio(normalized: NormalizedRequest): SimulatedRoute {
    const gw = normalized.gateway;
    if (gw) {
      const istioGateway = this.world.model.find('Gateway', gw.namespace, gw.name);
      if (!istioGateway) {
        return {
          routedBy: RoutedBy.NONE,
          gateway: `${gw.namespace}/${gw.name}`,
          destinations: [],
          caveats: [...normalized.caveats, `the manifests hold no Gateway ${gw.namespace}/${gw.name}`],
        };
      }
      return routeIstioGateway(this.world, this.virtualServices, normalized, istioGateway);
    }
    return routeMesh(this.world, this.virtualServices, normalized);
  }
}
