/**
 * The checks of `FlaggerOptions` on their own (the Canary they are given to adds its own:
 * src/render/flagger/hand-off.ts).
 */
import { FlaggerOptions, FlaggerWebhook, FlaggerWebhookType } from '../../flagger';
import { FlaggerMetric } from '../../flagger-metric';
import { flaggerDurationProblem } from '../../private/flagger-values';
import { arrayOf, bool, duration, instance, mapOf, num, oneOf, optional, shape, str } from '../../private/props';
import { dnsSubdomainProblem, integerProblem } from '../../private/validation';


const WEBHOOK = shape({
  name: str,
  url: str,
  type: optional(oneOf(FlaggerWebhookType)),
  timeout: optional(duration),
  metadata: optional(mapOf(str)),
  retries: optional(num),
  muteAlert: optional(bool),
});

export const OPTIONS = shape({
  interval: optional(duration),
  threshold: optional(num),
  stepWeight: optional(num),
  maxWeight: optional(num),
  stepWeightPromotion: optional(num),
  iterations: optional(num),
  metrics: optional(arrayOf(instance('FlaggerMetric (e.g. FlaggerMetric.requestSuccessRate({ min: 99 }))', v => v instanceof FlaggerMetric))),
  webhooks: optional(arrayOf(WEBHOOK)),
  progressDeadline: optional(duration),
  skipAnalysis: optional(bool),
  revertOnDeletion: optional(bool),
  horizontalPodAutoscaler: optional(str),
});

export function optionProblems(o: FlaggerOptions): Array<string | undefined> {
  const weighted = o.stepWeight !== undefined || o.maxWeight !== undefined;
  return [
    o.interval !== undefined ? flaggerDurationProblem('interval', o.interval, 10, 'Flagger runs the analysis at most every 10s') : undefined,
    integerProblem('threshold', o.threshold, 1),
    integerProblem('stepWeight', o.stepWeight, 1, 100),
    integerProblem('maxWeight', o.maxWeight, 1, 100),
    o.maxWeight !== undefined && o.stepWeight === undefined
      ? "'maxWeight' needs 'stepWeight' (with the Canary's 'steps' the last step is the maximum)" : undefined,
    integerProblem('stepWeightPromotion', o.stepWeightPromotion, 1, 100),
    integerProblem('iterations', o.iterations, 1),
    o.iterations !== undefined && weighted
      ? "'iterations' excludes 'stepWeight' and 'maxWeight': a Blue/Green or A/B analysis runs for a number of intervals, a weighted canary by weight" : undefined,
    o.iterations !== undefined && o.stepWeightPromotion !== undefined
      ? "'stepWeightPromotion' applies to weighted canaries, not to 'iterations'" : undefined,
    ...duplicates('metrics', (o.metrics ?? []).map(m => m.name)),
    ...(o.webhooks ?? []).flatMap((w, i) => webhookProblems(`webhooks[${i}]`, w, o.iterations !== undefined)),
    ...duplicates('webhooks', (o.webhooks ?? []).map(w => w.name)),
    o.progressDeadline !== undefined ? flaggerDurationProblem('progressDeadline', o.progressDeadline, 1) : undefined,
    o.horizontalPodAutoscaler !== undefined ? dnsSubdomainProblem('horizontalPodAutoscaler', o.horizontalPodAutoscaler) : undefined,
  ];
}

function webhookProblems(prop: string, w: FlaggerWebhook, iterations: boolean): Array<string | undefined> {
  return [
    w.name === '' ? `'${prop}.name' must not be empty` : undefined,
    urlProblem(`${prop}.url`, w.url),
    w.timeout !== undefined ? flaggerDurationProblem(`${prop}.timeout`, w.timeout, 1) : undefined,
    integerProblem(`${prop}.retries`, w.retries, 0),
    iterations && w.type === FlaggerWebhookType.CONFIRM_TRAFFIC_INCREASE
      ? `'${prop}.type' 'confirm-traffic-increase' is never called with 'iterations': Flagger calls it only before raising a weighted canary's weight` : undefined,
  ];
}

function urlProblem(prop: string, url: string): string | undefined {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  return parsed === undefined || !['http:', 'https:'].includes(parsed.protocol) || parsed.hostname === ''
    ? `'${prop}' must be an absolute http or https URL, got '${url}'` : undefined;
}

function duplicates(prop: string, names: string[]): string[] {
  return names.filter((n, i) => names.indexOf(n) !== i && names.indexOf(n, names.indexOf(n) + 1) === i)
    .map(n => `'${prop}' has two entries named '${n}': names must be unique`);
}
