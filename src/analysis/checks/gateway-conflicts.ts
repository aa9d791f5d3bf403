/**
 * Conflicting gateways (istioctl's gateway.ConflictingGatewayAnalyzer, IST0145): two Gateways on
 * the same port of the same pods that both list one host (the same string, with the same `bind`).
 * Gateways are on the same pods when their selectors are equal, or when one selector's text
 * contains the other's and a pod matches both (a sub-selector). As istioctl, each gateway counts
 * with the hosts of its last server on a port, and a gateway without servers whose selector
 * matches no other gateway's is reported as a selector not found (IST0101).
 *
 * istioctl also adds the hosts of each server it checks to the other gateways' hosts when they do
 * not conflict, so that the result depends on the (random) order it visits them in; this check
 * compares each gateway with the others as written.
 */
import { Check } from '../check';
import { Labels, selectorString, stringMap } from '../labels';
import { IST, q } from '../messages';
import { asArray } from '../objects';

/** istioctl's `parseSelectorFromString`. */
function parseSelector(text: string): Labels {
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const kv = pair.split('=');
    if (kv.length === 2) out[kv[0]] = kv[1];
  }
  return out;
}

interface Group {
  /** Host (with bind) to the gateways that list it on their last server of this selector and port. */
  readonly hosts: Map<string, Set<string>>;
}

export const gatewayConflictsCheck: Check = {
  id: 'gateway.conflicts',
  description: 'Gateways that serve one host on one port of the same pods',
  types: [IST.ReferencedResourceNotFound, IST.ConflictingGateways],
  run(ctx) {
    const { model } = ctx;
    const gateways = model.of('Gateway');
    const portOf = (server: any) => String(Math.trunc(Number(server?.port?.number ?? 0)) || 0);
    const hostKey = (host: string, bind: string) => `${host}\u0000${bind}`;

    // selector -> port -> each gateway's last server's hosts
    const lastServer = new Map<string, Map<string, Map<string, any>>>();
    for (const gw of gateways) {
      const sel = selectorString(stringMap(gw.spec.selector));
      for (const server of asArray(gw.spec.servers)) {
        if (!lastServer.has(sel)) lastServer.set(sel, new Map());
        const byPort = lastServer.get(sel)!;
        if (!byPort.has(portOf(server))) byPort.set(portOf(server), new Map());
        byPort.get(portOf(server))!.set(gw.fullName, server);
      }
    }
    const groups = new Map<string, Map<string, Group>>();
    for (const [sel, byPort] of lastServer) {
      const ports = new Map<string, Group>();
      for (const [port, servers] of byPort) {
        const hosts = new Map<string, Set<string>>();
        for (const [name, server] of servers) {
          for (const h of asArray(server?.hosts).map(String)) {
            const key = hostKey(h, String(server?.bind ?? ''));
            if (!hosts.has(key)) hosts.set(key, new Set());
            hosts.get(key)!.add(name);
          }
        }
        ports.set(port, { hosts });
      }
      groups.set(sel, ports);
    }

    // the selectors whose gateways are on the same pods as a selector's
    const sameSelectors = new Map<string, string[]>();
    const hitsOf = (sel: string) => {
      let hits = sameSelectors.get(sel);
      if (hits) return hits;
      hits = [];
      for (const other of groups.keys()) {
        if (other === sel) {
          hits.push(other);
        } else if (other.includes(sel) || sel.includes(other)) {
          // a pod that both select: one with the labels of both (none when they disagree on a key)
          const both: Record<string, string> = { ...parseSelector(other) };
          let disagree = false;
          for (const [k, v] of Object.entries(parseSelector(sel))) {
            if (both[k] !== undefined && both[k] !== v) disagree = true;
            both[k] = v;
          }
          if (!disagree && model.podIndex.any(both)) hits.push(other);
        }
      }
      sameSelectors.set(sel, hits);
      return hits;
    };

    for (const gw of gateways) {
      const sel = selectorString(stringMap(gw.spec.selector));
      const hits = hitsOf(sel);
      if (sel !== '' && hits.length === 0) {
        ctx.report(IST.ReferencedResourceNotFound, gw, `Referenced selector not found: ${q(sel)}`);
        continue;
      }
      for (const server of asArray(gw.spec.servers)) {
        const port = portOf(server);
        const hosts = asArray(server?.hosts).map(String);
        const others: string[] = [];
        for (const hit of hits) {
          const group = groups.get(hit)!.get(port);
          if (!group) continue;
          const found = new Set<string>();
          for (const h of hosts) {
            for (const name of group.hosts.get(hostKey(h, String(server?.bind ?? ''))) ?? []) {
              if (name !== gw.fullName) found.add(name);
            }
          }
          others.push(...found);
        }
        if (others.length === 0) continue;
        ctx.report(IST.ConflictingGateways, gw, `Conflict with gateways ${others.sort().join(',')} (workload selector ${sel}, port ${port}, hosts ${hosts.join(',')}).`);
      }
    }
  },
};
