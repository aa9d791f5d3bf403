/**
 * Validates Kubernetes/Istio manifests with the test harness:
 * kubernetes-models schemas + generic checks + strict CRD/CEL validation.
 *
 *   npx ts-node --project test/tsconfig.json scripts/check-crds.ts CRD_FILE DIR_OR_FILE...
 *
 * CRD_FILE is a YAML file of CustomResourceDefinitions (e.g. Istio's
 * crd-all.gen.yaml). Every *.yaml / *.yml / *.json file under the given paths
 * is loaded (all documents; `kind: List` is expanded). The CRDs' CEL rules and
 * patterns are first checked to be supported by the validator. Duplicate objects are
 * reported per file (files are independent manifest sets). Prints
 * "N objects, M problems" and every problem; exits 1 when there are problems.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as YAML from 'yaml';
import { checkCrdRules } from '../test/util/crd-validator';
import { manifestProblems, parseCrdYaml } from '../test/util/validate';

function filesUnder(p: string): string[] {
  const st = statSync(p);
  if (st.isFile()) return [p];
  const out: string[] = [];
  for (const e of readdirSync(p).sort()) {
    const full = join(p, e);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else if (/\.(ya?ml|json)$/i.test(e)) out.push(full);
  }
  return out;
}

function loadObjects(file: string): { objects: any[]; errors: string[] } {
  const objects: any[] = [];
  const errors: string[] = [];
  const docs = YAML.parseAllDocuments(readFileSync(file, 'utf8'));
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      errors.push(`${file}: YAML error: ${doc.errors[0].message.split('\n')[0]}${doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more)` : ''}`);
      continue;
    }
    const js = doc.toJS();
    if (js === null || js === undefined) continue;
    if (js.kind === 'List' && Array.isArray(js.items)) objects.push(...js.items);
    else objects.push(js);
  }
  return { objects, errors };
}

async function main(argv: string[]): Promise<number> {
  if (argv.length < 2 || argv.includes('--help') || argv.includes('-h')) {
    process.stderr.write('usage: ts-node --project test/tsconfig.json scripts/check-crds.ts CRD_FILE DIR_OR_FILE...\n');
    return 2;
  }
  const [crdFile, ...paths] = argv;
  const crdDocs = parseCrdYaml(readFileSync(crdFile, 'utf8'));
  if (crdDocs.length === 0) {
    process.stderr.write(`${crdFile}: no CustomResourceDefinition found\n`);
    return 2;
  }
  let count = 0;
  // Validator self-check: every CEL rule / pattern of the CRDs must be supported.
  const self = await checkCrdRules(crdDocs);
  process.stdout.write(`${crdDocs.length} CRDs: ${self.rules} distinct CEL expressions, ${self.patterns} patterns, ${self.problems.length} unsupported\n`);
  const problems: string[] = [...self.problems.map(p => `${crdFile}: ${p}`)];
  for (const file of paths.flatMap(filesUnder)) {
    const { objects, errors } = loadObjects(file);
    count += objects.length;
    problems.push(...errors);
    problems.push(...(await manifestProblems(objects, { crdDocs })).map(p => `${file}: ${p}`));
  }
  process.stdout.write(`${count} objects, ${problems.length} problems\n`);
  for (const p of problems) process.stdout.write(`  - ${p}\n`);
  return problems.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(code => {
  process.exitCode = code;
}, err => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exitCode = 2;
});
