import { Duration } from 'cdk8s';
import { FlaggerMetric } from './flagger-metric';

/** When Flagger calls a webhook (`analysis.webhooks[].type`). */
export enum FlaggerWebhookType {
  /** Before the canary is scaled up: the rollout waits until the hook answers 200. */
  CONFIRM_ROLLOUT = 'confirm-rollout',
  /** Before traffic is routed to the canary: a failure counts toward the threshold. */
  PRE_ROLLOUT = 'pre-rollout',
  /** At every analysis interval, beside the metrics (load tests, acceptance tests). */
  ROLLOUT = 'rollout',
  /** Before each increase of the canary's weight: the increase waits until the hook answers 200 (weighted canaries only). */
  CONFIRM_TRAFFIC_INCREASE = 'confirm-traffic-increase',
  /** Before the canary is promoted: the promotion waits until the hook answers 200. */
  CONFIRM_PROMOTION = 'confirm-promotion',
  /** After a promotion or a rollback. */
  POST_ROLLOUT = 'post-rollout',
  /** At every interval while the analysis runs: a 200 rolls the canary back. */
  ROLLBACK = 'rollback',
  /** Every event Flagger records is posted to the hook. */
  EVENT = 'event',
}

/** A webhook Flagger calls during the analysis. */
export interface FlaggerWebhook {
  /** The webhook's name, unique within the canary. */
  readonly name: string;
  /** The URL Flagger posts to (`http` or `https`). */
  readonly url: string;
  /**
   * When Flagger calls it.
   *
   * @default FlaggerWebhookType.ROLLOUT
   */
  readonly type?: FlaggerWebhookType;
  /**
   * How long Flagger waits for an answer (whole seconds or minutes, at least 1s).
   *
   * @default - Flagger's default, 10s
   */
  readonly timeout?: Duration;
  /**
   * Key-value pairs posted with the call (e.g. the `cmd` of Flagger's load tester).
   *
   * @default - none
   */
  readonly metadata?: { [key: string]: string };
  /**
   * How many times Flagger retries a failed call (integer, at least 0).
   *
   * @default 0
   */
  readonly retries?: number;
  /**
   * Mute the alerts a failure of this webhook would raise.
   *
   * @default false
   */
  readonly muteAlert?: boolean;
}

/**
 * How Flagger runs a `Canary`'s analysis (`flagger.app/v1beta1` `Canary`, provider `istio`).
 *
 * The traffic plan comes from the `Canary` and these options, one of three:
 * - the Canary's `steps` → Flagger's `stepWeights` (a weighted canary through those weights);
 * - `stepWeight` (and `maxWeight`, or the Canary's `weight` as the maximum) → a weighted canary
 *   raised by `stepWeight` at each interval;
 * - `iterations` → a Blue/Green analysis of that many intervals, or A/B testing when the Canary
 *   has `testers` (they reach the canary, everyone else the primary).
 */
export interface FlaggerOptions {
  /**
   * How often Flagger checks the metrics and webhooks and moves the canary (whole seconds or
   * minutes, at least 10s: Flagger runs no more often).
   *
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;
  /**
   * How many failed checks roll the canary back (integer, at least 1).
   *
   * @default 5
   */
  readonly threshold?: number;
  /**
   * The weight added at each interval, in percent (integer 1–100). Excludes the Canary's `steps`.
   *
   * @default - none: the Canary's `steps`, or `iterations`
   */
  readonly stepWeight?: number;
  /**
   * The weight at which Flagger promotes, in percent (integer 1–100); with `stepWeight` only.
   * The Canary's `weight` gives it too (not both).
   *
   * @default - the Canary's `weight`, else Flagger's default 100
   */
  readonly maxWeight?: number;
  /**
   * During promotion, the weight moved back to the primary at each interval (integer 1–100);
   * weighted canaries only.
   *
   * @default - all traffic moves to the primary at once
   */
  readonly stepWeightPromotion?: number;
  /**
   * How many intervals a Blue/Green (or, with the Canary's `testers`, A/B) analysis runs
   * (integer, at least 1). Excludes `steps`, `weight`, `stepWeight` and `maxWeight`.
   *
   * @default - a weighted canary
   */
  readonly iterations?: number;
  /**
   * The metrics checked at each interval.
   *
   * @default - none: only webhooks (if any) can fail the analysis
   */
  readonly metrics?: FlaggerMetric[];
  /**
   * The webhooks Flagger calls.
   *
   * @default - none
   */
  readonly webhooks?: FlaggerWebhook[];
  /**
   * How long the canary may make no progress before Flagger rolls it back (whole seconds, at least 1s).
   *
   * @default - Flagger's default, 600s
   */
  readonly progressDeadline?: Duration;
  /**
   * Promote without analysis (Flagger still runs the pre-rollout and post-rollout hooks).
   *
   * @default false
   */
  readonly skipAnalysis?: boolean;
  /**
   * When the Flagger `Canary` is deleted, give the target Deployment and the Service back their
   * original state (Flagger's `revertOnDeletion`).
   *
   * @default false
   */
  readonly revertOnDeletion?: boolean;
  /**
   * The name of a `HorizontalPodAutoscaler` (`autoscaling/v2`) scaling the target Deployment
   * (`<service>`): Flagger gives the primary a copy of it.
   *
   * @default - no autoscaler
   */
  readonly horizontalPodAutoscaler?: string;
}
