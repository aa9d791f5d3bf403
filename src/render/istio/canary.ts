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
  const controlled = service.handedOff?.subsetRouting;
  if (controlled) {
    // the state the controller leaves the route in after a release (and before the first one):
    // all traffic to the stable subset; its mirror phase is a route it adds and removes itself
    return {
      name: controlled.routeName,
      route: [
        { destination: { host, subset: controlled.stableSubset }, weight: 100 },
        { destination: { host, subset: controlled.canarySubset }, weight: 0 },
      ],
    };
  }
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
  // handed to a controller that moves subsets: the canary subset holds the canary's pods during a
  // release, and the stable pods at rest (the controller points both subsets at them)
  const subset = service.handedOff?.subsetRouting?.canarySubset ?? canary.canaryVersion;
  return [{
    name: canary.pinRouteName,
    match: canary.testerMatches.map(renderHttpMatch),
    route: [{ destination: { host, subset } }],
  }];
}
