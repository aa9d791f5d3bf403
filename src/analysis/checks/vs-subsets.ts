/**
 * VirtualService subsets (istioctl's virtualservice.DestinationRuleAnalyzer): a destination's
 * subset is defined by a DestinationRule for its host.
 */
import { Check } from '../check';
import { resourceNameFromHost } from '../hosts';
import { IST, q } from '../messages';
import { asArray } from '../objects';
import { hostOf, mirrorDestinations, routeDestinations, subsetOf } from './vs-util';

export const vsSubsetsCheck: Check = {
  id: 'virtualservice.destination-subsets',
  description: 'subsets of VirtualService destinations are defined in a DestinationRule',
  types: [IST.ReferencedResourceNotFound],
  run(ctx) {
    const { model } = ctx;
    const domain = ctx.options.clusterDomain;
    const defined = new Set<string>();
    for (const dr of model.of('DestinationRule')) {
      const host = resourceNameFromHost(dr.namespace, String(dr.spec.host ?? ''), domain);
      for (const s of asArray(dr.spec.subsets)) defined.add(`${host}+${String(s?.name ?? '')}`);
    }
    for (const vs of model.of('VirtualService')) {
      const missing = (d: any) => {
        const subset = subsetOf(d);
        return subset !== '' && !defined.has(`${resourceNameFromHost(vs.namespace, hostOf(d), domain)}+${subset}`);
      };
      for (const d of routeDestinations(vs)) {
        if (missing(d.destination)) {
          ctx.report(IST.ReferencedResourceNotFound, vs,
            `Referenced host+subset in destinationrule not found: ${q(`${hostOf(d.destination)}+${subsetOf(d.destination)}`)}`);
        }
      }
      for (const d of mirrorDestinations(vs)) {
        if (missing(d.destination)) {
          ctx.report(IST.ReferencedResourceNotFound, vs,
            `Referenced mirror+subset in destinationrule not found: ${q(`${hostOf(d.destination)}+${subsetOf(d.destination)}`)}`);
        }
      }
    }
  },
};
