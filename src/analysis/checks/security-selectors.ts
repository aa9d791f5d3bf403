/**
 * RequestAuthentications and PeerAuthentications that select no pod (MESH014): istioctl reports
 * this for AuthorizationPolicies (IST0127) and Sidecars (IST0101), not for these. A `selector`
 * matches the pods of the policy's namespace (of every namespace for a policy in the mesh's root
 * namespace); a RequestAuthentication's `targetRef(s)` naming a Gateway API Gateway matches the
 * pods that serve it. Targets of other kinds (Services, ServiceEntries, GatewayClasses: for
 * waypoints) are not looked at.
 */
import { GATEWAY_API_GROUP, LABEL } from '../../private/istio-names';
import { Check } from '../check';
import { selectorString, stringMap } from '../labels';
import { MESH } from '../messages';
import { asArray } from '../objects';

export const securitySelectorsCheck: Check = {
  id: 'security.selectors',
  description: 'RequestAuthentication and PeerAuthentication selectors and targets match pods',
  types: [MESH.PolicySelectsNoPods],
  run(ctx) {
    const { model } = ctx;
    const root = model.meshConfig.rootNamespace;
    for (const policy of [...model.of('RequestAuthentication'), ...model.of('PeerAuthentication')]) {
      const legacy = policy.spec.targetRef ? [policy.spec.targetRef] : [];
      const refs = asArray(policy.spec.targetRefs).length > 0 ? asArray(policy.spec.targetRefs) : legacy;
      if (policy.kind === 'RequestAuthentication' && refs.length > 0) {
        for (const ref of refs) {
          if ((ref?.group ?? '') !== GATEWAY_API_GROUP || ref?.kind !== 'Gateway' || typeof ref?.name !== 'string') continue;
          if (model.podIndex.any({ [LABEL.gatewayName]: ref.name }, policy.namespace)) continue;
          ctx.report(MESH.PolicySelectsNoPods, policy, `targetRef Gateway ${ref.name} has no pod in namespace ${policy.namespace} `
            + `(the Gateway does not exist, or Istio does not deploy it), so the ${policy.kind} applies to no workload`);
        }
        continue;
      }
      if (policy.spec.selector === undefined || policy.spec.selector === null) continue;
      const selector = stringMap(policy.spec.selector.matchLabels);
      if (Object.keys(selector).length === 0) continue;
      const anywhere = policy.namespace === root;
      if (model.podIndex.any(selector, anywhere ? undefined : policy.namespace)) continue;
      ctx.report(MESH.PolicySelectsNoPods, policy, `selector ${selectorString(selector)} matches no pod ${anywhere ? 'in any namespace' : `in namespace ${policy.namespace}`}, `
        + `so the ${policy.kind} applies to no workload`);
    }
  },
};
