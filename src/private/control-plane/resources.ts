/**
 * CPU and memory of the istiod container, as Kubernetes quantity strings.
 */
import type { WorkloadResources } from '../../workload-resources';
import { OWN_UNITS, resolveResources } from '../resources';

/** Resource requests and limits as strings (`500m`, `2048Mi`). */
export interface ResourceStrings {
  readonly requests?: { [resource: string]: string };
  readonly limits?: { [resource: string]: string };
}

/** Istio's default: requests of 500m CPU and 2048Mi memory, no limits. */
export const DEFAULT_RESOURCES: ResourceStrings = { requests: { cpu: '500m', memory: '2048Mi' } };

/** Requests and limits as Kubernetes quantity strings (sizes in Mi), and what Kubernetes would reject. */
export function resolveControlPlaneResources(r: WorkloadResources): { resources: ResourceStrings; problems: string[] } {
  const { quantities, problems } = resolveResources('resources', r, OWN_UNITS, false);
  const requests = quantities.requests as { [resource: string]: string };
  const limits = quantities.limits as { [resource: string]: string };
  return {
    resources: {
      ...(Object.keys(requests).length > 0 ? { requests } : {}),
      ...(Object.keys(limits).length > 0 ? { limits } : {}),
    },
    problems,
  };
}
