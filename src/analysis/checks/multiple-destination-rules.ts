/**
 * Several DestinationRules for one host (MESH006) in one namespace, for the same workloads. Istio
 * then merges them only partly (the first rule's traffic policy wins; subsets of the same name
 * conflict), so which settings apply depends on creation order. Rules in different namespaces are
 * the documented way to override a service's rule for one client namespace, and are not reported;
 * nor are rules whose merge cannot depend on the order: the same `exportTo`, at most one top-level
 * traffic policy, and no subset name in two of them (e.g. the subsets-only rule Argo Rollouts edits
 * beside the service's own).
 */
import { Check } from '../check';
import { push, toFqdn } from '../hosts';
import { selectorString, stringMap } from '../labels';
import { MESH } from '../messages';
import { Obj } from '../objects';

export const multipleDestinationRulesCheck: Check = {
  id: 'destinationrule.multiple-per-host',
  description: 'several DestinationRules for one host',
  types: [MESH.MultipleDestinationRulesForHost],
  run(ctx) {
    const byHost = new Map<string, Obj[]>();
    for (const dr of ctx.model.of('DestinationRule')) {
      const host = toFqdn(String(dr.spec.host ?? ''), dr.namespace, ctx.options.clusterDomain);
      push(byHost, `${dr.namespace}|${host}|${selectorString(stringMap(dr.spec.workloadSelector?.matchLabels))}`, dr);
    }
    for (const [key, rules] of byHost) {
      if (rules.length < 2 || mergeIsOrderFree(rules)) continue;
      const host = key.split('|')[1];
      const names = rules.map(r => r.fullName).join(', ');
      for (const dr of rules) {
        ctx.report(MESH.MultipleDestinationRulesForHost, dr,
          `DestinationRules ${names} all configure host ${host}: Istio merges them only partly (the first one's traffic policy wins), `
          + 'so the settings in force depend on creation order; merge them into one DestinationRule');
      }
    }
  },
};

/**
 * Whether Istio's merge of the rules gives the same result in any creation order: it merges rules
 * with the same `exportTo` only, keeps the first top-level traffic policy, and drops the later of
 * two subsets with the same name.
 */
function mergeIsOrderFree(rules: Obj[]): boolean {
  const exportTo = (r: Obj) => JSON.stringify([...new Set((r.spec.exportTo ?? []) as unknown[])].map(String).sort());
  const subsets = rules.flatMap(r => ((r.spec.subsets ?? []) as Array<{ name?: unknown }>).map(s => String(s?.name)));
  return rules.every(r => exportTo(r) === exportTo(rules[0]))
    && rules.filter(r => r.spec.trafficPolicy !== undefined && r.spec.trafficPolicy !== null).length <= 1
    && new Set(subsets).size === subsets.length;
}
