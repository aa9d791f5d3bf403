import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkOutdir, LEDGER, writeOutput } from '../../src/private/output-dir';
import { errorOf, exactly } from '../util/validate';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'output-dir-'));
}

/** Writes `files` (relative path → text) into the staging directory. */
function writer(files: Record<string, string>): (staging: string) => void {
  return staging => {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(staging, file)), { recursive: true });
      fs.writeFileSync(path.join(staging, file), text);
    }
  };
}

/** Every file under `dir` (relative, sorted), directories with a trailing '/'. */
function tree(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const rel = path.join(prefix, e.name);
    return e.isDirectory() ? [`${rel}/`, ...tree(path.join(dir, e.name), rel)] : [rel];
  }).sort();
}

describe('checkOutdir', () => {
  const cwd = tempDir();

  test('a directory of its own is accepted, relative to the current directory', () => {
    expect(checkOutdir('dist', cwd)).toBe(path.join(cwd, 'dist'));
    expect(checkOutdir(path.join(cwd, 'a', 'b'), cwd)).toBe(path.join(cwd, 'a', 'b'));
  });

  test.each(['', ' '])("an empty outdir '%s' fails", (outdir) => {
    expect(errorOf(() => checkOutdir(outdir, cwd))).toBe(`'outdir' must name a directory for the manifests (e.g. 'dist'), got '${outdir}'`);
  });

  test('the current directory and its parents fail', () => {
    const project = path.join(cwd, 'project');
    fs.mkdirSync(project, { recursive: true });
    expect(errorOf(() => checkOutdir('.', project))).toBe("'outdir' '.' is the current directory (the manifests would be mixed into the project): name a directory of its own for them (e.g. 'dist')");
    expect(errorOf(() => checkOutdir('dist/..', project))).toBe("'outdir' 'dist/..' is the current directory (the manifests would be mixed into the project): name a directory of its own for them (e.g. 'dist')");
    expect(errorOf(() => checkOutdir('..', project))).toBe("'outdir' '..' is a parent of the current directory (the manifests would be mixed into the project): name a directory of its own for them (e.g. 'dist')");
    // a sibling whose name starts like the parent's is not a parent
    expect(checkOutdir('../project-out', project)).toBe(path.join(cwd, 'project-out'));
  });

  test('the file system root and the home directory fail', () => {
    expect(errorOf(() => checkOutdir('/', '/tmp'))).toBe("'outdir' '/' is the file system root: name a directory of its own for the manifests (e.g. 'dist')");
    expect(errorOf(() => checkOutdir(os.homedir(), '/tmp'))).toBe(`'outdir' '${os.homedir()}' is the home directory: name a directory of its own for the manifests (e.g. 'dist')`);
  });

  test('a regular file at the outdir path fails, and so does an outdir below a file', () => {
    fs.writeFileSync(path.join(cwd, 'file'), 'x');
    expect(errorOf(() => checkOutdir('file', cwd))).toBe("'outdir' 'file' is a file, not a directory: move it away or choose another outdir");
    expect(errorOf(() => checkOutdir('file/out/deeper', cwd))).toBe(`'outdir' 'file/out/deeper' cannot be created: '${path.join(cwd, 'file')}' is a file, not a directory`);
  });

  test('a symlink to a directory is written through; dangling or file symlinks fail', () => {
    fs.mkdirSync(path.join(cwd, 'real'), { recursive: true });
    fs.symlinkSync(path.join(cwd, 'real'), path.join(cwd, 'link'));
    fs.symlinkSync(path.join(cwd, 'nowhere'), path.join(cwd, 'dangling'));
    fs.writeFileSync(path.join(cwd, 'plain'), 'x');
    fs.symlinkSync(path.join(cwd, 'plain'), path.join(cwd, 'to-file'));
    expect(checkOutdir('link', cwd)).toBe(fs.realpathSync(path.join(cwd, 'real')));
    expect(errorOf(() => checkOutdir('dangling', cwd))).toBe(`'outdir' 'dangling' is a symlink to '${path.join(cwd, 'nowhere')}', which does not exist`);
    expect(errorOf(() => checkOutdir('to-file', cwd))).toBe(`'outdir' 'to-file' is a symlink to '${fs.realpathSync(path.join(cwd, 'plain'))}', which is not a directory`);
    // below a symlinked directory is fine
    expect(checkOutdir('link/out', cwd)).toBe(path.join(cwd, 'link', 'out'));
  });
});

