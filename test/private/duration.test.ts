import { Duration } from 'cdk8s';
import { durationProblem, optionalDurationProblem, toIstioDuration } from '../../src/private/duration';

describe('Istio durations', () => {
  test.each([
    [Duration.millis(1), '1ms'],
    [Duration.millis(250), '250ms'],
    [Duration.millis(1500), '1500ms'],
    [Duration.seconds(5), '5s'],
    [Duration.seconds(90), '90s'],
    [Duration.minutes(3), '3m'],
    [Duration.hours(2), '2h'],
    [Duration.days(1), '24h'],
  ])('%p renders as %p', (d, expected) => {
    expect(durationProblem('timeout', d)).toBeUndefined();
    expect(toIstioDuration(d)).toBe(expected);
  });

  test('durations below 1ms fail', () => {
    expect(durationProblem('timeout', Duration.millis(0))).toBe("'timeout' must be at least 1ms, got 0ms");
    expect(durationProblem('timeout', Duration.millis(0.5))).toBe("'timeout' must be at least 1ms, got 0.5ms");
  });

  test('fractional milliseconds fail', () => {
    expect(durationProblem('perTryTimeout', Duration.millis(1.5))).toBe("'perTryTimeout' must be a whole number of milliseconds, got 1.5ms");
  });

  test("the longest duration Go's time.Duration holds passes, a millisecond more fails", () => {
    expect(durationProblem('timeout', Duration.millis(9223372036854))).toBeUndefined();
    expect(toIstioDuration(Duration.millis(9223372036854))).toBe('9223372036854ms');
    expect(toIstioDuration(Duration.hours(2562047))).toBe('2562047h');
    expect(durationProblem('timeout', Duration.millis(9223372036855)))
      .toBe("'timeout' must be at most 9223372036854ms (Go's time.Duration, which Istio parses durations into), got 9223372036855ms");
    expect(durationProblem('timeout', Duration.hours(2562048)))
      .toBe("'timeout' must be at most 9223372036854ms (Go's time.Duration, which Istio parses durations into), got 9223372800000ms");
  });
});

describe('optional durations', () => {
  test('a left-out duration has no problem; a given one is checked as any duration', () => {
    expect(optionalDurationProblem('timeout', undefined)).toBeUndefined();
    expect(optionalDurationProblem('timeout', Duration.millis(1))).toBeUndefined();
    expect(optionalDurationProblem('timeout', Duration.millis(0))).toBe("'timeout' must be at least 1ms, got 0ms");
  });
});

describe('durations from untyped callers', () => {
  test('NaN and infinite durations fail with what was given', () => {
    expect(durationProblem('timeout', Duration.millis(NaN))).toBe("'timeout' must be a finite duration, got NaN milliseconds");
    expect(durationProblem('timeout', Duration.seconds(Infinity))).toBe("'timeout' must be a finite duration, got Infinity milliseconds");
  });

  test('a negative duration fails (cdk8s refuses to make one; other objects with toMilliseconds can)', () => {
    const negative = { toMilliseconds: () => -5 } as unknown as Duration;
    expect(durationProblem('timeout', negative)).toBe("'timeout' must be at least 1ms, got -5ms");
  });

  test.each([
    [5000, "'timeout' must be a Duration (e.g. Duration.seconds(5)), got 5000"],
    ['5s', "'timeout' must be a Duration (e.g. Duration.seconds(5)), got '5s'"],
    [null, "'timeout' must be a Duration (e.g. Duration.seconds(5)), got null"],
    [{ seconds: 5 }, "'timeout' must be a Duration (e.g. Duration.seconds(5)), got an object"],
  ])('%p instead of a Duration fails', (value, message) => {
    expect(durationProblem('timeout', value as any)).toBe(message);
  });
});
