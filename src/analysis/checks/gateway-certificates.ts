/**
 * One certificate on several gateways (istioctl's gateway.CertificateAnalyzer, IST0138): HTTP/2
 * clients reuse a connection for every host of the certificate, and get 404s from the gateway
 * that does not serve the host. Gateways count when one's selector includes the other's.
 */
import { Check } from '../check';
import { push } from '../hosts';
import { Labels, stringMap } from '../labels';
import { goList, IST } from '../messages';
import { asArray, Obj } from '../objects';

/** The certificate a server presents, as istioctl compares them: its credentialName, or its certificate and key files. */
function certificateOf(tls: any): string | undefined {
  if (!tls || typeof tls !== 'object') return undefined;
  if (typeof tls.credentialName === 'string' && tls.credentialName !== '') return `credential:${tls.credentialName}`;
  if (typeof tls.serverCertificate === 'string' && tls.serverCertificate !== '' && typeof tls.privateKey === 'string' && tls.privateKey !== '') {
    return `files:${tls.serverCertificate}\u0000${tls.privateKey}`;
  }
  return undefined;
}

/** Whether every label of `x` is in `y` with the same value. */
function subset(x: Labels, y: Labels): boolean {
  return Object.entries(x).every(([k, v]) => y[k] === v);
}

export const gatewayCertificatesCheck: Check = {
  id: 'gateway.duplicate-certificates',
  description: 'one certificate on several gateways of one workload',
  types: [IST.GatewayDuplicateCertificate],
  run(ctx) {
    const byCertificate = new Map<string, Obj[]>();
    for (const gw of ctx.model.of('Gateway')) {
      for (const cert of new Set(asArray(gw.spec.servers).map(s => certificateOf(s?.tls)).filter((c): c is string => c !== undefined))) {
        push(byCertificate, cert, gw);
      }
    }
    for (const gateways of byCertificate.values()) {
      if (gateways.length < 2) continue;
      for (const gw of gateways) {
        const selector = stringMap(gw.spec.selector);
        for (const other of gateways) {
          if (other === gw || !subset(selector, stringMap(other.spec.selector))) continue;
          ctx.report(IST.GatewayDuplicateCertificate, gw,
            `Duplicate certificate in multiple gateways ${goList([gw.fullName, other.fullName])} may cause 404s if clients re-use HTTP2 connections.`);
        }
      }
    }
  },
};
