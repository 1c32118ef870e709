/**
 * Every benchmark's options, parsed by src/cli/args.ts like every CLI's: `--name value` and `--name=value` alike,
 * an unknown option or a bad value is an error that names it. Apart from the benchmarks (which need WebGPU) so
 * bench/main.ts can tell a value from a benchmark name, and tests can check them. A benchmark file without an entry
 * here takes no options.
 */
import { lenientPositionals, parseCommandLine, type CommandLine, type OptionSpecs } from '../src/cli/args';
import { KERNEL_PATHS, type KernelPath } from '../src/model/kernels/kernelPath';

/** The random-init BERT shapes the train and score benchmarks run. */
export const BENCH_SHAPES = {
  tiny: { layers: 2, hidden: 32, heads: 4 },
  'minilm-l6': { layers: 6, hidden: 384, heads: 12 },
  'minilm-l12': { layers: 12, hidden: 384, heads: 12 },
} as const;
export type BenchShapeName = keyof typeof BENCH_SHAPES;
export type BenchShape = (typeof BENCH_SHAPES)[BenchShapeName];
const SHAPE_NAMES = Object.keys(BENCH_SHAPES) as BenchShapeName[];

const value = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;

export const BENCH_OPTIONS = {
  model: {
    'embedding-only': flag,
    vocab: value,
    width: value,
    tokens: value,
    layers: value,
    hidden: value,
    heads: value,
    batch: value,
    seq: value,
    steps: value,
  },
  optim: { steps: value, warmup: value, scale: value, 'skip-tfjs': flag },
  score: { shape: value, limit: value, kernels: value, batch: value, 'max-length': value, passes: value, baseline: flag, public: value },
  train: { shape: value, batch: value, seq: value, steps: value, kernels: value, 'no-profile': flag },
} as const satisfies Record<string, OptionSpecs>;
export type BenchWithOptions = keyof typeof BENCH_OPTIONS;

export const BENCH_USAGE: Record<BenchWithOptions, string> = {
  model:
    'usage: npm run bench -- model [--embedding-only] [--vocab N] [--width N] [--tokens N] [--layers N] [--hidden N] [--heads N] [--batch N] [--seq N] [--steps N]',
  optim: 'usage: npm run bench -- optim [--steps N] [--warmup N] [--scale F] [--skip-tfjs]',
  score:
    'usage: npm run bench -- score [--shape minilm-l6|minilm-l12|tiny] [--limit N] [--kernels tfjs|own|both] [--batch N] [--max-length N] [--passes N] [--baseline] [--public DIR]',
  train: 'usage: npm run bench -- train [--shape tiny|minilm-l6|minilm-l12] [--batch N] [--seq N] [--steps N] [--kernels tfjs|own|both] [--no-profile]',
};

/** The options of benchmark `name` ({} for one that takes none). */
export function benchOptions(name: string): OptionSpecs {
  return Object.hasOwn(BENCH_OPTIONS, name) ? BENCH_OPTIONS[name as BenchWithOptions] : {};
}

/** The usage line of benchmark `name`. */
export function benchUsage(name: string): string {
  return Object.hasOwn(BENCH_USAGE, name) ? BENCH_USAGE[name as BenchWithOptions] : `usage: npm run bench -- ${name}   (no options)`;
}

/** A benchmark that takes no options (metrics, smoke): anything given is an error naming it. */
export function parseNoBenchOptions(name: string, args: readonly string[]): void {
  parseCommandLine(args, { usage: benchUsage(name), options: {} });
}

function parseBench<N extends BenchWithOptions>(name: N, args: readonly string[]): CommandLine<(typeof BENCH_OPTIONS)[N]> {
  return parseCommandLine(args, { usage: BENCH_USAGE[name], options: BENCH_OPTIONS[name] });
}

/** `--kernels tfjs|own|both` (default both): the kernel paths to measure. */
function kernelPaths(command: CommandLine<{ kernels: typeof value }>): KernelPath[] {
  const kernels = command.oneOf('kernels', [...KERNEL_PATHS, 'both'], 'both');
  return kernels === 'both' ? [...KERNEL_PATHS] : [kernels];
}

export interface ModelBenchOptions {
  embeddingOnly: boolean;
  vocab: number;
  width: number;
  tokens: number;
  layers: number;
  hidden: number;
  heads: number;
  batchSize: number;
  seqLen: number;
  steps: number;
}

export function parseModelBenchArgs(args: readonly string[]): ModelBenchOptions {
  const command = parseBench('model', args);
  return {
    embeddingOnly: command.values['embedding-only'] ?? false,
    vocab: command.positiveInteger('vocab', 30522),
    width: command.positiveInteger('width', 32),
    tokens: command.positiveInteger('tokens', 512),
    layers: command.positiveInteger('layers', 2),
    hidden: command.positiveInteger('hidden', 32),
    heads: command.positiveInteger('heads', 4),
    batchSize: command.positiveInteger('batch', 8),
    seqLen: command.positiveInteger('seq', 64),
    steps: command.positiveInteger('steps', 5),
  };
}

export interface OptimBenchOptions {
  steps: number;
  warmup: number;
  /** Every tensor's first dimension × scale (> 0; 1 = the real shapes). */
  scale: number;
  skipTfjs: boolean;
}

