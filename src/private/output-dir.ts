/**
 * Writing synthesized files into an output directory that may hold other people's files.
 *
 * The files are written to a staging directory inside the output directory first; only when all of
 * them were written are they renamed into place, one atomic rename per file. The output directory
 * itself is never replaced, renamed or deleted: files the app did not write (a README, a
 * kustomization.yaml, `.git`) stay, a symlinked output directory stays a symlink, and a mount point
 * works. Which files the app wrote is recorded in a ledger file in the output directory, so that the
 * next synthesis removes the files it wrote before and no longer writes (stale manifests), and
 * nothing else.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The ledger: one `<sha256>  <path>` line per file the last synthesis wrote (the format of
 * `sha256sum`, so `sha256sum -c .cdk8s-mesh-outputs` checks them). It has no `.yaml`/`.json`
 * extension, so `kubectl apply -f DIR` and GitOps tools that read manifest directories skip it.
 */
export const LEDGER = '.cdk8s-mesh-outputs';
const STAGING_PREFIX = '.cdk8s-mesh-staging-';

/** What went wrong, in words, for the errno codes a write can end with. */
const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'a directory is in the way',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
};

/** The error of an output directory that cannot be used or written; nothing was changed in it. */
export class OutputDirError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'OutputDirError';
  }
}

/**
 * Checks `outdir` before anything is synthesized and returns the directory to write into (the
 * absolute path, through a symlink to its target).
 *
 * Refused: an empty path, the file system root, the home directory, the current directory and its
 * parents (the manifests would be mixed into the project), a path that is a file, a dangling
 * symlink, and a path below a file.
 */
export function checkOutdir(outdir: string, cwd: string = process.cwd()): string {
  const given = `'outdir' '${outdir}'`;
  if (typeof outdir !== 'string' || outdir.trim() === '') {
    throw new OutputDirError(`'outdir' must name a directory for the manifests (e.g. 'dist'), got '${outdir}'`);
  }
  const target = path.resolve(cwd, outdir);
  const home = os.homedir();
  if (target === path.parse(target).root) {
    throw new OutputDirError(`${given} is the file system root: name a directory of its own for the manifests (e.g. 'dist')`);
  }
  if (home && target === path.resolve(home)) {
    throw new OutputDirError(`${given} is the home directory: name a directory of its own for the manifests (e.g. 'dist')`);
  }
  const relative = path.relative(target, path.resolve(cwd));
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
    throw new OutputDirError(`${given} is ${relative === '' ? 'the current directory' : 'a parent of the current directory'} `
      + "(the manifests would be mixed into the project): name a directory of its own for them (e.g. 'dist')");
  }
  const stat = lstatOrUndefined(target);
  if (stat?.isSymbolicLink()) {
    const resolved = realpathOrUndefined(target);
    if (resolved === undefined) {
      throw new OutputDirError(`${given} is a symlink to '${fs.readlinkSync(target)}', which does not exist`);
    }
    if (!fs.statSync(resolved).isDirectory()) {
      throw new OutputDirError(`${given} is a symlink to '${resolved}', which is not a directory`);
    }
    return resolved;
  }
  if (stat !== undefined && !stat.isDirectory()) {
    throw new OutputDirError(`${given} is a file, not a directory: move it away or choose another outdir`);
  }
  if (stat === undefined) {
    const blocker = firstFileAbove(target);
    if (blocker !== undefined) {
      throw new OutputDirError(`${given} cannot be created: '${blocker}' is a file, not a directory`);
    }
  }
  return target;
}

/**
 * Writes the output: `write(staging)` writes every file into an empty staging directory; then
 * the files are moved into `target`, files the previous synthesis wrote and this one did not are
 * removed, and the ledger is updated. On any failure nothing in `target` has changed, the staging
 * directory is gone, and a `target` this call created is removed again.
 *
 * @param warn receives a line for each stale file kept because it was changed since it was written
 * @throws OutputDirError when a file to write would replace a file the app did not write, or a
 * write fails (with the reason: disk full, read-only …); any error of `write` itself
 */
export function writeOutput(target: string, write: (staging: string) => void, warn: (line: string) => void = () => {}): void {
  const created = createDirectory(target);
  let staging: string | undefined;
  let moving = false;
  try {
    staging = fs.mkdtempSync(path.join(target, STAGING_PREFIX));
    write(staging);
    const files = listFiles(staging);
    const ledger = readLedger(target);
    const hashes = new Map(files.map(f => [f, hashFile(path.join(staging!, f))]));
    checkNoForeignFiles(target, files, ledger, hashes);
    // record the files about to be moved before moving them, so that a move that fails half-way
    // leaves every file this app wrote in the ledger
    writeLedger(target, staging, new Map([...ledger, ...hashes]));
    moving = true;
    for (const file of files) {
      const destination = path.join(target, file);
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      fs.renameSync(path.join(staging, file), destination);
    }
    removeStale(target, ledger, new Set(files), warn);
    writeLedger(target, staging, hashes);
  } catch (e) {
    if (staging !== undefined) fs.rmSync(staging, { recursive: true, force: true });
    if (!moving) {
      for (const dir of created.reverse()) {
        removeIfEmpty(dir);
      }
    }
    throw describeWriteError(e, target, moving);
  }
  fs.rmSync(staging, { recursive: true, force: true });
}

