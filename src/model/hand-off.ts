import { ApiObject } from 'cdk8s';
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
   * `Canary` construct) for the canary of `service`. It leaves the objects the controller owns
   * to it with `service.handOver(...)`.
   */
  apply(scope: IConstruct, service: ServiceModel, canary: CanaryModel): void;
}

/** The Deployment (or adopted workload) of a version, when the library emits one. */
export function versionWorkload(service: ServiceModel, version: string): ApiObject | undefined {
  return service.versions.find(v => v.name === version)?.workload;
}
