/**
 * Everyone a service lets in: the callers declared for it, the callers of the hosts whose own
 * routes send to it, then the gateways whose routes send to it.
 */
import { Caller } from '../caller';
import { CallGrant } from './call-graph';
import { routeTableOf } from './host-names';
import { MeshModel } from './mesh';
import { routeEdits } from './route-table';
import { routeTargets, RouteTarget } from './route-targets';
import { ServiceModel } from './service';
import { IMeshGateway } from '../interfaces/gateway';
import { IMeshHost } from '../interfaces/mesh-host';

/**
 * The callers of a service: declared (in order); then those of each service whose own routes send
 * to it (a caller's sidecar follows the callee's routes and calls the destination itself, as the
 * caller: its ports narrowed to the routes' ports, its methods kept, its paths dropped since a
 * route may rewrite them); then the gateways that route to it (on the ports their routes name).
 */
export function serviceGrants(service: ServiceModel, meshModel: MeshModel): CallGrant[] {
  const index = routeIndex(meshModel);
  const routed: CallGrant[] = [];
  for (const { from, ports } of index.routedBy.get(service.host) ?? []) {
    for (const grant of meshModel.callGraph.grantsTo(from)) {
      const { methods } = grant.options;
      routed.push({ caller: grant.caller, options: { ...ports ? { ports } : {}, ...methods ? { methods } : {} } });
    }
  }
  return [...meshModel.callGraph.grantsTo(service.host), ...routed, ...gatewayGrants(service, meshModel)];
}

/** Who routes to each host: other services' routes, and gateways (as grants). */
interface RouteIndex {
  readonly routedBy: Map<IMeshHost, Array<{ readonly from: IMeshHost; readonly ports?: number[] }>>;
  readonly gateways: Map<IMeshHost, CallGrant[]>;
}

/** The index of a mesh, kept while its services, gateways and routes stay as they were. */
const INDEXES = new WeakMap<MeshModel, { readonly key: string; readonly index: RouteIndex }>();

/**
 * Indexes every route of the mesh once per state of the routes (a route-edit counter): a mesh of n
 * services routed by one gateway is read once, not once per service.
 */
function routeIndex(meshModel: MeshModel): RouteIndex {
  const key = `${meshModel.services.length}/${meshModel.gateways.length}/${routeEdits()}`;
  const cached = INDEXES.get(meshModel);
  if (cached?.key === key) {
    return cached.index;
  }
  const routedBy: RouteIndex['routedBy'] = new Map();
  for (const other of meshModel.services) {
    const table = routeTableOf(other.host);
    for (const [host, targets] of byHost(table ? routeTargets(table) : [])) {
      if (host !== other.host) routedBy.set(host, [...routedBy.get(host) ?? [], { from: other.host, ports: portsOf(targets) }]);
    }
  }
  const gateways: RouteIndex['gateways'] = new Map();
  for (const gateway of meshModel.gateways) {
    for (const [host, targets] of byHost(gateway.groups.flatMap(g => routeTargets(g.table)))) {
      const ports = portsOf(targets);
      const grant = { caller: Caller.gateway(gateway.scope as unknown as IMeshGateway), options: ports ? { ports } : {} };
      gateways.set(host, [...gateways.get(host) ?? [], grant]);
    }
  }
  const index = { routedBy, gateways };
  INDEXES.set(meshModel, { key, index });
  return index;
}

function byHost(targets: RouteTarget[]): Map<IMeshHost, RouteTarget[]> {
  const hosts = new Map<IMeshHost, RouteTarget[]>();
  for (const t of targets) hosts.set(t.host, [...hosts.get(t.host) ?? [], t]);
  return hosts;
}

/** The ports routes send to, in order (undefined: a route names none, so every port). */
function portsOf(targets: RouteTarget[]): number[] | undefined {
  return targets.some(t => t.port === undefined) ? undefined : [...new Set(targets.map(t => t.port!))].sort((a, b) => a - b);
}

/** The gateways whose routes send to a service, narrowed to the ports they send to (in gateway order). */
export function gatewayGrants(service: ServiceModel, meshModel: MeshModel): readonly CallGrant[] {
  return routeIndex(meshModel).gateways.get(service.host) ?? [];
}
