/**
 * Port-level mutual TLS for a port the selected workloads do not have (MESH015): a
 * PeerAuthentication's `portLevelMtls` keys are ports of the workload (container ports, not
 * Service ports); a key that no selected pod declares as a container port and no Service of those
 * pods targets has no effect. Only decided when every selected pod declares its container ports
 * (ports need not be declared to be served). (A `portLevelMtls` without selector is rejected by
 * Istio's validation webhook.)
 */
import { Check } from '../check';
import { stringMap } from '../labels';
import { MESH } from '../messages';
import { asArray } from '../objects';
import { containerPort, Pod } from '../pods';

export const peerAuthenticationPortsCheck: Check = {
  id: 'security.peer-authentication-ports',
  description: 'PeerAuthentication port-level settings name ports of the selected workloads',
  types: [MESH.PortLevelMtlsPortNotOnWorkload],
  run(ctx) {
    const { model } = ctx;
    const root = model.meshConfig.rootNamespace;
    for (const pa of model.of('PeerAuthentication')) {
      const levels = pa.spec.portLevelMtls;
      if (levels === null || typeof levels !== 'object' || Object.keys(levels).length === 0) continue;
      const selector = stringMap(pa.spec.selector?.matchLabels);
      if (Object.keys(selector).length === 0) continue;
      const pods = model.podIndex.select(selector, pa.namespace === root ? undefined : pa.namespace);
      const declared = (pod: Pod) => asArray(pod.podSpec?.containers).flatMap(c => asArray(c?.ports)).map(p => Number(p?.containerPort));
      if (pods.length === 0 || pods.some(p => declared(p).length === 0)) continue;
      const exposed = new Set<number>();
      for (const pod of pods) {
        declared(pod).forEach(p => exposed.add(p));
        for (const svc of model.serviceSelectors.selecting(pod.labels, pod.namespace, false)) {
          for (const sp of asArray(svc.spec.ports)) {
            const target = containerPort(sp, pod);
            if (target !== undefined) exposed.add(target);
          }
        }
      }
      for (const port of Object.keys(levels)) {
        if (exposed.has(Number(port))) continue;
        ctx.report(MESH.PortLevelMtlsPortNotOnWorkload, pa, `portLevelMtls sets port ${port}, but neither the pods it selects (${pods.map(p => p.name).join(', ')}) `
          + `nor their Services have that port (${[...exposed].sort((a, b) => a - b).join(', ')}), so the setting has no effect`);
      }
    }
  },
};
