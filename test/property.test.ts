/**
 * Property: a random mesh either fails with a clear error that names a construct path (or, for a
 * value given to a factory such as `StringMatch.regex`, the property), or synthesizes to output
 * that passes this library's own validation (Kubernetes and Istio schemas, names, labels,
 * duplicates) and its analysis without errors.
 *
 * The seed is fixed (PROPERTY_SEED overrides it, PROPERTY_RUNS the number of meshes); fast-check
 * prints the seed and the shrunk counterexample on failure.
 */
import * as fc from 'fast-check';
import { outcomeOf, PROPERTY_RUNS, PROPERTY_SEED } from './util/mesh-outcome';
import { meshSpec } from './util/random-mesh';

describe('random meshes', () => {
  test(`every mesh is a clear error or valid output (seed ${PROPERTY_SEED}, ${PROPERTY_RUNS} meshes)`, async () => {
    // GIVEN
    const counts = { output: 0, constructError: 0, valueError: 0 };
    // WHEN / THEN
    await fc.assert(fc.asyncProperty(meshSpec, async spec => {
      const outcome = await outcomeOf(spec);
      if (outcome.kind === 'unclear') {
        throw new Error(`unclear error: ${outcome.message}`);
      }
      if (outcome.kind === 'output') {
        expect(outcome.problems).toEqual([]);
        expect(outcome.analysisErrors).toEqual([]);
      }
      counts[outcome.kind]++;
    }), { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS });
    // the generator exercises both outcomes: a generator that only produced errors would prove nothing
    expect(counts.output).toBeGreaterThanOrEqual(PROPERTY_RUNS / 5);
    expect(counts.constructError + counts.valueError).toBeGreaterThanOrEqual(PROPERTY_RUNS / 10);
  }, 300_000);
});
