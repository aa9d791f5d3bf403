/**
 * Subset traffic policies that never apply (MESH002): Istio applies a subset's `trafficPolicy`
 * only to traffic a route explicitly sends to that subset, so a policy on a subset that no
 * VirtualService route or mirror names has no effect.
 */
import { Check } from '../check';
import { resourceNameFromHost } from '../hosts';
import { MESH } from '../messages';
import { asArray } from '../objects';
import { hostOf, mirrorDestinations, routeDestinations, subsetOf } from './vs-util';

export const unusedSubsetPoliciesCheck: Check = {
  id: 'destinationrule.unused-subset-policies',
  description: 'subset traffic policies no route selects',
  types: [MESH.UnusedSubsetTrafficPolicy],
  run(ctx) {
    const { model } = ctx;
    const domain = ctx.options.clusterDomain;
    const routed = new Set<string>();
    for (const vs of model.of('VirtualService')) {
      for (const d of [...routeDestinations(vs), ...mirrorDestinations(vs)]) {
        const subset = subsetOf(d.destination);
        if (subset !== '') routed.add(`${resourceNameFromHost(vs.namespace, hostOf(d.destination), domain)}+${subset}`);
      }
    }
    for (const dr of model.of('DestinationRule')) {
      const host = String(dr.spec.host ?? '');
      const key = resourceNameFromHost(dr.namespace, host, domain);
      for (const subset of asArray(dr.spec.subsets)) {
        const policy = subset?.trafficPolicy;
        if (policy === undefined || policy === null || Object.keys(policy).length === 0) continue;
        const name = String(subset.name ?? '');
        if (routed.has(`${key}+${name}`)) continue;
        ctx.report(MESH.UnusedSubsetTrafficPolicy, dr,
          `subset '${name}' of host '${host}' has a traffic policy, but no VirtualService route sends traffic to that subset, so the policy never applies; `
          + 'route to the subset, or move the policy to the DestinationRule\'s trafficPolicy');
      }
    }
  },
};
