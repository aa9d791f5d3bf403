/**
 * The `cdk8s-mesh` command line: `cdk8s-mesh <command> [options]`.
 *
 * Exit codes: 0 success, 1 bad input (the error is printed), 2 bad arguments (with usage).
 */
import { createReadStream } from 'fs';
import { analyzeCommand } from './analyze-command';
import { UsageError } from './args';
import { CliIO, Command, ResolvedCliIO } from './command';
import { graphCommand } from './graph-command';
import { injectCommand } from './inject-command';
import { InputError } from './manifests';
import { reason } from './output';
import { routeCommand } from './route-command';
import { scopeCommand } from './scope-command';

export type { CliIO, Command } from './command';

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [injectCommand, analyzeCommand, scopeCommand, routeCommand, graphCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map(c => c.name.length));
  return [
    'Usage: cdk8s-mesh <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'cdk8s-mesh <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/** Files are read in pieces of this size. */
const CHUNK = 1024 * 1024;

function bytes(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? Buffer.from(content, 'utf-8') : content;
}

/** The input's chunks; a read error becomes an InputError naming the input. */
async function* readable(file: string, read: () => AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  const name = file === '-' ? 'standard input' : `'${file}'`;
  try {
    for await (const chunk of read()) yield bytes(chunk);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException)?.code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : reason(e);
    throw new InputError(`cannot read ${name}: ${why}`);
  }
}

/** The whole content from a reader, as one chunk. */
async function* whole(read: () => string | Uint8Array | Promise<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  yield bytes(await read());
}

function resolveIO(io: CliIO): ResolvedCliIO {
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    open: file => readable(file, () => {
      if (file === '-') return io.readStdin ? whole(io.readStdin) : process.stdin;
      return io.readFile ? whole(() => io.readFile!(file)) : createReadStream(file, { highWaterMark: CHUNK });
    }),
  };
}

/**
 * Runs the CLI.
 *
 * @param argv the arguments after the program name
 * @returns the exit code
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const resolved = resolveIO(io);
  const [name, ...args] = argv;
  if (name === undefined) {
    resolved.stderr(usage());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    await resolved.stdout(usage());
    return 0;
  }
  const command = COMMANDS.find(c => c.name === name);
  if (!command) {
    resolved.stderr(`error: unknown command '${name}' (commands: ${COMMANDS.map(c => c.name).join(', ')})\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(args, resolved);
  } catch (e) {
    if (e instanceof UsageError) {
      const usageLine = command.help.split('\n')[0];
      resolved.stderr(`error: ${e.message}\n\n${usageLine}\nRun 'cdk8s-mesh ${command.name} --help' for its options.\n`);
      return 2;
    }
    const message = (e as Error)?.message ?? String(e);
    resolved.stderr(message.split('\n').map(line => `error: ${line}\n`).join(''));
    return 1;
  }
}
