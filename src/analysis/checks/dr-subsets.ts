/**
 * DestinationRule hosts and subsets: the host is a known service (istioctl's IST0174); each subset
 * selects pods. istioctl (IST0173) matches subset labels against running Pods anywhere; manifests
 * hold pod templates, not Pods, so on manifests this reports MESH008 instead, matching the
 * subset against the pods of the host itself (its Service's selector in its namespace). IST0173 is
 * reported as istioctl does when the input has running Pods (Pod objects with a status: a cluster's
 * state).
 */
import { Check } from '../check';
import { Labels, selectorString, stringMap } from '../labels';
import { IST, MESH } from '../messages';
import { asArray } from '../model';
import { exportToOf } from './vs-util';

export const drSubsetsCheck: Check = {
  id: 'destinationrule.subsets',
  description: 'DestinationRule hosts exist and their subsets select pods',
  types: [IST.UnknownDestinationRuleHost, IST.DestinationRuleSubsetNotSelectPods, MESH.SubsetSelectsNoPods],
  run(ctx) {
    const { model } = ctx;
    for (const dr of model.of('DestinationRule')) {
      const host = String(dr.spec.host ?? '');
      const entry = model.lookupHost(dr.namespace, exportToOf(dr), host);
      if (!entry) {
        ctx.report(IST.UnknownDestinationRuleHost, dr, `The host ${host} defined in the DestinationRule does not match any services in the mesh.`);
        continue;
      }
      for (const subset of asArray(dr.spec.subsets)) {
        const name = String(subset?.name ?? '');
        const subsetLabels = stringMap(subset?.labels);
        const selector: Labels = { ...(entry.workloadSelector ?? {}), ...subsetLabels };
        if (model.hasPods && !model.podIndex.any(selector)) {
          ctx.report(IST.DestinationRuleSubsetNotSelectPods, dr,
            `The Subset ${name} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).`);
          continue;
        }
        let own;
        if (entry.obj.kind === 'Service') {
          own = model.workloadsOf(entry.obj).filter(w => Object.entries(subsetLabels).every(([k, v]) => w.labels[k] === v));
        } else if (entry.workloadSelector) {
          own = model.workloadIndex.select(selector, entry.obj.namespace);
        } else {
          continue; // a ServiceEntry's endpoints are outside the manifests
        }
        if (own.length > 0) continue;
        ctx.report(MESH.SubsetSelectsNoPods, dr,
          `subset '${name}' (labels ${selectorString(subsetLabels) || 'none'}) selects no pod of ${entry.obj.kind} ${entry.obj.fullName}: `
          + 'traffic routed to it fails with 503 (no healthy upstream) until such pods exist');
      }
    }
  },
};
