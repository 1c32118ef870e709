/**
 * Per-query and summary evaluation with trec_eval 9.0.8's semantics (read from its C source:
 * form_res_rels.c, m_*.c, meas_avg.c, trec_eval.c). The rules that matter:
 * - Ranking (judge.ts): scores as C floats sorted descending, ties by docno descending, the rank column
 *   ignored; `depth` (-M) keeps the top `depth`, then `-J` drops the unjudged documents.
 * - A retrieved document's grade is its qrels grade; unjudged documents are -1, qrels grades < 0 are -2
 *   ("in the pool, not judged"). Binary measures count grade ≥ relevanceLevel (-l); graded ones (ndcg,
 *   ndcg_cut, ndcg_rel, Rndcg, G) ignore -l and use the grade (or a gain given for it) as the gain, with
 *   the ideal ranking built from the qrels.
 * - Which queries: those in both files, in strcmp order of qid. Queries only in the run are ignored.
 *   Without -c the mean is over those; with -c over every qrels query, the missing ones scoring 0.
 * - A query with no relevant documents contributes 0 to every measure (it still counts in the mean).
 * - Summary: means for real measures, sums for the counts, a geometric mean with floor 1e-5 for gm_map and
 *   gm_bpref (with -c, each missing query adds log(1e-5)). Sums run over the queries evaluated, in qid
 *   order, as trec_eval's do. trec_eval quirk kept: with -c, the summary num_rel counts every qrels
 *   judgment with grade > 0 (ignoring -l).
 * - `-Z`: each query's values (the logs, for geometric measures) become z-scores before they are summed.
 */
import { prepareJudgments, rankAndJudge, relevantCount } from './judge';
import { aggregationOf, MIN_GEO_MEAN, selectMeasures, type MeasureContext } from './measures';
import { DEFAULT_NAN, x86 } from './nan';
import { strcmp } from './strcmp';
import type { EvaluateOptions, EvaluationResult, MeasureColumn, Qrels, Run } from './types';
import { convertToZscores } from './zscores';

/** NIST's TREC Deep Learning convention: binary measures count grade ≥ 2 as relevant (grade 1 is not relevant). */
export const TREC_DL_RELEVANCE_LEVEL = 2;

function sortedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record).sort(strcmp);
}

/**
 * Summary values recomputed from per-query values, the way trec_eval aggregates: num_q counts queries,
 * the other counts (num_ret, num_rel, num_rel_ret, num_nonrel_judged_ret) are summed, gm_map and gm_bpref
 * (per-query AP, bpref) are exp(mean(log(max(v, 1e-5)))), every other measure is the arithmetic mean.
 * Sums run in strcmp order of qid, as trec_eval's do. (evaluate() computes its own `all` the same way.)
 */
export function summarize(perQuery: Record<string, Record<string, number>>): Record<string, number> {
  const qids = sortedKeys(perQuery);
  const all: Record<string, number> = {};
  if (qids.length === 0) return all;
  const names = Object.keys(perQuery[qids[0]]);
  for (const name of names) {
    const aggregation = aggregationOf(name);
    let sum = 0;
    for (const qid of qids) sum += summed(aggregation, perQuery[qid][name]);
    all[name] =
      aggregation === 'count' ? qids.length : aggregation === 'sum' ? sum : aggregation === 'geometric' ? Math.exp(sum / qids.length) : sum / qids.length;
  }
  return all;
}

/** The value trec_eval sums for a measure: the log, for geometric means (of C's MAX(v, 1e-5), which maps NaN to 1e-5). */
function summed(aggregation: string, value: number): number {
  return aggregation === 'geometric' ? Math.log(value > MIN_GEO_MEAN ? value : MIN_GEO_MEAN) : value;
}

/**
 * Evaluates a run against qrels like `trec_eval [-c] [-l N] [-M N] [-J] [-N N] [-Z FILE] -m ... QRELS RUN`.
 * Each query's judgments are indexed once and cached per judgments object (a WeakMap), so repeated
 * evaluations against the same qrels (every epoch, every run) skip that work: treat qrels as immutable
 * once evaluated (replace a query's record rather than editing it).
 */
