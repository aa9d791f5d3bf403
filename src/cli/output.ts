/**
 * Where a command writes its output, without ever leaving half of it behind: output goes to a
 * spool (memory, then a temporary file once it grows) or a temporary file beside the target, and
 * reaches standard output or the target only once the command has succeeded.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { StringDecoder } from 'string_decoder';
import { InputError } from './manifests';

/** Output being written; nothing of it is visible until `commit`. */
export interface OutputSink {
  /** Appends text. */
  write(text: string): Promise<void>;
  /** Makes the output visible (prints it, or moves the file into place). */
  commit(): Promise<void>;
  /** Throws the output away. */
  discard(): Promise<void>;
}

/** Output is written in pieces of about this size. */
const BATCH = 1024 * 1024;
/** A spool for standard output moves from memory to a temporary file beyond this size. */
const SPOOL_MEMORY = 8 * 1024 * 1024;

const REASONS: { [code: string]: string } = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a directory',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  EPIPE: 'broken pipe',
};

/** Why a file operation failed, in words. */
export function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return (code && REASONS[code]) ?? (e as Error)?.message ?? String(e);
}

/** The first ancestor of `file` that exists but is not a directory, if any. */
async function fileInTheWay(file: string): Promise<string | undefined> {
  const parts: string[] = [];
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    parts.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  for (const dir of parts) {
    try {
      if (!(await fs.stat(dir)).isDirectory()) return dir;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The error for a failed write of `file`. */
async function writeError(file: string, e: unknown): Promise<InputError> {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOTDIR') {
    const blocker = await fileInTheWay(file);
    if (blocker) return new InputError(`cannot write '${file}': '${blocker}' is a file, not a directory`);
  }
  if (code === 'ENOENT') return new InputError(`cannot write '${file}': directory '${path.dirname(file)}' does not exist`);
  return new InputError(`cannot write '${file}': ${reason(e)}`);
}

/** Collects text into pieces of about `BATCH` characters. */
class Batcher {
  private parts: string[] = [];
  private size = 0;

  public constructor(private readonly flush: (text: string) => Promise<void>) {}

  public async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= BATCH) await this.drain();
  }

  public async drain(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.flush(text);
  }
}

/**
 * Output for standard output: held in memory up to a few megabytes, beyond that in a temporary
 * file, and written to `stdout` on commit.
 */
export class StdoutSpool implements OutputSink {
  private memory: string[] = [];
  private memorySize = 0;
  private dir: string | undefined;
  private file: fs.FileHandle | undefined;
  private readonly batcher = new Batcher(text => this.spill(text));

  public constructor(private readonly stdout: (s: string) => void | Promise<void>) {}

  public write(text: string): Promise<void> {
    return this.batcher.write(text);
  }

  public async commit(): Promise<void> {
    await this.batcher.drain();
    try {
      for (const text of this.memory) await this.print(text);
      this.memory = [];
      if (this.file) {
        const buffer = Buffer.alloc(BATCH);
        // never cut a UTF-8 character in two
        const decoder = new StringDecoder('utf8');
        let position = 0;
        for (;;) {
          const { bytesRead } = await this.file.read(buffer, 0, buffer.length, position);
          if (bytesRead === 0) break;
          position += bytesRead;
          await this.print(decoder.write(buffer.subarray(0, bytesRead)));
        }
        const rest = decoder.end();
        if (rest) await this.print(rest);
      }
    } finally {
      await this.discard();
    }
  }

  public async discard(): Promise<void> {
    this.memory = [];
    await this.file?.close();
    this.file = undefined;
    if (this.dir) await fs.rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private async print(text: string): Promise<void> {
    try {
      await this.stdout(text);
    } catch (e) {
      throw new InputError(`cannot write standard output: ${reason(e)}`);
    }
  }

  private async spill(text: string): Promise<void> {
    if (!this.file && this.memorySize + text.length <= SPOOL_MEMORY) {
      this.memory.push(text);
      this.memorySize += text.length;
      return;
    }
    let where = os.tmpdir();
    try {
      if (!this.file) {
        this.dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cdk8s-mesh-'));
        where = path.join(this.dir, 'output.yaml');
        this.file = await fs.open(where, 'wx+', 0o600);
        for (const held of this.memory) await this.file.write(held);
        this.memory = [];
      }
      await this.file.write(text);
    } catch (e) {
      throw new InputError(`cannot hold the output in a temporary file in '${os.tmpdir()}': ${reason(e)}`);
    }
  }
}

/**
 * Output for a file: written to a temporary file in the same directory and renamed over the
 * target on commit, so the target holds the old content or the whole new one, never a part.
 * A target that exists but is not a regular file (a device, a pipe) is written directly.
 */
export class FileSink implements OutputSink {
  /**
   * Opens the output.
   *
   * @throws InputError when it cannot be written
   */
  public static async open(file: string): Promise<FileSink> {
    const sink = new FileSink(file);
    let special = false;
    try {
      const stat = await fs.stat(file);
      if (stat.isDirectory()) throw new InputError(`cannot write '${file}': it is a directory`);
      special = !stat.isFile();
    } catch (e) {
      if (e instanceof InputError) throw e;
    }
    try {
      if (special) {
        sink.handle = await fs.open(file, 'w');
      } else {
        sink.temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
        sink.handle = await fs.open(sink.temporary, 'wx', 0o644);
      }
    } catch (e) {
      sink.temporary = undefined;
      throw await writeError(file, e);
    }
    return sink;
  }

  private handle: fs.FileHandle | undefined;
  private temporary: string | undefined;
  private readonly batcher = new Batcher(async text => {
    try {
      await this.handle!.write(text);
    } catch (e) {
      throw await writeError(this.file, e);
    }
  });

  private constructor(private readonly file: string) {}

  public write(text: string): Promise<void> {
    return this.batcher.write(text);
  }

  public async commit(): Promise<void> {
    try {
      await this.batcher.drain();
      await this.handle!.close().catch(async e => { throw await writeError(this.file, e); });
      this.handle = undefined;
      if (this.temporary) {
        await fs.rename(this.temporary, this.file).catch(async e => { throw await writeError(this.file, e); });
        this.temporary = undefined;
      }
    } catch (e) {
      await this.discard();
      throw e;
    }
  }

  public async discard(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    if (this.temporary) await fs.rm(this.temporary, { force: true });
    this.temporary = undefined;
  }
}
