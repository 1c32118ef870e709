import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_DEFAULTS, buildReports, formatReport } from '../core/report';
import { importSnapshot } from '../core/snapshot';
import { REPO_ROOT, readSharedBytes, sharedPath } from '../testing/shared';
import { parseReportArgs, runReport } from './reportCommand';

const DEMO = sharedPath('golden/demo-snapshot/snapshot.json.gz');
const dir = mkdtempSync(join(tmpdir(), 'report-'));

describe('npm run report: arguments', () => {
  it('defaults: t-test, α 0.05, Holm, Markdown, the default measures', () => {
    expect(parseReportArgs(['--', DEMO])).toEqual({ snapshots: [DEMO], report: REPORT_DEFAULTS, format: 'md', correctionIgnored: false });
    const options = parseReportArgs([
      DEMO,
      '--test',
      'tukey',
      '--correction',
      'none',
      '--alpha=0.01',
      '--measures',
      'NDCG@10,map',
      '--format',
      'latex',
      '--baseline',
      'lion',
    ]);
    expect(options.report).toEqual({ test: 'tukey', alpha: 0.01, correction: 'none', measures: ['ndcg_cut_10', 'map'], baseline: 'lion' });
    expect(options.correctionIgnored).toBe(true);
  });
  it.each([
    [[], /^usage: npm run report/],
    [[DEMO, '--test', 'wilcoxon'], /^option --test needs one of ttest, randomization, tukey, got 'wilcoxon'\nusage/],
    [[DEMO, '--alpha', '1.5'], /^option --alpha needs a number between 0 and 1, got '1.5'/],
    [[DEMO, '--alpha', 'x'], /^option --alpha needs a positive number, got 'x'/],
    [[DEMO, '--measures', 'ndcg_cut_10,P@7x'], /^option --measures: unknown measure 'P@7x'/],
    [[DEMO, '--format', 'docx'], /^option --format needs one of md, latex, csv, html, got 'docx'/],
    [[DEMO, '--figures', ''], /^option --figures needs a value/],
  ])('refuses %j', (args, message) => {
    expect(() => parseReportArgs(args)).toThrow(message);
  });
});

describe('npm run report: the report', () => {
  it('prints the core’s report of the Demo, and writes it with --out', async () => {
    const snapshot = await importSnapshot(readSharedBytes('golden/demo-snapshot/snapshot.json.gz'), DEMO);
    const expected = formatReport(buildReports([{ snapshot, source: DEMO }], { ...REPORT_DEFAULTS, test: 'randomization' }), 'csv');
    const out = join(dir, 'demo.csv');
    expect(await runReport(parseReportArgs([DEMO, '--test', 'randomization', '--format', 'csv', '--out', out]))).toBe(expected);
    expect(readFileSync(out, 'utf8')).toBe(expected);
  });
  it('bad input is refused before anything is written: the same experiment twice, a baseline that is no arm, a missing file', async () => {
    const out = join(dir, 'never.md');
    await expect(runReport(parseReportArgs([DEMO, DEMO, '--out', out]))).rejects.toThrow(/snapshots of the same experiment \(demo, .*npm run merge/);
    await expect(runReport(parseReportArgs([DEMO, '--baseline', 'sgd', '--out', out]))).rejects.toThrow(
      `--baseline: 'sgd' is not a system of ${DEMO} (systems: adamw, lion)`,
    );
    await expect(runReport(parseReportArgs([join(dir, 'nope.json.gz'), '--out', out]))).rejects.toThrow(/nope\.json\.gz: not found \(the snapshot\)/);
    await expect(runReport(parseReportArgs([DEMO, '--measures', 'judged_10', '--out', out]))).rejects.toThrow(/no per-query values of judged_10 \(judged@10\)/);
    expect(existsSync(out)).toBe(false);
  });
  it('--figures writes the snapshot’s figures beside the report', async () => {
    const figures = join(dir, 'figures');
    await runReport(parseReportArgs([DEMO, '--figures', figures]));
    const written = readdirSync(figures).sort();
    expect(written).toContain('demo-curves-loss.svg');
    expect(written).toContain('demo-curves-loss.png');
    expect(written.filter((f) => f.startsWith('demo-curves-ndcg_cut_10-'))).toHaveLength(4);
  });
  it('the command: exit 1 and the message on stderr for a bad argument, the Markdown on stdout otherwise', () => {
    const run = (...args: string[]) =>
      spawnSync(join(REPO_ROOT, 'node_modules/.bin/vite-node'), ['src/cli/report.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    const bad = run(DEMO, '--test', 'wilcoxon');
    expect([bad.status, bad.stdout]).toEqual([1, '']);
    expect(bad.stderr).toMatch(/^report: option --test needs one of ttest, randomization, tukey, got 'wilcoxon'/);
    const good = run(DEMO, '--measures', 'ndcg_cut_10');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('| a | adamw | 0.4613 |\n| b | lion | 0.4582 |');
  });
});
