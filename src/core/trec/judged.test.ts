import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import { measureLabel } from './measures/names';
import { JUDGED_DEFINITION, judgedCutoff, judgedLabel } from './judged';
import { MEASURES, NICKNAMES, NOT_IN_POOL, POOLED_UNJUDGED, type RankedJudgments } from './measures';

function judgedAt(grades: number[], k: number): number {
  const rr: RankedJudgments = {
    grades: Int32Array.from(grades),
    numRet: grades.length,
    numRel: 0,
    numRelRet: 0,
    numNonpool: 0,
    numUnjudgedInPool: 0,
    gradeCounts: [],
  };
  const out: Record<string, number> = {};
  JUDGED_DEFINITION.compute!(
    rr,
    { definition: JUDGED_DEFINITION, cutoffs: [k], floats: [], gains: [], names: [`judged_${k}`] },
    { level: 2, numDocsInCollection: 0 },
    out,
  );
  return out[`judged_${k}`];
}

describe('judged@k', () => {
  it('counts judged documents (any grade ≥ 0) in the top k, over k', () => {
    expect(judgedAt([3, 0, NOT_IN_POOL, 1, POOLED_UNJUDGED, 0], 5)).toBe(3 / 5);
    expect(judgedAt([0, 0], 10)).toBe(2 / 10);
    expect(judgedAt([NOT_IN_POOL, NOT_IN_POOL], 1)).toBe(0);
  });
  it("is trec_eval's P_k at relevance level 0 (the same qrels and ranking through evaluate())", () => {
    const qrels = { q1: { d1: 0, d2: 2, d3: 1, d5: -1 }, q2: { d4: 0 } };
    const run = {
      q1: ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'].map((docno, i) => ({ docno, score: 10 - i })),
      q2: ['d9', 'd4'].map((docno, i) => ({ docno, score: 10 - i })),
    };
    const p = evaluate(qrels, run, { measures: ['P.5'], relevanceLevel: 0 }).perQuery;
    expect(p.q1.P_5).toBe(judgedAt([0, 2, 1, NOT_IN_POOL, POOLED_UNJUDGED, NOT_IN_POOL], 5));
    expect(p.q2.P_5).toBe(judgedAt([NOT_IN_POOL, 0], 5));
  });
  it('is a row of the registry, outside all_trec', () => {
    expect(MEASURES).toContain(JUDGED_DEFINITION);
    expect(NICKNAMES.all_trec).not.toContain('judged');
    expect(evaluate({ q: { d1: 0 } }, { q: [{ docno: 'd1', score: 1 }] }, { measures: ['judged.10'] }).perQuery.q.judged_10).toBe(0.1);
    // and experiments name it as they name the others
    expect(measureLabel('judged_10')).toBe('judged@10');
  });
  it('names: judged_<k> ↔ judged@k', () => {
    expect(judgedCutoff('judged_10')).toBe(10);
    expect(['judged', 'judged_0', 'judged_010', 'judged_x'].map(judgedCutoff)).toEqual([null, null, null, null]);
    expect(judgedLabel(10)).toBe('judged@10');
  });
});
