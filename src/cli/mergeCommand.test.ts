/**
 * `npm run merge`: the Demo golden snapshot cut by seed into two files merges into a file that reads back as the Demo
 * (its summary.md unchanged); a refusal writes nothing and names the file; the command line is checked.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSnapshot, importSnapshot, summarizeSnapshot, summaryMarkdown } from '../core/snapshot';
import { pieceOf } from '../testing/mergeParts';
import { readSharedBytes, REPO_ROOT } from '../testing/shared';
import { parseMergeArgs, runMerge } from './mergeCommand';

const dir = mkdtempSync(join(tmpdir(), 'merge-'));
const demo = await importSnapshot(readSharedBytes('golden/demo-snapshot/snapshot.json.gz'), 'demo.json.gz');

async function halves(): Promise<[string, string]> {
  const one = join(dir, 'seed-1.json.gz');
  const two = join(dir, 'seed-2.json.gz');
  writeFileSync(one, exportSnapshot(await pieceOf(demo, (r) => r.seed === 1)));
  writeFileSync(two, exportSnapshot(await pieceOf(demo, (r) => r.seed === 2)));
  return [one, two];
}

describe('npm run merge', () => {
  it('writes the merged snapshot, which reads back with the summary of the whole', async () => {
    const [one, two] = await halves();
    const out = join(dir, 'merged.json.gz');
    const { warnings, description } = await runMerge(parseMergeArgs(['--', two, one, '--out', out]));
    expect(warnings).toEqual([]);
    expect(description).toBe(`demo: 4 runs, arms adamw, lion, seeds 1, 2, config ${demo.configHash.slice(0, 12)}`);
    const merged = await importSnapshot(new Uint8Array(readFileSync(out)), out);
    expect(merged.configHash).toBe(demo.configHash);
    expect(summaryMarkdown(summarizeSnapshot(merged))).toBe(readFileSync(join(REPO_ROOT, 'fixtures/golden/demo-snapshot/summary.md'), 'utf8'));
    expect(merged.runs.map((r) => r.origin!.file)).toEqual(['seed-1.json.gz', 'seed-1.json.gz', 'seed-2.json.gz', 'seed-2.json.gz']);
  });

  it('refuses through the command (exit status 1, the reason on stderr) and writes nothing', async () => {
    const [one] = await halves();
    const edited = join(dir, 'edited.json.gz');
    const piece = await pieceOf(demo, (r) => r.seed === 2);
    writeFileSync(edited, exportSnapshot({ ...piece, runs: piece.runs.map((r) => ({ ...r, precision: 'float16' as const })) }));
    const out = join(dir, 'refused.json.gz');
    const result = spawnSync(join(REPO_ROOT, 'node_modules/.bin/vite-node'), ['src/cli/merge.ts', '--', one, edited, '--out', out], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "merge: edited.json.gz: run demo/adamw/seed-2: precision float16, but seed-1.json.gz's run demo/adamw/seed-1 trained in float32: precisions are not mixed in one study\n",
    );
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [['a.json.gz', '--out', 'm.json.gz'], /^usage: npm run merge/],
    [['a.json.gz', 'b.json.gz'], /^option --out is required\nusage: npm run merge/],
    [['a.json.gz', 'b.json.gz', '--out', 'b.json.gz'], /^--out b\.json\.gz is one of the inputs: write the merged snapshot to a new file\nusage/],
    [['a.json.gz', 'b.json.gz', '--out', 'm.json.gz', '--force'], /Unknown option '--force'/],
  ])('rejects %j', (args, message) => {
    expect(() => parseMergeArgs(args)).toThrow(message);
  });

  it('an input that is not a snapshot is an error naming it', async () => {
    const [one] = await halves();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"kind": "something else"}');
    await expect(runMerge({ inputs: [one, bad], out: join(dir, 'x.json.gz') })).rejects.toThrow(`${bad}: not a Rerank Lab snapshot`);
  });
});
