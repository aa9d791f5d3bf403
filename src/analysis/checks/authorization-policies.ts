/**
 * AuthorizationPolicies (istioctl's auth.AuthorizationPoliciesAnalyzer): the selector matches a
 * workload in the mesh (in the policy's namespace, or anywhere for a policy in the root namespace);
 * a namespace-wide policy has workloads to apply to; source namespaces exist.
 */
import { Check } from '../check';
import { selectorString, stringMap } from '../labels';
import { IST, q } from '../messages';
import { asArray } from '../model';

/** istioctl's namespace pattern: `*`, `*suffix`, `prefix*`, or an exact name. */
function namespaceMatches(pattern: string, lowerCased: ReadonlySet<string>): boolean {
  if (pattern === '*') return true;
  // a wildcard looks at every namespace (a cluster has few)
  if (pattern.startsWith('*')) return [...lowerCased].some(ns => ns.endsWith(pattern.slice(1).toLowerCase()));
  if (pattern.endsWith('*')) return [...lowerCased].some(ns => ns.startsWith(pattern.slice(0, -1).toLowerCase()));
  return lowerCased.has(pattern.toLowerCase());
}

export const authorizationPoliciesCheck: Check = {
  id: 'security.authorization-policies',
  description: 'AuthorizationPolicy selectors and source namespaces',
  types: [IST.NoMatchingWorkloadsFound, IST.ReferencedResourceNotFound],
  run(ctx) {
    const { model, options } = ctx;
    const namespaces = new Set([...model.knownNamespaces].map(ns => ns.toLowerCase()));
    const inMesh = (ws: ReturnType<typeof model.workloadIndex.select>) => ws.some(w => model.inMesh(w));
    for (const ap of model.of('AuthorizationPolicy')) {
      const targeted = ap.spec.targetRef !== undefined || asArray(ap.spec.targetRefs).length > 0;
      const selectorGiven = ap.spec.selector !== undefined && ap.spec.selector !== null;
      const selector = stringMap(ap.spec.selector?.matchLabels);
      if (targeted) {
        // applies to a Gateway or Service, not by workload labels
      } else if (ap.namespace === options.rootNamespace) {
        if (selectorGiven && !inMesh(model.workloadIndex.select(selector))) {
          ctx.report(IST.NoMatchingWorkloadsFound, ap, `No matching workloads for this resource with the following labels: ${selectorString(selector)}`);
        }
      } else if (!selectorGiven) {
        if (!model.workloadIndex.inNamespace(ap.namespace).some(w => model.inMesh(w))) {
          ctx.report(IST.NoMatchingWorkloadsFound, ap, 'No matching workloads for this resource with the following labels: ');
        }
      } else if (!inMesh(model.workloadIndex.select(selector, ap.namespace))) {
        ctx.report(IST.NoMatchingWorkloadsFound, ap, `No matching workloads for this resource with the following labels: ${selectorString(selector)}`);
      }

      for (const rule of asArray(ap.spec.rules)) {
        for (const from of asArray(rule?.from)) {
          for (const ns of [...asArray(from?.source?.namespaces), ...asArray(from?.source?.notNamespaces)].map(String)) {
            if (!namespaceMatches(ns, namespaces)) ctx.report(IST.ReferencedResourceNotFound, ap, `Referenced namespace not found: ${q(ns)}`);
          }
        }
      }
    }
  },
};
