/**
 * Per-query and summary evaluation with trec_eval 9.0.8's semantics (read from its C source:
 * form_res_rels.c, m_*.c, meas_avg.c, trec_eval.c). The rules that matter:
 * - Ranking: scores are stored as C `float` (so they are rounded to float32 first), sorted descending,
 *   ties broken by docno descending (strcmp); the file's rank column is ignored. `depth` (-M) keeps the
 *   top `depth` after sorting.
 * - A retrieved document's grade is its qrels grade; unjudged documents are -1, qrels grades < 0 are -2
 *   ("in the pool, not judged"). Binary measures count grade ≥ relevanceLevel (-l); ndcg and ndcg_cut
 *   ignore -l and use the grade itself as the gain, with the ideal ranking built from the qrels.
 * - Which queries: those in both files, in strcmp order of qid. Queries only in the run are ignored.
 *   Without -c the mean is over those; with -c over every qrels query, the missing ones scoring 0.
 * - A query with no relevant documents contributes 0 to every measure (it still counts in the mean).
 * - Summary: means for real measures, sums for num_ret/num_rel/num_rel_ret, a geometric mean with floor
 *   1e-5 for gm_map. trec_eval quirk kept: with -c, the summary num_rel counts every qrels judgment with
 *   grade > 0 (ignoring -l).
 */
import { NOT_IN_POOL, POOLED_UNJUDGED, selectMeasures, aggregationOf, type RankedJudgments } from './measures';
import { strcmp } from './strcmp';
import type { EvaluateOptions, EvaluationResult, Qrels, RankedDoc, Run } from './types';

const MIN_GEO_MEAN = 0.00001;

/** NIST's TREC Deep Learning convention: binary measures count grade ≥ 2 as relevant (grade 1 is not relevant). */
export const TREC_DL_RELEVANCE_LEVEL = 2;

const float32 = new Float32Array(1);
const float32Bits = new Uint32Array(float32.buffer);
const MAX_PACKED_DOCS = 2 ** 21;

/** Scratch arrays reused across queries (evaluation is synchronous), grown to the longest ranking seen. */
let keyScratch = new Float64Array(0);
let scoreKeyScratch = new Uint32Array(0);
let orderScratch = new Int32Array(0);

/**
 * Indices of `docs` in trec_eval's order: float32 score descending, then docno descending (strcmp).
 * Fast path: each key packs the float32 score's order-preserving 32 bits above a 21-bit index into one
 * exactly representable double, so a native Float64Array sort does the work; equal-score runs are then
 * re-sorted by docno. Rankings of 2^21 or more documents use a comparator sort.
 * The returned array is scratch space, valid until the next call.
 */
function rankOrder(docs: readonly RankedDoc[]): Int32Array {
  const n = docs.length;
  const byTie = (a: number, b: number) => strcmp(docs[b].docno, docs[a].docno);
  if (n >= MAX_PACKED_DOCS) {
    const scores = docs.map((d) => Math.fround(d.score));
    return Int32Array.from(Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || byTie(a, b)));
  }
  if (keyScratch.length < n) {
    keyScratch = new Float64Array(n);
    scoreKeyScratch = new Uint32Array(n);
    orderScratch = new Int32Array(n);
  }
  const keys = keyScratch.subarray(0, n);
  const scoreKey = scoreKeyScratch;
  const order = orderScratch.subarray(0, n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(docs[i].score)) throw new RangeError(`score of document '${docs[i].docno}' is NaN`);
    float32[0] = docs[i].score + 0; // + 0 turns -0 into +0, which C compares equal
    const bits = float32Bits[0];
    // Order-preserving map of IEEE float bits to unsigned integers, complemented so higher scores sort first.
    const ordered = bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
    scoreKey[i] = ~ordered >>> 0;
    keys[i] = scoreKey[i] * MAX_PACKED_DOCS + i;
  }
  keys.sort();
  for (let r = 0; r < n; r++) {
    const key = keys[r];
    order[r] = key - Math.floor(key / MAX_PACKED_DOCS) * MAX_PACKED_DOCS;
  }
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && scoreKey[order[end]] === scoreKey[order[start]]) end++;
    if (end - start > 1) order.subarray(start, end).sort(byTie);
    start = end;
  }
  return order;
}

/** A query's judgments prepared once per qrels object: docno → grade, and counts per grade (≥ 0). */
interface PreparedJudgments {
  gradeOf: Map<string, number>;
  gradeCounts: number[];
}
const prepared = new WeakMap<Record<string, number>, PreparedJudgments>();

function prepareJudgments(judged: Record<string, number>): PreparedJudgments {
  let p = prepared.get(judged);
  if (!p) {
    const gradeOf = new Map<string, number>();
    const gradeCounts: number[] = [];
    for (const docno in judged) {
      const grade = judged[docno];
      gradeOf.set(docno, grade);
      if (grade < 0) continue;
      while (gradeCounts.length <= grade) gradeCounts.push(0);
      gradeCounts[grade]++;
    }
    p = { gradeOf, gradeCounts };
    prepared.set(judged, p);
  }
  return p;
}

