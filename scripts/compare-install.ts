/**
 * Compares the ControlPlane with Istio's default istiod install (`istioctl manifest generate`
 * golden): the ControlPlane is synthesized with the golden's inputs (hub
 * registry.istio.io/release, tag 1.1.4, root namespace istio-control, istiod in istio-system) and
 * every golden object is compared structurally with ours (embedded YAML/JSON documents parsed).
 *
 * Ignored, and reported: the label values this library changes on purpose (managed-by,
 * app.kubernetes.io/version, helm.sh/chart) and the injector `config` templates, which this
 * library does not ship; a second run takes them from the golden with InjectionTemplates.fromFile
 * and compares them too.
 *
 *   ts-node --project scripts/tsconfig.json scripts/compare-install.ts GOLDEN_YAML
 */
import * as fs from 'fs';
import { isDeepStrictEqual } from 'util';
import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { ControlPlane, DataPlane, InjectionTemplates, IstioRelease, Mesh } from '../src';

/** Labels whose values this library sets differently from Helm on purpose. */
const CHANGED_LABELS = ['app.kubernetes.io/managed-by', 'app.kubernetes.io/version', 'helm.sh/chart'];
/** ConfigMap keys that hold YAML or JSON documents: compared parsed. */
const EMBEDDED = ['mesh', 'meshNetworks', 'config', 'values', 'merged-values', 'original-values'];
const MAX_DIFFS = Number(process.env.MAX_DIFFS ?? 12);

type Json = any;

function load(file: string): Json[] {
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf-8')).map(d => d.toJSON()).filter(d => d !== null && d !== undefined);
}

