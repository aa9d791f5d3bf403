/**
 * Everyone a service lets in: the callers declared for it, the callers of the hosts whose own
 * routes send to it, then the gateways whose routes send to it.
 */
import { Caller } from '../caller';
import { CallGrant } from './call-graph';
import { routeTableOf } from './host-names';
import { MeshModel } from './mesh';
import { routeTargets, RouteTarget } from './route-targets';
import { ServiceModel } from './service';
import { IMeshGateway } from '../interfaces/gateway';

/**
 * The callers of a service: declared (in order); then those of each host whose own routes send to
 * the service (a caller's sidecar follows the callee's routes and calls the destination itself, as
 * the caller: its ports narrowed to the routes' ports, its methods kept, its paths dropped since a
 * route may rewrite them); then the gateways that route to it.
 */
export function serviceGrants(service: ServiceModel, meshModel: MeshModel): CallGrant[] {
  const routed: CallGrant[] = [];
  for (const other of meshModel.services) {
    const table = other.host === service.host ? undefined : routeTableOf(other.host);
    const targets = table ? routeTargets(table).filter(t => t.host === service.host) : [];
    if (targets.length === 0) continue;
    const ports = portsOf(targets);
    for (const grant of meshModel.callGraph.grantsTo(other.host)) {
      const { methods } = grant.options;
      routed.push({ caller: grant.caller, options: { ...ports ? { ports } : {}, ...methods ? { methods } : {} } });
    }
  }
  return [...meshModel.callGraph.grantsTo(service.host), ...routed, ...gatewayGrants(service, meshModel)];
}

/** The gateways whose routes send to a service, narrowed to the ports they send to. */
export function gatewayGrants(service: ServiceModel, meshModel: MeshModel): CallGrant[] {
  const gateways: CallGrant[] = [];
  for (const gateway of meshModel.gateways) {
    const targets = gateway.groups.flatMap(g => routeTargets(g.table)).filter(t => t.host === service.host);
    if (targets.length > 0) {
      const ports = portsOf(targets);
      gateways.push({ caller: Caller.gateway(gateway.scope as unknown as IMeshGateway), options: ports ? { ports } : {} });
    }
  }
  return gateways;
}

/** The ports routes send to (undefined: a route names none, so every port). */
function portsOf(targets: RouteTarget[]): number[] | undefined {
  return targets.some(t => t.port === undefined) ? undefined : [...new Set(targets.map(t => t.port!))];
}
