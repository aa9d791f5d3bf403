import { IConstruct } from 'constructs';
import { CanaryModel } from './canary';
import { ServiceModel } from './service';

/**
 * A canary handed off to a progressive-delivery controller (Flagger, Argo Rollouts): the
 * controller, not the library, then moves traffic, and owns some of the service's objects.
 * `ProgressiveDelivery` carries one; `Canary` applies it.
 */
export interface HandOff {
  /** `flagger` or `argo-rollouts`, for messages. */
  readonly controller: string;
  /**
   * Writes the controller's objects (a Flagger `Canary`, an Argo `Rollout` …) under `scope` (the
   * `Canary` construct) for the canary of `service`.
   */
  apply(scope: IConstruct, service: ServiceModel, canary: CanaryModel): void;
}
