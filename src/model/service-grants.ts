/**
 * Everyone a service lets in: the callers declared for it, then the gateways whose routes send to it.
 */
import { Caller } from '../caller';
import { CallGrant } from './call-graph';
import { MeshModel } from './mesh';
import { routeTargets } from './route-targets';
import { ServiceModel } from './service';
import { IMeshGateway } from '../interfaces/gateway';

/** The callers of a service: declared (in order), then the gateways that route to it. */
export function serviceGrants(service: ServiceModel, meshModel: MeshModel): CallGrant[] {
  const gateways: CallGrant[] = [];
  for (const gateway of meshModel.gateways) {
    const targets = gateway.groups.flatMap(g => routeTargets(g.table)).filter(t => t.host === service.host);
    if (targets.length > 0) {
      const ports = targets.some(t => t.port === undefined) ? undefined : [...new Set(targets.map(t => t.port!))];
      gateways.push({ caller: Caller.gateway(gateway.scope as unknown as IMeshGateway), options: ports ? { ports } : {} });
    }
  }
  return [...meshModel.callGraph.grantsTo(service.host), ...gateways];
}

