/**
 * The exported project's per-query measures (torch/labmeasures.py, pure Python) against the lab's trec_eval-exact
 * evaluate(), as import-torch computes them (measurePasses; every judged query counts, -c): trec_eval's own test
 * run and qrels (graded, with negative grades), TREC DL19/DL20 first-stage runs, and variants with score ties
 * (broken by float32 score, then docno descending) and queries missing from the run. And evaluate.py's
 * runs/NAME.seed-S.EVALSET.perquery.json, written from the exported prepared/eval.EVALSET.qrels.json, passes
 * import-torch's cross-check, which refuses it once one value is moved.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, measurePasses, parseQrels, parseRun, type Qrels, type Run } from '../core/trec';
import { pythonWithTorch, runPython } from '../testing/python';
import { readShared, REPO_ROOT } from '../testing/shared';
import { validateExperiment } from '../core/experiment';
import { loadEvalSets, measureRun } from '../train/evaluate';
import { nodeHost } from '../train/nodeHost';
import { evalQrelsJson } from './torchExport';
import { checkTorchPerQuery } from './torchImport';

const python = pythonWithTorch();

/** Every measure labmeasures.py implements, with cutoffs around the ranking depths of the fixtures. */
const MEASURES = [
  'num_q',
  'num_ret',
  'num_rel',
  'num_rel_ret',
  'map',
  'gm_map',
  'Rprec',
  'recip_rank',
  'ndcg',
  'ndcg_cut_5',
  'ndcg_cut_10',
  'ndcg_cut_1000',
  'map_cut_10',
  'map_cut_1000',
  'mrr_cut_1',
  'mrr_cut_10',
  'recall_10',
  'recall_100',
  'recall_1000',
  'P_5',
  'P_10',
  'P_200',
  'success_1',
  'success_10',
];
/** The lab measures these; labmeasures.py leaves them to import (listed as not computed). */
const LEFT_TO_IMPORT = ['bpref', 'iprec_at_recall_0.50'];

/** What import-torch computes (train/evaluate.ts measureRun): per pass, over every judged query. */
function labPerQuery(qrels: Qrels, run: Run, measures: string[], relevanceLevel: number): Record<string, Record<string, number>> {
  const perQuery: Record<string, Record<string, number>> = {};
  for (const pass of measurePasses(measures)) {
    const result = evaluate(qrels, run, { measures: pass.specs, relevanceLevel, averageOverQrels: true, ...(pass.depth ? { depth: pass.depth } : {}) });
    for (const [qid, values] of Object.entries(result.perQuery)) {
      const out = (perQuery[qid] ??= {});
      for (const { name, computedAs } of pass.outputs) out[name] = values[computedAs];
    }
  }
  return perQuery;
}

const V9 = 'data/trec_eval_tests/v9.0.8';
const DL = 'data/trec-dl';
const qrelsOf = (dir: string, name: string) => parseQrels(readShared(dir, name), name);
const runOf = (dir: string, name: string) => parseRun(readShared(dir, name), name);
const dl19 = qrelsOf(DL, 'qrels.dl19-passage.txt');
const bm25dl19 = runOf(DL, 'rank_llm.bm25.trec_results_dl19.txt');
/** Scores rounded to one decimal: many ties, broken by docno; and 1 + 1e-9 equals 1 as a float32. */
const tied = Object.fromEntries(
  Object.entries(bm25dl19).map(([q, docs]) => [q, docs.map((d, i) => ({ docno: d.docno, score: i % 3 === 0 ? 1 + 1e-9 * i : Math.round(d.score * 10) / 10 }))]),
);
/** Two judged queries dropped from the run: they score 0 (trec_eval -c). */
const missing = Object.fromEntries(Object.entries(bm25dl19).slice(2));

const cases: { name: string; qrels: Qrels; run: Run; level: number }[] = [
  { name: 'trec_eval test run, qrels.test', qrels: qrelsOf(V9, 'qrels.test'), run: runOf(V9, 'results.test'), level: 1 },
  {
    name: 'trec_eval test run, qrels.rel_level -l 2',
    qrels: qrelsOf(V9, 'qrels.rel_level'),
    run: runOf(V9, 'results.test'),
    level: 2,
  },
  {
    name: 'trec_eval truncated run, qrels.rel_level',
    qrels: qrelsOf(V9, 'qrels.rel_level'),
    run: runOf(V9, 'results.trunc'),
    level: 1,
  },
  { name: 'DL19 BM25 -l 2', qrels: dl19, run: bm25dl19, level: 2 },
  {
    name: 'DL20 SPLADE -l 2',
    qrels: qrelsOf(DL, 'qrels.dl20-passage.txt'),
    run: runOf(DL, 'rank_llm.splade_pp_ed.trec_results_dl20.txt'),
    level: 2,
  },
  { name: 'DL19 BM25 with ties -l 2', qrels: dl19, run: tied, level: 2 },
  { name: 'DL19 BM25 with ties -l 1', qrels: dl19, run: tied, level: 1 },
  { name: 'DL19 BM25 missing queries -l 2', qrels: dl19, run: missing, level: 2 },
];

