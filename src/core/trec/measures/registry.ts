/**
 * The measure registry: every trec_eval 9.0.8 measure of the standard qrels + TREC-run formats, one row each
 * (name, parameters, computation, aggregation, label for people), in trec_eval's table order (measures.c),
 * which is the order it prints them in whatever order `-m` named them. `-m` parsing (select.ts), evaluation
 * (evaluate.ts), the experiment schema's measure names (names.ts) and the summary's labels all derive from it.
 */
import { elevenPointAverage, iprecAtRecall, rPrecMult } from './interpolated';
import { gMeasure, ndcg, ndcgCutMeasure, ndcgRel, rNdcg } from './gain';
import { binG, bprefMeasure, gmBpref, gmMap, infAPMeasure, map, mapCut, precision, recall, recipRank, relativeP, rPrec, success, yaap } from './ranked';
import { numNonrelJudgedRet, numQ, numRel, numRelRet, numRet, relstring, runid, setF, setMap, setP, setRecall, setRelativeP, utility } from './sets';
import { JUDGED_DEFINITION } from '../judged';
import type { MeasureDefinition } from './types';

export const MEASURES: readonly MeasureDefinition[] = [
  runid,
  numQ,
  numRet,
  numRel,
  numRelRet,
  map,
  gmMap,
  rPrec,
  bprefMeasure,
  recipRank,
  iprecAtRecall,
  precision,
  relstring,
  recall,
  infAPMeasure,
  gmBpref,
  rPrecMult,
  utility,
  elevenPointAverage,
  binG,
  gMeasure,
  ndcg,
  ndcgRel,
  rNdcg,
  ndcgCutMeasure,
  mapCut,
  relativeP,
  success,
  setP,
  setRelativeP,
  setRecall,
  setMap,
  setF,
  numNonrelJudgedRet,
  yaap,
  // the lab's own, after trec_eval's: the share of the top k that is judged (not trec_eval's, so not in all_trec)
  JUDGED_DEFINITION,
];

/** trec_eval's nicknames for sets of measures (measures.c) that this module can compute. */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  official: ['runid', 'num_q', 'num_ret', 'num_rel', 'num_rel_ret', 'map', 'gm_map', 'Rprec', 'bpref', 'recip_rank', 'iprec_at_recall', 'P'],
  set: ['runid', 'num_q', 'num_ret', 'num_rel', 'num_rel_ret', 'utility', 'set_P', 'set_recall', 'set_relative_P', 'set_map', 'set_F'],
  all_trec: MEASURES.map((m) => m.name).filter((name) => name !== 'yaap' && name !== JUDGED_DEFINITION.name),
};

/**
 * trec_eval measures and nicknames that need other input formats (`-R prefs`, `-R qrels_prefs`, `-R qrels_jg`),
 * which this module does not read: named in the error instead of "unknown".
 */
export const OTHER_FORMAT_MEASURES: readonly string[] = [
  'all_prefs',
  'prefs',
  'qrels_jg',
  'prefs_num_prefs_poss',
  'prefs_num_prefs_ful',
  'prefs_num_prefs_ful_ret',
  'prefs_simp',
  'prefs_pair',
  'prefs_avgjg',
  'prefs_avgjg_Rnonrel',
  'prefs_simp_ret',
  'prefs_pair_ret',
  'prefs_avgjg_ret',
  'prefs_avgjg_Rnonrel_ret',
  'prefs_simp_imp',
  'prefs_pair_imp',
  'prefs_avgjg_imp',
  'map_avgjg',
  'P_avgjg',
  'Rprec_mult_avgjg',
];
