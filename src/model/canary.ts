import { HttpMatch } from '../http-route';

/**
 * A canary's contribution to its service's routing: the default route's weighted split between
 * the stable and the canary version, a tester route pinned to the canary, and mirroring.
 * `Canary` builds it; each routing backend renders it.
 */
export interface CanaryModel {
  /** The canary construct's path, for messages. */
  readonly path: string;
  readonly stableVersion: string;
  readonly canaryVersion: string;
  /** The canary's share of the default route (0–100); the stable version gets the rest. */
  readonly weight: number;
  /** The share of stable traffic mirrored to the canary, if any. */
  readonly mirrorPercentage?: number;
  /** The matches of the tester route, if the canary has testers. */
  readonly testerMatches?: HttpMatch[];
  /** The tester route's name, if the canary has testers. */
  readonly pinRouteName?: string;
  /** The rollout plan (`steps`), if given. */
  readonly steps?: readonly number[];
  /** Whether `weight` was given (rather than taken from `steps` or defaulted to 0). */
  readonly weightGiven: boolean;
  /** Whether `currentStep` was given. */
  readonly currentStepGiven: boolean;
}
