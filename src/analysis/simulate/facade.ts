/**
 * The routing simulator's public face (jsii-compatible); the package's index exports it.
 */
import { SimulatedRequest, SimulatedRoute } from './types';

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

  private constructor(private readonly manifests: any[], private readonly options: RoutingSimulatorOptions) {
  }

  /** Where `request` goes. */
  public route(request: SimulatedRequest): SimulatedRoute {
    void this.manifests; void this.options;
    throw new Error(`not implemented yet: ${request.host}`);
  }
}
