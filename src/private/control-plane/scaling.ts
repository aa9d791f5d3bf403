/**
 * How many istiod pods run: a fixed `replicas`, or a HorizontalPodAutoscaler on CPU (Istio's
 * defaults: 1 to 5 replicas at 80%), and whether a PodDisruptionBudget keeps one of them available.
 */
import type { ControlPlaneAutoscaling } from '../../control-plane-autoscaling';
import { int32Problem } from '../validation';

/** The scaling options of a control plane, as given. */
export interface ScalingOptions {
  readonly replicas?: number;
  readonly autoscaling?: ControlPlaneAutoscaling;
  readonly disruptionBudget?: boolean;
}

/** The autoscaler's settings, with Istio's defaults applied. */
export interface IstiodAutoscale {
  readonly min: number;
  readonly max: number;
  readonly cpu: number;
}

/** The scaling with its defaults applied. */
export interface IstiodScaling {
  /** The fixed replica count, if given. */
  readonly replicas?: number;
  /** The autoscaler, unless `replicas` fixes the replica count. */
  readonly autoscale?: IstiodAutoscale;
  /** Whether a PodDisruptionBudget keeps one pod available (by default when more than one replica runs). */
  readonly disruptionBudget: boolean;
}

export function resolveScaling(o: ScalingOptions): IstiodScaling {
  const a = o.replicas === undefined ? o.autoscaling ?? {} : undefined;
  const autoscale = a && { min: a.minReplicas ?? 1, max: a.maxReplicas ?? 5, cpu: a.targetCpuUtilization ?? 80 };
  const minReplicas = o.replicas ?? autoscale?.min ?? 1;
  return { replicas: o.replicas, autoscale, disruptionBudget: o.disruptionBudget ?? minReplicas > 1 };
}

/** Value problems of `replicas` and `autoscaling`, each naming its property. */
export function scalingProblems(o: ScalingOptions): Array<string | undefined> {
  return [
    o.replicas !== undefined && o.autoscaling !== undefined ? "'replicas' and 'autoscaling' exclude each other: give one" : undefined,
    int32Problem('replicas', o.replicas, 1),
    ...autoscalingProblems(o.autoscaling),
  ];
}

function autoscalingProblems(a: ControlPlaneAutoscaling | undefined): Array<string | undefined> {
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
