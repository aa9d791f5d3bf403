/**
 * VirtualServices that define the same host: for the mesh (istioctl's
 * virtualservice.ConflictingMeshGatewayHostsAnalyzer, IST0109), and for one gateway when one of
 * them has a catch-all route that may shadow the others' routes after Istio merges them (MESH009).
 */
import { Check } from '../check';
import { HostIndex, push, toFqdn } from '../hosts';
import { IST, MESH } from '../messages';
import { asArray, Obj } from '../objects';
import { boundToMesh, exportToOf, gatewaysOf, hostsOf, isHttpCatchAllRule, matchScopeOf, shortOrFullName } from './vs-util';

export const vsConflictsCheck: Check = {
  id: 'virtualservice.conflicting-hosts',
  description: 'VirtualServices bound to the mesh, or to one gateway, that define the same host',
  types: [IST.ConflictingMeshGatewayVirtualServiceHosts, MESH.GatewayVirtualServicesShadowed],
  run(ctx) {
    const { model } = ctx;
    const domain = ctx.options.clusterDomain;

    // IST0109: mesh-bound VirtualServices by scope/FQDN
    const byScopedHost = new Map<string, Obj[]>();
    const exportedToAll = new HostIndex<string>();
    for (const vs of model.of('VirtualService').filter(boundToMesh)) {
      const exportTo = exportToOf(vs);
      const scopes = exportTo.length === 0 || exportTo.includes('*') ? ['*'] : [...new Set(exportTo.map(e => (e === '.' ? vs.namespace : e)))];
      for (const scope of scopes) {
        for (const h of hostsOf(vs)) {
          const key = `${scope}/${toFqdn(h, vs.namespace, domain)}`;
          if (scope === '*' && !byScopedHost.has(key)) exportedToAll.add(key.slice(2), key);
          push(byScopedHost, key, vs);
        }
      }
    }
    const reported = new Set<Obj>();
    for (const key of [...byScopedHost.keys()].sort()) {
      let list = byScopedHost.get(key)!;
      const slash = key.indexOf('/');
      if (key.slice(0, slash) !== '*') {
        list = [...list, ...exportedToAll.matching(key.slice(slash + 1)).flatMap(e => byScopedHost.get(e.item)!)];
      }
      if (list.length < 2) continue;
      const names = list.map(v => v.fullName).sort().join(',');
      for (const vs of list) {
        if (reported.has(vs)) continue;
        reported.add(vs);
        ctx.report(IST.ConflictingMeshGatewayVirtualServiceHosts, vs,
          `The VirtualServices ${names} associated with mesh gateway define the same host ${key} which can lead to undefined behavior. `
          + 'This can be fixed by merging the conflicting VirtualServices into a single resource.');
      }
    }

    // MESH009: VirtualServices merged on one gateway, one of them with a catch-all route
    const byGatewayHost = new Map<string, Obj[]>();
    for (const vs of model.of('VirtualService')) {
      for (const gw of new Set(gatewaysOf(vs).filter(g => g !== 'mesh'))) {
        const ref = shortOrFullName(vs.namespace, gw);
        for (const h of new Set(hostsOf(vs))) push(byGatewayHost, `${ref.namespace}/${ref.name}|${toFqdn(h, vs.namespace, domain)}`, vs);
      }
    }
    for (const [key, list] of byGatewayHost) {
      if (list.length < 2) continue;
      const catchAll = list.filter(vs => asArray(vs.spec.http).some(rule => isHttpCatchAllRule(rule, matchScopeOf(model, vs, 'http'))));
      if (catchAll.length === 0) continue;
      const [gateway, host] = key.split('|');
      const names = list.map(v => v.fullName).join(', ');
      for (const vs of list) {
        const shadowing = catchAll.filter(c => c !== vs).map(c => c.fullName);
        if (shadowing.length === 0) continue;
        ctx.report(MESH.GatewayVirtualServicesShadowed, vs,
          `VirtualServices ${names} all define host ${host} on gateway ${gateway}; Istio merges them in no defined order, and ${shadowing.join(', ')} `
          + `has a route that matches every request, so this VirtualService's routes for ${host} may be unreachable; merge them into one VirtualService`);
      }
    }
  },
};
