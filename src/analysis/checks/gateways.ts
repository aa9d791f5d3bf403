/**
 * Istio Gateways (istioctl's gateway.IngressGatewayPortAnalyzer, gateway.SecretAnalyzer and
 * gateway.ConflictingGatewayAnalyzer): the selector matches a gateway workload; each server port is
 * a target port of a Service of that workload; TLS credentials exist as Secrets in the workload's
 * namespace; no two gateways serve overlapping hosts on the same port of the same workload.
 */
import { Check } from '../check';
import { HostIndex } from '../hosts';
import { selectorString, stringMap } from '../labels';
import { IST, q } from '../messages';
import { asArray, Obj, Workload } from '../model';
import { shortOrFullName } from './vs-util';

/** The container port a Service port reaches: a numeric targetPort, else the port itself. */
function targetPortNumber(port: any): number {
  const t = port?.targetPort;
  const n = typeof t === 'number' ? t : typeof t === 'string' && /^\d+$/.test(t) ? Number(t) : 0;
  return n !== 0 ? n : Number(port?.port);
}

function credentialNames(server: any): string[] {
  const tls = server?.tls;
  const names = [tls?.credentialName, ...asArray(tls?.credentialNames)];
  return names.filter((n): n is string => typeof n === 'string' && n !== '');
}

export const gatewaysCheck: Check = {
  id: 'gateway.workload',
  description: 'Gateway selectors, ports, credentials and conflicts',
  types: [IST.ReferencedResourceNotFound, IST.GatewayPortNotDefinedOnService, IST.ConflictingGateways],
  run(ctx) {
    const { model } = ctx;
    const gateways = model.of('Gateway');

    // Secrets, and the Secrets cert-manager Certificates will write
    const secrets = new Set(model.of('Secret').map(s => `${s.namespace}/${s.name}`));
    for (const cert of model.of('cert-manager.io/Certificate')) {
      if (typeof cert.spec.secretName === 'string') secrets.add(`${cert.namespace}/${cert.spec.secretName}`);
    }

    const bySelector = new Map<string, { workloads: Workload[]; ports: Set<number> }>();
    const workloadOf = (selector: Record<string, string>) => {
      const key = selectorString(selector);
      let found = bySelector.get(key);
      if (!found) {
        const workloads = model.workloadIndex.select(selector);
        const ports = new Set<number>();
        for (const w of workloads) {
          for (const svc of model.serviceSelectors.selecting(w.labels, w.namespace, false)) {
            for (const p of asArray(svc.spec.ports)) {
              if ((p?.protocol ?? 'TCP') === 'TCP') ports.add(targetPortNumber(p));
            }
          }
        }
        found = { workloads, ports };
        bySelector.set(key, found);
      }
      return found;
    };

    for (const gw of gateways) {
      const selector = stringMap(gw.spec.selector);
      const sel = selectorString(selector);
      const servers = asArray(gw.spec.servers);
      const { workloads, ports } = workloadOf(selector);
      if (workloads.length === 0 || (servers.length === 0 && sel !== '')) {
        ctx.report(IST.ReferencedResourceNotFound, gw, `Referenced selector not found: ${q(sel)}`);
        if (workloads.length === 0) continue;
      }
      for (const server of servers) {
        const number = server?.port?.number;
        if (number === undefined || ports.has(Number(number))) continue;
        ctx.report(IST.GatewayPortNotDefinedOnService, gw,
          `The gateway is listening on a target port (port ${number}) that is not defined in the Service associated with its workload instances `
          + `(Pod selector ${sel}). If you need to access the gateway port through the gateway Service, it will not be available.`);
      }
      const workloadNamespace = workloads[0].namespace;
      for (const server of servers) {
        for (const cn of credentialNames(server)) {
          const ref = shortOrFullName(workloadNamespace, cn);
          if (!secrets.has(`${ref.namespace}/${ref.name}`)) ctx.report(IST.ReferencedResourceNotFound, gw, `Referenced credentialName not found: ${q(cn)}`);
        }
      }
    }

    // conflicting gateways: same selector and port, overlapping hosts
    const groups = new Map<string, HostIndex<Obj>>();
    const keyOf = (gw: Obj, server: any) => `${selectorString(stringMap(gw.spec.selector))}~${Number(server?.port?.number ?? 0)}`;
    for (const gw of gateways) {
      for (const server of asArray(gw.spec.servers)) {
        const key = keyOf(gw, server);
        let index = groups.get(key);
        if (!index) {
          index = new HostIndex<Obj>();
          groups.set(key, index);
        }
        for (const h of asArray(server?.hosts).map(String)) index.add(h, gw);
      }
    }
    for (const gw of gateways) {
      for (const server of asArray(gw.spec.servers)) {
        const key = keyOf(gw, server);
        const hosts = asArray(server?.hosts).map(String);
        const others = new Set<string>();
        for (const h of hosts) {
          for (const e of groups.get(key)!.matching(h)) if (e.item !== gw) others.add(e.item.fullName);
        }
        if (others.size === 0) continue;
        const [sel, port] = key.split('~');
        ctx.report(IST.ConflictingGateways, gw, `Conflict with gateways ${[...others].sort().join(',')} (workload selector ${sel}, port ${port}, hosts ${hosts.join(',')}).`);
      }
    }
  },
};
