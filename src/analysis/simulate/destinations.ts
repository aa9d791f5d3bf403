/**
 * A matched rule's destinations as the simulator reports them: each host resolved to its Service
 * (or ServiceEntry) and pods, the weights turned into shares, and Istio's authorization verdict at
 * each destination's pods. Shared by the Istio and the Gateway API parts.
 */
import { NormalizedRequest } from './request';
import { SimulatedDestination } from './types';
import { toPercentages } from './weights';
import { SimWorld } from './world';

/** A destination as a route writes it. */
export interface DestinationTarget {
  readonly host: string;
  /** The namespace of the object naming the host (short names resolve in it). */
  readonly namespace: string;
  readonly subset?: string;
  readonly port?: number;
  /** As written; undefined when not set. */
  readonly weight?: number;
  /** The `exportTo` of the object naming the host. */
  readonly exportTo?: readonly string[];
}

/**
 * The destinations of a rule with their shares (destinations that get no share are left out) and,
 * for each, the authorization verdict for `request` (whose `source` is the caller the destination
 * sees: the client, or the gateway's pod). `clientNamespace` is the namespace of the proxy that
 * routes (where it looks for DestinationRules first).
 */
export function simulateDestinations(world: SimWorld, targets: readonly DestinationTarget[], request: NormalizedRequest,
  clientNamespace: string, caveats: string[]): SimulatedDestination[] {
  const shares = toPercentages(targets.map(t => t.weight));
  if (shares === undefined) {
    caveats.push('every destination of the rule has weight 0: Istio refuses such a route (total destination weight = 0)');
    return [];
  }
  const out: SimulatedDestination[] = [];
  targets.forEach((t, i) => {
    if (shares[i] === 0) return;
    const resolved = world.resolveDestination(t.host, t.namespace, {
      subset: t.subset, port: t.port, exportTo: t.exportTo, clientNamespace, requestPort: request.port,
    });
    caveats.push(...resolved.caveats);
    const namespace = resolved.entry?.obj.namespace;
    const authorization = resolved.labels && namespace !== undefined
      ? world.authorize(resolved.labels, namespace, request, resolved.port, caveats) : undefined;
    out.push({
      host: resolved.host,
      ...resolved.service !== undefined ? { service: resolved.service } : {},
      ...t.subset ? { subset: t.subset } : {},
      ...resolved.labels ? { labels: { ...resolved.labels } } : {},
      ...resolved.port !== undefined ? { port: resolved.port } : {},
      weight: shares[i],
      ...authorization ? { authorization } : {},
    });
  });
  return out;
}
