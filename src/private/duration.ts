import { Duration } from 'cdk8s';
import { describeValue } from './props';

/** The units of Go-style durations that Istio and the Gateway API write, largest first, in milliseconds. */
export const DURATION_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

/**
 * The longest duration Istio can read: it parses durations with Go's `time.ParseDuration`, which
 * counts nanoseconds in an int64 (about 292 years).
 */
const MAX_MS = Math.floor(Number(BigInt('9223372036854775807') / BigInt(1_000_000)));

/**
 * Checks that a duration can be expressed as an Istio (Go-style) duration:
 * at least 1ms, a whole number of milliseconds, and within Go's `time.Duration`.
 *
 * @returns the problem, or undefined when the duration is acceptable
 */
export function durationProblem(prop: string, d: Duration): string | undefined {
  if (typeof d !== 'object' || d === null || typeof (d as { toMilliseconds?: unknown }).toMilliseconds !== 'function') {
    return `'${prop}' must be a Duration (e.g. Duration.seconds(5)), got ${describeValue(d)}`;
  }
  const ms = d.toMilliseconds({ integral: false });
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    return `'${prop}' must be a finite duration, got ${describeValue(ms)} milliseconds`;
  }
  if (ms < 1) {
    return `'${prop}' must be at least 1ms, got ${describeMs(ms)}`;
  }
  if (ms > MAX_MS) {
    return `'${prop}' must be at most ${MAX_MS}ms (Go's time.Duration, which Istio parses durations into), got ${describeMs(ms)}`;
  }
  if (!Number.isInteger(ms)) {
    return `'${prop}' must be a whole number of milliseconds, got ${describeMs(ms)}`;
  }
  return undefined;
}

/** `durationProblem` for an optional duration: no problem when it is left out. */
export function optionalDurationProblem(prop: string, d: Duration | undefined): string | undefined {
  return d === undefined ? undefined : durationProblem(prop, d);
}

/**
 * Renders a duration as Istio's Go-style duration string, in the largest unit that divides it
 * exactly: `1h`, `90s`, `250ms`. Callers validate with `durationProblem` first.
 */
export function toIstioDuration(d: Duration): string {
  const ms = d.toMilliseconds({ integral: false });
  for (const [unit, size] of DURATION_UNITS) {
    if (ms % size === 0) {
      return `${ms / size}${unit}`;
    }
  }
  /* istanbul ignore next: 1ms divides every whole number of milliseconds */
  return `${ms}ms`;
}

function describeMs(ms: number): string {
  return `${ms}ms`;
}
