/**
 * Graded measures: a document's gain is its grade unless `-m NAME.grade=gain,...` overrides it, and the ideal
 * ranking takes the judged documents from the highest gain down (m_ndcg.c, m_ndcg_rel.c, m_Rndcg.c, m_G.c).
 * ndcg_cut (m_ndcg_cut.c) always uses the grade itself. None of these depend on `-l`, except that Rndcg is 0
 * for a query with no relevant document at that level.
 */
import { cMergeSort, cIntDifference } from './csort';
import { atLabel, fixedLabel, type GainPair, type MeasureDefinition, type RankedJudgments } from './types';

interface GradeGain {
  grade: number;
  gain: number;
  /** Judged documents with this grade in the qrels. */
  count: number;
}

/** The gain table: given pairs first, then each grade present in the qrels that no pair names; sorted by gain as trec_eval's qsort does. */
function gainTable(pairs: readonly GainPair[], gradeCounts: readonly number[]): GradeGain[] {
  const table: GradeGain[] = pairs.map(({ grade, gain }) => ({ grade, gain, count: 0 }));
  for (let grade = 0; grade < gradeCounts.length; grade++) {
    const entry = table.find((g) => g.grade === grade);
    if (entry) entry.count = gradeCounts[grade];
    else table.push({ grade, gain: grade, count: gradeCounts[grade] });
  }
  // trec_eval compares gains as (int)(a - b): gains less than 1 apart compare equal.
  return cMergeSort(table, (a, b) => cIntDifference(a.gain - b.gain));
}

function gainOf(table: readonly GradeGain[], grade: number): number {
  for (const g of table) if (g.grade === grade) return g.gain;
  return 0;
}

/** The ideal ranking's gains, one document at a time from the highest gain level down. */
class IdealGains {
  private level: number;
  private atLevel = 0;
  gain: number;
  constructor(private readonly table: readonly GradeGain[]) {
    this.level = table.length - 1;
    this.gain = this.level >= 0 ? table[this.level].gain : 0;
  }
  /** Moves to the next ideal document; `gain` is then its gain. */
  next(): void {
    this.atLevel++;
    while (this.level >= 0 && this.atLevel > this.table[this.level].count) {
      this.atLevel = 1;
      this.level--;
      this.gain = this.level >= 0 ? this.table[this.level].gain : 0;
    }
  }
}

const discounts: number[] = [];
/** log2(rank + 1) for a 0-based index, cached. */
export function discount(index: number): number {
  for (let i = discounts.length; i <= index; i++) discounts.push(Math.log2(i + 2));
  return discounts[index];
}

const gainMeasure = (name: string, label: string, value: (rr: RankedJudgments, table: GradeGain[]) => number): MeasureDefinition => ({
  name,
  aggregation: 'mean',
  params: 'gains',
  label: fixedLabel(label),
  compute: (rr, { names, gains }, _c, out) => void (out[names[0]] = value(rr, gainTable(gains, rr.gradeCounts))),
});

export const ndcg = gainMeasure('ndcg', 'NDCG', (rr, table) => {
  const ideal = new IdealGains(table);
  let dcg = 0;
  let idealDcg = 0;
  let i = 0;
  for (; i < rr.numRet && ideal.gain > 0; i++) {
    const gain = gainOf(table, rr.grades[i]);
    if (gain !== 0) dcg += gain / discount(i);
    ideal.next();
    if (ideal.gain > 0) idealDcg += ideal.gain / discount(i);
  }
  for (; i < rr.numRet; i++) {
    const gain = gainOf(table, rr.grades[i]);
    if (gain !== 0) dcg += gain / discount(i);
  }
  for (; ideal.gain > 0; i++) {
    ideal.next();
    if (ideal.gain > 0) idealDcg += ideal.gain / discount(i);
  }
  return idealDcg > 0 ? dcg / idealDcg : 0;
});

/** ndcg_rel: nDCG averaged over the relevant (gain > 0) documents; a document not retrieved gets the final nDCG. */
export const ndcgRel = gainMeasure('ndcg_rel', 'NDCG-rel', (rr, table) => {
  const ideal = new IdealGains(table);
  let dcg = 0;
  let idealDcg = 0;
  let sum = 0;
  let numRelRet = 0;
  let numRel = 0;
  let i = 0;
  for (; i < rr.numRet && ideal.gain > 0; i++) {
    const gain = gainOf(table, rr.grades[i]);
    if (gain !== 0) dcg += gain / discount(i);
    ideal.next();
    if (ideal.gain > 0) {
      numRel++;
      idealDcg += ideal.gain / discount(i);
    }
    if (gain > 0) {
      sum += dcg / idealDcg;
      numRelRet++;
    }
  }
  for (; i < rr.numRet; i++) {
    const gain = gainOf(table, rr.grades[i]);
    if (gain !== 0) dcg += gain / discount(i);
    if (gain > 0) {
      sum += dcg / idealDcg;
      numRelRet++;
    }
  }
  for (; ideal.gain > 0; i++) {
    ideal.next();
    if (ideal.gain > 0) {
      numRel++;
      idealDcg += ideal.gain / discount(i);
    }
  }
  sum += ((numRel - numRelRet) * dcg) / idealDcg;
  return sum > 0 ? sum / numRel : 0;
});

