/**
 * Istio Gateways and their workload (istioctl's gateway.IngressGatewayPortAnalyzer): the selector
 * matches a pod (in any namespace; IST0101); each server port is reachable through a Service of
 * those pods (IST0162) — a TCP Service port whose target port is the server port, or a Service port
 * equal to the server port (then mapped to its target port, as `port: 80, targetPort: 8080`).
 */
import { Check } from '../check';
import { selectorString, stringMap } from '../labels';
import { IST, q } from '../messages';
import { asArray } from '../objects';
import { Pod } from '../pods';

/** Kubernetes' `IntOrString.IntValue()` of a target port: its number, or 0 for a name. */
export function targetPortValue(port: any): number {
  const t = port?.targetPort;
  if (typeof t === 'number') return t;
  return typeof t === 'string' && /^[+-]?\d+$/.test(t) ? Number(t) : 0;
}

/** The gateway ports the Services of some pods offer: target ports (or ports, without one), and Service ports. */
function servicePorts(ctx: Parameters<Check['run']>[0], pods: readonly Pod[]): { targets: Set<number>; mapped: Set<number> } {
  const targets = new Set<number>();
  const mapped = new Set<number>();
  for (const pod of pods) {
    for (const svc of ctx.model.serviceSelectors.selecting(pod.labels, pod.namespace, false)) {
      for (const p of asArray(svc.spec.ports)) {
        if ((p?.protocol || 'TCP') !== 'TCP') continue;
        const target = targetPortValue(p);
        if (target !== 0) {
          targets.add(target);
          mapped.add(Number(p?.port));
        } else {
          targets.add(Number(p?.port));
        }
      }
    }
  }
  return { targets, mapped };
}

export const gatewaysCheck: Check = {
  id: 'gateway.workload-ports',
  description: 'Gateway selectors match pods, and their ports are on the pods\' Services',
  types: [IST.ReferencedResourceNotFound, IST.GatewayPortNotDefinedOnService],
  run(ctx) {
    const { model } = ctx;
    const bySelector = new Map<string, { pods: Pod[]; ports: ReturnType<typeof servicePorts> }>();
    for (const gw of model.of('Gateway')) {
      const selector = stringMap(gw.spec.selector);
      const sel = selectorString(selector);
      let found = bySelector.get(sel);
      if (!found) {
        const pods = model.podIndex.select(selector);
        found = { pods, ports: servicePorts(ctx, pods) };
        bySelector.set(sel, found);
      }
      if (found.pods.length === 0) {
        ctx.report(IST.ReferencedResourceNotFound, gw, `Referenced selector not found: ${q(sel)}`);
        continue;
      }
      for (const server of asArray(gw.spec.servers)) {
        const number = server?.port?.number;
        if (server?.port === undefined || server?.port === null) continue;
        const n = Number(number ?? 0);
        if (found.ports.targets.has(n) || found.ports.mapped.has(n)) continue;
        ctx.report(IST.GatewayPortNotDefinedOnService, gw,
          `The gateway is listening on a target port (port ${n}) that is not defined in the Service associated with its workload instances `
          + `(Pod selector ${sel}). If you need to access the gateway port through the gateway Service, it will not be available.`);
      }
    }
  },
};
