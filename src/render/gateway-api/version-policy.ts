/**
 * Traffic policy for the Service of one version. In Gateway API mode, routes send to
 * `<service>-<version>`, a host of its own: the DestinationRule of `<service>` and its subsets no
 * longer apply to that traffic. This renders what Istio would have applied to the subset (the
 * version's settings over the service's, a port's over both, as Istio merges them) for a
 * DestinationRule of the version's Service.
 */
import { DestinationRuleSpecTrafficPolicy } from '../../imports/networking.istio.io';
import { IMeshHost } from '../../interfaces/mesh-host';
import { PolicyTable } from '../../model/policy-table';
import { renderTopPolicy } from '../../render/istio/traffic-policy';
import { PolicyScope, TrafficPolicy } from '../../traffic-policy';

const FIELDS = ['loadBalancer', 'tls', 'connectionPool', 'outlierDetection'] as const;

/** How a policy value of a scope is looked up, with Istio's precedence. */
export type EffectivePolicy = <F extends typeof FIELDS[number]>(field: F, scope: PolicyScope) => TrafficPolicy[F] | undefined;

/**
 * The effective policy of `version`: the fields as they apply to it, and a port-level entry for
 * every port that has settings of its own (on the service or on the version).
 */
export function renderVersionPolicy(
  host: IMeshHost, version: string, effective: EffectivePolicy, portsWithSettings: number[],
): DestinationRuleSpecTrafficPolicy | undefined {
  const table = new PolicyTable(host);
  const at = (scope: PolicyScope): TrafficPolicy => Object.fromEntries(FIELDS.map(f => [f, effective(f, scope)]).filter(([, v]) => v !== undefined));
  const top = at({ version });
  if (Object.keys(top).length > 0) {
    table.add({}, top, host.node.path);
  }
  for (const port of [...new Set(portsWithSettings)].sort((a, b) => a - b)) {
    const own = at({ version, port });
    if (Object.keys(own).length > 0) {
      table.add({ port }, own, host.node.path);
    }
  }
  return renderTopPolicy(table);
}