function relevantCount(gradeCounts: number[], level: number): number {
  let numRel = 0;
  for (let g = 0; g < gradeCounts.length; g++) if (g >= level) numRel += gradeCounts[g];
  return numRel;
}

function rankAndJudge(judged: Record<string, number>, docs: readonly RankedDoc[], level: number, depth: number): RankedJudgments {
  const n = docs.length;
  const order = rankOrder(docs);
  const numRet = Math.min(n, depth);
  const grades = new Int32Array(numRet);
  const { gradeOf, gradeCounts } = prepareJudgments(judged);
  let numRelRet = 0;
  for (let r = 0; r < numRet; r++) {
    const grade = gradeOf.get(docs[order[r]].docno);
    const code = grade === undefined ? NOT_IN_POOL : grade < 0 ? POOLED_UNJUDGED : grade;
    grades[r] = code;
    if (code >= 0 && code >= level) numRelRet++;
  }
  return { grades, numRet, numRel: relevantCount(gradeCounts, level), numRelRet, gradeCounts };
}

function sortedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record).sort(strcmp);
}

/**
 * Summary values recomputed from per-query values, the way trec_eval aggregates: num_q counts queries,
 * num_ret/num_rel/num_rel_ret are summed, gm_map (per-query AP) is exp(mean(log(max(AP, 1e-5)))),
 * every other measure is the arithmetic mean. Sums run in strcmp order of qid, as trec_eval's do.
 */
export function summarize(perQuery: Record<string, Record<string, number>>): Record<string, number> {
  const qids = sortedKeys(perQuery);
  const all: Record<string, number> = {};
  if (qids.length === 0) return all;
  const names = Object.keys(perQuery[qids[0]]);
  for (const name of names) {
    const aggregation = aggregationOf(name);
    let sum = 0;
    for (const qid of qids) {
      const v = perQuery[qid][name];
      sum += aggregation === 'geometric' ? Math.log(Math.max(v, MIN_GEO_MEAN)) : v;
    }
    all[name] =
      aggregation === 'count' ? qids.length : aggregation === 'sum' ? sum : aggregation === 'geometric' ? Math.exp(sum / qids.length) : sum / qids.length;
  }
  return all;
}

/**
 * Evaluates a run against qrels like `trec_eval [-c] [-l N] [-M N] -m ... QRELS RUN`.
 * Each query's judgments are indexed once and cached per judgments object (a WeakMap), so repeated
 * evaluations against the same qrels (every epoch, every run) skip that work: treat qrels as immutable
 * once evaluated (replace a query's record rather than editing it).
 */
export function evaluate(qrels: Qrels, run: Run, options: EvaluateOptions = {}): EvaluationResult {
  const level = options.relevanceLevel ?? 1;
  const depth = options.depth ?? Number.POSITIVE_INFINITY;
  if (!Number.isInteger(level)) throw new RangeError(`relevanceLevel must be an integer, got ${level}`);
  if (!(depth >= 1)) throw new RangeError(`depth must be at least 1, got ${depth}`);
  const selected = selectMeasures(options.measures ?? []);
  const measures = selected.flatMap((m) => (m.definition.name === 'runid' ? [] : m.names));
  // A query with an empty ranking has no lines in a run file, so trec_eval would not know it: skip it too.
  const queries = sortedKeys(run).filter((qid) => qid in qrels && run[qid].length > 0);
  if (queries.length === 0) throw new Error('no queries with both results and relevance info');

  const perQuery: Record<string, Record<string, number>> = Object.create(null);
  for (const qid of queries) {
    const values: Record<string, number> = {};
    for (const name of measures) values[name] = 0;
    const judged = rankAndJudge(qrels[qid], run[qid], level, depth);
    for (const m of selected) m.definition.compute?.(judged, m, level, values);
    perQuery[qid] = values;
  }
  const missingQueries: string[] = [];
  if (options.averageOverQrels) {
    for (const qid of sortedKeys(qrels)) {
      if (qid in perQuery) continue;
      missingQueries.push(qid);
      const values: Record<string, number> = {};
      for (const name of measures) values[name] = 0;
      if ('num_q' in values) values.num_q = 1;
      if ('num_rel' in values) values.num_rel = relevantCount(prepareJudgments(qrels[qid]).gradeCounts, level);
      perQuery[qid] = values;
    }
  }
  const all = summarize(perQuery);
  if (options.averageOverQrels && 'num_rel' in all) {
    let positive = 0;
    for (const qid in qrels) for (const docno in qrels[qid]) if (qrels[qid][docno] > 0) positive++;
    all.num_rel = positive;
  }
  return { measures, perQuery, queries, missingQueries, runIdSelected: selected.some((m) => m.definition.name === 'runid'), all };
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
