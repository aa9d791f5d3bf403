/**
 * Services with several versions and no mesh routing (MESH007): without it, the mesh spreads
 * requests over every version's pods in turn, which is rarely meant once a second version runs.
 * Versions are the `version` (or `app.kubernetes.io/version`) labels of the pods a Service selects.
 * Mesh routing is a VirtualService bound to the mesh whose hosts cover the Service, or a Kubernetes
 * Gateway API route (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute) with the Service as a parent (GAMMA).
 */
import { Check } from '../check';
import { HostIndex, serviceFqdn, toFqdn } from '../hosts';
import { MESH } from '../messages';
import { asArray } from '../objects';
import { boundToMesh, hostsOf } from './vs-util';

const ROUTE_KINDS = ['gateway/HTTPRoute', 'gateway/GRPCRoute', 'gateway/TLSRoute', 'gateway/TCPRoute'];

export const versionsWithoutRoutingCheck: Check = {
  id: 'service.versions-without-routing',
  description: 'services with several versions and no mesh routing',
  types: [MESH.VersionsWithoutVirtualService],
  run(ctx) {
    const { model } = ctx;
    const domain = ctx.options.clusterDomain;
    const routedHosts = new HostIndex<true>();
    for (const vs of model.of('VirtualService').filter(boundToMesh)) {
      for (const h of hostsOf(vs)) routedHosts.add(toFqdn(h, vs.namespace, domain), true);
    }
    // Services that a Gateway API route has as parent (`namespace/name`)
    const routedServices = new Set<string>();
    for (const kind of ROUTE_KINDS) {
      for (const route of model.of(kind)) {
        for (const parent of asArray(route.spec.parentRefs)) {
          if (parent?.kind !== 'Service' || (parent.group ?? '') !== '' || typeof parent.name !== 'string') continue;
          routedServices.add(`${typeof parent.namespace === 'string' && parent.namespace !== '' ? parent.namespace : route.namespace}/${parent.name}`);
        }
      }
    }
    for (const svc of model.of('Service')) {
      const versions = new Set<string>();
      for (const pod of model.podsOf(svc)) {
        const v = pod.labels.version ?? pod.labels['app.kubernetes.io/version'];
        if (v !== undefined) versions.add(v);
      }
      if (versions.size < 2) continue;
      if (routedServices.has(svc.fullName)) continue;
      if (routedHosts.matching(serviceFqdn(svc.name, svc.namespace, domain)).length > 0) continue;
      ctx.report(MESH.VersionsWithoutVirtualService, svc,
        `service '${svc.name}' runs ${versions.size} versions (${[...versions].sort().join(', ')}) but no VirtualService or Gateway API route routes it: `
        + 'requests go to every version in turn; add a VirtualService or an HTTPRoute with the Service as parent that says which version gets what');
    }
  },
};
