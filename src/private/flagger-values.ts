/**
 * Values as Flagger reads them: its durations (the CRD's pattern `^[0-9]+(m|s)`, parsed with Go's
 * `time.ParseDuration`), written in whole seconds or minutes.
 */
import { Duration } from 'cdk8s';
import { durationProblem } from './duration';

/** Whether a duration is one Flagger can read, at least `minSeconds` long: the problem, or undefined. */
export function flaggerDurationProblem(prop: string, d: Duration, minSeconds: number, why?: string): string | undefined {
  const general = durationProblem(prop, d);
  if (general !== undefined) {
    return general;
  }
  const ms = d.toMilliseconds({ integral: false });
  if (ms % 1000 !== 0) {
    return `'${prop}' must be a whole number of seconds (Flagger's durations are seconds or minutes), got ${ms}ms`;
  }
  if (ms / 1000 < minSeconds) {
    return `'${prop}' must be at least ${minSeconds}s${why ? ` (${why})` : ''}, got ${ms / 1000}s`;
  }
  return undefined;
}

/** A duration as Flagger writes it: `5m`, `90s` (never hours: the CRD's pattern allows only `s` and `m`). */
export function flaggerDuration(d: Duration): string {
  const seconds = d.toMilliseconds({ integral: false }) / 1000;
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}
