/**
 * Measures read off the precision curve (m_iprec_at_recall.c, m_11pt_avg.c, m_Rprec_mult.c): a recall point
 * p stands for the first trunc(p·R + 0.9) relevant documents, interpolated precision at a rank is the best
 * precision at that rank or below, and Rprec_mult reads precision at trunc(m·R + 0.9) documents.
 */
import { atLabel, fixedLabel, type MeasureDefinition, type RankedJudgments } from './types';

const RECALL_POINTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;

/** (long)(p·R + 0.9) per point, as trec_eval turns a fraction into a count. */
const countsAt = (points: readonly number[], numRel: number) => points.map((p) => Math.trunc(p * numRel + 0.9));

/**
 * Walks the ranking bottom-up, tracking interpolated precision, and calls `atPoint(index, value)` for each
 * point (in `cut`, ascending as trec_eval assumes) once its count of relevant documents is reached; points
 * beyond the relevant documents retrieved get the precision of the whole ranking. Points are visited
 * from the last down; `cut` may be unsorted (11pt_avg keeps its parameters as given), as in trec_eval.
 */
function interpolate(rr: RankedJudgments, cut: number[], level: number, atPoint: (index: number, value: number) => void): void {
  const { grades, numRet, numRelRet } = rr;
  let current = cut.length - 1;
  while (current >= 0 && cut[current] > numRelRet) current--;
  let intPrecis = numRelRet / numRet;
  let relSoFar = numRelRet;
  for (let i = numRet; i > 0 && relSoFar > 0; i--) {
    const precis = relSoFar / i;
    if (intPrecis < precis) intPrecis = precis;
    if (grades[i - 1] >= level) {
      while (current >= 0 && relSoFar === cut[current]) atPoint(current--, intPrecis);
      relSoFar--;
    }
  }
  while (current >= 0) atPoint(current--, intPrecis);
}

export const iprecAtRecall: MeasureDefinition = {
  name: 'iprec_at_recall',
  aggregation: 'mean',
  params: 'float',
  defaults: RECALL_POINTS,
  label: atLabel('iP'),
  compute: (rr, { names, cutoffs }, { level }, out) => interpolate(rr, countsAt(cutoffs, rr.numRel), level, (i, v) => (out[names[i]] = v)),
};

/** The mean of interpolated precision over its recall points (default the 11 points 0.0, 0.1, …, 1.0). */
export const elevenPointAverage: MeasureDefinition = {
  name: '11pt_avg',
  aggregation: 'mean',
  params: 'floats',
  defaults: RECALL_POINTS,
  label: fixedLabel('11-pt avg'),
  compute: (rr, { names, floats }, { level }, out) => {
    let sum = 0;
    interpolate(rr, countsAt(floats, rr.numRel), level, (_i, v) => (sum += v));
    out[names[0]] = sum / floats.length;
  },
};

/** Precision after trunc(m·R + 0.9) documents, for multiples m of R (counting missing documents as non-relevant). */
export const rPrecMult: MeasureDefinition = {
  name: 'Rprec_mult',
  aggregation: 'mean',
  params: 'float',
  defaults: [0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6, 1.8, 2],
  label: (cutoff) => `R-prec×${cutoff}`,
  compute: (rr, { names, cutoffs }, { level }, out) => {
    const { grades, numRet, numRelRet } = rr;
    const cut = countsAt(cutoffs, rr.numRel);
    let current = cut.length - 1;
    for (; current >= 0 && cut[current] > numRet; current--) out[names[current]] = numRelRet / cut[current];
    let relSoFar = numRelRet;
    for (let i = numRet; i > 0 && relSoFar > 0; i--) {
      while (current >= 0 && i === cut[current]) out[names[current--]] = relSoFar / i;
      if (grades[i - 1] >= level) relSoFar--;
    }
  },
};
