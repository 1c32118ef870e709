/**
 * The one command-line parser of every CLI (src/cli/*, bench/*): node:util's parseArgs in strict mode, plus
 * - every bare `--` dropped (npm passes one: `npm run x -- --a` reaches the script as `-- --a`);
 * - `--name value` and `--name=value` alike (parseArgs does both for string options);
 * - parseArgs' errors as a usage error that names the option: `Unknown option '--shap' (known: --shape, --batch)`,
 *   `option --shape needs a value`, `option --baseline takes no value`, `Unexpected argument 'x'`;
 * - `--help` (and `-h` where no option has it) returning the usage;
 * - value converters that name the option: positive integers, integers, positive numbers, one of a set of words.
 * Every problem is a UsageError: its message is the problem, a newline, then the command's usage.
 */
import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** A one-letter alias (`-q`); an option whose name is that one letter shows as `-q` in messages. */
  short?: string;
  /** Repeatable; its value is an array. */
  multiple?: boolean;
}
export type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean'
  ? S['multiple'] extends true
    ? boolean[]
    : boolean
  : S['multiple'] extends true
    ? string[]
    : string;
/** The values given, by option name; an option not given is absent. */
export type OptionValues<O extends OptionSpecs> = { -readonly [K in keyof O]?: ValueOf<O[K]> };
/** The names of the single-valued string options of O. */
export type StringOption<O extends OptionSpecs> = {
  [K in keyof O & string]: O[K]['type'] extends 'string' ? (O[K]['multiple'] extends true ? never : K) : never;
}[keyof O & string];

export interface CommandSpec<O extends OptionSpecs> {
  /** Shown under every problem, and alone for `--help`. */
  usage: string;
  options: O;
  /** How many positional arguments: exactly n, or [min, max]. Default 0. A wrong count is an error of the usage alone. */
  positionals?: number | readonly [number, number];
}

/** A bad command line (`help` false), or `--help` (`help` true, the message is the usage alone). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    /** What is wrong ('' for a wrong argument count or `--help`). */
    readonly problem: string,
    readonly usage: string,
    readonly help = false,
  ) {
    super(problem ? `${problem}\n${usage}` : usage);
  }
}

/** How messages write an option: `-q` for a one-letter option that is its own short form, else `--name`. */
export function flagName(name: string, spec?: OptionSpec): string {
  return name.length === 1 && spec?.short === name ? `-${name}` : `--${name}`;
}

/** The arguments without npm's bare `--` (every one: none of our commands takes `--` as a value). */
export function withoutDashDash(argv: readonly string[]): string[] {
  return argv.filter((a) => a !== '--');
}

export interface CommandLine<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
  /** Throws the UsageError of `problem`. */
  fail(problem: string): never;
  /** The option's value; a UsageError (`option --config is required`) when it was not given or empty. */
  required(name: StringOption<O>): string;
  /** A whole number ≥ 1 (digits only), else `option --batch needs a positive integer, got 'x'`. */
  positiveInteger(name: StringOption<O>, fallback: number): number;
  positiveInteger(name: StringOption<O>): number | undefined;
  /** A whole number, with an optional sign, else `option -l needs an integer, got 'x'`. */
  integer(name: StringOption<O>, fallback: number): number;
  integer(name: StringOption<O>): number | undefined;
  /** A finite decimal number > 0 (`0.5`, `2`, `1e-3`), else `option --scale needs a positive number, got 'x'`. */
  positiveNumber(name: StringOption<O>, fallback: number): number;
  positiveNumber(name: StringOption<O>): number | undefined;
  /** One of `allowed`, else `option --shape needs one of a, b, c, got 'x'`. */
  oneOf<T extends string>(name: StringOption<O>, allowed: readonly T[], fallback: T): T;
  oneOf<T extends string>(name: StringOption<O>, allowed: readonly T[]): T | undefined;
}

