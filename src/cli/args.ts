/**
 * A small command-line option parser: `--name value`, `--name=value`, `-n value`, boolean
 * `--flag`, and `--` to end options. Every mistake is a UsageError (exit code 2).
 */

/** A mistake in the command line; the CLI prints it with the command's usage and exits with 2. */
export class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One option of a command. */
export interface OptionSpec {
  /** Long name without dashes, e.g. `filename`. */
  readonly name: string;
  /** One-letter short name without the dash, e.g. `f`. */
  readonly short?: string;
  /** Name of the value in help texts; options without one are boolean flags. */
  readonly value?: string;
  readonly help: string;
}

/** Parsed command line: option values (`true` for flags) by long name, and the remaining arguments. */
export interface ParsedArgs {
  readonly options: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
}

/**
 * Parses `args` against `specs`.
 *
 * @throws UsageError on an unknown option, a missing value, a value given to a flag, or an option given twice
 */
export function parseArgs(args: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const options = new Map<string, string | true>();
  const positionals: string[] = [];
  const set = (spec: OptionSpec, value: string | true, as: string) => {
    if (options.has(spec.name)) throw new UsageError(`option ${as} is given more than once`);
    options.set(spec.name, value);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    const long = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    const short = /^-([^-])$/.exec(arg);
    if (!long && !short) {
      positionals.push(arg);
      continue;
    }
    const spec = long ? specs.find(s => s.name === long[1]) : specs.find(s => s.short === short![1]);
    const as = long ? `--${long[1]}` : arg;
    if (!spec) throw new UsageError(`unknown option ${as}`);
    const inline = long?.[2];
    if (!spec.value) {
      if (inline !== undefined) throw new UsageError(`option ${as} takes no value, got '${inline}'`);
      set(spec, true, as);
    } else if (inline !== undefined) {
      set(spec, inline, as);
    } else {
      if (i + 1 >= args.length) throw new UsageError(`option ${as} needs a value (${spec.value})`);
      set(spec, args[++i], as);
    }
  }
  return { options, positionals };
}

/** The options section of a help text. */
export function describeOptions(specs: readonly OptionSpec[]): string {
  const rows = specs.map(s => [
    `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.value ? ` ${s.value}` : ''}`,
    s.help,
  ]);
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`).join('\n');
}
