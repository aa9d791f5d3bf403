/**
 * What a mesh matcher may be given (`expect(received)`), turned into a routing simulator: a cdk8s
 * Chart (synthesized like `Testing.synth`), an App (every chart, like `app.synthYaml()`), an array
 * of manifests, a YAML file or a directory of them, or a RoutingSimulator (for its options).
 */
import * as fs from 'fs';
import { App, Chart, Testing } from 'cdk8s';
import { RoutingSimulator } from '../analysis/simulate/facade';
import { manifestFilesOf, noManifestFilesProblem } from '../private/manifest-files';
import { describeType, notAnObjectProblem, parseDocuments } from '../private/read-manifests';

/** The objects of a YAML (or JSON) file, or of every manifest file of a directory. */
export function readManifestPath(file: string): any[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new Error(`cannot read '${file}': no such file or directory`);
  }
  const files = stat.isDirectory() ? manifestFilesOf(file) : [file];
  if (stat.isDirectory() && files.length === 0) throw new Error(noManifestFilesProblem(file));
  return files.flatMap(f => parseDocuments(fs.readFileSync(f), f)
    .filter(doc => doc.value !== null && doc.value !== undefined)
    .map(doc => {
      const problem = notAnObjectProblem(doc, f);
      if (problem !== undefined) throw new Error(problem);
      return doc.value;
    }));
}

/** What `expect(received)` was given, in a message. */
function describeReceived(received: unknown): string {
  if (received === null) return 'null';
  if (typeof received === 'object') return `an object (${(received as object).constructor?.name ?? 'without prototype'})`;
  return describeType(received);
}

/**
 * A simulator over what a matcher was given; each call synthesizes again, so a chart changed
 * between two assertions is seen as it is now.
 *
 * @throws Error when `received` is none of the accepted kinds
 */
export function simulatorOf(received: unknown): RoutingSimulator {
  if (received instanceof RoutingSimulator) return received;
  if (Array.isArray(received)) return RoutingSimulator.of(received);
  if (typeof received === 'string') return RoutingSimulator.of(readManifestPath(received));
  if (received !== null && typeof received === 'object') {
    if (Chart.isChart(received)) return RoutingSimulator.of(Testing.synth(received as Chart));
    // by shape: the user's cdk8s may be another copy than the one this package resolves
    if (received instanceof App || typeof (received as App).synthYaml === 'function') {
      return RoutingSimulator.of(parseDocuments((received as App).synthYaml(), 'the app').map(d => d.value).filter(v => v !== null && v !== undefined));
    }
  }
  throw new Error(`a mesh matcher needs a cdk8s Chart or App, an array of manifests, a path to a YAML file or directory, or a RoutingSimulator; got ${describeReceived(received)}`);
}
