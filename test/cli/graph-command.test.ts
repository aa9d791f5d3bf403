import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { MeshGraph } from '../../src';
import { main } from '../../src/cli/main';
import { app, destinationRule, virtualService } from '../analysis/graph/fixtures';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(argv: string[], files?: Record<string, string>, stdin = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: s => { stdout += s; },
    stderr: s => { stderr += s; },
    ...files ? {
      readFile: (file: string) => {
        if (!(file in files)) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
        return files[file];
      },
    } : {},
    readStdin: () => stdin,
  });
  return { code, stdout, stderr };
}

const yaml = (objects: any[]) => objects.map(o => YAML.stringify(o)).join('---\n');
const MESH = [
  ...app('default', 'reviews', ['v1', 'v2']),
  destinationRule('default', 'reviews', ['v1', 'v2']),
  virtualService('default', 'reviews', {
    hosts: ['reviews'],
    http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }] }],
  }),
];
const DIAGRAM = MeshGraph.of(MESH).toMermaid();
const USAGE_TAIL = "\n\nUsage: cdk8s-mesh graph [--output FILE] [--format mermaid|markdown] [--root-namespace NS] FILE|DIR...\nRun 'cdk8s-mesh graph --help' for its options.\n";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'graph-command-'));
}

describe('cdk8s-mesh graph', () => {
  test('prints the Mermaid diagram of the files and exits with 0', async () => {
    const r = await run(['graph', 'mesh.yaml'], { 'mesh.yaml': yaml(MESH) });
    expect(r).toEqual({ code: 0, stderr: '', stdout: DIAGRAM });
    expect(r.stdout).toContain('  svc_default_reviews -->|"90%"| ver_default_reviews_v1\n');
  });

  test('files and standard input are read together, as one mesh', async () => {
    const r = await run(['graph', 'services.yaml', '-'], { 'services.yaml': yaml(MESH.slice(0, 3)) }, yaml(MESH.slice(3)));
    expect(r).toEqual({ code: 0, stderr: '', stdout: DIAGRAM });
  });

  test('a directory is read as kubectl reads it: its .yaml, .yml and .json files by name, not its other files or subdirectories', async () => {
    // GIVEN the mesh split over a directory, with files kubectl would not read
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.yaml'), yaml(MESH.slice(0, 2)));
    fs.writeFileSync(path.join(dir, 'b.yml'), yaml(MESH.slice(2, 4)));
    fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify(MESH[4]));
    fs.writeFileSync(path.join(dir, 'README.md'), '# not a manifest: {');
    fs.mkdirSync(path.join(dir, 'old'));
    fs.writeFileSync(path.join(dir, 'old', 'x.yaml'), 'kind: [');
    // WHEN
    const r = await run(['graph', dir]);
    // THEN
    expect(r).toEqual({ code: 0, stderr: '', stdout: DIAGRAM });
  });

  test('a directory without manifest files is an error', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
    expect(await run(['graph', dir])).toEqual({ code: 1, stdout: '', stderr: `error: directory '${dir}' holds no .yaml, .yml or .json file\n` });
  });

  test('--output writes the file (Markdown for .md, Mermaid otherwise) and prints nothing', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'mesh.yaml');
    fs.writeFileSync(input, yaml(MESH));
    expect(await run(['graph', '--output', path.join(dir, 'mesh.mmd'), input])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'mesh.mmd'), 'utf-8')).toBe(DIAGRAM);
    expect(await run(['graph', '-o', path.join(dir, 'mesh.md'), input])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'mesh.md'), 'utf-8')).toBe(`# Mesh\n\n\`\`\`mermaid\n${DIAGRAM}\`\`\`\n`);
    expect(await run(['graph', '-o', path.join(dir, 'mesh.md'), '--format', 'mermaid', input])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'mesh.md'), 'utf-8')).toBe(DIAGRAM);
  });

  test('--format markdown prints the Markdown document', async () => {
    const r = await run(['graph', '--format', 'markdown', 'mesh.yaml'], { 'mesh.yaml': yaml(MESH) });
    expect(r.stdout).toBe(`# Mesh\n\n\`\`\`mermaid\n${DIAGRAM}\`\`\`\n`);
  });

  test('--root-namespace names where mesh-wide policies are', async () => {
    const allowNothing = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny', namespace: 'mesh-root' }, spec: {} };
    const files = { 'mesh.yaml': yaml([...MESH, allowNothing]) };
    expect((await run(['graph', 'mesh.yaml'], files)).stdout).not.toContain('no caller allowed');
    expect((await run(['graph', '--root-namespace', 'mesh-root', 'mesh.yaml'], files)).stdout).toContain('svc_default_reviews(["reviews<br/>no caller allowed"])');
  });

  test('bad arguments exit with 2 and the usage', async () => {
    expect(await run(['graph'])).toEqual({ code: 2, stdout: '', stderr: `error: at least one FILE or DIR is required${USAGE_TAIL}` });
    expect(await run(['graph', '--format', 'svg', 'x.yaml'])).toEqual({ code: 2, stdout: '', stderr: `error: --format must be 'mermaid' or 'markdown', got 'svg'${USAGE_TAIL}` });
    expect(await run(['graph', '--output=', 'x.yaml'])).toEqual({ code: 2, stdout: '', stderr: `error: --output needs a file name${USAGE_TAIL}` });
    expect(await run(['graph', '--root-namespace=', 'x.yaml'])).toEqual({ code: 2, stdout: '', stderr: `error: --root-namespace needs a namespace${USAGE_TAIL}` });
    expect(await run(['graph', '-', '-'])).toEqual({ code: 2, stdout: '', stderr: `error: standard input ('-') can be read only once${USAGE_TAIL}` });
  });

  test('an Istio object not of its kind\'s structure is an error: nothing is drawn', async () => {
    const broken = virtualService('default', 'x', { hosts: 'reviews' });
    const r = await run(['graph', 'mesh.yaml'], { 'mesh.yaml': yaml([...MESH, broken]) });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: VirtualService default\/x: .*\nerror: the mesh cannot be drawn with this object: fix it \(istioctl analyze or 'cdk8s-mesh analyze' says more\)\n$/);
  });

  test('a file that cannot be read is an error', async () => {
    expect(await run(['graph', 'missing.yaml'], {})).toEqual({ code: 1, stdout: '', stderr: "error: cannot read 'missing.yaml': no such file\n" });
  });

  test('--help prints the help', async () => {
    const r = await run(['graph', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Usage: cdk8s-mesh graph [--output FILE] [--format mermaid|markdown] [--root-namespace NS] FILE|DIR...');
  });
});