function key(o: Json): string {
  return `${o.kind}/${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;
}

/** The differences between two JSON values, as `path: ours … golden …`. */
function differences(ours: unknown, golden: unknown, at: string, out: string[]): void {
  if (isDeepStrictEqual(ours, golden)) return;
  const bothArrays = Array.isArray(ours) && Array.isArray(golden);
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (bothArrays) {
    const a = ours as unknown[];
    const b = golden as unknown[];
    for (let i = 0; i < Math.max(a.length, b.length); i++) differences(a[i], b[i], `${at}[${i}]`, out);
    return;
  }
  if (isObject(ours) && isObject(golden)) {
    const a = ours as { [k: string]: unknown };
    const b = golden as { [k: string]: unknown };
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) differences(a[k], b[k], at ? `${at}.${k}` : k, out);
    return;
  }
  const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
  out.push(`${at || '<root>'}: ours ${show(ours)} · golden ${show(golden)}`);
}

/** Every label map of an object (metadata and pod template). */
function labelMaps(o: Json): Array<{ [k: string]: string }> {
  return [o.metadata?.labels, o.spec?.template?.metadata?.labels].filter(m => m !== undefined);
}

/**
 * Copies the golden's values of the deliberately changed labels into ours, and replaces embedded
 * documents by their parsed form (without `templates` in the injector config).
 */
function normalize(ours: Json, golden: Json, notes: Set<string>): { ours: Json; golden: Json; stringsIdentical: string[] } {
  const a = JSON.parse(JSON.stringify(ours));
  const b = JSON.parse(JSON.stringify(golden));
  const oursMaps = labelMaps(a);
  const goldenMaps = labelMaps(b);
  oursMaps.forEach((m, i) => {
    for (const label of CHANGED_LABELS) {
      const g = goldenMaps[i]?.[label];
      if (m[label] !== undefined && g !== undefined && m[label] !== g) {
        notes.add(`${label}: ours '${m[label]}', golden '${g}'`);
        m[label] = g;
      }
    }
  });
  const stringsIdentical: string[] = [];
  for (const k of EMBEDDED) {
    if (typeof a.data?.[k] === 'string' && typeof b.data?.[k] === 'string') {
      if (a.data[k] === b.data[k]) stringsIdentical.push(k);
      a.data[k] = YAML.parse(a.data[k]);
      b.data[k] = YAML.parse(b.data[k]);
      if (k === 'config') {
        delete a.data[k].templates;
        delete b.data[k].templates;
      }
    }
  }
  return { ours: a, golden: b, stringsIdentical };
}

function synthesize(templates: InjectionTemplates, dataPlane: DataPlane): Json[] {
  const app = new App({ outdir: fs.mkdtempSync('/tmp/compare-install-') });
  const chart = new Chart(app, 'install');
  const mesh = new Mesh(chart, 'mesh', {
    rootNamespace: 'istio-control',
    dataPlane,
    istio: IstioRelease.of({ hub: 'registry.istio.io/release', tag: '1.1.4' }),
  });
  new ControlPlane(chart, 'control-plane', { mesh, namespace: 'istio-system', injectionTemplates: templates });
  return chart.toJson();
}

function main(goldenFile: string): number {
  const golden = load(goldenFile);
  // No webhook users: the default InjectionTemplates.none() is valid, the templates are ignored.
  const ours = synthesize(InjectionTemplates.none(), DataPlane.none());
  const byKey = new Map(ours.map(o => [key(o), o]));
  const notes = new Set<string>();
  let identical = 0;
  const differing: string[] = [];
  const missing: string[] = [];
  for (const g of golden) {
    const k = key(g);
    const o = byKey.get(k);
    byKey.delete(k);
    if (!o) {
      missing.push(k);
      console.log(`✗ ${k}: not emitted`);
      continue;
    }
    const n = normalize(o, g, notes);
    const diffs: string[] = [];
    differences(n.ours, n.golden, '', diffs);
    const strings = n.stringsIdentical.length > 0 ? ` (text identical: ${n.stringsIdentical.join(', ')})` : '';
    if (diffs.length === 0) {
      identical++;
      console.log(`✓ ${k}${strings}`);
    } else {
      differing.push(`${k} (${diffs.length})`);
      console.log(`✗ ${k}: ${diffs.length} difference(s)${strings}`);
      diffs.slice(0, MAX_DIFFS).forEach(d => console.log(`    ${d}`));
      if (diffs.length > MAX_DIFFS) console.log(`    … ${diffs.length - MAX_DIFFS} more`);
    }
  }
  const extra = [...byKey.keys()];

  // Second run: the templates read from the golden's own injector ConfigMap, webhook data plane.
  const withTemplates = synthesize(InjectionTemplates.fromFile(goldenFile), DataPlane.webhook());
  const injector = (objects: Json[]) => YAML.parse(objects.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'istio-sidecar-injector').data.config);
  const oursConfig = injector(withTemplates);
  const goldenConfig = injector(golden);
  const templateDiffs: string[] = [];
  differences(oursConfig, goldenConfig, 'config', templateDiffs);

  console.log('');
  console.log('ignored, on purpose:');
  [...notes].sort().forEach(n => console.log(`  label ${n}`));
  console.log("  ConfigMap/istio-system/istio-sidecar-injector data.config 'templates' (Istio's injection templates are not shipped)");
  console.log(`with InjectionTemplates.fromFile(golden) and the webhook data plane: injector config ${templateDiffs.length === 0
    ? `identical to the golden (${Object.keys(goldenConfig.templates).length} templates: ${Object.keys(goldenConfig.templates).join(', ')})`
    : `differs:\n    ${templateDiffs.slice(0, MAX_DIFFS).join('\n    ')}`}`);
  console.log(`not in the golden (${extra.length}): ${extra.join(', ') || 'none'}`);
  console.log('');
  console.log(`${golden.length} golden objects: ${golden.length - missing.length} compared, ${identical} identical, ${differing.length} differing`
    + `${differing.length > 0 ? ` (${differing.join(', ')})` : ''}, ${missing.length} missing${missing.length > 0 ? ` (${missing.join(', ')})` : ''}`);
  return missing.length === 0 && templateDiffs.length === 0 ? 0 : 1;
}

if (process.argv.length !== 3) {
  console.error('usage: compare-install.ts GOLDEN_YAML');
  process.exit(2);
}
process.exit(main(process.argv[2]));
