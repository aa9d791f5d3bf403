/**
 * Sidecar resources (istioctl's sidecar.SelectorAnalyzer and sidecar.DefaultSelectorAnalyzer): a
 * workload selector matches a workload of its namespace; no workload is selected by two Sidecars;
 * at most one Sidecar per namespace has no selector.
 */
import { Check } from '../check';
import { push } from '../hosts';
import { selectorString, stringMap } from '../labels';
import { goList, IST, q } from '../messages';
import { Obj, Workload } from '../model';

export const sidecarsCheck: Check = {
  id: 'sidecar.selectors',
  description: 'Sidecar workload selectors',
  types: [IST.ReferencedResourceNotFound, IST.ConflictingSidecarWorkloadSelectors, IST.MultipleSidecarsWithoutWorkloadSelectors],
  run(ctx) {
    const { model } = ctx;
    const byWorkload = new Map<Workload, Obj[]>();
    const withoutSelector = new Map<string, Obj[]>();
    for (const sc of model.of('Sidecar')) {
      const selector = stringMap(sc.spec.workloadSelector?.labels);
      if (Object.keys(selector).length === 0) {
        push(withoutSelector, sc.namespace, sc);
        continue;
      }
      const selected = model.workloadIndex.select(selector, sc.namespace);
      if (selected.length === 0) ctx.report(IST.ReferencedResourceNotFound, sc, `Referenced selector not found: ${q(selectorString(selector))}`);
      for (const w of selected) push(byWorkload, w, sc);
    }
    for (const [w, sidecars] of byWorkload) {
      if (sidecars.length < 2) continue;
      for (const sc of sidecars) {
        ctx.report(IST.ConflictingSidecarWorkloadSelectors, sc,
          `The Sidecars ${goList(sidecars.map(s => s.fullName))} in namespace ${q(w.namespace)} select the same workload pod ${q(w.obj.name)}, which can lead to undefined behavior.`);
      }
    }
    for (const [ns, sidecars] of withoutSelector) {
      if (sidecars.length < 2) continue;
      for (const sc of sidecars) {
        ctx.report(IST.MultipleSidecarsWithoutWorkloadSelectors, sc,
          `The Sidecars ${goList(sidecars.map(s => s.fullName))} in namespace ${q(ns)} have no workload selector, which can lead to undefined behavior.`);
      }
    }
  },
};
