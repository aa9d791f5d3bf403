import { Duration } from 'cdk8s';
import { describeValue } from './props';

const UNITS: Array<[string, number]> = [
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

/**
 * Checks that a duration can be expressed as an Istio (Go-style) duration:
 * at least 1ms and a whole number of milliseconds.
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
  if (!Number.isInteger(ms)) {
    return `'${prop}' must be a whole number of milliseconds, got ${describeMs(ms)}`;
  }
  return undefined;
}

/**
 * Renders a duration as Istio's Go-style duration string, in the largest unit that divides it
 * exactly: `1h`, `90s`, `250ms`. Callers validate with `durationProblem` first.
 */
export function toIstioDuration(d: Duration): string {
  const ms = d.toMilliseconds({ integral: false });
  for (const [unit, size] of UNITS) {
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
