/**
 * judged@k: the fraction of a ranking's top k that has a judgment in the qrels (any grade ≥ 0, relevant or not),
 * as ir_measures' `Judged@k` and Sakai's condensed-list checks use it: how far a reranked list has drifted outside
 * the judged pool, so that a low NDCG@10 can be told apart from a list of unjudged documents. The denominator is k
 * (a ranking shorter than k counts its missing ranks as unjudged), as trec_eval's P@k counts them. It equals
 * trec_eval's P_k at relevance level 0 (every judged document "relevant"); qrels grades below 0 ("in the pool, not
 * judged") are not judged.
 *
 * Printed name `judged_<k>` (`judged_10`), label `judged@10`. A row of the measure registry (so experiments can
 * measure it and the report read it from a snapshot's per-query values), the lab's own: not in `all_trec`, which
 * prints as trec_eval does.
 */
import type { MeasureDefinition } from './measures';

export const JUDGED_MEASURE = 'judged';

/** The cutoff of a `judged_<k>` name, or null when the name is not one. */
export function judgedCutoff(name: string): number | null {
  const match = /^judged_([1-9]\d{0,5})$/.exec(name);
  return match ? Number(match[1]) : null;
}

export const judgedLabel = (cutoff: number | string) => `judged@${cutoff}`;

/** The registry entry (cutoffs as P's): one pass down the top k, counting grades ≥ 0. */
export const JUDGED_DEFINITION: MeasureDefinition = {
  name: JUDGED_MEASURE,
  aggregation: 'mean',
  params: 'long',
  defaults: [10],
  label: (cutoff) => judgedLabel(cutoff ?? ''),
  compute: (rr, { names, cutoffs }, _context, out) => {
    cutoffs.forEach((k, c) => {
      let judged = 0;
      for (let r = 0; r < Math.min(k, rr.numRet); r++) if (rr.grades[r] >= 0) judged++;
      out[names[c]] = judged / k;
    });
  },
};
