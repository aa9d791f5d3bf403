/**
 * Short host names that resolve in the wrong namespace (MESH005). Istio completes a short name
 * (`reviews`) with the namespace of the object it is written in, so `reviews` in a VirtualService
 * or DestinationRule of namespace `frontend` means `reviews.frontend.svc.cluster.local` — not the
 * Service `reviews` of namespace `backend`.
 */
import { Check } from '../check';
import { isShortName } from '../hosts';
import { MESH } from '../messages';
import { Obj } from '../objects';
import { exportToOf, hostOf, hostsOf, mirrorDestinations, routeDestinations } from './vs-util';

export const shortHostsCheck: Check = {
  id: 'hosts.short-names',
  description: 'short host names that name a Service of another namespace',
  types: [MESH.ShortHostInWrongNamespace],
  run(ctx) {
    const { model } = ctx;
    const domain = ctx.options.clusterDomain;
    const check = (obj: Obj, host: string, where: string) => {
      if (!isShortName(host) || host === '') return;
      if (model.lookupHost(obj.namespace, exportToOf(obj), host)) return;
      const elsewhere = model.namespacesOfService(host).filter(ns => ns !== obj.namespace);
      if (elsewhere.length === 0) return;
      ctx.report(MESH.ShortHostInWrongNamespace, obj,
        `${where} '${host}' is a short name, so it means ${host}.${obj.namespace}.svc.${domain}, which does not exist; `
        + `the Service '${host}' is in namespace ${elsewhere.join(', ')}: write ${elsewhere.map(ns => `'${host}.${ns}.svc.${domain}'`).join(' or ')}`);
    };
    for (const vs of model.of('VirtualService')) {
      for (const h of hostsOf(vs)) check(vs, h, 'host');
      for (const d of [...routeDestinations(vs), ...mirrorDestinations(vs)]) check(vs, hostOf(d.destination), 'destination host');
    }
    for (const dr of model.of('DestinationRule')) check(dr, String(dr.spec.host ?? ''), 'host');
  },
};
