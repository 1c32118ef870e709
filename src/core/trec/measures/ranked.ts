/**
 * Binary-relevance measures over the ranking (relevant = grade ≥ -l): average precision and its variants,
 * bpref and infAP (which use judged documents only), reciprocal rank, and measures at rank cutoffs.
 * Semantics of trec_eval 9.0.8's m_map.c, m_gm_map.c, m_Rprec.c, m_bpref.c, m_gm_bpref.c, m_infap.c,
 * m_recip_rank.c, m_P.c, m_recall.c, m_map_cut.c, m_success.c, m_rel_P.c and m_binG.c.
 */
import { atLabel, fixedLabel, NOT_IN_POOL, POOLED_UNJUDGED, type MeasureDefinition, type RankedJudgments } from './types';

export const LONG_CUTOFFS = [5, 10, 15, 20, 30, 100, 200, 500, 1000] as const;

/** trec_eval's infAP smoothing constant. */
const INFAP_EPSILON = 0.00001;

function averagePrecision(rr: RankedJudgments, level: number): number {
  let sum = 0;
  let found = 0;
  for (let r = 0; r < rr.numRet; r++) if (rr.grades[r] >= level) sum += ++found / (r + 1);
  return found ? sum / rr.numRel : sum;
}

/** Judged non-relevant documents in the qrels (grades 0 .. level-1): bpref's denominator. */
function judgedNonrelevant(rr: RankedJudgments, level: number): number {
  let count = 0;
  for (let g = 0; g < level && g < rr.gradeCounts.length; g++) count += rr.gradeCounts[g];
  return count;
}

/** bpref: per relevant document, the fraction of the first R judged non-relevant ones it precedes. */
function bpref(rr: RankedJudgments, level: number): number {
  const { grades, numRet, numRel } = rr;
  const numNonrel = judgedNonrelevant(rr, level);
  let nonrelSoFar = 0;
  let sum = 0;
  for (let r = 0; r < numRet; r++) {
    const g = grades[r];
    if (g === NOT_IN_POOL || g === POOLED_UNJUDGED) continue;
    if (g >= 0 && g < level) nonrelSoFar++;
    else sum += nonrelSoFar > 0 ? 1 - Math.min(nonrelSoFar, numRel) / Math.min(numNonrel, numRel) : 1;
  }
  return numRel ? sum / numRel : sum;
}

/** Inferred AP (Yilmaz & Aslam, CIKM 2006): precision above each relevant document estimated from the judged sample. */
function infAP(rr: RankedJudgments, level: number): number {
  const { grades, numRet, numRel } = rr;
  let nonrel = 0;
  let rel = 0;
  let unjudged = 0;
  let sum = 0;
  for (let j = 0; j < numRet; j++) {
    const g = grades[j];
    if (g === NOT_IN_POOL) continue;
    if (g === POOLED_UNJUDGED) {
      unjudged++;
      continue;
    }
    if (g >= 0 && g < level) {
      nonrel++;
      continue;
    }
    rel++;
    if (j === 0) sum += 1;
    else {
      const above = rel - 1 + nonrel + unjudged;
      sum += 1 / (j + 1) + (j / (j + 1)) * (above / j) * ((rel - 1 + INFAP_EPSILON) / (rel - 1 + nonrel + 2 * INFAP_EPSILON));
    }
  }
  return numRel ? sum / numRel : sum;
}

/** P, recall, success, map_cut and relative_P: one pass down the ranking, a value at each cutoff from the counts so far. */
function atCutoffs(
  value: (found: number, apSum: number, k: number, numRel: number) => number,
  needsRelevant = false,
): NonNullable<MeasureDefinition['compute']> {
  return (rr, { names, cutoffs }, { level }, out) => {
    if (needsRelevant && rr.numRel === 0) return;
    let found = 0;
    let apSum = 0;
    let c = 0;
    for (let r = 0; r < rr.numRet && c < cutoffs.length; r++) {
      while (c < cutoffs.length && r === cutoffs[c]) out[names[c]] = value(found, apSum, cutoffs[c++], rr.numRel);
      if (rr.grades[r] >= level) {
        found++;
        apSum += found / (r + 1);
      }
    }
    for (; c < cutoffs.length; c++) out[names[c]] = value(found, apSum, cutoffs[c], rr.numRel);
  };
}

