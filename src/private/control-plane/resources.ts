import * as kplus from 'cdk8s-plus-27';
import type { ResourceStrings } from './istiod';
import type { ControlPlaneAutoscaling } from '../../control-plane';
import { integerProblem } from '../validation';

/** Value problems of the autoscaling options. */
export function autoscalingProblems(a: ControlPlaneAutoscaling | undefined): Array<string | undefined> {
  if (!a) {
    return [];
  }
  const min = a.minReplicas ?? 1;
  const max = a.maxReplicas ?? 5;
  const rangeOk = Number.isInteger(min) && Number.isInteger(max) && min >= 1;
  return [
    integerProblem('autoscaling.minReplicas', a.minReplicas, 1),
    integerProblem('autoscaling.maxReplicas', a.maxReplicas, 1),
    rangeOk && max < min ? `'autoscaling.maxReplicas' must be at least 'autoscaling.minReplicas' (${min}), got ${max}` : undefined,
    integerProblem('autoscaling.targetCpuUtilization', a.targetCpuUtilization, 1),
  ];
}

function millicores(amount: string): number {
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Number(amount) * 1000;
}

/** Requests above limits. */
export function resourceProblems(r: kplus.ContainerResources | undefined): string[] {
  const problems: string[] = [];
  const cpuReq = r?.cpu?.request?.amount;
  const cpuLim = r?.cpu?.limit?.amount;
  if (cpuReq !== undefined && cpuLim !== undefined && millicores(cpuReq) > millicores(cpuLim)) {
    problems.push(`'resources.cpu.request' ${cpuReq} must not exceed 'resources.cpu.limit' ${cpuLim}`);
  }
  const memReq = r?.memory?.request?.toMebibytes();
  const memLim = r?.memory?.limit?.toMebibytes();
  if (memReq !== undefined && memLim !== undefined && memReq > memLim) {
    problems.push(`'resources.memory.request' ${memReq}Mi must not exceed 'resources.memory.limit' ${memLim}Mi`);
  }
  return problems;
}

/** Requests and limits as Kubernetes quantity strings (memory in Mi). */
export function resourceStrings(r: kplus.ContainerResources): ResourceStrings {
  const requests: { [resource: string]: string } = {};
  const limits: { [resource: string]: string } = {};
  if (r.cpu?.request) requests.cpu = r.cpu.request.amount;
  if (r.cpu?.limit) limits.cpu = r.cpu.limit.amount;
  if (r.memory?.request) requests.memory = `${r.memory.request.toMebibytes()}Mi`;
  if (r.memory?.limit) limits.memory = `${r.memory.limit.toMebibytes()}Mi`;
  if (r.ephemeralStorage?.request) requests['ephemeral-storage'] = `${r.ephemeralStorage.request.toMebibytes()}Mi`;
  if (r.ephemeralStorage?.limit) limits['ephemeral-storage'] = `${r.ephemeralStorage.limit.toMebibytes()}Mi`;
  return {
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
  };
}
