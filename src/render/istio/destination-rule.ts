/**
 * A service's DestinationRule: the host's traffic policy and one subset per version. Both routing
 * backends emit it (in the Gateway API mode it still carries the service's policy for callers of
 * the service's own host).
 */
import { renderSubsetPolicy, renderTopPolicy } from './traffic-policy';
import { DestinationRule, DestinationRuleSpec } from '../../imports/networking.istio.io';
import { ServiceModel } from '../../model/service';
import { lazy } from '../../private/lazy';

/** The service's DestinationRule, rendered from the model at synthesis. */
export function serviceDestinationRule(service: ServiceModel): DestinationRule {
  return new DestinationRule(service.host, 'DestinationRule', {
    metadata: { name: service.objectNames.destinationRule, namespace: service.namespace },
    spec: lazy(() => renderServiceDestinationRule(service)),
  });
}

function renderServiceDestinationRule(service: ServiceModel): DestinationRuleSpec {
  // a controller that moves the canary between subsets of its own DestinationRule replaces the
  // subsets of the canary's versions (Istio merges the two rules' subsets for the host)
  const canary = service.canary;
  const replaced = service.handedOff?.subsetRouting && canary ? [canary.stableVersion, canary.canaryVersion] : [];
  return {
    host: service.host.hostFrom(service.namespace),
    exportTo: service.exportTo,
    trafficPolicy: renderTopPolicy(service.policies),
    subsets: service.versions.filter(v => !replaced.includes(v.name)).map(v => ({
      name: v.name,
      labels: { ...v.subsetLabels },
      trafficPolicy: renderSubsetPolicy(service.policies, v.name),
    })),
  };
}
