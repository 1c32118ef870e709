import { describe, expect, it } from 'vitest';
import { readShared } from '../../testing/shared';
import { DEFAULT_NAN, signedNaN, x86 } from './nan';
import { evaluate, formatFixed, formatFixedWidth, mrrAt10, parseQrels, parseRun, selectMeasures, strcmp, summarize, MeasureSpecError } from './index';

describe('printing like C printf', () => {
  it('rounds exact binary halves to even, as glibc does (toFixed would round them up)', () => {
    expect(formatFixed(0.03125, 4)).toBe('0.0312'); // out.test prints iprec_at_recall_0.80 all 0.0312
    expect(formatFixed(0.09375, 4)).toBe('0.0938');
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect(formatFixed(-0.03125, 4)).toBe('-0.0312');
    expect(formatFixed(0.1, 4)).toBe('0.1000');
    expect(formatFixed(2 / 3, 4)).toBe('0.6667');
  });

  it("prints zero's sign, infinities and NaN as glibc does, NaN signs as x86-64 makes them", () => {
    expect(formatFixed(-0, 4)).toBe('-0.0000');
    expect(formatFixedWidth(Infinity, 6, 4)).toBe('   inf');
    expect(formatFixedWidth(-Infinity, 6, 4)).toBe('  -inf');
    expect(formatFixedWidth(DEFAULT_NAN, 6, 4)).toBe('  -nan');
    expect(formatFixedWidth(signedNaN(false), 6, 4)).toBe('   nan');
    // x86-64: a NaN made from numbers is the default NaN; one operated on keeps its sign (the first operand's).
    expect(formatFixed(x86(0 / 0, 0, 0), 4)).toBe('-nan');
    expect(formatFixed(x86(1 - signedNaN(false), 1, signedNaN(false)), 4)).toBe('nan');
    expect(formatFixed(x86(DEFAULT_NAN + signedNaN(false), DEFAULT_NAN, signedNaN(false)), 4)).toBe('-nan');
  });
});

describe('strcmp order', () => {
  it('orders by bytes: digits by character, code points above U+FFFF after U+E000–FFFF', () => {
    expect(['19335', '1037798', '2', '10'].sort(strcmp)).toEqual(['10', '1037798', '19335', '2']);
    expect(strcmp('\u{1F600}', '\uFFFD')).toBeGreaterThan(0);
    expect(strcmp('a', 'ab')).toBeLessThan(0);
  });
});

