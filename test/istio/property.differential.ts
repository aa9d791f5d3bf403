/**
 * The property-based meshes of test/property.test.ts through Istio's own code: every object of
 * every mesh that synthesizes passes Istio's validation webhook, and this library's analysis finds
 * what istioctl analyze finds (IST codes) on each mesh.
 */
import * as fc from 'fast-check';
import { istioAnalyzeEach, istioValidate } from './oracle';
import { analyze } from '../../src/analysis';
import { outcomeOf, PROPERTY_RUNS, PROPERTY_SEED } from '../util/mesh-outcome';
import { meshSpec } from '../util/random-mesh';

/** What a finding is compared by. */
function line(f: { level: string; code: string; resource: string; message: string }): string {
  return `${f.level} ${f.code} ${f.resource}: ${f.message}`;
}

describe(`random meshes (seed ${PROPERTY_SEED}) through Istio's code`, () => {
  let meshes: Array<{ index: number; objects: any[] }> = [];

  beforeAll(async () => {
    const specs = fc.sample(meshSpec, { seed: PROPERTY_SEED, numRuns: PROPERTY_RUNS });
    for (const [index, spec] of specs.entries()) {
      const outcome = await outcomeOf(spec);
      if (outcome.kind === 'output') meshes.push({ index, objects: outcome.objects });
    }
  }, 300_000);

  test('a fair share of the meshes synthesize', () => {
    expect(meshes.length).toBeGreaterThanOrEqual(PROPERTY_RUNS / 5);
  });

  test("Istio's validation webhook accepts every object of every mesh, without warnings", () => {
    const verdicts = istioValidate(meshes.flatMap(m => m.objects)).filter(v => v.checked && (v.error || v.warning));
    expect(verdicts).toEqual([]);
  });

  test('our analysis and istioctl analyze agree on every mesh (IST codes), on the cluster each makes', () => {
    const istio = istioAnalyzeEach(meshes.map(m => m.objects), { simulateCluster: true });
    const disagreements = meshes.flatMap((m, i) => {
      const ours = analyze(m.objects).filter(f => f.code.startsWith('IST')).map(line).sort();
      // schema validation findings (IST0106, IST0133) are Istio's validation webhook: the test above
      // holds the output to it; istioctl prints a finding once per place in a resource
      const theirs = [...new Set(istio[i].filter(f => f.code !== 'IST0106' && f.code !== 'IST0133').map(line))].sort();
      const missing = theirs.filter(l => !ours.includes(l)).map(l => `mesh #${m.index} istioctl only: ${l}`);
      const extra = ours.filter(l => !theirs.includes(l)).map(l => `mesh #${m.index} ours only: ${l}`);
      return [...missing, ...extra];
    });
    expect(disagreements).toEqual([]);
  });
});
