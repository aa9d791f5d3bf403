/**
 * Sidecar egress hosts that import nothing (MESH017): an egress host `namespace/dnsName` imports
 * the Services, ServiceEntries and VirtualServices of that namespace (`.` the Sidecar's, `*`
 * every one) whose hosts match the name (`*` every host, `*.suffix`, an FQDN); one that matches
 * none leaves the sidecars it configures without a route to what it names. Only namespaces the
 * manifests declare objects in are judged (others are deployed elsewhere); `~/*` imports nothing
 * on purpose.
 */
import { Check } from '../check';
import { hostsMatch, push, serviceFqdn, toFqdn } from '../hosts';
import { MESH, q } from '../messages';
import { asArray } from '../objects';

export const sidecarEgressCheck: Check = {
  id: 'sidecar.egress-hosts',
  description: 'Sidecar egress hosts import a Service, ServiceEntry or VirtualService',
  types: [MESH.SidecarEgressImportsNothing],
  run(ctx) {
    const { model, options } = ctx;
    const sidecars = model.of('Sidecar');
    if (sidecars.length === 0) return;
    const hostsByNamespace = new Map<string, string[]>();
    const declared = new Set<string>();
    for (const obj of model.objects) {
      if (!obj.synthetic && obj.namespace !== '') declared.add(obj.namespace);
      if (obj.kind === 'Service') push(hostsByNamespace, obj.namespace, serviceFqdn(obj.name, obj.namespace, options.clusterDomain));
      if (obj.kind === 'ServiceEntry' || obj.kind === 'VirtualService') {
        for (const h of asArray(obj.spec.hosts).map(String)) push(hostsByNamespace, obj.namespace, toFqdn(h, obj.namespace, options.clusterDomain));
      }
    }
    for (const sc of sidecars) {
      asArray(sc.spec.egress).forEach((listener, index) => {
        for (const entry of asArray(listener?.hosts).map(String)) {
          const slash = entry.indexOf('/');
          if (slash < 0) continue;
          const ns = entry.slice(0, slash);
          const name = entry.slice(slash + 1);
          if (ns === '~') continue;
          const namespaces = ns === '*' ? [...hostsByNamespace.keys()] : [ns === '.' ? sc.namespace : ns];
          if (ns !== '*' && !declared.has(namespaces[0])) continue;
          const matches = (h: string) => name === '*' || hostsMatch(name, h);
          if (namespaces.some(n => (hostsByNamespace.get(n) ?? []).some(matches))) continue;
          const where = ns === '*' ? 'no namespace has a' : `namespace ${namespaces[0]} has no`;
          ctx.report(MESH.SidecarEgressImportsNothing, sc, `egress ${index} host ${q(entry)} imports nothing: ${where} Service, ServiceEntry or VirtualService `
            + 'with a matching host, so the sidecars it configures have no route to it');
        }
      });
    }
  },
};
