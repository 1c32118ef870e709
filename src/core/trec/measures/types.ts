/** The shapes every measure family shares: a query's judged ranking, a measure's registry row, a selected measure. */

/** Qrels grades of unjudged documents in a ranking: not in the pool, or pooled with a negative grade. */
export const NOT_IN_POOL = -1;
export const POOLED_UNJUDGED = -2;

/** trec_eval's floor before taking logs for geometric means (gm_map, gm_bpref). */
export const MIN_GEO_MEAN = 0.00001;

/** A query's ranking joined with its judgments (trec_eval's RES_RELS). */
export interface RankedJudgments {
  /** Grade of the document at each rank (NOT_IN_POOL / POOLED_UNJUDGED for unjudged; none of those with -J). */
  grades: Int32Array;
  numRet: number;
  numRel: number;
  numRelRet: number;
  /** Retrieved documents not in the qrels, and in the qrels with a negative grade (both 0 with -J). */
  numNonpool: number;
  numUnjudgedInPool: number;
  /**
   * Count of judged documents at each grade 0..max over all the query's judgments (not only those retrieved);
   * its length is trec_eval's num_rel_levels.
   */
  gradeCounts: number[];
}

/** Command-line settings some measures read: `-l` and `-N`. */
export interface MeasureContext {
  level: number;
  /** `-N`: documents in the collection (trec_eval's default is 0); only utility's fourth coefficient uses it. */
  numDocsInCollection: number;
}

export type Aggregation =
  | 'runid' // printed once from the run tag, no value
  | 'count' // num_q: number of queries averaged over; summary only
  | 'sum' // num_ret, num_rel, num_rel_ret, num_nonrel_judged_ret: summed, printed as integers
  | 'mean' // arithmetic mean over queries
  | 'geometric' // gm_map, gm_bpref: exp(mean(log(max(v, 1e-5)))); summary only
  | 'text'; // relstring: a string per query, no summary

/**
 * How a measure takes parameters (`-m NAME.PARAMS`):
 * - 'long' / 'float' cutoffs: sorted, distinct; one value per cutoff, printed `NAME_k` (`%ld` / `%3.2f`);
 * - 'floats': a list of numbers in the order given (utility, 11pt_avg, set_F, relstring); one value;
 * - 'gains': `grade=gain` pairs overriding the default gain (the grade) (ndcg, ndcg_rel, Rndcg, G); one value.
 * One-value measures given parameters are printed `NAME_PARAMS` with PARAMS as typed.
 */
export type ParamKind = 'long' | 'float' | 'floats' | 'gains';

export interface GainPair {
  grade: number;
  gain: number;
}

export interface SelectedMeasure {
  definition: MeasureDefinition;
  /** Cutoffs ('long', 'float'), sorted. */
  cutoffs: number[];
  /** 'floats' parameters in the order given (the defaults when none were given). */
  floats: number[];
  /** 'gains' pairs in the order given. */
  gains: GainPair[];
  /** Printed names: the measure name, `name_cutoff` per cutoff, or `name_PARAMS`. */
  names: string[];
}

export interface MeasureDefinition {
  name: string;
  aggregation: Aggregation;
  params?: ParamKind;
  /** Cutoffs or 'floats' parameters used when `-m` gives none. */
  defaults?: readonly number[];
  /** For people: `NDCG@10`, `MAP`; `cutoff` is the printed cutoff. */
  label: (cutoff?: string) => string;
  /** Writes the query's value(s) under `selected.names`. */
  compute?: (rr: RankedJudgments, selected: SelectedMeasure, context: MeasureContext, out: Record<string, number>) => void;
  /** For 'text' measures: the query's printed string. */
  computeText?: (rr: RankedJudgments, selected: SelectedMeasure) => string;
}

export class MeasureSpecError extends Error {
  override name = 'MeasureSpecError';
}

export const fixedLabel = (label: string) => () => label;
export const atLabel = (prefix: string) => (cutoff?: string) => `${prefix}@${cutoff}`;
