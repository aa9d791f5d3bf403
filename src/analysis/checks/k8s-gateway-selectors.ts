/**
 * Policies that select a Kubernetes Gateway's pods by label (istioctl's
 * k8sgateway.SelectorAnalyzer, IST0166): an AuthorizationPolicy, RequestAuthentication, Telemetry
 * or WasmPlugin with a `selector` (and no `targetRef`) matching a pod of its namespace labelled
 * `gateway.networking.k8s.io/gateway-name` — such policies attach to the Gateway with `targetRef`.
 */
import { LABEL } from '../../private/istio-names';
import { Check } from '../check';
import { stringMap } from '../labels';
import { IST } from '../messages';

const POLICY_KINDS = ['AuthorizationPolicy', 'RequestAuthentication', 'Telemetry', 'WasmPlugin'];

export const k8sGatewaySelectorsCheck: Check = {
  id: 'k8sgateway.selectors',
  description: 'policies that select a Kubernetes Gateway\'s pods instead of targeting the Gateway',
  types: [IST.IneffectiveSelector],
  run(ctx) {
    const { model } = ctx;
    for (const kind of POLICY_KINDS) {
      for (const policy of model.of(kind)) {
        if (policy.spec.targetRef !== undefined && policy.spec.targetRef !== null) continue;
        if (policy.spec.selector === undefined || policy.spec.selector === null) continue;
        for (const pod of model.podIndex.select(stringMap(policy.spec.selector.matchLabels), policy.namespace)) {
          const gateway = pod.labels[LABEL.gatewayName];
          if (gateway === undefined) continue;
          ctx.report(IST.IneffectiveSelector, policy, `Ineffective selector on Kubernetes Gateway ${gateway}. Use the TargetRef field instead.`);
        }
      }
    }
  },
};
