import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UsageError } from '../../src/cli/args';
import { main } from '../../src/cli/main';
import { InputError, manifestFileArgs } from '../../src/cli/manifests';
import { exactly } from '../util/validate';

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifests-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: default }
spec:
  hosts: [reviews]
  http: [{ route: [{ destination: { host: reviews } }] }]
`;

describe('manifestFileArgs', () => {
  test('GIVEN no argument THEN it is a usage error', () => {
    expect(() => manifestFileArgs([])).toThrow(UsageError);
    expect(() => manifestFileArgs([])).toThrow(exactly('at least one FILE or DIR is required'));
  });

  test('GIVEN standard input twice THEN it is a usage error; once is fine', () => {
    expect(() => manifestFileArgs(['-', '-'])).toThrow(exactly("standard input ('-') can be read only once"));
    expect(manifestFileArgs(['-', 'a.yaml'])).toEqual(['-', 'a.yaml']);
  });

  test('GIVEN a directory THEN its .yaml, .yml and .json files stand for it, by name, without subdirectories or other files', () => {
    const dir = tempDir({ 'b.yml': '', 'a.yaml': '', 'c.json': '', 'notes.txt': '', 'sub/d.yaml': '', 'e.yaml.bak': '' });
    try {
      expect(manifestFileArgs([dir, 'x.yaml'])).toEqual(['a.yaml', 'b.yml', 'c.json'].map(f => path.join(dir, f)).concat('x.yaml'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('GIVEN a directory without manifest files THEN it is an input error naming it', () => {
    const dir = tempDir({ 'notes.txt': '' });
    try {
      expect(() => manifestFileArgs([dir])).toThrow(InputError);
      expect(() => manifestFileArgs([dir])).toThrow(exactly(`directory '${dir}' holds no .yaml, .yml or .json file`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('GIVEN a path that does not exist THEN it is left to the reader (which says it cannot read it)', () => {
    expect(manifestFileArgs(['missing.yaml'])).toEqual(['missing.yaml']);
  });
});

describe('analyze and scope read a directory as kubectl apply -f DIR does', () => {
  async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
    return { code, stdout, stderr };
  }

  test('GIVEN a directory with a VirtualService to an unknown host THEN analyze reports it', async () => {
    const dir = tempDir({ 'vs.yaml': VS, 'README.md': '# not read' });
    try {
      const r = await run(['analyze', '-o', 'json', dir]);
      expect(JSON.parse(r.stdout).messages.map((m: any) => `${m.code} ${m.resource}`)).toContain('IST0101 VirtualService default/reviews');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('GIVEN a directory with a broken VirtualService THEN scope refuses it, naming the object', async () => {
    const dir = tempDir({ 'vs.yaml': VS.replace('hosts: [reviews]', 'hosts: reviews') });
    try {
      const r = await run(['scope', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: VirtualService default\/reviews: .*\nerror: the proxy scope cannot be told with this object: fix it \(istioctl analyze or 'cdk8s-mesh analyze' says more\)\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
