/**
 * Which pods a Gateway configures (Istio's API): its own workload, a shared one (`workload`), or
 * pods installed elsewhere (`selector`, with their Service in `installedService`) — and the props
 * that contradict the choice.
 */
import { WORKLOAD_OPTIONS } from './workload-options';
import type { GatewayWorkloadOptions } from '../../gateway-workload-options';
import type { InstalledGatewayService } from '../../installed-gateway';
import { labelProblems } from '../validation';

/** The props that choose the pods, as given. */
export interface WorkloadChoice extends GatewayWorkloadOptions {
  readonly egress?: boolean;
  readonly selector?: { [key: string]: string };
  readonly installedService?: InstalledGatewayService;
  readonly workload?: { readonly name: string; readonly egress: boolean; readonly mesh: unknown; readonly node: { readonly path: string } };
  readonly workloadName?: string;
}

/** Whether the gateway creates its own workload. */
export function ownsWorkload(c: WorkloadChoice): boolean {
  return c.selector === undefined && c.workload === undefined;
}

/** What contradicts the choice, each naming its prop. */
export function workloadChoiceProblems(c: WorkloadChoice, mesh: unknown): Array<string | undefined> {
  const other = c.selector !== undefined ? "'selector' names an existing gateway" : `'workload' is ${c.workload?.node.path}`;
  return [
    c.selector !== undefined && c.workload !== undefined ? "'selector' and 'workload' exclude each other: the selector comes from the workload" : undefined,
    c.selector !== undefined && Object.keys(c.selector).length === 0 ? "'selector' must have at least one label" : undefined,
    ...labelProblems('selector', c.selector),
    c.installedService !== undefined && c.selector === undefined
      ? "'installedService' describes the Service of the installed gateway 'selector' names: give 'selector' too" : undefined,
    ...ownsWorkload(c) ? [] : [...WORKLOAD_OPTIONS, 'workloadName' as const].filter(k => c[k] !== undefined)
      .map(k => `'${k}' configures the gateway's own workload, but ${other}`),
    c.workload !== undefined && c.egress !== undefined && c.egress !== c.workload.egress
      ? `'egress' is ${c.egress}, but workload '${c.workload.name}' is an ${c.workload.egress ? 'egress' : 'ingress'} gateway` : undefined,
    c.workload !== undefined && c.workload.mesh !== mesh ? `workload '${c.workload.name}' belongs to another mesh` : undefined,
  ];
}
