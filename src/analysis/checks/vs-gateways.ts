/**
 * VirtualService gateways (istioctl's virtualservice.GatewayAnalyzer): every gateway a
 * VirtualService binds to exists, and serves one of its hosts.
 */
import { Check } from '../check';
import { hostsMatch } from '../hosts';
import { goList, IST, q } from '../messages';
import { asArray } from '../model';
import { gatewaysOf, hostsOf, shortOrFullName } from './vs-util';

/** A Gateway's server hosts as istioctl reads them for a VirtualService in `vsNamespace`. */
function gatewayHostsFor(gatewaySpec: any, gatewayNamespace: string, vsNamespace: string): string[] {
  const out: string[] = [];
  for (const server of asArray(gatewaySpec.servers)) {
    let hosts = asArray(server?.hosts).map(String);
    // `./host` is the gateway's namespace, `*/host` any namespace, `*/*` everything
    if (hosts.some(h => h === '*/*')) hosts = ['*'];
    hosts = hosts.map(h => (h.startsWith('./') ? `${gatewayNamespace}/${h.slice(2)}` : h.startsWith('*/') ? h.slice(2) : h));
    for (const h of hosts) {
      const slash = h.indexOf('/');
      if (slash < 0) out.push(h);
      else if (h.slice(0, slash) === vsNamespace || h.slice(0, slash) === '*') out.push(h.slice(slash + 1));
    }
  }
  return out;
}

export const vsGatewaysCheck: Check = {
  id: 'virtualservice.gateways',
  description: 'gateways of VirtualServices exist and serve their hosts',
  types: [IST.ReferencedResourceNotFound, IST.VirtualServiceHostNotFoundInGateway],
  run(ctx) {
    const { model } = ctx;
    for (const vs of model.of('VirtualService')) {
      const vsHosts = hostsOf(vs);
      for (const gw of gatewaysOf(vs)) {
        if (gw === 'mesh') continue;
        const ref = shortOrFullName(vs.namespace, gw);
        const gateway = model.find('Gateway', ref.namespace, ref.name);
        if (!gateway) ctx.report(IST.ReferencedResourceNotFound, vs, `Referenced gateway not found: ${q(gw)}`);
        const gwHosts = gateway ? gatewayHostsFor(gateway.spec, gateway.namespace, vs.namespace) : [];
        if (!gwHosts.some(g => vsHosts.some(h => hostsMatch(g, h)))) {
          ctx.report(IST.VirtualServiceHostNotFoundInGateway, vs,
            `one or more host ${goList(vsHosts)} defined in VirtualService ${vs.fullName} not found in Gateway ${ref.namespace}/${ref.name}.`);
        }
      }
    }
  },
};