const POSITIVE_INTEGER = /^\d+$/;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The parse of `argv` (a CLI's `process.argv.slice(2)`) against `spec`; a bad command line throws a UsageError. */
export function parseCommandLine<const O extends OptionSpecs>(argv: readonly string[], spec: CommandSpec<O>): CommandLine<O> {
  const { usage, options } = spec;
  const [min, max] = typeof spec.positionals === 'number' ? [spec.positionals, spec.positionals] : (spec.positionals ?? [0, 0]);
  const fail = (problem: string): never => {
    throw new UsageError(problem, usage);
  };
  // --help, and -h where no option of the command takes it (not added when the command has its own --help).
  const helpShort = Object.values(options).some((o) => o.short === 'h') ? undefined : 'h';
  const withHelp: OptionSpecs = 'help' in options ? options : { ...options, help: { type: 'boolean', ...(helpShort ? { short: helpShort } : {}) } };
  const args = withoutDashDash(argv);
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: withHelp, allowPositionals: max > 0, strict: true });
  } catch (error) {
    fail(explainParseError(args, withHelp, max > 0) ?? (error as Error).message);
  }
  const values = { ...parsed!.values };
  if (withHelp !== options) {
    if (values.help === true) throw new UsageError('', usage, true);
    delete values.help;
  }
  const positionals = parsed!.positionals;
  if (positionals.length < min || positionals.length > max) throw new UsageError('', usage);

  const text = (name: string): string | undefined => values[name] as string | undefined;
  const flag = (name: string) => flagName(name, options[name]);
  const convert =
    (check: (text: string) => boolean, what: string) =>
    (name: string, fallback?: number): number | undefined => {
      const given = text(name);
      if (given === undefined) return fallback;
      if (!check(given)) fail(`option ${flag(name)} needs ${what}, got '${given}'`);
      return Number(given);
    };
  return {
    values: values as OptionValues<O>,
    positionals,
    fail,
    required: (name) => {
      const given = text(name);
      if (given === undefined) fail(`option ${flag(name)} is required`);
      if (given === '') fail(`option ${flag(name)} needs a value`);
      return given!;
    },
    positiveInteger: convert((t) => POSITIVE_INTEGER.test(t) && Number(t) >= 1, 'a positive integer') as CommandLine<O>['positiveInteger'],
    integer: convert((t) => INTEGER.test(t), 'an integer') as CommandLine<O>['integer'],
    positiveNumber: convert((t) => DECIMAL.test(t) && Number.isFinite(Number(t)) && Number(t) > 0, 'a positive number') as CommandLine<O>['positiveNumber'],
    oneOf: (<T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined => {
      const given = text(name);
      if (given === undefined) return fallback;
      if (!(allowed as readonly string[]).includes(given)) fail(`option ${flag(name)} needs one of ${allowed.join(', ')}, got '${given}'`);
      return given as T;
    }) as CommandLine<O>['oneOf'],
  };
}

/**
 * The positional arguments of `argv` read leniently (an unknown option taken for a flag): how a command whose
 * subcommands choose the options (bench/main.ts) finds them before its strict parse.
 */
export function lenientPositionals(argv: readonly string[], options: OptionSpecs): string[] {
  return parseArgs({ args: withoutDashDash(argv), options, allowPositionals: true, strict: false }).positionals;
}

/** The known options, as messages write them: `--shape, --batch, -q`. */
export function knownOptions(options: OptionSpecs): string {
  return Object.entries(options)
    .map(([name, spec]) => flagName(name, spec))
    .join(', ');
}

/**
 * What strict parseArgs refused, said with the option's name: found by a lenient parse's tokens (every option and
 * positional as written, with or without a value). Undefined if none of them explains it.
 */
function explainParseError(args: string[], options: OptionSpecs, allowPositionals: boolean): string | undefined {
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (!allowPositionals) return `Unexpected argument '${token.value}' (this command takes options only: ${knownOptions(options)})`;
      continue;
    }
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!spec) return `Unknown option '${token.rawName}' (known: ${knownOptions(options)})`;
    const flag = flagName(token.name, spec);
    if (spec.type === 'boolean' && token.value !== undefined) return `option ${flag} takes no value, got '${token.value}'`;
    if (spec.type === 'string' && token.value === undefined) return `option ${flag} needs a value`;
    // parseArgs will not take `--shape --batch` or `--scale -1` as a value; `--scale=-1` it will.
    if (spec.type === 'string' && !token.inlineValue && token.value!.startsWith('-')) {
      const attached = token.rawName.startsWith('--') ? `${token.rawName}=${token.value}` : `${token.rawName}${token.value}`;
      return `option ${flag} needs a value, got the option-like '${token.value}' (write ${attached} if that is the value)`;
    }
  }
  return undefined;
}

/**
 * The catch of a CLI's entry: `--help` prints the usage on stdout (exit status 0); any other error prints
 * `name: message` on stderr and sets exit status 1.
 */
export function reportCliError(name: string, error: unknown): void {
  if (error instanceof UsageError && error.help) {
    process.stdout.write(`${error.usage}\n`);
    return;
  }
  process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