function writeLedger(target: string, staging: string, entries: Map<string, string>): void {
  const text = [...entries.keys()].sort().map(f => `${entries.get(f)}  ${f}\n`).join('');
  fs.writeFileSync(path.join(staging, LEDGER), text);
  fs.renameSync(path.join(staging, LEDGER), path.join(target, LEDGER));
}

/** A file `written` would replace that the app did not write (not in the ledger, and different). */
function checkNoForeignFiles(target: string, files: string[], ledger: Map<string, string>, hashes: Map<string, string>): void {
  const foreign: string[] = [];
  for (const file of files) {
    const stat = lstatOrUndefined(path.join(target, file));
    if (stat === undefined) continue;
    if (!stat.isFile()) {
      foreign.push(`'${file}' (a ${stat.isDirectory() ? 'directory' : 'special file'} is in the way)`);
    } else if (!ledger.has(file) && hashFile(path.join(target, file)) !== hashes.get(file)) {
      foreign.push(`'${file}'`);
    }
  }
  if (foreign.length > 0) {
    throw new OutputDirError(`'outdir' '${target}' already holds ${foreign.join(', ')}, which this app did not write `
      + `(no record in ${LEDGER}): move ${foreign.length === 1 ? 'it' : 'them'} away or choose another outdir; nothing was written`);
  }
}

/** Removes the files the previous synthesis wrote that this one did not, when unchanged since. */
function removeStale(target: string, ledger: Map<string, string>, written: Set<string>, warn: (line: string) => void): void {
  for (const [file, hash] of ledger) {
    if (written.has(file)) continue;
    const absolute = path.join(target, file);
    const stat = lstatOrUndefined(absolute);
    if (stat === undefined || !stat.isFile()) continue;
    if (hashFile(absolute) !== hash) {
      warn(`kept '${path.join(target, file)}': an earlier synthesis wrote it, but it was changed since`);
      continue;
    }
    fs.unlinkSync(absolute);
    // directories of the layouts with one folder per chart: remove them once empty
    for (let dir = path.dirname(absolute); dir !== target && dir.startsWith(target + path.sep); dir = path.dirname(dir)) {
      if (!removeIfEmpty(dir)) break;
    }
  }
}

/**
 * The ledger of the previous synthesis: path → sha256. Entries that are not a relative path inside
 * the output directory are ignored (a ledger edited by hand must not make us delete elsewhere).
 */
function readLedger(target: string): Map<string, string> {
  const entries = new Map<string, string>();
  let text: string;
  try {
    text = fs.readFileSync(path.join(target, LEDGER), 'utf-8');
  } catch {
    return entries;
  }
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (match === null) continue;
    const file = path.normalize(match[2]);
    if (path.isAbsolute(file) || file.startsWith('..') || file === LEDGER || file.startsWith(STAGING_PREFIX)) continue;
    entries.set(file, match[1]);
  }
  return entries;
}

/** Creates `dir` and its missing parents; returns the directories it created, outermost first. */
function createDirectory(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; lstatOrUndefined(d) === undefined; d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw describeWriteError(e, dir);
  }
  return missing;
}

/** Relative paths of the regular files under `dir`, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), relative) : [relative];
  }).sort();
}

function hashFile(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function removeIfEmpty(dir: string): boolean {
  try {
    fs.rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

/** The first existing ancestor of a missing path when it is not a directory. */
function firstFileAbove(target: string): string | undefined {
  for (let d = path.dirname(target); ; d = path.dirname(d)) {
    const stat = lstatOrUndefined(d);
    if (stat !== undefined) {
      const isDir = stat.isDirectory() || (stat.isSymbolicLink() && realpathOrUndefined(d) !== undefined && fs.statSync(d).isDirectory());
      return isDir ? undefined : d;
    }
    if (path.dirname(d) === d) return undefined;
  }
}

function describeWriteError(e: unknown, target: string, moving = false): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (e instanceof OutputDirError || code === undefined || !(code in REASONS)) {
    return e;
  }
  const outcome = moving ? 'some files were replaced: synthesize again once the cause is fixed' : 'nothing was changed in it';
  return new OutputDirError(`cannot write the manifests to '${target}': ${REASONS[code]} (${code}); ${outcome}`);
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

function realpathOrUndefined(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}
