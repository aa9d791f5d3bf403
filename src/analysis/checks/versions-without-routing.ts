/**
 * Services with several versions and no VirtualService (MESH007): without one, the mesh spreads
 * requests over every version's pods in turn, which is rarely meant once a second version runs.
 * Versions are the `version` (or `app.kubernetes.io/version`) labels of the pods a Service selects.
 */
import { Check } from '../check';
import { HostIndex, serviceFqdn, toFqdn } from '../hosts';
import { MESH } from '../messages';
import { boundToMesh, hostsOf } from './vs-util';

export const versionsWithoutRoutingCheck: Check = {
  id: 'service.versions-without-virtualservice',
  description: 'services with several versions and no VirtualService',
  types: [MESH.VersionsWithoutVirtualService],
  run(ctx) {
    const { model } = ctx;
    const domain = ctx.options.clusterDomain;
    const routedHosts = new HostIndex<true>();
    for (const vs of model.of('VirtualService').filter(boundToMesh)) {
      for (const h of hostsOf(vs)) routedHosts.add(toFqdn(h, vs.namespace, domain), true);
    }
    for (const svc of model.of('Service')) {
      const versions = new Set<string>();
      for (const w of model.workloadsOf(svc)) {
        const v = w.labels.version ?? w.labels['app.kubernetes.io/version'];
        if (v !== undefined) versions.add(v);
      }
      if (versions.size < 2) continue;
      if (routedHosts.matching(serviceFqdn(svc.name, svc.namespace, domain)).length > 0) continue;
      ctx.report(MESH.VersionsWithoutVirtualService, svc,
        `service '${svc.name}' runs ${versions.size} versions (${[...versions].sort().join(', ')}) but no VirtualService routes it: `
        + 'requests go to every version in turn; add a VirtualService that says which version gets what');
    }
  },
};