describe('writeOutput', () => {
  test('writes the files and a sha256sum ledger of them; nothing else is left', () => {
    const target = path.join(tempDir(), 'out');
    writeOutput(target, writer({ 'a.k8s.yaml': 'a\n', 'chart/b.k8s.yaml': 'b\n' }));
    expect(tree(target)).toEqual([LEDGER, 'a.k8s.yaml', 'chart/', 'chart/b.k8s.yaml']);
    expect(fs.readFileSync(path.join(target, LEDGER), 'utf-8')).toBe(
      '87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7  a.k8s.yaml\n'
      + '0263829989b6fd954f72baaf2fc64bc2e2f01d692d4de72986ea808f6e99813f  chart/b.k8s.yaml\n');
  });

  test('a second write replaces its own files and removes those it no longer writes, with their emptied directories', () => {
    const target = path.join(tempDir(), 'out');
    writeOutput(target, writer({ 'a.k8s.yaml': 'a\n', 'old/b.k8s.yaml': 'b\n', 'keep/c.k8s.yaml': 'c\n' }));
    fs.writeFileSync(path.join(target, 'keep', 'mine.txt'), 'mine');
    writeOutput(target, writer({ 'a.k8s.yaml': 'a2\n' }));
    expect(tree(target)).toEqual([LEDGER, 'a.k8s.yaml', 'keep/', 'keep/mine.txt']);
    expect(fs.readFileSync(path.join(target, 'a.k8s.yaml'), 'utf-8')).toBe('a2\n');
  });

  test('a stale file changed since it was written is kept, with a warning', () => {
    const target = path.join(tempDir(), 'out');
    writeOutput(target, writer({ 'a.k8s.yaml': 'a\n', 'b.k8s.yaml': 'b\n' }));
    fs.writeFileSync(path.join(target, 'b.k8s.yaml'), 'b, edited by hand\n');
    const warnings: string[] = [];
    writeOutput(target, writer({ 'a.k8s.yaml': 'a\n' }), w => warnings.push(w));
    expect(tree(target)).toEqual([LEDGER, 'a.k8s.yaml', 'b.k8s.yaml']);
    expect(warnings).toEqual([`kept '${path.join(target, 'b.k8s.yaml')}': an earlier synthesis wrote it, but it was changed since`]);
  });

  test('a file the app did not write where it would write one fails, and nothing is written', () => {
    const target = path.join(tempDir(), 'out');
    fs.mkdirSync(path.join(target, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(target, 'a.k8s.yaml'), 'mine\n');
    fs.writeFileSync(path.join(target, 'same.k8s.yaml'), 'same\n');
    expect(() => writeOutput(target, writer({ 'a.k8s.yaml': 'a\n', 'b.k8s.yaml': 'b\n', 'sub': 'x' }))).toThrow(exactly(
      `'outdir' '${target}' already holds 'a.k8s.yaml', 'sub' (a directory is in the way), which this app did not write (no record in .cdk8s-mesh-outputs): move them away or choose another outdir; nothing was written`));
    expect(tree(target)).toEqual(['a.k8s.yaml', 'same.k8s.yaml', 'sub/']);
    // a file with exactly the content the app writes is taken over
    writeOutput(target, writer({ 'same.k8s.yaml': 'same\n' }));
    expect(fs.readFileSync(path.join(target, LEDGER), 'utf-8')).toContain('  same.k8s.yaml\n');
  });

  test('one foreign file is named in the singular', () => {
    const target = tempDir();
    fs.writeFileSync(path.join(target, 'a.k8s.yaml'), 'mine\n');
    expect(() => writeOutput(target, writer({ 'a.k8s.yaml': 'a\n' }))).toThrow(exactly(
      `'outdir' '${target}' already holds 'a.k8s.yaml', which this app did not write (no record in .cdk8s-mesh-outputs): move it away or choose another outdir; nothing was written`));
  });

  test('a failing writer leaves no staging directory, and removes the directories it created', () => {
    const base = tempDir();
    const target = path.join(base, 'a', 'b', 'out');
    expect(() => writeOutput(target, () => {
      throw new Error('boom');
    })).toThrow(exactly('boom'));
    expect(fs.readdirSync(base)).toEqual([]);
  });

  test('a failing writer leaves an existing outdir exactly as it was', () => {
    const target = path.join(tempDir(), 'out');
    writeOutput(target, writer({ 'a.k8s.yaml': 'a\n' }));
    const before = tree(target).map(f => f.endsWith('/') ? f : `${f}=${fs.readFileSync(path.join(target, f), 'utf-8')}`);
    expect(() => writeOutput(target, staging => {
      writer({ 'a.k8s.yaml': 'changed\n', 'b.k8s.yaml': 'b\n' })(staging);
      throw new Error('boom');
    })).toThrow(exactly('boom'));
    expect(tree(target).map(f => f.endsWith('/') ? f : `${f}=${fs.readFileSync(path.join(target, f), 'utf-8')}`)).toEqual(before);
  });

  test.each([
    ['ENOSPC', 'no space left on the device'],
    ['EROFS', 'the file system is read-only'],
    ['EACCES', 'permission denied'],
  ])('a write failing with %s is named, and cleaned up', (code, reason) => {
    const target = path.join(tempDir(), 'out');
    expect(() => writeOutput(target, () => {
      throw Object.assign(new Error(`${code}: failed`), { code });
    })).toThrow(exactly(`cannot write the manifests to '${target}': ${reason} (${code}); nothing was changed in it`));
    expect(fs.existsSync(target)).toBe(false);
  });

  test('a move failing half-way says that some files were replaced, and the ledger still names every file written', () => {
    // GIVEN: the first rename (the ledger) works, the first file's fails
    const target = path.join(tempDir(), 'out');
    fs.mkdirSync(target);
    // the module object itself: the namespace import above is a copy jest cannot redefine
    const nodeFs = jest.requireActual<typeof fs>('fs');
    const rename = nodeFs.renameSync;
    let calls = 0;
    const spy = jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (++calls === 2) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      rename(from, to);
    });
    // WHEN / THEN
    try {
      expect(() => writeOutput(target, writer({ 'a.k8s.yaml': 'a\n' }))).toThrow(exactly(
        `cannot write the manifests to '${target}': no space left on the device (ENOSPC); some files were replaced: synthesize again once the cause is fixed`));
    } finally {
      spy.mockRestore();
    }
    expect(tree(target)).toEqual([LEDGER]);
    expect(fs.readFileSync(path.join(target, LEDGER), 'utf-8')).toContain('  a.k8s.yaml\n');
  });

  test('an error without a known code is rethrown as it is', () => {
    const target = path.join(tempDir(), 'out');
    const error = Object.assign(new Error('odd'), { code: 'EODD' });
    expect(() => writeOutput(target, () => {
      throw error;
    })).toThrow(error);
  });

  test('the output directory is never replaced: same inode after two writes (so a mount point works)', () => {
    const target = path.join(tempDir(), 'out');
    fs.mkdirSync(target);
    const inode = fs.statSync(target).ino;
    writeOutput(target, writer({ 'a.k8s.yaml': 'a\n' }));
    writeOutput(target, writer({ 'b.k8s.yaml': 'b\n' }));
    expect(fs.statSync(target).ino).toBe(inode);
    expect(tree(target)).toEqual([LEDGER, 'b.k8s.yaml']);
  });

  test('a ledger edited to point outside the output directory deletes nothing there', () => {
    const base = tempDir();
    const target = path.join(base, 'out');
    fs.writeFileSync(path.join(base, 'precious'), 'p');
    writeOutput(target, writer({ 'a.k8s.yaml': 'a\n' }));
    const hash = fs.readFileSync(path.join(target, LEDGER), 'utf-8').slice(0, 64);
    fs.writeFileSync(path.join(target, LEDGER), `${hash}  ../precious\n${hash}  /etc/hostname\n${hash}  ${LEDGER}\nnot a ledger line\n`);
    writeOutput(target, writer({ 'a.k8s.yaml': 'a\n' }));
    expect(fs.readFileSync(path.join(base, 'precious'), 'utf-8')).toBe('p');
    expect(tree(target)).toEqual([LEDGER, 'a.k8s.yaml']);
  });
});