/** Rndcg: nDCG averaged at the ranks where the ideal gain changes (the R of each gain level), and at the end of the ranking. */
export const rNdcg = gainMeasure('Rndcg', 'R-NDCG', (rr, table) => {
  if (rr.numRel === 0) return 0;
  const ideal = new IdealGains(table);
  let previousGain = ideal.gain;
  let dcg = 0;
  let idealDcg = 0;
  let sum = 0;
  let changes = 0;
  const atChange = () => {
    if (previousGain === ideal.gain) return;
    if (idealDcg > 0) {
      sum += dcg / idealDcg;
      changes++;
    }
    previousGain = ideal.gain;
  };
  let i = 0;
  for (; i < rr.numRet && ideal.gain > 0; i++) {
    const gain = gainOf(table, rr.grades[i]);
    ideal.next();
    atChange();
    if (gain !== 0) dcg += gain / discount(i);
    if (ideal.gain > 0) idealDcg += ideal.gain / discount(i);
  }
  if (i < rr.numRet) {
    for (; i < rr.numRet; i++) {
      const gain = gainOf(table, rr.grades[i]);
      if (gain !== 0) dcg += gain / discount(i);
    }
    if (idealDcg > 0) {
      sum += dcg / idealDcg;
      changes++;
    }
  }
  for (; ideal.gain > 0; i++) {
    ideal.next();
    atChange();
    if (ideal.gain > 0) idealDcg += ideal.gain / discount(i);
  }
  return sum / changes;
});

/**
 * G (normalised gain): each document's gain over log2(2 + ideal cumulative gain − actual cumulative gain),
 * where the ideal side adds at least 1 per rank; summed and divided by the total ideal gain.
 */
export const gMeasure = gainMeasure('G', 'G', (rr, table) => {
  const MIN_COST = 1;
  const ideal = new IdealGains(table);
  let g = 0;
  let sumResults = 0;
  let sumIdeal = 0;
  let sumCost = 0;
  let i = 0;
  for (; i < rr.numRet && ideal.gain > 0; i++) {
    const gain = gainOf(table, rr.grades[i]);
    sumResults += gain;
    ideal.next();
    if (ideal.gain > 0) sumIdeal += ideal.gain;
    sumCost += ideal.gain >= MIN_COST ? ideal.gain : MIN_COST;
    if (gain !== 0) g += gain / Math.log2(2 + sumCost - sumResults);
  }
  for (; i < rr.numRet; i++) {
    const gain = gainOf(table, rr.grades[i]);
    sumResults += gain;
    sumCost += MIN_COST;
    if (gain !== 0) g += gain / Math.log2(2 + sumCost - sumResults);
  }
  while (ideal.gain > 0) {
    ideal.next();
    if (ideal.gain > 0) sumIdeal += ideal.gain;
  }
  return sumIdeal > 0 ? g / sumIdeal : 0;
});

/** ndcg_cut: DCG over the top k divided by the ideal DCG over the top k (left as DCG when that is 0); gains are the grades. */
function ndcgCut(rr: RankedJudgments, cutoffs: number[]): number[] {
  const { grades, numRet, gradeCounts } = rr;
  const values: number[] = [];
  let dcg = 0;
  let c = 0;
  for (let r = 0; r < numRet && c < cutoffs.length; r++) {
    while (c < cutoffs.length && r === cutoffs[c]) values[c++] = dcg;
    if (grades[r] > 0) dcg += grades[r] / discount(r);
  }
  for (; c < cutoffs.length; c++) values[c] = dcg;
  let ideal = 0;
  c = 0;
  let r = 0;
  for (let g = gradeCounts.length - 1; g >= 1 && c < cutoffs.length; g--) {
    for (let k = 0; k < gradeCounts[g] && c < cutoffs.length; k++, r++) {
      while (c < cutoffs.length && r === cutoffs[c]) {
        if (ideal > 0) values[c] /= ideal;
        c++;
      }
      ideal += g / discount(r);
    }
  }
  for (; c < cutoffs.length; c++) if (ideal > 0) values[c] /= ideal;
  return values;
}

export const ndcgCutMeasure: MeasureDefinition = {
  name: 'ndcg_cut',
  aggregation: 'mean',
  params: 'long',
  defaults: [5, 10, 15, 20, 30, 100, 200, 500, 1000],
  label: atLabel('NDCG'),
  compute: (rr, { names, cutoffs }, _c, out) => ndcgCut(rr, cutoffs).forEach((v, i) => (out[names[i]] = v)),
};
