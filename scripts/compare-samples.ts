/**
 * Compares synthesized manifests with reference samples (e.g. Istio's samples/bookinfo/networking):
 * for every object of every `<name>.k8s.yaml` in OUT_DIR, the object of the same kind and name in
 * SAMPLES_DIR/<name>.yaml must have an equal spec. Equal means deep-equal after parsing, with
 * key order ignored and the namespace ignored (samples are applied to a namespace, ours name it),
 * and with fields ours writes out at their documented Istio default accepted when the sample
 * leaves them out.
 *
 *   ts-node --project scripts/tsconfig.json scripts/compare-samples.ts SAMPLES_DIR OUT_DIR
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import * as YAML from 'yaml';

/** Fields written out at Istio's default value: `Kind: [path, default]`. */
const EXPLICIT_DEFAULTS: { [kind: string]: Array<[string[], unknown]> } = {
  ServiceEntry: [[['spec', 'location'], 'MESH_EXTERNAL']],
};

/**
 * Differences that are deliberate: `file: [Kind/name, JSON path of a field only ours has, why]`.
 * Istio's port-level settings replace the host-level ones, so a host-level field not repeated
 * at the port silently stops applying there; cdk8s-mesh writes inherited fields into the port.
 */
const EXPLAINED: { [file: string]: Array<[string, Array<string | number>, string]> } = {
  'egress-rule-google-apis': [[
    'DestinationRule/originate-tls-for-googleapis',
    ['spec', 'trafficPolicy', 'portLevelSettings', 0, 'loadBalancer'],
    'the host-level ROUND_ROBIN is inherited by port 443 (in the sample it silently does not apply there)',
  ]],
};

function load(file: string): any[] {
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf-8')).map(d => d.toJSON()).filter(d => d);
}

function withoutDefaults(obj: any, sample: any): any {
  const copy = JSON.parse(JSON.stringify(obj));
  for (const [p, value] of EXPLICIT_DEFAULTS[obj.kind] ?? []) {
    const parent = p.slice(0, -1).reduce((o, k) => o?.[k], copy);
    const sampleParent = p.slice(0, -1).reduce((o, k) => o?.[k], sample);
    const key = p[p.length - 1];
    if (parent && parent[key] === value && (sampleParent === undefined || sampleParent[key] === undefined)) {
      delete parent[key];
    }
  }
  return copy;
}

function main(samplesDir: string, outDir: string): number {
  let compared = 0;
  const problems: string[] = [];
  const explained: string[] = [];
  for (const file of fs.readdirSync(outDir).filter(f => f.endsWith('.k8s.yaml')).sort()) {
    const name = file.replace(/\.k8s\.yaml$/, '');
    const samplePath = path.join(samplesDir, `${name}.yaml`);
    if (!fs.existsSync(samplePath)) {
      problems.push(`${file}: no sample ${samplePath}`);
      continue;
    }
    const ours = load(path.join(outDir, file));
    const theirs = load(samplePath);
    if (ours.length !== theirs.length) {
      problems.push(`${file}: ${ours.length} objects, the sample has ${theirs.length}`);
    }
    for (const t of theirs) {
      const o = ours.find(x => x.kind === t.kind && x.metadata?.name === t.metadata?.name);
      if (!o) {
        problems.push(`${file}: ${t.kind}/${t.metadata?.name} is missing`);
        continue;
      }
      compared++;
      const mine = withoutDefaults(o, t);
      for (const [ref, p, why] of EXPLAINED[name] ?? []) {
        const parent = p.slice(0, -1).reduce((x: any, k) => x?.[k], mine);
        const key = p[p.length - 1];
        if (ref === `${t.kind}/${t.metadata?.name}` && parent?.[key] !== undefined
          && p.slice(0, -1).reduce((x: any, k) => x?.[k], t)?.[key] === undefined) {
          delete parent[key];
          explained.push(`${file}: ${ref} ${p.join('.')}: ${why}`);
        }
      }
      if (mine.apiVersion !== t.apiVersion || !isDeepStrictEqual(mine.spec, t.spec)) {
        problems.push(`${file}: ${t.kind}/${t.metadata.name} differs\n  ours:   ${JSON.stringify(mine.spec)}\n  sample: ${JSON.stringify(t.spec)}`);
      }
    }
  }
  console.log(`${compared} objects compared, ${problems.length} differences, ${explained.length} explained`);
  explained.forEach(e => console.log(`explained: ${e}`));
  problems.forEach(p => console.log(p));
  return problems.length === 0 ? 0 : 1;
}

if (process.argv.length !== 4) {
  console.error('usage: compare-samples.ts SAMPLES_DIR OUT_DIR');
  process.exit(2);
}
process.exit(main(process.argv[2], process.argv[3]));