const SCRIPT = `
import json, sys
import labmeasures
cases = json.load(open(sys.argv[1]))
out = []
for case in cases:
    run = {q: [(d['docno'], d['score']) for d in docs] for q, docs in case['run'].items()}
    names = case['measures']
    out.append({'perQuery': labmeasures.per_query(case['qrels'], run, names, case['level']),
                'notComputed': [m for m in names if not labmeasures.supported(m)]})
json.dump(out, open(sys.argv[2], 'w'))
`;

describe('labmeasures.py (the exported project’s per-query values)', () => {
  it.skipIf(!python)('equals the lab’s evaluate() for every query and measure, within 1e-9', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerank-lab-measures-'));
    const input = join(dir, 'cases.json');
    const output = join(dir, 'out.json');
    const measures = [...MEASURES, ...LEFT_TO_IMPORT];
    writeFileSync(input, JSON.stringify(cases.map((c) => ({ qrels: c.qrels, run: c.run, level: c.level, measures }))));
    runPython(python!, ['-c', SCRIPT, input, output], join(REPO_ROOT, 'src/export/torch'), { PYTHONDONTWRITEBYTECODE: '1' });
    const results = JSON.parse(readFileSync(output, 'utf8')) as {
      perQuery: Record<string, Record<string, number>>;
      notComputed: string[];
    }[];
    let worst = 0;
    let compared = 0;
    cases.forEach((c, i) => {
      const lab = labPerQuery(c.qrels, c.run, MEASURES, c.level);
      const { perQuery, notComputed } = results[i];
      expect(notComputed, c.name).toEqual(LEFT_TO_IMPORT);
      expect(Object.keys(perQuery).sort(), c.name).toEqual(Object.keys(lab).sort());
      for (const qid of Object.keys(lab)) {
        expect(Object.keys(perQuery[qid]).sort(), `${c.name} ${qid}`).toEqual([...MEASURES].sort());
        for (const m of MEASURES) {
          const diff = Math.abs(perQuery[qid][m] - lab[qid][m]);
          if (!(diff <= 1e-9)) expect.fail(`${c.name}: query ${qid} ${m}: Python ${perQuery[qid][m]}, lab ${lab[qid][m]}`);
          worst = Math.max(worst, diff);
          compared++;
        }
      }
    });
    // The fixtures exercise what matters: ties, unjudged and negative grades, queries without results or relevant ones.
    expect(compared).toBeGreaterThan(5000);
    console.log(`labmeasures.py: max |Python − lab| = ${worst} over ${compared} query × measure values`);
  });
});

describe('evaluate.py per-query file → import-torch cross-check', () => {
  it.skipIf(!python)('is written from the exported qrels and accepted by import, and a moved value is refused', async () => {
    const demo = JSON.parse(readFileSync(join(REPO_ROOT, 'configs/demo.json'), 'utf8')) as Record<string, unknown> & { evalSets: unknown[] };
    const config = validateExperiment({ ...demo, evalSets: demo.evalSets.slice(0, 1) });
    const [set] = await loadEvalSets(config, nodeHost({ baseDir: REPO_ROOT }));
    const run: Run = Object.fromEntries(set.qids.map((q) => [q, set.set.candidates[q].map((c, i) => ({ docno: c.docno, score: (i % 7) / 3 }))]));
    const dir = mkdtempSync(join(tmpdir(), 'rerank-lab-perquery-'));
    mkdirSync(join(dir, 'prepared'));
    mkdirSync(join(dir, 'runs'));
    writeFileSync(join(dir, 'prepared', 'eval.dl19.qrels.json'), evalQrelsJson(set));
    writeFileSync(join(dir, 'run.json'), JSON.stringify(Object.fromEntries(Object.entries(run).map(([q, docs]) => [q, docs.map((d) => [d.docno, d.score])]))));
    const script = [
      'import json, sys',
      'sys.path.insert(0, sys.argv[2])',
      'import evaluate',
      "run = {q: [tuple(d) for d in docs] for q, docs in json.load(open(sys.argv[1] + '/run.json')).items()}",
      "print(evaluate.write_per_query(sys.argv[1] + '/prepared', sys.argv[1] + '/runs', 'adamw.seed-1', 'dl19', run))",
    ].join('\n');
    const log = runPython(python!, ['-c', script, dir, join(REPO_ROOT, 'src/export/torch')], dir, { PYTHONDONTWRITEBYTECODE: '1' });
    expect(log).toMatch(/ndcg_cut_10 0\.\d{4}, map 0\.\d{4}, mrr_cut_10 0\.\d{4}, recall_100 0\.\d{4}/);
    const name = 'runs/adamw.seed-1.dl19.perquery.json';
    const text = readFileSync(join(dir, name), 'utf8');
    const written = JSON.parse(text) as { measures: string[]; notComputed: string[]; perQuery: Record<string, Record<string, number>> };
    expect([written.measures, written.notComputed]).toEqual([config.evalSets[0].measures, []]);
    const lab = measureRun(set, run);
    expect(() => checkTorchPerQuery(name, text, set, lab)).not.toThrow();
    const [qid] = Object.keys(lab);
    const moved = { ...written, perQuery: { ...written.perQuery, [qid]: { ...written.perQuery[qid], map: written.perQuery[qid].map + 1e-5 } } };
    expect(() => checkTorchPerQuery(name, JSON.stringify(moved), set, lab)).toThrow(`${name}: query ${qid}: map is`);
  });
});
