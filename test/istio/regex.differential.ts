/**
 * Differential test: the library's port of Go's RE2 parser (src/private/re2) against Go's own
 * regexp.Compile, which is what Istio's validation webhook runs on every regex. The verdict and
 * Go's whole error message must agree on the hand-written corpus and on seeded random patterns.
 *
 * `RECORD_RE2_VERDICTS=1` rewrites test/fixtures/re2-go-verdicts.json (the corpus verdicts the
 * fast unit test, test/private/re2.test.ts, replays without Go) from Go's answers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { goRegexErrors, goRegexMatches } from './oracle';
import { grammarPatterns, nestedRepeats, probeValues, prng, tokenSoup, wideCandidates } from './regex-generator';
import { regexMatchesEveryValue } from '../../src/private/re2/match-all';
import { re2Error } from '../../src/private/re2/parse';
import { RE2_CORPUS } from '../util/re2-corpus';

const VERDICTS = path.join(__dirname, '..', 'fixtures', 're2-go-verdicts.json');
const SEED = 20260905;
const PER_GENERATOR = 10_000;

/** Our error as Go prints it; Go's JSON writes each byte of a lone surrogate's UTF-8 form as U+FFFD. */
function ours(pattern: string): string | undefined {
  const e = re2Error(pattern);
  return e && `error parsing regexp: ${e.message}`.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd\ufffd\ufffd');
}

/** The patterns on which the parser and Go disagree, each with both answers. */
function disagreements(patterns: string[]): string[] {
  const go = goRegexErrors(patterns);
  return patterns.flatMap((p, i) => (ours(p) === go[i] ? [] : [`${JSON.stringify(p)}\n  go:   ${go[i] ?? 'accepted'}\n  ours: ${ours(p) ?? 'accepted'}`]));
}

describe("the RE2 parser agrees with Go's regexp.Compile", () => {
  test('on every pattern of the hand-written corpus, error messages included', () => {
    expect(disagreements(RE2_CORPUS)).toEqual([]);
  });

  test('the recorded corpus verdicts are what Go answers', () => {
    const go = goRegexErrors(RE2_CORPUS);
    const recorded = RE2_CORPUS.map((pattern, i) => ({ pattern, error: go[i] ?? null }));
    if (process.env.RECORD_RE2_VERDICTS) {
      writeFileSync(VERDICTS, `[\n${recorded.map(r => JSON.stringify(r)).join(',\n')}\n]\n`);
    }
    expect(JSON.parse(readFileSync(VERDICTS, 'utf8'))).toEqual(recorded);
  });

  test.each([
    ['a token soup over a regex-heavy alphabet', tokenSoup],
    ['grammar-built patterns with one random edit', grammarPatterns],
    ['nested counted repeats of factorable alternations', nestedRepeats],
  ])(`on ${PER_GENERATOR} random patterns: %s (seed ${SEED})`, (_, generate) => {
    const patterns = generate(prng(SEED), PER_GENERATOR);
    const found = disagreements(patterns);
    if (found.length > 0) {
      throw new Error(`seed ${SEED}: ${found.length} of ${patterns.length} patterns disagree, the first ones:\n${found.slice(0, 20).join('\n')}`);
    }
    // both verdicts occur: the generator is no one-sided sample
    const rejected = patterns.filter(p => re2Error(p) !== undefined).length;
    expect(rejected).toBeGreaterThan(patterns.length / 20);
    expect(rejected).toBeLessThan(patterns.length - patterns.length / 20);
  });
});

describe('patterns the library takes to match every value do, in Go', () => {
  test.each([['', 'any value'], ['/', 'paths (values that start with /)']])(
    `on 20,000 short patterns over wide constructs, prefix %p: %s (seed ${SEED})`, prefix => {
      // GIVEN patterns the library says match every value (with the prefix)
      const claimed = wideCandidates(prng(SEED), 20_000).filter(p => regexMatchesEveryValue(p, prefix));
      const values = probeValues(prng(SEED + 1), 200).filter(v => v.startsWith(prefix));
      // WHEN Go matches them against values
      const matched = goRegexMatches(claimed.map(pattern => ({ pattern, inputs: values })));
      // THEN every value matches
      const unsound = claimed.flatMap((p, i) => values.filter((_, j) => !matched[i][j]).slice(0, 1).map(v => `${JSON.stringify(p)} misses ${JSON.stringify(v)}`));
      expect(unsound).toEqual([]);
      expect(claimed.length).toBeGreaterThan(500);
    });
});
