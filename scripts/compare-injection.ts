/**
 * Compares the injection engine with `istioctl kube-inject` goldens: for every `<name>.injected`
 * in INJECT_DIR, the engine injects `<name>` (`hello-old-version.yaml.injected` is `hello.yaml`
 * with native sidecars off) with the goldens' settings (hub registry.istio.io/testing, tag latest,
 * revision default) and the parsed result must deep-equal the golden, object by object.
 *
 *   ts-node --project scripts/tsconfig.json scripts/compare-injection.ts INJECT_DIR
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import * as YAML from 'yaml';
import { DEFAULT_SETTINGS, InjectionSettings, injectAll } from '../src/private/inject';

/** Goldens produced from another input or with other settings. */
const SPECIAL: { [golden: string]: { input: string; settings: Partial<InjectionSettings> } } = {
  'hello-old-version.yaml.injected': { input: 'hello.yaml', settings: { nativeSidecars: false } },
};

const MAX_DIFFS = 8;

function load(file: string): any[] {
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf-8')).map(d => d.toJSON()).filter(d => d !== null && d !== undefined);
}

/** The first differences between two JSON values, as `path: ours … golden …`. */
function differences(ours: unknown, golden: unknown, at: string, out: string[]): void {
  if (out.length >= MAX_DIFFS || isDeepStrictEqual(ours, golden)) return;
  const bothArrays = Array.isArray(ours) && Array.isArray(golden);
  const bothObjects = !bothArrays && ours !== null && golden !== null && typeof ours === 'object' && typeof golden === 'object'
    && !Array.isArray(ours) && !Array.isArray(golden);
  if (bothArrays) {
    const a = ours as unknown[];
    const b = golden as unknown[];
    for (let i = 0; i < Math.max(a.length, b.length); i++) differences(a[i], b[i], `${at}[${i}]`, out);
    return;
  }
  if (bothObjects) {
    const a = ours as { [k: string]: unknown };
    const b = golden as { [k: string]: unknown };
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) differences(a[k], b[k], at ? `${at}.${k}` : k, out);
    return;
  }
  out.push(`${at || '<root>'}:\n      ours:   ${JSON.stringify(ours)}\n      golden: ${JSON.stringify(golden)}`);
}

function main(dir: string): number {
  const goldens = fs.readdirSync(dir).filter(f => f.endsWith('.injected')).sort();
  let identical = 0;
  for (const golden of goldens) {
    const special = SPECIAL[golden];
    const input = special?.input ?? golden.replace(/\.injected$/, '');
    const settings: InjectionSettings = { ...DEFAULT_SETTINGS, ...(special?.settings ?? {}) };
    const expected = load(path.join(dir, golden));
    let ours: any[];
    try {
      ours = injectAll(load(path.join(dir, input)), settings).map(r => r.object);
    } catch (e) {
      console.log(`✗ ${golden} (from ${input}): the engine failed: ${(e as Error).message}`);
      continue;
    }
    const diffs: string[] = [];
    if (ours.length !== expected.length) diffs.push(`${ours.length} objects, the golden has ${expected.length}`);
    for (let i = 0; i < Math.min(ours.length, expected.length); i++) {
      const found: string[] = [];
      differences(ours[i], expected[i], '', found);
      found.forEach(d => diffs.push(`${expected[i].kind}/${expected[i].metadata?.name} ${d}`));
    }
    if (diffs.length === 0) {
      identical++;
      console.log(`✓ ${golden} (from ${input})`);
    } else {
      console.log(`✗ ${golden} (from ${input}):`);
      diffs.slice(0, MAX_DIFFS).forEach(d => console.log(`    ${d}`));
    }
  }
  console.log(`${goldens.length} goldens, ${identical} identical`);
  return identical === goldens.length ? 0 : 1;
}

if (process.argv.length !== 3) {
  console.error('usage: compare-injection.ts INJECT_DIR');
  process.exit(2);
}
process.exit(main(process.argv[2]));
