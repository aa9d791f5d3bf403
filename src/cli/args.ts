/**
 * The command line of a subcommand, read by Node's `util.parseArgs`: `--name value`, `--name=value`,
 * `-n value`, `-nvalue`, grouped short flags (`-hf FILE`), boolean `--flag`, and `--` to end options.
 * Every mistake is a UsageError (exit code 2) in this CLI's words.
 */
import { parseArgs as parseNodeArgs, ParseArgsConfig } from 'util';

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
  /** The option may be given more than once (`-H a=1 -H b=2`); its values are in `ParsedArgs.lists`. */
  readonly repeatable?: boolean;
  readonly help: string;
}

/** Parsed command line: option values (`true` for flags) by long name, and the remaining arguments. */
export interface ParsedArgs {
  /** The options given once at most. */
  readonly options: ReadonlyMap<string, string | true>;
  /** The values of each repeatable option given, in the order given. */
  readonly lists: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
}

/** An option as parseArgs' tokens show it (`rawName` is what was typed: `-f` or `--filename`). */
interface OptionToken {
  readonly kind: 'option';
  readonly name: string;
  readonly rawName: string;
  readonly value?: string;
  readonly inlineValue?: boolean;
}

/**
 * Parses `args` against `specs`.
 *
 * @throws UsageError on an unknown option, a missing value, a value given to a flag, or an option given twice
 */
export function parseArgs(args: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const config = { args, options: nodeOptions(specs), allowPositionals: true, tokens: true } as const;
  let parsed;
  try {
    parsed = parseNodeArgs({ ...config, strict: true });
  } catch (e) {
    throw reworded(e, optionTokens(parseNodeArgs({ ...config, strict: false }).tokens), specs);
  }
  const seen = new Set<string>();
  for (const token of optionTokens(parsed.tokens)) {
    if (seen.has(token.name) && !specs.find(s => s.name === token.name)?.repeatable) {
      throw new UsageError(`option ${token.rawName} is given more than once`);
    }
    seen.add(token.name);
  }
  const options = new Map<string, string | true>();
  const lists = new Map<string, readonly string[]>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string' || value === true) options.set(name, value);
    if (Array.isArray(value)) lists.set(name, value.filter((v): v is string => typeof v === 'string'));
  }
  return { options, lists, positionals: parsed.positionals };
}

/** The specs as parseArgs' `options`. */
function nodeOptions(specs: readonly OptionSpec[]): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(specs.map(s => [
    s.name,
    {
      type: s.value ? 'string' as const : 'boolean' as const,
      ...(s.short ? { short: s.short } : {}),
      ...(s.repeatable ? { multiple: true } : {}),
    },
  ]));
}

function optionTokens(tokens: readonly { kind: string }[] | undefined): OptionToken[] {
  return (tokens ?? []).filter((t): t is OptionToken => t.kind === 'option');
}

/**
 * parseArgs' own errors (`ERR_PARSE_ARGS_*`) in this CLI's words. parseArgs stops at the first
 * option that breaks one of its rules; the same arguments read leniently show which one it is and
 * what was given.
 */
function reworded(e: unknown, tokens: readonly OptionToken[], specs: readonly OptionSpec[]): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return e;
  for (const token of tokens) {
    const problem = optionProblem(token, specs);
    if (problem) return new UsageError(problem);
  }
  // a rule of a later Node that this CLI does not word yet: Node's words, lowercase like ours
  const message = (e as Error).message;
  return new UsageError(message.charAt(0).toLowerCase() + message.slice(1));
}

/** What is wrong with one option as typed, by parseArgs' strict rules. */
function optionProblem(token: OptionToken, specs: readonly OptionSpec[]): string | undefined {
  const spec = specs.find(s => s.name === token.name);
  const as = token.rawName;
  if (!spec) return `unknown option ${as}`;
  if (!spec.value) return token.value === undefined ? undefined : `option ${as} takes no value, got '${token.value}'`;
  if (token.value === undefined) return `option ${as} needs a value (${spec.value})`;
  // parseArgs does not take `-f --hub` as the file '--hub': it is more likely a forgotten value
  if (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-')) {
    return `option ${as} needs a value (${spec.value}), got '${token.value}', which reads as an option `
      + `(a value starting with '-' is written --${spec.name}=${token.value})`;
  }
  return undefined;
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

/** The arguments the manifest-reading commands (`analyze`, `scope`) share, checked. */
export interface ManifestArgs {
  /** `text` or `json`. */
  readonly format: 'text' | 'json';
  /** `--root-namespace`, when given. */
  readonly rootNamespace?: string;
}

/** Checks `--format`, `--root-namespace` and the FILEs (at least one; `-` at most once). */
export function manifestArgs(parsed: ParsedArgs): ManifestArgs {
  const { options, positionals } = parsed;
  const format = options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be 'text' or 'json', got '${format}'`);
  const root = options.get('root-namespace');
  if (root === '') throw new UsageError('--root-namespace needs a namespace');
  if (positionals.length === 0) throw new UsageError('at least one FILE or DIR is required');
  if (positionals.filter(f => f === '-').length > 1) throw new UsageError("standard input ('-') can be read only once");
  return { format, rootNamespace: typeof root === 'string' ? root : undefined };
}
