import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { RoutingSimulator } from '../../src/analysis/simulate/facade';
import { readManifestPath, simulatorOf } from '../../src/testing/received';
import { exactly } from '../util/validate';

const CONFIG = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

describe('readManifestPath', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'received-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a file: its documents, empty ones left out', () => {
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\n');
    expect(readManifestPath(file)).toEqual([CONFIG('a'), CONFIG('b')]);
  });

  test('a directory: its .yaml, .yml and .json files by name, not its subdirectories nor other files', () => {
    fs.writeFileSync(path.join(dir, 'b.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\n');
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n');
    fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify(CONFIG('c')));
    fs.writeFileSync(path.join(dir, 'd.txt'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: d }\n');
    fs.mkdirSync(path.join(dir, 'e.yaml'));
    fs.writeFileSync(path.join(dir, 'e.yaml', 'f.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: f }\n');
    expect(readManifestPath(dir)).toEqual([CONFIG('a'), CONFIG('b'), CONFIG('c')]);
  });

  test('a directory without manifests, a missing path and a document that is no object are errors', () => {
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
    expect(() => readManifestPath(dir)).toThrow(exactly(`directory '${dir}' holds no .yaml, .yml or .json file`));
    expect(() => readManifestPath(path.join(dir, 'missing.yaml'))).toThrow(exactly(`cannot read '${path.join(dir, 'missing.yaml')}': no such file or directory`));
    const list = path.join(dir, 'list.yaml');
    fs.writeFileSync(list, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\n- a\n');
    expect(() => readManifestPath(list)).toThrow(exactly(`${list}:5: document 2 is not a Kubernetes object (a mapping with apiVersion and kind), got a list`));
  });
});

describe('simulatorOf', () => {
  test('a RoutingSimulator is used as given', () => {
    const simulator = RoutingSimulator.of([]);
    expect(simulatorOf(simulator)).toBe(simulator);
  });

  test('a chart, an app and an array each make a simulator', () => {
    const app = Testing.app();
    new Chart(app, 'c');
    for (const received of [new Chart(Testing.app(), 'c'), app, []]) {
      expect(simulatorOf(received)).toBeInstanceOf(RoutingSimulator);
    }
  });

  test.each([
    [undefined, 'null'],
    [null, 'null'],
    [42, 'an integer'],
    [{ kind: 'Service' }, 'an object (Object)'],
    [new Map(), 'an object (Map)'],
  ])('%p is refused', (received, what) => {
    expect(() => simulatorOf(received)).toThrow(exactly(
      `a mesh matcher needs a cdk8s Chart or App, an array of manifests, a path to a YAML file or directory, or a RoutingSimulator; got ${what}`));
  });
});
