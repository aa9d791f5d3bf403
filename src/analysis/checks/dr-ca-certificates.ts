/**
 * TLS origination without server verification (istioctl's destinationrule.CaCertificateAnalyzer):
 * a DestinationRule's SIMPLE or MUTUAL TLS without `caCertificates`. As fixed in istio/istio#51567,
 * a `credentialName` counts when the rule has a `workloadSelector` (sidecars read it only then).
 */
import { Check } from '../check';
import { IST } from '../messages';
import { asArray } from '../objects';

function unverified(tls: any, hasSelector: boolean): boolean {
  const mode = tls?.mode;
  if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return false;
  if (typeof tls.caCertificates === 'string' && tls.caCertificates !== '') return false;
  return !(hasSelector && typeof tls.credentialName === 'string' && tls.credentialName !== '');
}

export const drCaCertificatesCheck: Check = {
  id: 'destinationrule.ca-certificates',
  description: 'SIMPLE or MUTUAL TLS without CA certificates',
  types: [IST.NoServerCertificateVerificationDestinationLevel, IST.NoServerCertificateVerificationPortLevel],
  run(ctx) {
    for (const dr of ctx.model.of('DestinationRule')) {
      const policy = dr.spec.trafficPolicy;
      const host = String(dr.spec.host ?? '');
      const hasSelector = dr.spec.workloadSelector !== undefined && dr.spec.workloadSelector !== null;
      if (unverified(policy?.tls, hasSelector)) {
        ctx.report(IST.NoServerCertificateVerificationDestinationLevel, dr,
          `DestinationRule ${dr.fullName} in namespace ${dr.namespace} has TLS mode set to ${policy.tls.mode} but no caCertificates are set to validate server identity for host: ${host}`);
      }
      for (const p of asArray(policy?.portLevelSettings)) {
        if (!unverified(p?.tls, hasSelector)) continue;
        ctx.report(IST.NoServerCertificateVerificationPortLevel, dr,
          `DestinationRule ${dr.fullName} in namespace ${dr.namespace} has TLS mode set to ${p.tls.mode} but no caCertificates are set to validate server identity for host: ${host} at port number:${p.port?.number ?? 0}`);
      }
    }
  },
};
