import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { GatewayServer } from '../gateway-server';
import { RouteTable } from './route-table';
import { IMesh } from '../interfaces/mesh';

/** The routes of one set of hosts at a gateway (one VirtualService in Istio's API). */
export interface RouteGroupModel {
  /** The group construct: the scope of its objects, and the owner of its route table. */
  readonly scope: Construct;
  /** The VirtualService's (or the HTTPRoute's) name. */
  readonly name: string;
  readonly namespace: string;
  /** The hosts the routes are for. */
  readonly routeHosts: string[];
  /** How a VirtualService in the group's namespace names the gateway. */
  readonly gatewayRef: string;
  readonly table: RouteTable;
  /** The SNI hosts of each TLS route's matches (the table keeps TLS routes without them). */
  readonly sni: readonly string[][][];
  /** The group's objects in the Gateway API, in the order they were created. */
  readonly gatewayApiObjects: ApiObject[];
}

/** A route group's objects in one routing API, kept in step as routes are added. */
export interface GroupRouting {
  /** The VirtualService, in Istio's API. */
  readonly virtualService?: ApiObject;
  /** The HTTPRoute and TLSRoutes, in the Gateway API. */
  readonly gatewayApiObjects: ApiObject[];
  /** An HTTP route was added to the group. */
  httpAdded(): void;
  /** The TLS route with this index was added to the group. */
  tlsAdded(index: number): void;
  /** What keeps the group's routes from meaning in this API what they mean in Istio's. */
  problems(): string[];
}

/** A gateway as its routing backend reads it. `Gateway` builds and owns it. */
export interface GatewayModel {
  /** The gateway construct: the scope of its objects. */
  readonly scope: Construct;
  readonly mesh: IMesh;
  readonly name: string;
  readonly namespace: string;
  /** The servers, in the order added (grows as servers are added). */
  readonly servers: readonly GatewayServer[];
  /** The route groups (one per set of hosts), in the order their hosts were first routed. */
  readonly groups: readonly RouteGroupModel[];
  /** The labels of the gateway's pods, as an Istio Gateway selects them. */
  readonly istioSelector: () => { [key: string]: string };
  /** Whether it is an egress gateway. */
  readonly egress: boolean;
  /** The labels of the gateway's pods in the mesh's routing API (set once its routing exists). */
  readonly podSelector: () => { [key: string]: string };
  /** The identity of the gateway's pods, when known (its own workload, an installed gateway's account, or istiod's deployment). */
  readonly identity: () => WorkloadIdentity | undefined;
  /** Whether policies attach to the gateway by `targetRefs` (a Gateway API Gateway) instead of a pod selector. */
  readonly policyByTargetRef: boolean;
  /** The namespace of the gateway's pods, when the app owns it (their policies are emitted there). */
  readonly podNamespace: () => string | undefined;
}

/** Who a workload runs as. */
export interface WorkloadIdentity {
  readonly namespace: string;
  readonly serviceAccount: string;
}

const GATEWAYS = new WeakMap<object, GatewayModel>();

/** Records the model of a gateway construct (done once, by `Gateway`). */
export function registerGatewayModel(gateway: GatewayModel): void {
  GATEWAYS.set(gateway.scope, gateway);
}

/** The model of a gateway construct of this library, if it is one. */
export function gatewayModelOf(gateway: object): GatewayModel | undefined {
  return GATEWAYS.get(gateway);
}

/** A gateway's objects in one routing API, kept in step as servers and routes are added. */
export interface GatewayRouting {
  /** The gateway object. */
  readonly resource: ApiObject;
  /** The labels of the pods the gateway configures. */
  readonly selector: { [key: string]: string };
  /** The Gateway API objects of the gateway itself (an HTTPS-redirect route, grants); none in Istio's API. */
  readonly gatewayApiObjects: ApiObject[];
  /** Whether the gateway's routes are tried by precedence (the Gateway API), not in order. */
  readonly precedenceOrdered: boolean;
  /** How errors of a group's routes name what they are in. */
  readonly routesNoun: string;
  /** A server was added. */
  serverAdded(server: GatewayServer): void;
  /** Creates the objects of a route group (called once, when the group is created). */
  groupRouting(group: RouteGroupModel): GroupRouting;
  /** A route group got a route. */
  groupChanged(group: RouteGroupModel): void;
  /** What keeps the gateway from meaning in this API what it means in Istio's. */
  problems(): string[];
}
