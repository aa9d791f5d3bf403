import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { GatewayServer } from '../gateway-server';
import { HttpRouteSpecParentRefs as ParentReference } from '../imports/gateway.networking.k8s.io';
import { IMesh } from '../interfaces/mesh';
import { GatewayRouteGroup } from '../private/gateway/routes';
import { RouteKind } from '../private/protocol';

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
  readonly groups: readonly GatewayRouteGroup[];
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
  /** What a route group needs to write Gateway API routes; undefined when the group writes a VirtualService. */
  readonly groupParents?: (group: GatewayRouteGroup, kind: RouteKind) => ParentReference[];
  /** How errors of a group's routes name what they are in. */
  readonly routesNoun: string;
  /** A server was added. */
  serverAdded(server: GatewayServer): void;
  /** A route group got a route. */
  groupChanged(group: GatewayRouteGroup): void;
  /** What keeps the gateway from meaning in this API what it means in Istio's. */
  problems(): string[];
}