export function parseOptimBenchArgs(args: readonly string[]): OptimBenchOptions {
  const command = parseBench('optim', args);
  return {
    steps: command.positiveInteger('steps', 20),
    warmup: command.positiveInteger('warmup', 3),
    scale: command.positiveNumber('scale', 1),
    skipTfjs: command.values['skip-tfjs'] ?? false,
  };
}

export interface ScoreBenchOptions {
  shapeName: BenchShapeName;
  shape: BenchShape;
  /** The first `limit` pairs only (Infinity: all). */
  limit: number;
  paths: KernelPath[];
  batchSize: number;
  maxLength: number;
  passes: number;
  baseline: boolean;
  /** The folder the bundled files are read from (default ./public). */
  publicDir: string;
}

export function parseScoreBenchArgs(args: readonly string[]): ScoreBenchOptions {
  const command = parseBench('score', args);
  const shapeName = command.oneOf('shape', SHAPE_NAMES, 'minilm-l6');
  return {
    shapeName,
    shape: BENCH_SHAPES[shapeName],
    limit: command.positiveInteger('limit', Number.POSITIVE_INFINITY),
    paths: kernelPaths(command),
    batchSize: command.positiveInteger('batch', 64),
    maxLength: command.positiveInteger('max-length', 256),
    passes: command.positiveInteger('passes', 1),
    baseline: command.values.baseline ?? false,
    publicDir: command.values.public ?? 'public',
  };
}

export interface TrainBenchOptions {
  shapeName: BenchShapeName;
  shape: BenchShape;
  batchSize: number;
  seqLen: number;
  steps: number;
  paths: KernelPath[];
  profile: boolean;
}

export function parseTrainBenchArgs(args: readonly string[]): TrainBenchOptions {
  const command = parseBench('train', args);
  const shapeName = command.oneOf('shape', SHAPE_NAMES, 'tiny');
  const tiny = shapeName === 'tiny';
  return {
    shapeName,
    shape: BENCH_SHAPES[shapeName],
    batchSize: command.positiveInteger('batch', tiny ? 8 : 16),
    seqLen: command.positiveInteger('seq', tiny ? 64 : 128),
    steps: command.positiveInteger('steps', 3),
    paths: kernelPaths(command),
    profile: !(command.values['no-profile'] ?? false),
  };
}

const PARSERS: Record<BenchWithOptions, (args: readonly string[]) => object> = {
  model: parseModelBenchArgs,
  optim: parseOptimBenchArgs,
  score: parseScoreBenchArgs,
  train: parseTrainBenchArgs,
};

/** Benchmark `name`'s options from its arguments (what its run(args) reads). */
export function parseBenchArgs(name: string, args: readonly string[]): object {
  if (Object.hasOwn(PARSERS, name)) return PARSERS[name as BenchWithOptions](args);
  parseNoBenchOptions(name, args);
  return {};
}

export interface BenchCommandLine {
  /** The benchmarks to run, in order. */
  names: string[];
  /** --out DIR: each result is also written to DIR/NAME.json. */
  outDir?: string;
  /** Each benchmark's own options, as `--name=value` / `--flag` arguments for its run(args). */
  argsFor: Record<string, string[]>;
}

/**
 * `npm run bench -- NAME... [--out DIR] [options]`: benchmark names are the bare words, told from option values by
 * every benchmark's options; then each option must be known to one of the named benchmarks. Each benchmark
 * gets only its own options (`train score --limit 5` limits score alone).
 */
export function parseBenchCommandLine(argv: readonly string[], available: readonly string[]): BenchCommandLine {
  const usage = `usage: npm run bench -- NAME... [--out DIR] [options of the benchmarks, --name value or --name=value]   (NAME: ${available.join(', ') || 'none yet'})`;
  const main = { out: value } as const;
  // The names, found with every benchmark's options (which of them take a value) …
  const named = lenientPositionals(argv, { ...unionOf(available), ...main }).filter((n) => available.includes(n));
  // … then the strict parse with the named benchmarks' options alone: any other option is unknown here.
  const command = parseCommandLine(argv, {
    usage: [usage, ...named.map(benchUsage)].join('\n'),
    options: { ...unionOf(named), ...main },
    positionals: [1, Number.POSITIVE_INFINITY],
  });
  const unknown = command.positionals.filter((n) => !available.includes(n));
  if (unknown.length > 0) command.fail(`no benchmark ${unknown.map((n) => `'${n}'`).join(', ')}`);
  const names = command.positionals;
  const given = command.values as Record<string, string | boolean | undefined>;
  const argsFor: Record<string, string[]> = {};
  for (const name of names) {
    argsFor[name] = Object.keys(benchOptions(name)).flatMap((option) => {
      const v = given[option];
      return v === undefined || v === false ? [] : v === true ? [`--${option}`] : [`--${option}=${v}`];
    });
    // Every value checked before the first benchmark starts (a run of several can take many minutes).
    parseBenchArgs(name, argsFor[name]);
  }
  return { names, outDir: command.values.out, argsFor };
}

/** The options of all `names`; an option two benchmarks both take must be of one type in both. */
function unionOf(names: readonly string[]): OptionSpecs {
  const union: OptionSpecs = {};
  for (const name of names) {
    for (const [option, spec] of Object.entries(benchOptions(name))) {
      if (union[option] && union[option].type !== spec.type)
        throw new Error(`bench/options.ts: --${option} is a ${union[option].type} in one benchmark, a ${spec.type} in ${name}`);
      union[option] = spec;
    }
  }
  return union;
}
