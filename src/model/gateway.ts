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

/** Where a gateway's pods are: their namespace and labels (what policies that select them need). */
export interface GatewayPods {
  readonly namespace: string;
  readonly labels: { readonly [key: string]: string };
}

const GATEWAY_PODS = new WeakMap<object, () => GatewayPods>();

/** Records how to find a gateway's pods (done once, by `Gateway`). */
export function registerGatewayPods(gateway: object, pods: () => GatewayPods): void {
  GATEWAY_PODS.set(gateway, pods);
}

/** The pods of a gateway of this library, or undefined for any other object. */
export function gatewayPodsOf(gateway: object): GatewayPods | undefined {
  return GATEWAY_PODS.get(gateway)?.();
}
