/**
 * Differential tests: every example output (`npm run example` writes dist/) through Istio's own
 * validation webhook and analyzers, and through this library's analysis.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { istioAnalyze, istioValidate } from './oracle';
import { analyze } from '../../src/analysis';

const DIST = path.join(__dirname, '..', '..', 'dist');

/** Every output directory of `npm run example`, with the text of its files in order. */
function exampleOutputs(): Array<{ name: string; text: string }> {
  const dirs = readdirSync(DIST).filter(d => statSync(path.join(DIST, d)).isDirectory()).sort();
  if (dirs.length === 0) throw new Error(`no example output in ${DIST}: run 'npm run example' first`);
  return dirs.flatMap(dir => {
    const files = readdirSync(path.join(DIST, dir)).filter(f => f.endsWith('.yaml')).sort();
    // the scenarios are independent samples: each file is its own mesh
    if (dir === 'bookinfo-scenarios') {
      return files.map(f => ({ name: `${dir}/${f}`, text: readFileSync(path.join(DIST, dir, f), 'utf8') }));
    }
    return [{ name: dir, text: files.map(f => readFileSync(path.join(DIST, dir, f), 'utf8')).join('---\n') }];
  });
}

const outputs = exampleOutputs();

describe.each(outputs)('example output $name', ({ text }) => {
  test("Istio's validation webhook accepts every Istio object, without warnings", () => {
    const verdicts = istioValidate(text).filter(v => v.checked && (v.error || v.warning));
    expect(verdicts).toEqual([]);
  });

  test("this library's analysis finds what istioctl analyze finds (IST codes)", () => {
    // istioctl on the cluster that applying the output makes (Pods for the Deployments, …: see
    // cluster.go); it prints one finding per place in a resource, this library each finding once
    const objects = YAML.parseAllDocuments(text).map(d => d.toJSON()).filter(o => o);
    const ours = analyze(objects).filter(f => f.code.startsWith('IST'))
      .map(f => `${f.level} ${f.code} ${f.resource}: ${f.message}`).sort();
    const istio = [...new Set(istioAnalyze(text, { simulateCluster: true }).map(f => `${f.level} ${f.code} ${f.resource}: ${f.message}`))].sort();
    expect(ours).toEqual(istio);
  });
});
