/**
 * What a `cdk8s-mesh` subcommand looks like. To add one, implement `Command` in its own file and
 * list it in `COMMANDS` (main.ts).
 */

/** The CLI's connection to the outside world; tests pass their own. */
export interface CliIO {
  /** Writes to standard output (text is written as given, newlines included). */
  readonly stdout: (s: string) => void;
  /** Writes to standard error. */
  readonly stderr: (s: string) => void;
  /** Reads a file as UTF-8. @default fs.promises.readFile */
  readonly readFile?: (path: string) => string | Promise<string>;
  /** Reads all of standard input (for `-f -`). @default process.stdin */
  readonly readStdin?: () => string | Promise<string>;
}

/** `CliIO` with the defaults filled in. */
export type ResolvedCliIO = Required<CliIO>;

/** A subcommand. */
export interface Command {
  /** What users type, e.g. `inject`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full help text (`cdk8s-mesh NAME --help`), ending with a newline. */
  readonly help: string;
  /**
   * Runs the command with the arguments after its name.
   *
   * @returns the exit code (0 success, 1 bad input)
   * @throws UsageError for bad arguments (exit code 2), InputError or Error for bad input (exit code 1)
   */
  run(args: readonly string[], io: ResolvedCliIO): Promise<number>;
}
