import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BENCH_OPTIONS,
  parseBenchCommandLine,
  parseModelBenchArgs,
  parseNoBenchOptions,
  parseOptimBenchArgs,
  parseScoreBenchArgs,
  parseTrainBenchArgs,
} from './options';

const available = readdirSync(dirname(fileURLToPath(import.meta.url)))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));

describe('npm run bench options (bench/options.ts)', () => {
  it('knows the options of every benchmark that takes some', () => {
    for (const name of Object.keys(BENCH_OPTIONS)) expect(available).toContain(name);
  });

  it('reads `train --shape minilm-l6 --batch 4` and the --name=value form alike, from the npm command line', () => {
    const spaced = parseBenchCommandLine(['--', 'train', '--shape', 'minilm-l6', '--batch', '4'], available);
    const joined = parseBenchCommandLine(['--', 'train', '--shape=minilm-l6', '--batch=4'], available);
    expect(spaced).toEqual({ names: ['train'], outDir: undefined, argsFor: { train: ['--shape=minilm-l6', '--batch=4'] } });
    expect(joined).toEqual(spaced);
    expect(parseTrainBenchArgs(spaced.argsFor.train)).toEqual({
      shapeName: 'minilm-l6',
      shape: { layers: 6, hidden: 384, heads: 12 },
      batchSize: 4,
      seqLen: 128,
      steps: 3,
      paths: ['tfjs', 'own'],
      profile: true,
    });
  });

  it('takes --out anywhere, and gives each benchmark only its own options', () => {
    const command = parseBenchCommandLine(['--out', 'results', 'train', 'score', '--limit', '50', '--batch', '8', '--no-profile', '--kernels=own'], available);
    expect(command.names).toEqual(['train', 'score']);
    expect(command.outDir).toBe('results');
    expect(command.argsFor).toEqual({ train: ['--batch=8', '--kernels=own', '--no-profile'], score: ['--limit=50', '--kernels=own', '--batch=8'] });
    expect(parseScoreBenchArgs(command.argsFor.score)).toMatchObject({ limit: 50, batchSize: 8, paths: ['own'], shapeName: 'minilm-l6' });
    expect(parseBenchCommandLine(['metrics', 'smoke'], available).argsFor).toEqual({ metrics: [], smoke: [] });
  });

  it.each([
    [
      ['train', '--shap', 'tiny'],
      /^Unknown option '--shap' \(known: --shape, --batch, --seq, --steps, --kernels, --no-profile, --out, --help\)\nusage: npm run bench/,
    ],
    // An option of another benchmark is unknown to the ones named.
    [['train', '--limit', '5'], /^Unknown option '--limit' \(known: --shape,/],
    [['train', '--shape'], /^option --shape needs a value\n/],
    [
      ['metrics', '--steps=3'],
      /^Unknown option '--steps' \(known: --out, --help\)\nusage: npm run bench -- NAME.*\nusage: npm run bench -- metrics {3}\(no options\)$/,
    ],
    // Values are checked before any benchmark runs.
    [['train', 'score', '--batch', 'x'], /^option --batch needs a positive integer, got 'x'\nusage: npm run bench -- train /],
    [['score', '--shape=huge'], /^option --shape needs one of tiny, minilm-l6, minilm-l12, got 'huge'/],
    [['trian'], /^no benchmark 'trian'\nusage: npm run bench -- NAME\.\.\. .*\(NAME: .*train/],
    [['--out', 'x'], /^usage: npm run bench/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchCommandLine(argv, available)).toThrow(message);
  });

  it('answers --help with the usage of the benchmarks named', () => {
    expect(() => parseBenchCommandLine(['--help'], available)).toThrow(/^usage: npm run bench -- NAME\.\.\. [^\n]*$/);
    expect(() => parseBenchCommandLine(['train', '--help'], available)).toThrow(
      /^usage: npm run bench -- NAME[^\n]*\nusage: npm run bench -- train \[--shape /,
    );
  });

  it('checks each value, naming the option', () => {
    expect(() => parseTrainBenchArgs(['--batch', 'x'])).toThrow(/^option --batch needs a positive integer, got 'x'\nusage: npm run bench -- train/);
    expect(() => parseTrainBenchArgs(['--shape', 'huge'])).toThrow(/^option --shape needs one of tiny, minilm-l6, minilm-l12, got 'huge'/);
    expect(() => parseScoreBenchArgs(['--kernels=cuda'])).toThrow(/^option --kernels needs one of tfjs, own, both, got 'cuda'/);
    expect(() => parseOptimBenchArgs(['--scale', '0'])).toThrow(/^option --scale needs a positive number, got '0'/);
    expect(() => parseModelBenchArgs(['--embedding-only=1'])).toThrow(/^option --embedding-only takes no value/);
    expect(() => parseNoBenchOptions('smoke', ['--fast'])).toThrow(/^Unknown option '--fast' \(known: --help\)\nusage: npm run bench -- smoke/);
  });

  it('has the defaults the benchmarks had', () => {
    expect(parseTrainBenchArgs([])).toMatchObject({ shapeName: 'tiny', batchSize: 8, seqLen: 64, steps: 3, profile: true });
    expect(parseScoreBenchArgs([])).toEqual({
      shapeName: 'minilm-l6',
      shape: { layers: 6, hidden: 384, heads: 12 },
      limit: Number.POSITIVE_INFINITY,
      paths: ['tfjs', 'own'],
      batchSize: 64,
      maxLength: 256,
      passes: 1,
      baseline: false,
      publicDir: 'public',
    });
    expect(parseOptimBenchArgs(['--scale', '0.125', '--skip-tfjs'])).toEqual({ steps: 20, warmup: 3, scale: 0.125, skipTfjs: true });
    expect(parseModelBenchArgs(['--layers', '12', '--hidden=384', '--embedding-only'])).toEqual({
      embeddingOnly: true,
      vocab: 30522,
      width: 32,
      tokens: 512,
      layers: 12,
      hidden: 384,
      heads: 4,
      batchSize: 8,
      seqLen: 64,
      steps: 5,
    });
  });
});
