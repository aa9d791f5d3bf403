/**
 * The `cdk8s-mesh` command line: `cdk8s-mesh <command> [options]`.
 *
 * Exit codes: 0 success, 1 bad input (the error is printed), 2 bad arguments (with usage).
 */
import { promises as fs } from 'fs';
import { analyzeCommand } from './analyze-command';
import { UsageError } from './args';
import { CliIO, Command, ResolvedCliIO } from './command';
import { injectCommand } from './inject-command';

export type { CliIO, Command } from './command';

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [injectCommand, analyzeCommand];

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

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf-8');
}

/**
 * Runs the CLI.
 *
 * @param argv the arguments after the program name
 * @returns the exit code
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const resolved: ResolvedCliIO = {
    stdout: io.stdout,
    stderr: io.stderr,
    readFile: io.readFile ?? (path => fs.readFile(path, 'utf-8')),
    readStdin: io.readStdin ?? readStdin,
  };
  const [name, ...args] = argv;
  if (name === undefined) {
    resolved.stderr(usage());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    resolved.stdout(usage());
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
