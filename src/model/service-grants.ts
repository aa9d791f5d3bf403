/**
 * Everyone a service lets in: the callers declared for it, then the gateways whose routes send to it.
 */
import { Caller } from '../caller';
import { CallGrant } from './call-graph';
import { MeshModel } from './mesh';
import { routeEdits } from './route-table';
import { routeTargets } from './route-targets';
import { ServiceModel } from './service';
import { IMeshGateway } from '../interfaces/gateway';
import { IMeshHost } from '../interfaces/mesh-host';

/** The callers of a service: declared (in order), then the gateways that route to it (in declaration order). */
export function serviceGrants(service: ServiceModel, meshModel: MeshModel): CallGrant[] {
  return [...meshModel.callGraph.grantsTo(service.host), ...gatewayGrants(meshModel).get(service.host) ?? []];
}

/** Each routed host's gateway grants, kept while the gateways' routes stay as they were. */
const INDEXES = new WeakMap<MeshModel, { readonly key: string; readonly grants: Map<IMeshHost, CallGrant[]> }>();

/**
 * The grants of every gateway to the hosts its routes send to (on the ports the routes name; every
 * port when one route names none), indexed once per state of the routes: a mesh of n services
 * routed by one gateway is read once, not n times.
 */
function gatewayGrants(meshModel: MeshModel): Map<IMeshHost, CallGrant[]> {
  const key = `${meshModel.gateways.length}/${routeEdits()}`;
  const cached = INDEXES.get(meshModel);
  if (cached?.key === key) {
    return cached.grants;
  }
  const grants = new Map<IMeshHost, CallGrant[]>();
  for (const gateway of meshModel.gateways) {
    const ports = new Map<IMeshHost, Set<number> | undefined>();
    for (const target of gateway.groups.flatMap(g => routeTargets(g.table))) {
      const known = ports.has(target.host) ? ports.get(target.host) : new Set<number>();
      ports.set(target.host, known === undefined || target.port === undefined ? undefined : known.add(target.port));
    }
    for (const [host, routed] of ports) {
      const grant = { caller: Caller.gateway(gateway.scope as unknown as IMeshGateway), options: routed ? { ports: [...routed].sort((a, b) => a - b) } : {} };
      grants.set(host, [...grants.get(host) ?? [], grant]);
    }
  }
  INDEXES.set(meshModel, { key, grants });
  return grants;
}
