/**
 * Storage-ready TREC data: plain, JSON-serializable objects (structured-clone safe for IndexedDB).
 * Maps keyed by query or document id are null-prototype objects, so ids such as `__proto__` or
 * `constructor` are ordinary keys.
 */

import type { Aggregation } from './measures/types';
import type { Zscores } from './zscores';

/** Judgments: qid → docno → relevance grade (an integer; negative means "in the pool but unjudged"). */
export type Qrels = Record<string, Record<string, number>>;

/** One retrieved document. `score` is the value as written in the file (a double). */
export interface RankedDoc {
  docno: string;
  score: number;
}

/** A run: qid → its retrieved documents in file order (evaluation re-sorts them the way trec_eval does). */
export type Run = Record<string, RankedDoc[]>;

/** Topics: qid → query text. */
export type Topics = Record<string, string>;

export interface EvaluateOptions {
  /**
   * trec_eval measure specs, e.g. `map`, `P.5,10`, `ndcg_cut.10`, `utility.2,-1,0,0`, `ndcg.1=3,2=9`, or the
   * nicknames `official` (trec_eval's default set), `set`, `all_trec`. Default: `official`.
   */
  measures?: string[];
  /** `-l`: a judged document is relevant when its grade ≥ this (binary measures only). Default 1. */
  relevanceLevel?: number;
  /** `-c`: average over every qrels query; queries missing from the run score 0. Default false. */
  averageOverQrels?: boolean;
  /** `-M`: evaluate only the top `depth` documents of each ranking. Default: all. */
  depth?: number;
  /** `-J`: drop unjudged documents from each ranking (after `-M`) before anything is computed. Default false. */
  judgedOnly?: boolean;
  /** `-N`: documents in the collection, used by utility's fourth coefficient. Default 0, as in trec_eval. */
  numDocsInCollection?: number;
  /** `-Z`: replace each per-query value by its z-score against these means and standard deviations. */
  zscores?: Zscores;
}

/** A printed measure name and how trec_eval prints and aggregates it. */
export interface MeasureColumn {
  name: string;
  aggregation: Aggregation;
}

export interface EvaluationResult {
  /** Printed names of the numeric measures in trec_eval's output order (e.g. `map`, `P_5`, `ndcg_cut_10`). */
  measures: string[];
  /** Every printed measure in output order, runid and relstring included. */
  columns: MeasureColumn[];
  /**
   * qid → measure → value (z-scores with `zscores`). Holds every query averaged over: with `averageOverQrels`,
   * qrels queries missing from the run are included with zeros (and their true `num_rel`); see `missingQueries`.
   * Geometric measures (gm_map, gm_bpref) hold the plain per-query value (AP, bpref) without `zscores`.
   */
  perQuery: Record<string, Record<string, number>>;
  /** qid → printed name → string, for string measures (relstring); queries in both files only. */
  perQueryText: Record<string, Record<string, string>>;
  /** Queries present in both files, in trec_eval's order (qid by strcmp). */
  queries: string[];
  /** Qrels queries absent from the run (only filled with `averageOverQrels`); trec_eval 9.0.8 prints no lines for them. */
  missingQueries: string[];
  /** Whether `runid` was selected (trec_eval prints the run tag first in the summary). */
  runIdSelected: boolean;
  /** Whether values are z-scores (`-Z`; trec_eval then prefixes names with `Z`). */
  zscored: boolean;
  /** The summary line values (`all`), exactly as trec_eval computes them. */
  all: Record<string, number>;
}
