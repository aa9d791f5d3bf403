import { ApiObject } from 'cdk8s';
import { HttpRouteOptions } from '../http-route';
import { RoutingApi } from '../routing-api';
import { GatewayModel, GatewayRouting } from './gateway';
import { ReferenceModel } from './reference';
import { ServiceModel, VersionModel } from './service';

/**
 * The routing objects of one service in one routing API, kept in step with the service as it
 * grows (versions, routes and policies are added after construction).
 */
export interface ServiceRouting {
  /** The objects that carry the service's routes (they depend on the service's namespace). */
  readonly routeObjects: ApiObject[];
  /** The Istio VirtualService, in the backend that writes one. */
  readonly virtualService?: ApiObject;
  /** The Gateway API objects (routes and grants), in the backend that writes them. */
  readonly gatewayApiObjects: ApiObject[];
  /** Per-version Services, in the backend that needs them. */
  readonly versionServices: ApiObject[];
  /** A version was added to the service. */
  versionAdded(version: VersionModel): void;
  /** An HTTP route was added to the service. */
  routeAdded(options: HttpRouteOptions): void;
  /** Traffic policy was added to the service. */
  policiesChanged(): void;
  /** What keeps the service's routing from meaning in this API what it means in Istio's. */
  problems(): string[];
}

/**
 * One routing API's rendering of the mesh model. A mesh chooses its backend once, from its
 * `routingApi`; constructs never branch on the API themselves.
 */
export interface RoutingBackend {
  /** The API this backend writes. */
  readonly api: RoutingApi;
  /**
   * Whether routes become Gateway API routes: Istio's VirtualService validation does not see
   * them, and the Gateway API orders them by precedence, not by position.
   */
  readonly precedenceOrdered: boolean;
  /**
   * Whether gateways get their pods from this library (a workload of their own, or one selected by
   * labels). In the Gateway API, istiod deploys a Gateway's pods itself.
   */
  readonly deploysGatewayPods: boolean;
  /** Creates the routing objects of a service. */
  serviceRouting(service: ServiceModel): ServiceRouting;
  /**
   * What routes of this API to a service declared elsewhere need its owner to hold in the cluster,
   * beyond its Service (expected there by the analysis), if anything.
   */
  referencedObjects?(reference: ReferenceModel): any[];
  /** Creates the gateway object of a gateway. */
  gatewayRouting(gateway: GatewayModel, namespaceObject: ApiObject | undefined): GatewayRouting;
}
