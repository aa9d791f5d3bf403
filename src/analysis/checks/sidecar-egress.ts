/**
 * Sidecar egress hosts that import nothing (MESH017): an egress host `namespace/dnsName` imports
 * the Services, ServiceEntries and VirtualServices of that namespace (`.` the Sidecar's, `*`
 * every one) whose hosts match the name (`*` every host, `*.suffix`, an FQDN); one that matches
 * none leaves the sidecars it configures without a route to what it names. Only names are judged
 * (`ns/*` imports a namespace, whatever it holds; `~/*` imports nothing on purpose), and only in
 * namespaces the manifests declare objects in (others are deployed elsewhere).
 */
import { Check } from '../check';
import { HostIndex, serviceFqdn, toFqdn } from '../hosts';
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
    // the hosts of every namespace, with their namespace, indexed by host
    const hosts = new HostIndex<string>();
    const declared = new Set<string>();
    const add = (ns: string, host: string) => hosts.add(host, ns);
    for (const obj of model.objects) {
      if (!obj.synthetic && obj.namespace !== '') declared.add(obj.namespace);
      if (obj.kind === 'Service') add(obj.namespace, serviceFqdn(obj.name, obj.namespace, options.clusterDomain));
      if (obj.kind === 'ServiceEntry' || obj.kind === 'VirtualService') {
        for (const h of asArray(obj.spec.hosts).map(String)) add(obj.namespace, toFqdn(h, obj.namespace, options.clusterDomain));
      }
    }
    for (const sc of sidecars) {
      asArray(sc.spec.egress).forEach((listener, index) => {
        for (const entry of asArray(listener?.hosts).map(String)) {
          const slash = entry.indexOf('/');
          if (slash < 0) continue;
          const ns = entry.slice(0, slash);
          const name = entry.slice(slash + 1);
          // `~/*` imports nothing on purpose; `ns/*` imports a namespace, whatever it holds now
          if (ns === '~' || name === '*') continue;
          const namespace = ns === '*' ? undefined : ns === '.' ? sc.namespace : ns;
          if (namespace !== undefined && !declared.has(namespace)) continue;
          if (hosts.matching(name).some(e => namespace === undefined || e.item === namespace)) continue;
          const where = namespace === undefined ? 'no namespace has a' : `namespace ${namespace} has no`;
          ctx.report(MESH.SidecarEgressImportsNothing, sc, `egress ${index} host ${q(entry)} imports nothing: ${where} Service, ServiceEntry or VirtualService `
            + 'with a matching host, so the sidecars it configures have no route to it');
        }
      });
    }
  },
};
