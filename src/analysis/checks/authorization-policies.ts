/**
 * AuthorizationPolicies (istioctl's auth.AuthorizationPoliciesAnalyzer): the selector matches a pod
 * in the mesh — istioctl's reading of in the mesh (`PodInMesh`), or in ambient mode — in the
 * policy's namespace, or anywhere for a policy in the mesh config's root namespace (IST0127); a
 * namespace-wide policy has such pods to apply to; source namespaces and `notNamespaces` match a
 * namespace that exists (IST0101). As istioctl, `targetRef` is not looked at, and Kubernetes' own
 * namespaces do not exist.
 */
import { Check } from '../check';
import { selectorString, stringMap } from '../labels';
import { IST, q } from '../messages';
import { asArray } from '../objects';
import { Pod } from '../pods';

/** istioctl's `namespaceMatch`: `*`, `*suffix`, `prefix*`, or the name (ignoring case). */
function namespaceMatch(ns: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return ns.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return ns.startsWith(pattern.slice(0, -1));
  return ns.toLowerCase() === pattern.toLowerCase();
}

export const authorizationPoliciesCheck: Check = {
  id: 'security.authorization-policies',
  description: 'AuthorizationPolicy selectors and source namespaces',
  types: [IST.NoMatchingWorkloadsFound, IST.ReferencedResourceNotFound],
  run(ctx) {
    const { model } = ctx;
    const namespaces = [...model.namespaces()];
    const exact = new Set(namespaces.map(ns => ns.toLowerCase()));
    const counted = (pod: Pod) => model.podInMesh(pod) || pod.ambient;
    const matching = (selector: Record<string, string>, namespace?: string) => model.podIndex.select(selector, namespace).some(counted);
    for (const ap of model.of('AuthorizationPolicy')) {
      const selectorGiven = ap.spec.selector !== undefined && ap.spec.selector !== null;
      const selector = stringMap(ap.spec.selector?.matchLabels);
      if (ap.namespace === model.meshConfig.rootNamespace) {
        if (selectorGiven && !matching(selector)) {
          ctx.report(IST.NoMatchingWorkloadsFound, ap, `No matching workloads for this resource with the following labels: ${selectorString(selector)}`);
        }
      } else if (!selectorGiven) {
        if (!model.podIndex.inNamespace(ap.namespace).some(counted)) {
          ctx.report(IST.NoMatchingWorkloadsFound, ap, 'No matching workloads for this resource with the following labels: ');
        }
      } else if (!matching(selector, ap.namespace)) {
        ctx.report(IST.NoMatchingWorkloadsFound, ap, `No matching workloads for this resource with the following labels: ${selectorString(selector)}`);
      }

      for (const rule of asArray(ap.spec.rules)) {
        for (const from of asArray(rule?.from)) {
          for (const pattern of [...asArray(from?.source?.namespaces), ...asArray(from?.source?.notNamespaces)].map(String)) {
            // an exact name is looked up; a wildcard looks at every namespace (a cluster has few)
            const found = pattern.includes('*') ? namespaces.some(ns => namespaceMatch(ns, pattern)) : exact.has(pattern.toLowerCase());
            if (!found) ctx.report(IST.ReferencedResourceNotFound, ap, `Referenced namespace not found: ${q(pattern)}`);
          }
        }
      }
    }
  },
};
