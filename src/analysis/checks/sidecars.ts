/**
 * Sidecar resources (istioctl's sidecar.SelectorAnalyzer): a workload selector matches a pod of
 * its namespace; no pod is selected by two Sidecars (IST0110); at most one Sidecar per namespace
 * has no selector (IST0111); a Sidecar has no effect on pods in ambient mode, nor (without
 * selector) in an ambient namespace (IST0167).
 */
import { LABEL } from '../../private/istio-names';
import { Check } from '../check';
import { push } from '../hosts';
import { selectorString, stringMap } from '../labels';
import { goList, IST, q } from '../messages';
import { Obj } from '../objects';
import { Pod } from '../pods';

/** The Sidecars' names (without namespace), sorted, as istioctl lists them. */
function names(sidecars: readonly Obj[]): string {
  return goList(sidecars.map(s => s.name).sort());
}

/** istioctl's `NamespaceInAmbientMode`: `istio.io/dataplane-mode: ambient`, and no sidecar injection label. */
function ambientNamespace(labels: Record<string, string> | undefined): boolean {
  if (!labels || labels[LABEL.injection] === 'enabled' || (labels[LABEL.revision] ?? '') !== '') return false;
  return labels[LABEL.dataplaneMode] === 'ambient';
}

export const sidecarsCheck: Check = {
  id: 'sidecar.selectors',
  description: 'Sidecar workload selectors',
  types: [
    IST.ReferencedResourceNotFound, IST.ConflictingSidecarWorkloadSelectors, IST.MultipleSidecarsWithoutWorkloadSelectors, IST.IneffectivePolicy,
  ],
  run(ctx) {
    const { model } = ctx;
    const byPod = new Map<Pod, Obj[]>();
    const withoutSelector = new Map<string, Obj[]>();
    const ineffective = new Set<Obj>();
    const reportIneffective = (sc: Obj, why: string) => {
      if (ineffective.has(sc)) return;
      ineffective.add(sc);
      ctx.report(IST.IneffectivePolicy, sc, `The policy has no impact: ${why}.`);
    };
    for (const sc of model.of('Sidecar')) {
      const selector = stringMap(sc.spec.workloadSelector?.labels);
      if (Object.keys(selector).length === 0) {
        push(withoutSelector, sc.namespace, sc);
        continue;
      }
      const selected = model.podIndex.select(selector, sc.namespace);
      if (selected.length === 0) ctx.report(IST.ReferencedResourceNotFound, sc, `Referenced selector not found: ${q(selectorString(selector))}`);
      for (const pod of selected) push(byPod, pod, sc);
    }
    for (const [pod, sidecars] of byPod) {
      if (sidecars.length === 1 && !pod.ambient) continue;
      for (const sc of sidecars) {
        if (pod.ambient) {
          reportIneffective(sc, 'selected workload is in ambient mode, the policy has no impact');
          continue;
        }
        ctx.report(IST.ConflictingSidecarWorkloadSelectors, sc,
          `The Sidecars ${names(sidecars)} in namespace ${q(pod.namespace)} select the same workload pod ${q(pod.name)}, which can lead to undefined behavior.`);
      }
    }
    for (const [ns, sidecars] of withoutSelector) {
      if (ambientNamespace(model.find('Namespace', '', ns)?.labels)) {
        for (const sc of sidecars) reportIneffective(sc, 'namespace is in ambient mode, the policy has no impact');
        continue;
      }
      if (sidecars.length < 2) continue;
      for (const sc of sidecars) {
        ctx.report(IST.MultipleSidecarsWithoutWorkloadSelectors, sc,
          `The Sidecars ${names(sidecars)} in namespace ${q(ns)} have no workload selector, which can lead to undefined behavior.`);
      }
    }
  },
};
