/**
 * Service ports Istio cannot read a protocol from (istioctl's service.PortNameAnalyzer): neither
 * `appProtocol` nor the name's prefix names one, so Istio falls back to protocol sniffing
 * (IST0118); an ExternalName Service's port named `tcp` or without protocol (IST0150). Istio's own
 * Services and those of Istio-managed gateways are skipped (and, as everything, those in
 * Kubernetes' own namespaces).
 */
import { GATEWAY_CONTROLLER, LABEL } from '../../private/istio-names';
import { Check } from '../check';
import { IST } from '../messages';
import { asArray } from '../objects';
import { serviceProtocol } from '../protocols';

const GATEWAY_CONTROLLERS: ReadonlySet<string> = new Set(Object.values(GATEWAY_CONTROLLER));

/** The target port as the cluster holds it (the API server defaults it to the port). */
function targetPortText(port: any): string {
  const t = port?.targetPort;
  return t === undefined || t === null || t === '' || t === 0 ? String(Number(port?.port ?? 0)) : String(t);
}

export const servicePortsCheck: Check = {
  id: 'service.port-names',
  description: 'Service ports whose name or appProtocol names no protocol',
  types: [IST.PortNameIsNotUnderNamingConvention, IST.ExternalNameServiceTypeInvalidPortName],
  run(ctx) {
    for (const svc of ctx.model.of('Service')) {
      // Istio's own control plane, and Services Istio generates for Kubernetes Gateways
      if ('istio' in svc.labels || svc.labels.release === 'istio') continue;
      if (GATEWAY_CONTROLLERS.has(svc.labels[LABEL.gatewayManaged] ?? '')) continue;
      const externalName = svc.spec.type === 'ExternalName';
      for (const port of asArray(svc.spec.ports)) {
        const name = String(port?.name ?? '');
        if (serviceProtocol(port) !== undefined && !(externalName && name === 'tcp')) continue;
        if (externalName) {
          ctx.report(IST.ExternalNameServiceTypeInvalidPortName, svc,
            'Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly');
        } else {
          ctx.report(IST.PortNameIsNotUnderNamingConvention, svc,
            `Port name ${name} (port: ${Number(port?.port ?? 0)}, targetPort: ${targetPortText(port)}) doesn't follow the naming convention of Istio port.`);
        }
      }
    }
  },
};
