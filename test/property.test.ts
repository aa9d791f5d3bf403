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

/**
 * Analysis errors on the library's own output that are known defects, each with its issue. istioctl
 * reports IST0112 too (test/istio/property.differential.ts agrees), so the output is wrong, not the
 * analysis: a service with several ports gets a default route (and user routes) whose destinations
 * name no port. Issue 13 ("Real workloads", item 1) owns the fix.
 */
const KNOWN: RegExp[] = [
  /^\[mesh\/mesh\/[^\]]+\/VirtualService\] IST0112 VirtualService \S+: This VirtualService routes to a service "[^"]+" that exposes multiple ports/,
];

describe('random meshes', () => {
  test(`every mesh is a clear error or valid output (seed ${PROPERTY_SEED}, ${PROPERTY_RUNS} meshes)`, async () => {
    // GIVEN
    const counts = { output: 0, constructError: 0, valueError: 0 };
    let known = 0;
    // WHEN / THEN
    await fc.assert(fc.asyncProperty(meshSpec, async spec => {
      const outcome = await outcomeOf(spec);
      if (outcome.kind === 'unclear') {
        throw new Error(`unclear error: ${outcome.message}`);
      }
      if (outcome.kind === 'output') {
        expect(outcome.problems).toEqual([]);
        expect(outcome.analysisErrors.filter(e => !KNOWN.some(k => k.test(e)))).toEqual([]);
        known += outcome.analysisErrors.length;
      }
      counts[outcome.kind]++;
    }), { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS });
    // the generator exercises both outcomes: a generator that only produced errors would prove nothing
    expect(counts.output).toBeGreaterThanOrEqual(PROPERTY_RUNS / 5);
    expect(counts.constructError + counts.valueError).toBeGreaterThanOrEqual(PROPERTY_RUNS / 10);
    // the known defect still happens: once fixed, drop it from KNOWN
    expect(known).toBeGreaterThan(0);
  }, 300_000);
});
