/**
 * DestinationRule TLS modes that contradict the PeerAuthentication in force (MESH004): a client
 * that sends plaintext (DISABLE) or its own TLS (SIMPLE, MUTUAL) to workloads that accept only
 * Istio mutual TLS (STRICT), or Istio mutual TLS (ISTIO_MUTUAL) to workloads that have it
 * disabled (DISABLE). The mode in force for a workload and port is the most specific of: the
 * mesh-wide PeerAuthentication (root namespace, no selector), the namespace-wide one, the one
 * selecting the workload and its `portLevelMtls`; UNSET inherits; the default is PERMISSIVE.
 */
import { Check } from '../check';
import { resourceNameFromHost, toFqdn } from '../hosts';
import { SelectorIndex, stringMap } from '../labels';
import { MESH } from '../messages';
import { asArray, Obj } from '../objects';
import { containerPort, Pod } from '../pods';

const MODES = new Set(['STRICT', 'PERMISSIVE', 'DISABLE']);

function modeOf(value: any): string | undefined {
  return typeof value === 'string' && MODES.has(value) ? value : undefined;
}

/** Client TLS mode for a port from a traffic policy: the port's own setting, else the policy's. */
function clientMode(policy: any, port: number): string | undefined {
  const portLevel = asArray(policy?.portLevelSettings).find(s => Number(s?.port?.number) === port);
  return portLevel?.tls?.mode ?? policy?.tls?.mode;
}

function conflict(client: string, server: string): string | undefined {
  if (server === 'STRICT' && client === 'DISABLE') return 'sends plaintext, but';
  if (server === 'STRICT' && (client === 'SIMPLE' || client === 'MUTUAL')) return 'originates its own TLS instead of Istio mutual TLS, but';
  if (server === 'DISABLE' && client === 'ISTIO_MUTUAL') return 'sends Istio mutual TLS, but';
  return undefined;
}

export const peerAuthenticationCheck: Check = {
  id: 'security.tls-mode-conflicts',
  description: 'DestinationRule TLS modes that contradict the PeerAuthentication in force',
  types: [MESH.TlsModeConflictsWithPeerAuthentication],
  run(ctx) {
    const { model, options } = ctx;
    const policies = model.of('PeerAuthentication');
    if (policies.length === 0) return;
    const order = new Map<Obj, number>(policies.map((p, i) => [p, i]));
    let meshWide: Obj | undefined;
    const namespaceWide = new Map<string, Obj>();
    const bySelector = new SelectorIndex<Obj>(p => stringMap(p.spec.selector?.matchLabels));
    for (const pa of policies) {
      const selector = stringMap(pa.spec.selector?.matchLabels);
      if (Object.keys(selector).length > 0) {
        bySelector.add(pa.namespace, pa);
        continue;
      }
      if (pa.namespace === model.meshConfig.rootNamespace && !meshWide) meshWide = pa;
      if (!namespaceWide.has(pa.namespace)) namespaceWide.set(pa.namespace, pa);
    }

    const serverMode = (namespace: string, w: Pod | undefined, port: number | undefined) => {
      let mode = 'PERMISSIVE';
      let source: Obj | undefined;
      for (const pa of [meshWide, namespaceWide.get(namespace)]) {
        const m = modeOf(pa?.spec.mtls?.mode);
        if (m) {
          mode = m;
          source = pa;
        }
      }
      if (w) {
        const own = bySelector.selecting(w.labels, namespace, false).sort((a, b) => order.get(a)! - order.get(b)!)[0];
        const m = modeOf(own?.spec.mtls?.mode);
        if (m) {
          mode = m;
          source = own;
        }
        const pm = port === undefined ? undefined : modeOf(own?.spec.portLevelMtls?.[String(port)]?.mode);
        if (pm) {
          mode = pm;
          source = own;
        }
      }
      return { mode, source };
    };

    for (const dr of model.of('DestinationRule')) {
      const host = String(dr.spec.host ?? '');
      const [svcNs, svcName] = resourceNameFromHost(dr.namespace, toFqdn(host, dr.namespace, options.clusterDomain), options.clusterDomain).split('/');
      const svc = model.find('Service', svcNs, svcName);
      if (!svc) continue;
      const top = dr.spec.trafficPolicy;
      const scopes: Array<{ label: string; mode: (port: number) => string | undefined; labels?: Record<string, string> }> = [
        { label: 'trafficPolicy', mode: port => clientMode(top, port) },
      ];
      for (const subset of asArray(dr.spec.subsets)) {
        const sp = subset?.trafficPolicy;
        if (!sp?.tls && asArray(sp?.portLevelSettings).length === 0) continue;
        scopes.push({ label: `subset '${subset.name}'`, mode: port => clientMode(sp, port) ?? clientMode(top, port), labels: stringMap(subset.labels) });
      }
      const found = new Map<string, Set<string>>();
      for (const scope of scopes) {
        const workloads = model.podsOf(svc).filter(w => !scope.labels || Object.entries(scope.labels).every(([k, v]) => w.labels[k] === v));
        for (const sp of asArray(svc.spec.ports)) {
          const port = Number(sp?.port);
          const client = scope.mode(port);
          if (client === undefined) continue;
          for (const w of workloads.length > 0 ? workloads : [undefined]) {
            const server = serverMode(svc.namespace, w, containerPort(sp, w));
            const why = conflict(client, server.mode);
            if (!why || !server.source) continue;
            const key = [scope.label, port, client, why, server.mode, server.source.fullName].join('\u0000');
            if (!found.has(key)) found.set(key, new Set());
            found.get(key)!.add(w ? w.name : `namespace ${svc.namespace}`);
          }
        }
      }
      for (const [key, targets] of found) {
        const [label, port, client, why, server, source] = key.split('\u0000');
        const requirement = server === 'STRICT' ? 'requires Istio mutual TLS (STRICT)' : 'disables mutual TLS (DISABLE)';
        ctx.report(MESH.TlsModeConflictsWithPeerAuthentication, dr,
          `${label} sets TLS mode ${client} for host '${host}' port ${port}: the client ${why} PeerAuthentication ${source} ${requirement} `
          + `on ${[...targets].join(', ')}, so the connections fail`);
      }
    }
  },
};
