import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSnapshot, summarizeSnapshot, summaryMarkdown } from '../core/snapshot';
import { fixtureConfig, fixtureEvaluation, fixtureRun, fixtureSnapshot } from '../testing/snapshots';
import { gzipBomb } from '../testing/gzipBomb';
import { REPO_ROOT } from '../testing/shared';
import { parseSummarizeArgs, runSummarize } from './summarizeCommand';

const dir = mkdtempSync(join(tmpdir(), 'summarize-'));

async function snapshotFile() {
  const config = fixtureConfig();
  const runs = [
    ['adamw', 1, { q1: 0.5, q2: 0.2, q3: 0.8 }],
    ['lion', 1, { q1: 0.6, q2: 0.2, q3: 0.9 }],
    ['adamw', 2, { q1: 0.7, q2: 0.1, q3: 0.4 }],
    ['lion', 2, { q1: 0.8, q2: 0.3, q3: 0.4 }],
  ] as const;
  const snapshot = await fixtureSnapshot(
    config,
    runs.map(([arm, seed, values]) =>
      fixtureRun(
        config,
        arm,
        seed,
        ['dl19', 'dl20'].map((set) => fixtureEvaluation(set, 3, { ndcg_cut_10: values, map: values })),
      ),
    ),
  );
  const path = join(dir, 'fixture.snapshot.json.gz');
  writeFileSync(path, exportSnapshot(snapshot));
  return { path, snapshot };
}

describe('npm run summarize', () => {
  it('prints the summary.md the runner writes for the snapshot, and writes it with --out', async () => {
    const { path, snapshot } = await snapshotFile();
    const expected = summaryMarkdown(summarizeSnapshot(snapshot));
    expect(expected).toContain('| lion | Lion | 2 | 3 | 0.5333 ± 0.0471 | 0.5333 ± 0.0471 |');
    expect(await runSummarize(parseSummarizeArgs([path]))).toBe(expected);
    const out = join(dir, 'summary.md');
    await runSummarize(parseSummarizeArgs(['--', path, '--out', out]));
    expect(readFileSync(out, 'utf8')).toBe(expected);
  });

  it.each([
    [[], /^usage: npm run summarize/],
    [['a.json.gz', 'b.json.gz'], /^usage: npm run summarize/],
    [['a.json.gz', '--verbose'], /Unknown option '--verbose'[\s\S]*usage: npm run summarize/],
    [['a.json.gz', '--out'], /^option --out needs a value\nusage: npm run summarize/],
  ])('rejects %j', (args, message) => {
    expect(() => parseSummarizeArgs(args)).toThrow(message);
  });

  it('a missing file is an error naming it', async () => {
    await expect(runSummarize({ snapshot: join(dir, 'nope.json.gz') })).rejects.toThrow(/nope\.json\.gz: not found \(the snapshot\)/);
  });

  it('the command refuses a gzip bomb (4 MB → 4 GiB) after inflating a few MiB of it, with a message about its size', () => {
    const bomb = join(dir, 'bomb.json.gz');
    writeFileSync(bomb, gzipBomb(4 * 2 ** 30));
    const result = spawnSync(join(REPO_ROOT, 'node_modules/.bin/vite-node'), ['src/cli/summarize.ts', bomb], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^summarize: ${bomb}: 32\\.0 KiB of gzip inflate to more than (\\d+\\.\\d) MiB, over 200 times their size: a gzip bomb\\? \\(limit 200, INPUT_LIMITS\\.gzipRatio\\)$`,
        'm',
      ),
    );
    expect(result.stdout).toBe('');
    // refused while inflating (about two 16 KiB slices' output), not after gigabytes: a size, not a wall time
    expect(Number(/inflate to more than (\d+\.\d) MiB/.exec(result.stderr)![1])).toBeLessThan(40);
  });
});
