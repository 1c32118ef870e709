/**
 * Counts and unranked (set) measures: they see the retrieved set, not its order (m_num_*.c, m_set_*.c,
 * m_utility.c), plus relstring, which prints the grades of the top documents.
 */
import { fixedLabel, NOT_IN_POOL, POOLED_UNJUDGED, type MeasureDefinition } from './types';

const counter = (name: string, label: string, value: MeasureDefinition['compute']): MeasureDefinition => ({
  name,
  aggregation: 'sum',
  label: fixedLabel(label),
  compute: value,
});

export const runid: MeasureDefinition = { name: 'runid', aggregation: 'runid', label: fixedLabel('run id') };
export const numQ: MeasureDefinition = {
  name: 'num_q',
  aggregation: 'count',
  label: fixedLabel('queries'),
  compute: (_rr, _m, _c, out) => void (out.num_q = 1),
};
export const numRet = counter('num_ret', 'retrieved', (rr, _m, _c, out) => void (out.num_ret = rr.numRet));
export const numRel = counter('num_rel', 'relevant', (rr, _m, _c, out) => void (out.num_rel = rr.numRel));
export const numRelRet = counter('num_rel_ret', 'relevant retrieved', (rr, _m, _c, out) => void (out.num_rel_ret = rr.numRelRet));
export const numNonrelJudgedRet = counter(
  'num_nonrel_judged_ret',
  'judged non-relevant retrieved',
  (rr, _m, _c, out) => void (out.num_nonrel_judged_ret = rr.numRet - rr.numNonpool - rr.numUnjudgedInPool - rr.numRelRet),
);

const setMeasure = (name: string, label: string, value: (numRet: number, numRel: number, numRelRet: number) => number): MeasureDefinition => ({
  name,
  aggregation: 'mean',
  label: fixedLabel(label),
  compute: (rr, _m, _c, out) => void (out[name] = value(rr.numRet, rr.numRel, rr.numRelRet)),
});

export const setP = setMeasure('set_P', 'set P', (ret, _rel, relRet) => (ret ? relRet / ret : 0));
export const setRelativeP = setMeasure('set_relative_P', 'set relative P', (ret, rel, relRet) => (ret && rel ? relRet / Math.min(ret, rel) : 0));
export const setRecall = setMeasure('set_recall', 'set recall', (_ret, rel, relRet) => (rel ? relRet / rel : 0));
export const setMap = setMeasure('set_map', 'set MAP', (ret, rel, relRet) => (ret && rel ? (relRet * relRet) / (ret * rel) : 0));

/** set_F.x: (x+1)·P·R / (x·P + R); x (default 1) weighs recall against precision. */
export const setF: MeasureDefinition = {
  name: 'set_F',
  aggregation: 'mean',
  params: 'floats',
  defaults: [1],
  label: fixedLabel('set F'),
  compute: (rr, { names, floats }, _c, out) => {
    if (!rr.numRelRet) return void (out[names[0]] = 0);
    const p = rr.numRelRet / rr.numRet;
    const r = rr.numRelRet / rr.numRel;
    const x = floats[0];
    out[names[0]] = ((x + 1) * p * r) / (x * p + r);
  },
};

/**
 * utility.p1,p2,p3,p4 = p1·(relevant retrieved) + p2·(non-relevant retrieved) + p3·(relevant missed) +
 * p4·(non-relevant missed), the last counted against `-N` documents in the collection. Exactly 4 coefficients.
 */
export const utility: MeasureDefinition = {
  name: 'utility',
  aggregation: 'mean',
  params: 'floats',
  defaults: [1, -1, 0, 0],
  label: fixedLabel('utility'),
  compute: (rr, { names, floats }, { numDocsInCollection }, out) => {
    const [p1, p2, p3, p4] = floats;
    const { numRet, numRel, numRelRet } = rr;
    out[names[0]] = p1 * numRelRet + p2 * (numRet - numRelRet) + p3 * (numRel - numRelRet) + p4 * (numDocsInCollection + numRelRet - numRet - numRel);
  },
};

/** relstring.N: one character per top-N document: its grade 0-9, '>' above 9, '-' not in the pool, '.' pooled unjudged, '<' other negatives. */
export const relstring: MeasureDefinition = {
  name: 'relstring',
  aggregation: 'text',
  params: 'floats',
  defaults: [10],
  label: fixedLabel('relevance string'),
  computeText: (rr, { floats }) => {
    const length = Math.max(0, Math.min(Math.trunc(floats[0]), rr.numRet));
    let text = '';
    for (let i = 0; i < length; i++) {
      const g = rr.grades[i];
      text += g > 9 ? '>' : g >= 0 ? String(g) : g === NOT_IN_POOL ? '-' : g === POOLED_UNJUDGED ? '.' : '<';
    }
    return text;
  },
};
