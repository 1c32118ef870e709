/**
 * Evaluation: rerank each evaluation set's first-stage candidates with the model, then measure the new
 * ranking with the metrics core (trec_eval 9.0.8 semantics, binary measures at the set's relevance level —
 * 2 on TREC DL — and averaged over every judged query, `-c`). Per-query values and the run are kept; every
 * summary number is recomputed from them later.
 */
import type { EvalSetSpec, ExperimentConfig, FileRef } from '../core/experiment/schema';
import { evaluate, measurePasses, parseQrels, parseTopics, type Qrels, type Run } from '../core/trec';
import type { CrossEncoder } from '../model/crossEncoder';
import type { PairTokenizer } from '../model/tokenize';
import { bytesSource } from './data/lines';
import { loadEvalSet, restrictToJudged, type EvalSet } from './data/evalSets';
import type { LabHost } from './host';
import type { EncodedPair } from '../model/lengthBatches';
import { scorePairs, type ScoringOptions } from '../model/scorer';

export interface LoadedEvalSet {
  spec: EvalSetSpec;
  qrels: Qrels;
  /** Judged queries with their query text and every first-stage candidate, in first-stage order. */
  set: EvalSet;
  /** Query ids evaluated, sorted. */
  qids: string[];
}

const utf8 = new TextDecoder();
const nameOf = (ref: FileRef) => (ref.source === 'bundled' ? ref.path : ref.source === 'url' ? ref.url : ref.name);

export async function loadEvalSets(experiment: ExperimentConfig, host: LabHost): Promise<LoadedEvalSet[]> {
  return Promise.all(
    experiment.evalSets.map(async (spec) => {
      const [qrelsBytes, topicsBytes, candidateBytes] = await Promise.all([
        host.readFile(spec.qrels, 'qrels'),
        host.readFile(spec.topics, 'topics'),
        host.readFile(spec.candidates, 'candidates'),
      ]);
      const qrels = parseQrels(utf8.decode(qrelsBytes), nameOf(spec.qrels));
      const topics = parseTopics(utf8.decode(topicsBytes), nameOf(spec.topics));
      // Every candidate is kept: the top rerankDepth are reranked, the rest stay below them in first-stage order.
      const candidates = await loadEvalSet(bytesSource(candidateBytes, nameOf(spec.candidates)), { depth: Number.MAX_SAFE_INTEGER });
      const set = restrictToJudged(candidates, Object.keys(qrels));
      for (const qid of Object.keys(set.topics)) {
        // The topics file is the authority on query text; candidate files may carry their own copy.
        if (topics[qid] !== undefined) set.topics[qid] = topics[qid];
      }
      const qids = Object.keys(set.candidates)
        .filter((q) => set.candidates[q].length > 0)
        .sort();
      if (qids.length === 0) {
        throw new Error(`evaluation set "${spec.name}": no judged query in ${nameOf(spec.qrels)} has candidates in ${nameOf(spec.candidates)}`);
      }
      return { spec, qrels, set, qids };
    }),
  );
}

/** How evaluation scores its pairs (the scorer's options). */
export type RerankOptions = ScoringOptions;

export interface RerankStats {
  pairs: number;
  batches: number;
  /** Tokens of the pairs themselves, and tokens the batches held with their padding. */
  realTokens: number;
  paddedTokens: number;
  /** Tokenizing every pair (before the first forward pass). */
  tokenizeMs: number;
  /** From the first forward pass to the last score read back. */
  scoreMs: number;
  /** pairs / scoreMs: forward passes and readback, tokenization not included. */
  pairsPerSecond: number;
}

/**
 * Scores each query's top `rerankDepth` first-stage candidates with the model (evaluation mode) and returns the
 * reranked run; candidates below the depth follow in their first-stage order, scored below every reranked one.
 */
export async function rerank(model: Pick<CrossEncoder, 'forward'>, tokenizer: PairTokenizer, loaded: LoadedEvalSet, options: RerankOptions): Promise<Run> {
  return (await rerankWithStats(model, tokenizer, loaded, options)).run;
}

/**
 * `rerank`, with how it went. Every pair is tokenized first, then scored by the one scorer (model/scorer.ts);
 * each score is put back on its pair, so the run is the same as scoring pair by pair, up to float rounding.
 */
export async function rerankWithStats(
  model: Pick<CrossEncoder, 'forward'>,
  tokenizer: PairTokenizer,
  loaded: LoadedEvalSet,
  options: RerankOptions,
): Promise<{ run: Run; stats: RerankStats }> {
  const depth = loaded.spec.rerankDepth;
  const tokenizeStart = performance.now();
  const encoded: EncodedPair[] = [];
  for (const qid of loaded.qids) {
    const query = loaded.set.topics[qid];
    for (const c of loaded.set.candidates[qid].slice(0, depth)) encoded.push(tokenizer.encodePair(query, c.text, options.maxLength));
  }
  const tokenizeMs = performance.now() - tokenizeStart;
  const { scores, batches, paddedTokens, scoreMs } = await scorePairs(model, encoded, tokenizer.padId, options);
  const total = encoded.length;

  const run: Run = Object.create(null);
  let pair = 0;
  for (const qid of loaded.qids) {
    for (const c of loaded.set.candidates[qid].slice(0, depth)) (run[qid] ??= []).push({ docno: c.docno, score: scores[pair++] });
  }
  for (const qid of loaded.qids) {
    const rest = loaded.set.candidates[qid].slice(depth);
    if (rest.length === 0) continue;
    // Whole steps below the lowest model score keep the order exact even as trec_eval's float32 scores.
    const floor = Math.floor(Math.min(...run[qid].map((d) => d.score))) - 1;
    rest.forEach((c, i) => run[qid].push({ docno: c.docno, score: floor - i }));
  }
  const stats: RerankStats = {
    pairs: total,
    batches,
    realTokens: encoded.reduce((n, p) => n + p.ids.length, 0),
    paddedTokens,
    tokenizeMs,
    scoreMs,
    pairsPerSecond: total / (Math.max(scoreMs, 1e-3) / 1000),
  };
  return { run, stats };
}

/**
 * qid → measure → value for one evaluation set's measures (names from the measure registry, core/trec/measures.ts;
 * depth measures such as MS MARCO's `mrr_cut_10` are evaluated over the top k, as `trec_eval -c -M k`).
 */
export function measureRun(loaded: LoadedEvalSet, run: Run): Record<string, Record<string, number>> {
  const { spec, qrels } = loaded;
  const perQuery: Record<string, Record<string, number>> = Object.create(null);
  const judged = Object.fromEntries(loaded.qids.map((q) => [q, qrels[q]])) as Qrels;
  for (const pass of measurePasses(spec.measures)) {
    const result = evaluate(judged, run, {
      measures: pass.specs,
      relevanceLevel: spec.relevanceLevel,
      averageOverQrels: true,
      ...(pass.depth !== undefined ? { depth: pass.depth } : {}),
    });
    for (const [qid, values] of Object.entries(result.perQuery)) {
      const out = (perQuery[qid] ??= {});
      for (const { name, computedAs } of pass.outputs) out[name] = values[computedAs];
    }
  }
  return perQuery;
}
