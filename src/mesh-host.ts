import { Construct } from 'constructs';
import { HttpRouteOptions } from './http-route';
import { IMesh } from './interfaces/mesh';
import { IMeshHost } from './interfaces/mesh-host';
import { registerRouteTable } from './model/host-names';
import { PolicyTable } from './model/policy-table';
import { RouteTable } from './model/route-table';
import { RouteKind } from './private/protocol';
import { Route } from './route';
import { TcpRouteOptions } from './tcp-route';
import { TlsRouteOptions } from './tls-route';
import { PolicyScope, TrafficPolicy } from './traffic-policy';

/**
 * What every host of the mesh shares: its routes (one VirtualService) and its traffic policies
 * (one DestinationRule). Extended by `MeshService` and `ExternalService`.
 *
 * ```ts
 * // the same on a MeshService and on an ExternalService
 * reviews.addTrafficPolicy({ loadBalancer: LoadBalancer.leastRequest() });
 * reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/v2/') }], destinations: [{ version: 'v2' }] });
 * ```
 */
export abstract class MeshHost extends Construct implements IMeshHost {
  /** The mesh the host belongs to. */
  public readonly mesh: IMesh;
  /** The host's name. */
  public abstract readonly name: string;
  /** The host's namespace. */
  public abstract readonly namespace: string;

  /** @internal */
  protected readonly _routes: RouteTable;
  /** @internal */
  protected readonly _policies: PolicyTable;

  protected constructor(scope: Construct, id: string, mesh: IMesh) {
    super(scope, id);
    this.mesh = mesh;
    // the host's VirtualService serves sidecars (no gateways)
    this._routes = new RouteTable(this, {
      gateways: [],
      ports: (kind: RouteKind) => this._portsCarrying(kind),
      gatewayApiRoutes: () => this._routedByGatewayApi,
    });
    registerRouteTable(this, this._routes);
    this._policies = new PolicyTable(this);
  }

  /** The versions (subsets) of the host. */
  public abstract get versionNames(): string[];
  /** The port numbers of the host. */
  public abstract get portNumbers(): number[];
  /** How an Istio object in `namespace` names this host. */
  public abstract hostFrom(namespace: string): string;

  /**
   * The host's ports whose traffic routes of a kind (HTTP, TCP, TLS) handle.
   *
   * @internal
   */
  public abstract _portsCarrying(kind: RouteKind): number[];

  /**
   * Whether the host's routes become Gateway API routes instead of a VirtualService.
   *
   * @internal
   */
  public get _routedByGatewayApi(): boolean {
    return false;
  }

  /**
   * Adds an HTTP route. Routes are evaluated in the order they are added, before the host's
   * default route; a route after one that matches every request is a synth-time error.
   *
   * ```ts
   * reviews.addRoute({
   *   matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }],
   *   destinations: [{ version: 'v2' }],
   * });
   * ```
   *
   * renders, ahead of the default route:
   *
   * ```yaml
   * - match: [{ headers: { end-user: { exact: jason } } }]
   *   route: [{ destination: { host: reviews, subset: v2 } }]
   * ```
   */
  public addRoute(options: HttpRouteOptions): Route {
    return this.withPath(() => this._routes.addHttp(options));
  }

  /** Adds a TCP route (for TCP ports), evaluated in the order added. */
  public addTcpRoute(options: TcpRouteOptions): Route {
    return this.withPath(() => this._routes.addTcp(options));
  }

  /** Adds a TLS (SNI) route (for TLS and HTTPS ports), evaluated in the order added. */
  public addTlsRoute(options: TlsRouteOptions): Route {
    return this.withPath(() => this._routes.addTls(options));
  }

  /**
   * Adds traffic policy settings for the whole host, a version, a port, or a port of a version.
   * They merge into the host's single DestinationRule; setting the same field twice for the same
   * scope is an error.
   */
  public addTrafficPolicy(policy: TrafficPolicy, scope: PolicyScope = {}): void {
    this._policies.add(scope, policy, this.node.path);
  }

  /**
   * Adds traffic policy settings on behalf of another construct (named in conflict messages).
   *
   * @internal
   */
  public _addTrafficPolicy(policy: TrafficPolicy, scope: PolicyScope, source: string): void {
    this._policies.add(scope, policy, source);
  }

  /**
   * The effective value of a traffic-policy field for a scope.
   *
   * @internal
   */
  public _effectivePolicy<F extends keyof TrafficPolicy>(field: F, scope: PolicyScope): TrafficPolicy[F] | undefined {
    return this._policies.effective(field, scope);
  }

  private withPath<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      const message = (e as Error).message.split('\n').map(l => `[${this.node.path}] ${l}`).join('\n');
      throw new Error(message);
    }
  }
}