export function evaluate(qrels: Qrels, run: Run, options: EvaluateOptions = {}): EvaluationResult {
  const level = options.relevanceLevel ?? 1;
  const depth = options.depth ?? Number.POSITIVE_INFINITY;
  const context: MeasureContext = { level, numDocsInCollection: options.numDocsInCollection ?? 0 };
  if (!Number.isInteger(level)) throw new RangeError(`relevanceLevel must be an integer, got ${level}`);
  if (!(depth >= 1)) throw new RangeError(`depth must be at least 1, got ${depth}`);
  if (!Number.isInteger(context.numDocsInCollection)) throw new RangeError(`numDocsInCollection must be an integer, got ${context.numDocsInCollection}`);
  const selected = selectMeasures(options.measures ?? []);
  const columns: MeasureColumn[] = selected.flatMap((m) => m.names.map((name) => ({ name, aggregation: m.definition.aggregation })));
  const numeric = columns.filter((c) => c.aggregation !== 'runid' && c.aggregation !== 'text');
  const textual = selected.filter((m) => m.definition.computeText);
  // A query with an empty ranking has no lines in a run file, so trec_eval would not know it: skip it too.
  const queries = sortedKeys(run).filter((qid) => qid in qrels && run[qid].length > 0);
  if (queries.length === 0) throw new Error('no queries with both results and relevance info');

  const zeros = () => Object.fromEntries(numeric.map((c) => [c.name, 0])) as Record<string, number>;
  const sums = zeros();
  const perQuery: Record<string, Record<string, number>> = Object.create(null);
  const perQueryText: Record<string, Record<string, string>> = Object.create(null);
  for (const qid of queries) {
    const values = zeros();
    const judged = rankAndJudge(qrels[qid], run[qid], level, depth, options.judgedOnly ?? false);
    for (const m of selected) m.definition.compute?.(judged, m, context, values);
    // Measures see no NaN input, so a NaN they give was made from numbers: x86's default NaN.
    for (const c of numeric) if (Number.isNaN(values[c.name])) values[c.name] = DEFAULT_NAN;
    if (textual.length > 0) perQueryText[qid] = Object.fromEntries(textual.map((m) => [m.names[0], m.definition.computeText!(judged, m)]));
    if (options.zscores) {
      for (const c of numeric) values[c.name] = summed(c.aggregation, values[c.name]);
      convertToZscores(options.zscores, qid, values);
    }
    for (const c of numeric) {
      const v = options.zscores ? values[c.name] : summed(c.aggregation, values[c.name]);
      sums[c.name] = x86(sums[c.name] + v, sums[c.name], v);
    }
    perQuery[qid] = values;
  }
  const missingQueries: string[] = [];
  if (options.averageOverQrels) {
    for (const qid of sortedKeys(qrels)) {
      if (qid in perQuery) continue;
      missingQueries.push(qid);
      const values = zeros();
      if (!options.zscores) {
        if ('num_q' in values) values.num_q = 1;
        if ('num_rel' in values) values.num_rel = relevantCount(prepareJudgments(qrels[qid]).gradeCounts, level);
      }
      perQuery[qid] = values;
    }
  }
  const averagedOver = options.averageOverQrels ? Object.keys(qrels).length : queries.length;
  const all: Record<string, number> = {};
  for (const { name, aggregation } of numeric) {
    const sum = sums[name];
    if (aggregation === 'count') all[name] = averagedOver;
    else if (aggregation === 'sum') all[name] = sum;
    else if (aggregation === 'mean') all[name] = x86(sum / averagedOver, sum, averagedOver);
    else if (Number.isNaN(sum))
      all[name] = sum; // exp keeps a NaN's sign
    else all[name] = Math.exp((sum + (averagedOver - queries.length) * Math.log(MIN_GEO_MEAN)) / averagedOver);
  }
  if (options.averageOverQrels && 'num_rel' in all) {
    let positive = 0;
    for (const qid in qrels) for (const docno in qrels[qid]) if (qrels[qid][docno] > 0) positive++;
    all.num_rel = positive;
  }
  return {
    measures: numeric.map((c) => c.name),
    columns,
    perQuery,
    perQueryText,
    queries,
    missingQueries,
    runIdSelected: columns.some((c) => c.aggregation === 'runid'),
    zscored: options.zscores !== undefined,
    all,
  };
}

export interface MrrAt10 {
  /** Every qrels query: reciprocal rank of the first relevant document within the top 10, else 0. */
  perQuery: Record<string, number>;
  /** Mean over every qrels query (the official MS MARCO script divides by the number of qrels queries). */
  mean: number;
}

/**
 * MS MARCO MRR@10 (msmarco_eval.py; ir_measures RR@10): the run ranked as trec_eval ranks it (score
 * descending, docno descending on ties), cut at 10; relevant = grade ≥ relevanceLevel. Queries in the
 * qrels with no results score 0 and count in the denominator; run queries without qrels are ignored.
 * Equal to `trec_eval -c -M 10 -l relevanceLevel -m recip_rank`.
 */
export function mrrAt10(qrels: Qrels, run: Run, relevanceLevel: number): MrrAt10 {
  const result = evaluate(qrels, run, { measures: ['recip_rank'], depth: 10, relevanceLevel, averageOverQrels: true });
  const perQuery: Record<string, number> = Object.create(null);
  for (const qid of sortedKeys(result.perQuery)) perQuery[qid] = result.perQuery[qid].recip_rank;
  return { perQuery, mean: result.all.recip_rank };
}
