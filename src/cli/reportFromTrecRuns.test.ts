/**
 * The report's CSV re-checks from the TREC runs alone: the Demo's final reranked runs, written as `npm run experiment`
 * writes them, measured by `npm run trec-eval -- -q -l 2` against the bundled qrels, averaged per query over seeds
 * and then over queries, give every NDCG@10 and MAP cell of the CSV (trec_eval prints 4 decimals, hence 5e-5).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReports, formatReport, REPORT_DEFAULTS } from '../core/report';
import { importSnapshot } from '../core/snapshot/io';
import { readSharedBytes, REPO_ROOT } from '../testing/shared';
import { trecRunFiles } from '../train/trecRun';

const QRELS: Record<string, string> = { dl19: 'public/data/qrels.dl19-passage.txt', dl20: 'public/data/qrels.dl20-passage.txt' };

function trecEvalPerQuery(qrels: string, run: string): Record<string, Record<string, number>> {
  const result = spawnSync(
    join(REPO_ROOT, 'node_modules/.bin/vite-node'),
    ['src/cli/trecEval.ts', '-q', '-l', '2', '-m', 'ndcg_cut.10', '-m', 'map', join(REPO_ROOT, qrels), run],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  expect(result.stderr).toBe('');
  const perQuery: Record<string, Record<string, number>> = {};
  for (const line of result.stdout.trim().split('\n')) {
    const [measure, qid, value] = line.split('\t').map((s) => s.trim());
    if (qid !== 'all') (perQuery[measure] ??= {})[qid] = Number(value);
  }
  return perQuery;
}

describe('the report CSV from the TREC runs alone', () => {
  it('every NDCG@10 and MAP cell of the Demo equals trec_eval on its exported runs', async () => {
    const snapshot = await importSnapshot(readSharedBytes('golden/demo-snapshot/snapshot.json.gz'), 'snapshot.json.gz');
    const csv = formatReport(buildReports([{ snapshot, source: 'demo' }], { ...REPORT_DEFAULTS, measures: ['ndcg_cut_10', 'map'] }), 'csv');
    const [header, ...rows] = csv
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    const column = (name: string) => header.indexOf(name);
    const dir = mkdtempSync(join(tmpdir(), 'report-runs-'));
    // per eval set, measure, system: qid → values over seeds
    const values: Record<string, Record<string, number[]>> = {};
    for (const [name, text] of Object.entries(trecRunFiles(snapshot, { metadata: 'none' }))) {
      const [system, , evalSet] = name.replace(/\.trec$/, '').split('.');
      writeFileSync(join(dir, name), text);
      for (const [measure, perQuery] of Object.entries(trecEvalPerQuery(QRELS[evalSet], join(dir, name))))
        for (const [qid, value] of Object.entries(perQuery)) ((values[`${evalSet} ${measure} ${system}`] ??= {})[qid] ??= []).push(value);
    }
    const cells = rows.filter((row) => ['ndcg_cut_10', 'map'].includes(row[column('measure')]));
    expect(cells).toHaveLength(2 * 2 * 2); // eval sets × measures × systems
    for (const row of cells) {
      const measure = row[column('measure')] === 'ndcg_cut_10' ? 'ndcg_cut_10' : 'map';
      const perQuery = Object.values(values[`${row[column('eval_set')]} ${measure} ${row[column('system')]}`]);
      expect(perQuery.every((seeds) => seeds.length === Number(row[column('seeds')]))).toBe(true);
      expect(perQuery).toHaveLength(Number(row[column('n_queries')]));
      const mean = perQuery.reduce((sum, seeds) => sum + seeds.reduce((a, b) => a + b, 0) / seeds.length, 0) / perQuery.length;
      expect(Math.abs(mean - Number(row[column('mean')]))).toBeLessThan(5e-5);
    }
  });
});