describe('measure specs', () => {
  it('sorts cutoffs, reads them like atol, and keeps trec_eval print order', () => {
    const names = selectMeasures(['ndcg_cut.10,20,23.4', 'P.5,7,3', 'map']).flatMap((m) => m.names);
    expect(names).toEqual(['map', 'P_3', 'P_5', 'P_7', 'ndcg_cut_10', 'ndcg_cut_20', 'ndcg_cut_23']);
  });
  it('rejects unknown measures (listing what is supported), duplicate and non-positive cutoffs, malformed parameters', () => {
    expect(() => selectMeasures(['bogus'])).toThrow(MeasureSpecError);
    expect(() => selectMeasures(['toString'])).toThrow(MeasureSpecError);
    expect(() => selectMeasures(['bogus'])).toThrow(
      /unknown or unsupported measure 'bogus' \(supported: runid, num_q, .*infAP, .*yaap, judged, official, set, all_trec\)/,
    );
    expect(() => selectMeasures(['prefs_simp'])).toThrow(/needs trec_eval's preference or judgment-group input/);
    expect(() => selectMeasures(['P.5,5'])).toThrow('duplicate cutoffs');
    expect(() => selectMeasures(['Rprec_mult.0.5,.5'])).toThrow('duplicate cutoffs');
    expect(() => selectMeasures(['P.0'])).toThrow('positive');
    expect(() => selectMeasures(['P.'])).toThrow('empty parameter list');
    expect(() => selectMeasures(['utility.1,-1'])).toThrow('needs 4 coefficients');
    expect(() => selectMeasures(['ndcg.1=2,3'])).toThrow('malformed gain parameters');
    expect(() => selectMeasures(['G.1=2=3'])).toThrow('malformed gain parameters');
    expect(() => selectMeasures(['map.5'])).toThrow('takes no parameters');
  });

  it('names parameterised measures as trec_eval prints them', () => {
    const names = (spec: string) => selectMeasures([spec]).flatMap((m) => m.names);
    expect(names('set')).toEqual([
      'runid',
      'num_q',
      'num_ret',
      'num_rel',
      'num_rel_ret',
      'utility',
      'set_P',
      'set_relative_P',
      'set_recall',
      'set_map',
      'set_F',
    ]);
    // out.test.a's 94 summary lines, and relstring (per query only).
    expect(names('all_trec')).toHaveLength(95);
    expect(names('Rprec_mult.2,-0.5')).toEqual(['Rprec_mult_-0.50', 'Rprec_mult_2.00']);
    // `%s_%3.2f` into strlen(name) + 10 bytes: a long cutoff is cut short, as trec_eval prints it.
    expect(names('Rprec_mult.1234567')).toEqual(['Rprec_mult_1234567.']);
    expect(names('set_F.0.5')).toEqual(['set_F_0.5']);
    expect(names('relstring.20')).toEqual(['relstring_20']);
    expect(names('G.2=0.5')).toEqual(['G_2=0.5']);
  });
});

describe('trec_eval rules on a hand-made case', () => {
  const qrels = parseQrels(['a 0 d1 2', 'a 0 d2 0', 'a 0 d3 1', 'b 0 x 1', 'c 0 y 0'], 'q');

  it('ranks by float32 score, ties by docno descending, ignoring the rank column', () => {
    // 0.1 + 1e-9 and 0.1 are the same float32, so they tie and d3 > d1 ranks first (in doubles d1 would).
    const run = parseRun(['a Q0 d1 1 0.100000001 t', 'a Q0 d3 2 0.1 t', 'a Q0 d2 3 0.5 t'], 'r');
    const r = evaluate(qrels, run, { measures: ['recip_rank', 'P.1,2'], relevanceLevel: 2 });
    expect(r.perQuery.a).toEqual({ recip_rank: 1 / 3, P_1: 0, P_2: 0 });
  });

  it('averages over queries in both files, or with -c over every qrels query with zeros', () => {
    const run = parseRun(['a Q0 d1 1 3 t', 'z Q0 d1 1 3 t'], 'r');
    const plain = evaluate(qrels, run, { measures: ['num_q', 'map'] });
    expect(plain.all).toEqual({ num_q: 1, map: 0.5 });
    const complete = evaluate(qrels, run, { measures: ['num_q', 'map', 'num_rel'], averageOverQrels: true });
    expect(complete.missingQueries).toEqual(['b', 'c']);
    expect(complete.all.num_q).toBe(3);
    expect(complete.all.map).toBeCloseTo(0.5 / 3, 15);
    expect(complete.perQuery.b).toEqual({ num_q: 1, map: 0, num_rel: 1 });
  });

  it('keeps trec_eval -c quirk: summary num_rel counts grades > 0 whatever -l is', () => {
    const run = parseRun(['a Q0 d1 1 3 t'], 'r');
    const r = evaluate(qrels, run, { measures: ['num_rel'], averageOverQrels: true, relevanceLevel: 2 });
    expect(r.perQuery.a.num_rel).toBe(1);
    expect(r.all.num_rel).toBe(3);
  });
});

describe('summarize recomputes the summary from per-query values', () => {
  it('equals trec_eval summary values on DL19 BM25 (-c -l 2)', () => {
    const qrels = parseQrels(readShared('data', 'trec-dl', 'qrels.dl19-passage.txt'), 'q');
    const run = parseRun(readShared('data', 'trec-dl', 'rank_llm.bm25.trec_results_dl19.txt'), 'r');
    const r = evaluate(qrels, run, { measures: ['all_trec'], relevanceLevel: 2, averageOverQrels: true });
    const recomputed = summarize(r.perQuery);
    for (const name of r.measures) {
      if (name === 'num_rel') continue; // the -c quirk above
      expect(recomputed[name], name).toBe(r.all[name]);
    }
    expect(formatFixed(recomputed.map, 4)).toBe('0.2476'); // trec_eval -c -l 2 -m map (summary file)
  });
});

describe('MS MARCO MRR@10', () => {
  it('equals trec_eval -c -l 2 -M 10 -m recip_rank on DL19/DL20 (0.7024, 0.6533 for BM25)', () => {
    for (const [year, expected] of [
      ['19', '0.7024'],
      ['20', '0.6533'],
    ]) {
      const qrels = parseQrels(readShared('data', 'trec-dl', `qrels.dl${year}-passage.txt`), 'q');
      const run = parseRun(readShared('data', 'trec-dl', `rank_llm.bm25.trec_results_dl${year}.txt`), 'r');
      expect(formatFixed(mrrAt10(qrels, run, 2).mean, 4)).toBe(expected);
    }
  });

  it('scores 0 past rank 10 and for qrels queries without results, and divides by the qrels query count', () => {
    const qrels = parseQrels(['q1 0 d11 1', 'q2 0 d1 1', 'q3 0 d2 1'], 'q');
    const lines = Array.from({ length: 11 }, (_, i) => `q1 Q0 d${i + 1} ${i + 1} ${100 - i} t`);
    lines.push('q2 Q0 d9 1 5 t', 'q2 Q0 d1 2 4 t', 'q9 Q0 d1 1 1 t');
    const { perQuery, mean } = mrrAt10(qrels, parseRun(lines, 'r'), 1);
    expect(perQuery).toEqual({ q1: 0, q2: 0.5, q3: 0 });
    expect(mean).toBe(0.5 / 3);
  });
});

describe('gains (ndcg, ndcg_rel, Rndcg, G)', () => {
  const qrels = parseQrels(['a 0 d1 1', 'a 0 d2 2', 'a 0 d3 0', 'a 0 d4 3'], 'q');
  const run = parseRun(['a Q0 d1 1 4 t', 'a Q0 d2 2 3 t', 'a Q0 d9 3 2 t', 'a Q0 d4 4 1 t'], 'r');
  const dcg = (gains: number[]) => gains.reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);

  it('ndcg uses the grade as gain unless grade=gain pairs override it', () => {
    expect(evaluate(qrels, run, { measures: ['ndcg'] }).all.ndcg).toBeCloseTo(dcg([1, 2, 0, 3]) / dcg([3, 2, 1]), 15);
    const r = evaluate(qrels, run, { measures: ['ndcg.1=10,3=0'] });
    // Level 3 now gains nothing: the ideal ranking is 10 (d1), 2 (d2).
    expect(r.all['ndcg_1=10,3=0']).toBeCloseTo(dcg([10, 2, 0, 0]) / dcg([10, 2]), 15);
  });

  it('sorts gains with (int)(a - b): gains less than 1 apart keep their order, as glibc qsort leaves them', () => {
    // The gain table [grade 1: 2.5, grade 0: 0, grade 2: 2, grade 3: 3] merge-sorts to [0, 2.5, 2, 3] (2.5 and 2
    // compare equal), and the ideal ranking reads it from the top: 3, 2, 2.5, not 3, 2.5, 2.
    const r = evaluate(qrels, run, { measures: ['ndcg.1=2.5'] });
    expect(r.all['ndcg_1=2.5']).toBeCloseTo(dcg([2.5, 2, 0, 3]) / dcg([3, 2, 2.5]), 15);
  });
});

describe('API input trec_eval files cannot express', () => {
  const qrels = parseQrels(['a 0 d1 1', 'b 0 d1 1'], 'q');
  it('skips queries with empty rankings, as if absent from the run', () => {
    const r = evaluate(qrels, { a: [{ docno: 'd1', score: 1 }], b: [] }, { measures: ['num_q', 'map'] });
    expect(r.queries).toEqual(['a']);
    expect(r.all).toEqual({ num_q: 1, map: 1 });
  });
  it('rejects NaN scores', () => {
    expect(() => evaluate(qrels, { a: [{ docno: 'd1', score: Number.NaN }] })).toThrow("score of document 'd1' is NaN");
  });
});
