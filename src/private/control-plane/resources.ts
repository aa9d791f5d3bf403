import * as kplus from 'cdk8s-plus-27';
import type { ResourceStrings } from './istiod';
import type { ControlPlaneAutoscaling } from '../../control-plane';
import { OWN_UNITS, resolveResources } from '../resources';
import { int32Problem } from '../validation';

/** Value problems of the autoscaling options. */
export function autoscalingProblems(a: ControlPlaneAutoscaling | undefined): Array<string | undefined> {
  if (!a) {
    return [];
  }
  const min = a.minReplicas ?? 1;
  const max = a.maxReplicas ?? 5;
  const rangeOk = Number.isInteger(min) && Number.isInteger(max) && min >= 1;
  return [
    int32Problem('autoscaling.minReplicas', a.minReplicas, 1),
    int32Problem('autoscaling.maxReplicas', a.maxReplicas, 1),
    rangeOk && max < min ? `'autoscaling.maxReplicas' must be at least 'autoscaling.minReplicas' (${min}), got ${max}` : undefined,
    int32Problem('autoscaling.targetCpuUtilization', a.targetCpuUtilization, 1),
  ];
}

/** Requests and limits as Kubernetes quantity strings (sizes in Mi), and what Kubernetes would reject. */
export function resolveControlPlaneResources(r: kplus.ContainerResources): { resources: ResourceStrings; problems: string[] } {
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
