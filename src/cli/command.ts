/**
 * What a `cdk8s-mesh` subcommand looks like. To add one, implement `Command` in its own file and
 * list it in `COMMANDS` (main.ts).
 */

/** The CLI's connection to the outside world; tests pass their own. */
export interface CliIO {
  /**
   * Writes to standard output (text is written as given, newlines included). A returned promise
   * is awaited before the next write (back-pressure), and its rejection is a write error.
   */
  readonly stdout: (s: string) => void | Promise<void>;
  /** Writes to standard error. */
  readonly stderr: (s: string) => void;
  /** Reads a whole file (a string is its text). @default the file is streamed from disk in chunks */
  readonly readFile?: (path: string) => string | Uint8Array | Promise<string | Uint8Array>;
  /** Reads all of standard input (for `-f -`). @default process.stdin, streamed */
  readonly readStdin?: () => string | Uint8Array | Promise<string | Uint8Array>;
}

/** `CliIO` with the input resolved into streams. */
export interface ResolvedCliIO {
  readonly stdout: (s: string) => void | Promise<void>;
  readonly stderr: (s: string) => void;
  /**
   * The bytes of a file, or of standard input for `-`, as they are read.
   *
   * @throws InputError (when iterated) if it cannot be read
   */
  readonly open: (file: string) => AsyncIterable<Uint8Array>;
}

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
