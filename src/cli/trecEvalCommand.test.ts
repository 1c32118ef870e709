import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readShared, REPO_ROOT, sharedPath } from '../testing/shared';
import { parseTrecEvalArgs } from './trecEvalCommand';

describe("npm run trec-eval arguments (trec_eval's own forms)", () => {
  it('reads grouped flags, attached and separate values, repeated -m', () => {
    expect(parseTrecEvalArgs(['--', '-qc', '-l2', '-M', '100', '-mP.5,10', '-m', 'ndcg_cut.10', 'q.txt', 'r.txt'])).toEqual({
      perQuery: true,
      complete: true,
      relevanceLevel: 2,
      depth: 100,
      measures: ['P.5,10', 'ndcg_cut.10'],
      files: ['q.txt', 'r.txt'],
    });
    expect(parseTrecEvalArgs(['q.txt', 'r.txt'])).toEqual({
      perQuery: false,
      complete: false,
      relevanceLevel: 1,
      depth: undefined,
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
  ])('rejects %j', (args, message) => {
    expect(() => parseTrecEvalArgs(args)).toThrow(message);
  });

  it("prints trec_eval 9.0.8's out.test byte for byte", () => {
    const dir = sharedPath('data/trec_eval_tests/v9.0.8');
    const result = spawnSync(join(REPO_ROOT, 'node_modules/.bin/vite-node'), ['src/cli/trecEval.ts', join(dir, 'qrels.test'), join(dir, 'results.test')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(readShared('data/trec_eval_tests/v9.0.8/out.test'));
  });
});