const cutoffMeasure = (name: string, label: string, compute: MeasureDefinition['compute'], defaults: readonly number[] = LONG_CUTOFFS): MeasureDefinition => ({
  name,
  aggregation: 'mean',
  params: 'long',
  defaults,
  label: atLabel(label),
  compute,
});

export const map: MeasureDefinition = {
  name: 'map',
  aggregation: 'mean',
  label: fixedLabel('MAP'),
  compute: (rr, _m, { level }, out) => void (out.map = averagePrecision(rr, level)),
};
// Per-query values of geometric measures are the plain values; evaluate() and summarize() take the logs.
export const gmMap: MeasureDefinition = {
  name: 'gm_map',
  aggregation: 'geometric',
  label: fixedLabel('GM-MAP'),
  compute: (rr, _m, { level }, out) => void (out.gm_map = averagePrecision(rr, level)),
};
export const rPrec: MeasureDefinition = {
  name: 'Rprec',
  aggregation: 'mean',
  label: fixedLabel('R-prec'),
  compute: (rr, _m, { level }, out) => {
    const look = Math.min(rr.numRet, rr.numRel);
    let found = 0;
    for (let r = 0; r < look; r++) if (rr.grades[r] >= level) found++;
    out.Rprec = look === 0 ? 0 : found / rr.numRel;
  },
};
export const bprefMeasure: MeasureDefinition = {
  name: 'bpref',
  aggregation: 'mean',
  label: fixedLabel('bpref'),
  compute: (rr, _m, { level }, out) => void (out.bpref = bpref(rr, level)),
};
export const gmBpref: MeasureDefinition = {
  name: 'gm_bpref',
  aggregation: 'geometric',
  label: fixedLabel('GM-bpref'),
  compute: (rr, _m, { level }, out) => void (out.gm_bpref = bpref(rr, level)),
};
export const infAPMeasure: MeasureDefinition = {
  name: 'infAP',
  aggregation: 'mean',
  label: fixedLabel('infAP'),
  compute: (rr, _m, { level }, out) => void (out.infAP = infAP(rr, level)),
};
export const recipRank: MeasureDefinition = {
  name: 'recip_rank',
  aggregation: 'mean',
  label: fixedLabel('RR'),
  compute: (rr, _m, { level }, out) => {
    let r = 0;
    while (r < rr.numRet && rr.grades[r] < level) r++;
    out.recip_rank = r < rr.numRet ? 1 / (r + 1) : 0;
  },
};
/** binG: per relevant document 1 / log2(2 + non-relevant documents above it), averaged over the relevant documents. */
export const binG: MeasureDefinition = {
  name: 'binG',
  aggregation: 'mean',
  label: fixedLabel('binG'),
  compute: (rr, _m, { level }, out) => {
    let found = 0;
    let sum = 0;
    for (let i = 0; i < rr.numRet; i++) {
      if (rr.grades[i] >= level) sum += 1 / Math.log2(3 + i - ++found);
    }
    out.binG = found ? sum / rr.numRel : 0;
  },
};

export const precision = cutoffMeasure(
  'P',
  'P',
  atCutoffs((found, _ap, k) => found / k),
);
export const recall = cutoffMeasure(
  'recall',
  'R',
  atCutoffs((found, _ap, _k, numRel) => found / numRel, true),
);
export const mapCut = cutoffMeasure(
  'map_cut',
  'MAP',
  atCutoffs((_found, apSum, _k, numRel) => apSum / numRel, true),
);
/** relative_P at k: relevant found in the top k over the most that could be (min(k, R)). */
export const relativeP = cutoffMeasure(
  'relative_P',
  'relative P',
  atCutoffs((found, _ap, k, numRel) => found / (k > numRel ? numRel : k), true),
);
export const success = cutoffMeasure(
  'success',
  'Success',
  atCutoffs((found) => (found ? 1 : 0)),
  [1, 5, 10],
);
/**
 * yaap (Robertson, ECIR 2012): log((1 + S) / (1 + R − S)) where S is the sum of precisions at relevant
 * documents (AP·R). Not in all_trec; named with `-m yaap`.
 */
export const yaap: MeasureDefinition = {
  name: 'yaap',
  aggregation: 'mean',
  label: fixedLabel('YAAP'),
  compute: (rr, _m, { level }, out) => {
    let found = 0;
    let sum = 0;
    for (let r = 0; r < rr.numRet; r++) if (rr.grades[r] >= level) sum += ++found / (r + 1);
    out.yaap = Math.log((1 + sum) / (1 + rr.numRel - sum));
  },
};
