import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readShared, REPO_ROOT, sharedPath } from '../testing/shared';
import { parseTrecEvalArgs } from './trecEvalCommand';

describe("npm run trec-eval arguments (trec_eval's own forms)", () => {
  it('reads grouped flags, attached and separate values, repeated -m', () => {
    expect(parseTrecEvalArgs(['--', '-qcJn', '-l2', '-M', '100', '-N100000', '-Z', 'z.txt', '-mP.5,10', '-m', 'ndcg_cut.10', 'q.txt', 'r.txt'])).toEqual({
      perQuery: true,
      complete: true,
      noSummary: true,
      judgedOnly: true,
      relevanceLevel: 2,
      depth: 100,
      numDocsInCollection: 100000,
      zscoresFile: 'z.txt',
      measures: ['P.5,10', 'ndcg_cut.10'],
      files: ['q.txt', 'r.txt'],
    });
    expect(parseTrecEvalArgs(['-R', 'qrels', '-T', 'trec_results', 'q.txt', 'r.txt'])).toEqual({
      perQuery: false,
      complete: false,
      noSummary: false,
      judgedOnly: false,
      relevanceLevel: 1,
      depth: undefined,
      numDocsInCollection: 0,
      measures: [],
      files: ['q.txt', 'r.txt'],
    });
  });

  it('reads a value at the end of a group (-qcl2, as getopt) and answers -h with the usage', () => {
    expect(parseTrecEvalArgs(['-qcl2', '-M50', 'q.txt', '--', 'r.txt'])).toMatchObject({ perQuery: true, complete: true, relevanceLevel: 2, depth: 50 });
    expect(() => parseTrecEvalArgs(['-h'])).toThrow(/^usage: npm run trec-eval -- \[-q\]/);
  });

  it.each([
    [['q.txt'], /^usage: npm run trec-eval/],
    [['-x', 'q.txt', 'r.txt'], /Unknown option '-x'[\s\S]*usage/],
    [['-l', 'two', 'q.txt', 'r.txt'], /option -l needs an integer, got 'two'/],
    [['q.txt', 'r.txt', '-M'], /^option -M needs a value\nusage/],
    [['-M', '0', 'q.txt', 'r.txt'], /option -M needs a positive integer, got '0'/],
    [['-N', '1e5', 'q.txt', 'r.txt'], /option -N needs an integer, got '1e5'/],
    [['-Z', '', 'q.txt', 'r.txt'], /option -Z needs a file/],
    [['-R', 'prefs', 'q.txt', 'r.txt'], /option -R needs one of qrels, got 'prefs'/],
    [['-T', 'x', 'q.txt', 'r.txt'], /option -T needs one of trec_results, got 'x'/],
    [
      ['-m', 'ndcg_cutt.10', 'q.txt', 'r.txt'],
      /^option -m: unknown or unsupported measure 'ndcg_cutt' \(supported: runid, .*Rndcg, ndcg_cut, .*all_trec\)\nusage/,
    ],
    [['-m', 'P.0', 'q.txt', 'r.txt'], /^option -m: measure 'P.0': cutoffs must be positive/],
  ])('rejects %j', (args, message) => {
    expect(() => parseTrecEvalArgs(args)).toThrow(message);
  });

  const dir = sharedPath('data/trec_eval_tests/v9.0.8');
  const trecEval = (...args: string[]) =>
    spawnSync(join(REPO_ROOT, 'node_modules/.bin/vite-node'), ['src/cli/trecEval.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });

  it("prints trec_eval 9.0.8's out.test byte for byte", () => {
    const result = trecEval(join(dir, 'qrels.test'), join(dir, 'results.test'));
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(readShared('data/trec_eval_tests/v9.0.8/out.test'));
  });

  it("prints trec_eval 9.0.8's out.test.aqZ byte for byte (-q -m all_trec -Z zscores_file)", () => {
    const result = trecEval('-q', '-m', 'all_trec', '-Z', join(dir, 'zscores_file'), join(dir, 'qrels.test'), join(dir, 'results.test'));
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(readShared('data/trec_eval_tests/v9.0.8/out.test.aqZ'));
  });

  it('names the file and line of a malformed Zmean file, and prints nothing', () => {
    const result = trecEval('-Z', join(dir, 'qrels.test'), join(dir, 'qrels.test'), join(dir, 'results.test'));
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^trec-eval: .*qrels\.test:1: mean 'CR93E-10279' is not a number\n$/);
  });
});
