/**
 * Several DestinationRules for one host (MESH006) in one namespace, for the same workloads. Istio
 * then merges them only partly (the first rule's traffic policy wins; subsets of the same name
 * conflict), so which settings apply depends on creation order. Rules in different namespaces are
 * the documented way to override a service's rule for one client namespace, and are not reported.
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
      if (rules.length < 2) continue;
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
