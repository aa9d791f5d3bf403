/**
 * ServiceEntries: TCP (or protocol-less) ports need addresses (IST0134, istioctl's
 * serviceentry.ProtocolAddressesAnalyzer) unless the entry's status has allocated ones (istiod
 * allocates them in the cluster: `istiodAllocates`), or the mesh config's `defaultConfig.proxyMetadata` has `ISTIO_META_DNS_CAPTURE: "true"` with
 * `ISTIO_META_DNS_AUTO_ALLOCATE` or `PILOT_ENABLE_IP_AUTOALLOCATE` `"true"`; entries that give one
 * host and port different protocols (MESH011: istioctl has no such check).
 */
import { Check } from '../check';
import { push } from '../hosts';
import { IST, MESH } from '../messages';
import { asArray, Obj } from '../objects';
import { exportToOf } from './vs-util';
import { LABEL } from '../../private/istio-names';

/**
 * Whether istiod allocates the entry addresses (its IP auto-allocation controller,
 * PILOT_ENABLE_IP_AUTOALLOCATE, on by default): a resolution other than NONE, no addresses of its
 * own, not labelled `networking.istio.io/enable-autoallocate-ip: "false"`, and a host that is no
 * wildcard (or any host with DYNAMIC_DNS resolution).
 */
export function istiodAllocates(se: Obj): boolean {
  const resolution = se.spec.resolution;
  if (typeof resolution !== 'string' || resolution === 'NONE' || asArray(se.spec.addresses).length > 0) return false;
  if ((se.labels[LABEL.enableAutoallocateIp] ?? '').toLowerCase() === 'false') return false;
  return asArray(se.spec.hosts).some(h => !String(h).startsWith('*') || resolution === 'DYNAMIC_DNS');
}

/** Whether the mesh config has Istio allocate ServiceEntry addresses (DNS capture with auto-allocation). */
function autoAllocates(meta: Readonly<Record<string, string>>): boolean {
  return meta.ISTIO_META_DNS_CAPTURE === 'true' && (meta.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || meta.PILOT_ENABLE_IP_AUTOALLOCATE === 'true');
}

export const serviceEntriesCheck: Check = {
  id: 'serviceentry.protocols-addresses',
  description: 'ServiceEntry addresses and conflicting protocols',
  types: [IST.ServiceEntryAddressesRequired, MESH.ConflictingServiceEntryProtocol],
  run(ctx) {
    const { model } = ctx;
    const allocated = autoAllocates(model.meshConfig.proxyMetadata);
    const index = new Map<string, Array<{ protocol: string; se: Obj }>>();
    for (const se of model.of('ServiceEntry')) {
      const hasAddresses = asArray(se.spec.addresses).length > 0 || asArray(se.raw.status?.addresses).length > 0 || istiodAllocates(se);
      for (const port of asArray(se.spec.ports)) {
        const protocol = String(port?.protocol ?? '');
        if (!hasAddresses && !allocated && (protocol === '' || protocol.toUpperCase() === 'TCP')) {
          ctx.report(IST.ServiceEntryAddressesRequired, se, 'ServiceEntry addresses are required for this protocol.');
        }
      }
      const exportTo = exportToOf(se);
      const scopes = exportTo.length === 0 || exportTo.includes('*') ? ['*'] : [...new Set(exportTo.map(e => (e === '.' ? se.namespace : e)))];
      for (const scope of scopes) {
        for (const host of asArray(se.spec.hosts).map(String)) {
          for (const port of asArray(se.spec.ports)) push(index, `${scope}\u0000${host}\u0000${Number(port?.number)}`, { protocol: String(port?.protocol ?? ''), se });
        }
      }
    }
    const reported = new Set<Obj>();
    for (const key of [...index.keys()].sort()) {
      const [scope, host, port] = key.split('\u0000');
      const entries = scope === '*' ? index.get(key)! : [...index.get(key)!, ...(index.get(`*\u0000${host}\u0000${port}`) ?? [])];
      const protocols = [...new Set(entries.map(e => e.protocol.toUpperCase()))].sort();
      if (protocols.length < 2) continue;
      const names = [...new Set(entries.map(e => e.se.fullName))].sort().join(', ');
      for (const { se } of entries) {
        if (reported.has(se)) continue;
        reported.add(se);
        ctx.report(MESH.ConflictingServiceEntryProtocol, se,
          `multiple ServiceEntries (${names}) define the same host ${JSON.stringify(host)} and port ${port} with conflicting protocols (${protocols.join(', ')})`);
      }
    }
  },
};
