/**
 * Deprecated fields and kinds (istioctl's deprecation.FieldAnalyzer, IST0002): a VirtualService
 * fault delay given as `percent` (instead of `percentage`) and a Sidecar's
 * `outboundTrafficPolicy.egressProxy` (ignored). (istioctl also reports CustomResourceDefinitions of
 * the removed `rbac.istio.io` kinds, but it reads CustomResourceDefinitions from a cluster only, not
 * from files; neither does this engine.)
 */
import { Check } from '../check';
import { IST } from '../messages';
import { asArray } from '../objects';

export const deprecationCheck: Check = {
  id: 'deprecation.fields',
  description: 'deprecated fields of VirtualServices and Sidecars',
  types: [IST.Deprecated],
  run(ctx) {
    const { model } = ctx;
    for (const vs of model.of('VirtualService')) {
      for (const rule of asArray(vs.spec.http)) {
        if (Number(rule?.fault?.delay?.percent ?? 0) > 0) {
          ctx.report(IST.Deprecated, vs, 'Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage');
        }
      }
    }
    for (const sc of model.of('Sidecar')) {
      const egressProxy = sc.spec.outboundTrafficPolicy?.egressProxy;
      if (egressProxy !== undefined && egressProxy !== null) ctx.report(IST.Deprecated, sc, 'Deprecated: OutboundTrafficPolicy.EgressProxy ignored');
    }
  },
};
