/**
 * VirtualService destinations (istioctl's virtualservice.DestinationHostAnalyzer): every
 * destination and mirror host is a Service or ServiceEntry host visible from the VirtualService's
 * namespace; a destination port exists on it, and is given when it has several; a gateway route
 * without subset to a host that mesh routes split by subset (IST0140).
 */
import { Check } from '../check';
import { HostEntry } from '../destination-hosts';
import { goList, IST, q } from '../messages';
import { exportToOf, gatewaysOf, hostOf, hostsOf, mirrorDestinations, portOf, RouteDestination, routeDestinations, subsetOf } from './vs-util';

export const vsDestinationsCheck: Check = {
  id: 'virtualservice.destination-hosts',
  description: 'destination hosts and ports of VirtualServices exist',
  types: [IST.ReferencedResourceNotFound, IST.VirtualServiceDestinationPortSelectorRequired, IST.IngressRouteRulesNotAffected],
  run(ctx) {
    const { model } = ctx;
    const virtualServices = model.of('VirtualService');

    // destinations with a subset to one of the VirtualService's own hosts, by destination host
    const subsetRouted = new Map<string, Set<string>>();
    for (const vs of virtualServices) {
      const hosts = new Set(hostsOf(vs));
      for (const d of routeDestinations(vs).filter(x => x.section === 'http')) {
        if (subsetOf(d.destination) === '' || !hosts.has(hostOf(d.destination))) continue;
        if (!subsetRouted.has(hostOf(d.destination))) subsetRouted.set(hostOf(d.destination), new Set());
        subsetRouted.get(hostOf(d.destination))!.add(vs.fullName);
      }
    }

    for (const vs of virtualServices) {
      const exportTo = exportToOf(vs);
      const checkPorts = (d: RouteDestination, entry: HostEntry) => {
        const port = portOf(d.destination);
        const host = hostOf(d.destination);
        if (port === undefined) {
          if (entry.ports.length > 1) {
            ctx.report(IST.VirtualServiceDestinationPortSelectorRequired, vs,
              `This VirtualService routes to a service ${q(host)} that exposes multiple ports ${goList(entry.ports.map(p => p.number))}. `
              + 'Specifying a port in the destination is required to disambiguate.');
          }
        } else if (!entry.ports.some(p => p.number === port)) {
          ctx.report(IST.ReferencedResourceNotFound, vs, `Referenced host:port not found: ${q(`${host}:${port}`)}`);
        }
      };
      for (const d of routeDestinations(vs)) {
        const entry = model.lookupHost(vs.namespace, exportTo, hostOf(d.destination));
        if (!entry) ctx.report(IST.ReferencedResourceNotFound, vs, `Referenced host not found: ${q(hostOf(d.destination))}`);
        else checkPorts(d, entry);
      }
      for (const d of mirrorDestinations(vs)) {
        const entry = model.lookupHost(vs.namespace, exportTo, hostOf(d.destination));
        if (!entry) ctx.report(IST.ReferencedResourceNotFound, vs, `Referenced mirror host not found: ${q(hostOf(d.destination))}`);
        else checkPorts(d, entry);
      }

      if (gatewaysOf(vs).length === 0) continue;
      for (const d of routeDestinations(vs).filter(x => x.section === 'http')) {
        if (subsetOf(d.destination) !== '') continue;
        for (const other of subsetRouted.get(hostOf(d.destination)) ?? []) {
          ctx.report(IST.IngressRouteRulesNotAffected, vs, `Subset in virtual service ${other} has no effect on ingress gateway ${vs.fullName} requests`);
        }
      }
    }
  },
};
