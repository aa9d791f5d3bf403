/**
 * A canary in Istio's terms: the service's default route split between two subsets by weight
 * (with mirroring), and the tester route pinned to the canary subset.
 */
import { VirtualServiceSpecHttp } from '../../imports/networking.istio.io';
import { CanaryModel } from '../../model/canary';
import { ServiceModel } from '../../model/service';
import { renderHttpMatch } from '../../private/match-form';

/** The default route of the service: stable and canary subsets with their weights. */
export function renderCanaryDefaultRoute(service: ServiceModel, canary: CanaryModel): VirtualServiceSpecHttp {
  const host = service.host.hostFrom(service.namespace);
  return {
    route: [
      { destination: { host, subset: canary.stableVersion }, weight: 100 - canary.weight },
      { destination: { host, subset: canary.canaryVersion }, weight: canary.weight },
    ],
    mirror: canary.mirrorPercentage !== undefined ? { host, subset: canary.canaryVersion } : undefined,
    mirrorPercentage: canary.mirrorPercentage !== undefined ? { value: canary.mirrorPercentage } : undefined,
  };
}

/** The route that pins testers to the canary, placed just before the default route (none without testers). */
export function renderCanaryPinRoutes(service: ServiceModel, canary: CanaryModel): VirtualServiceSpecHttp[] {
  if (!canary.testerMatches) {
    return [];
  }
  const host = service.host.hostFrom(service.namespace);
  return [{
    name: canary.pinRouteName,
    match: canary.testerMatches.map(renderHttpMatch),
    route: [{ destination: { host, subset: canary.canaryVersion } }],
  }];
}
