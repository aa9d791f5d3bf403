/**
 * What synthesizing a random mesh gives: output (with its validation problems and analysis
 * errors), a clear error, or an unclear one.
 */
import { Chart } from 'cdk8s';
import { buildMesh, MeshSpec } from './random-mesh';
import { manifestProblems } from './validate';
import { MeshApp } from '../../src';

/** The seed of the property-based tests: fixed, so CI runs the same meshes every time. */
export const PROPERTY_SEED = Number(process.env.PROPERTY_SEED ?? 20261204);
/** How many meshes a property-based test generates. */
export const PROPERTY_RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

export type Outcome =
  | { kind: 'output'; objects: any[]; problems: string[]; analysisErrors: string[] }
  | { kind: 'constructError' | 'valueError' | 'unclear'; message: string };

/**
 * Words that betray an error message built from a value the code did not expect (`NaN` or
 * `undefined` where a number or name belongs); `got NaN` is the value given, shown as it was.
 */
const UNCLEAR = /(?<!got )\bundefined\b|\[object Object\]|(?<!got )\bNaN\b|is not a function|Cannot read propert/;

/**
 * Classifies an error: one naming a construct path (`[mesh/mesh/reviews] …`, also inside cdk8s's
 * "Validation failed" and MeshApp's "Analysis failed" lists), one naming the property of a value
 * factory (`'regex' must …`), or an unclear one (a TypeError, a message with `undefined` …).
 */
export function classifyError(e: unknown): Outcome {
  const message = e instanceof Error ? e.message : String(e);
  if (!(e instanceof Error) || e.constructor !== Error || UNCLEAR.test(message)) {
    return { kind: 'unclear', message: `${(e as Error)?.constructor?.name ?? typeof e}: ${message}` };
  }
  const lines = message.replace(/^(Validation|Analysis) failed with the following errors:\n/, '').split('\n').map(l => l.trim());
  if (lines.every(l => /^\[mesh(\/[^\]]+)?\] \S/.test(l))) {
    return { kind: 'constructError', message };
  }
  if (lines.every(l => /^'[^']+' /.test(l))) {
    return { kind: 'valueError', message };
  }
  return { kind: 'unclear', message };
}

/** Declares, validates, analyzes and renders the mesh. */
export async function outcomeOf(spec: MeshSpec): Promise<Outcome> {
  let chart: Chart;
  let app: MeshApp;
  let analysisErrors: string[];
  try {
    app = new MeshApp({ outdir: '.tmp/property-unused' });
    chart = buildMesh(app, spec);
    analysisErrors = app.analyze().filter(f => f.level === 'Error').map(f => `[${f.constructPath}] ${f.code} ${f.resource}: ${f.message}`);
  } catch (e) {
    return classifyError(e);
  }
  const objects = chart.toJson();
  return { kind: 'output', objects, problems: await manifestProblems(objects), analysisErrors };
}
