// The measure registry: experiment measure names resolve (or fail listing what is supported), and the
// evaluate() passes built from them give the values trec_eval's own measures and MS MARCO's MRR@10 give.
import { describe, expect, it } from 'vitest';
import { readShared } from '../../testing/shared';
import {
  evaluate,
  formatFixed,
  summarize,
  measureLabel,
  measurePasses,
  mrrAt10,
  MEASURES,
  MeasureSpecError,
  parseMeasureName,
  parseQrels,
  parseRun,
} from './index';

describe('parseMeasureName', () => {
  it('resolves printed names of every kind', () => {
    expect(parseMeasureName('map')).toMatchObject({ computedAs: 'map', label: 'MAP' });
    expect(parseMeasureName('ndcg_cut_10')).toMatchObject({ cutoff: '10', computedAs: 'ndcg_cut_10', label: 'NDCG@10' });
    expect(parseMeasureName('map_cut_10')).toMatchObject({ cutoff: '10', label: 'MAP@10' });
    expect(parseMeasureName('recall_100').label).toBe('R@100');
    expect(parseMeasureName('iprec_at_recall_0.10')).toMatchObject({ cutoff: '0.10', label: 'iP@0.10' });
    expect(parseMeasureName('mrr_cut_10')).toMatchObject({ depth: 10, computedAs: 'recip_rank', label: 'MRR@10' });
  });

  it('knows every trec_eval measure with a number per query by its printed name (parameter lists at their defaults)', () => {
    for (const name of [
      'infAP',
      'gm_bpref',
      'utility',
      '11pt_avg',
      'binG',
      'G',
      'ndcg_rel',
      'Rndcg',
      'set_P',
      'set_relative_P',
      'set_recall',
      'set_map',
      'set_F',
      'num_nonrel_judged_ret',
      'yaap',
    ]) {
      expect(parseMeasureName(name)).toMatchObject({ name, computedAs: name });
    }
    expect(parseMeasureName('Rprec_mult_0.20')).toMatchObject({ cutoff: '0.20', label: 'R-prec×0.20' });
    expect(parseMeasureName('Rprec_mult_2.00').label).toBe('R-prec×2.00');
    expect(parseMeasureName('relative_P_5').label).toBe('relative P@5');
    expect(parseMeasureName('ndcg').label).toBe('NDCG');
  });

  it.each(['bogus_measure', 'ndcg_cut', 'ndcg_cut_010', 'P_0', 'P_ten', 'iprec_at_recall_0.1', 'runid', 'relstring', 'utility_2,-1,0,0', 'mrr_cut_', 'MAP'])(
    'rejects %s, listing what is supported',
    (name) => {
      expect(() => parseMeasureName(name)).toThrow(MeasureSpecError);
      expect(() => parseMeasureName(name)).toThrow(/supported: num_q, .*map_cut_<k>.*mrr_cut_<k>/);
    },
  );

  it('every registry entry with a value has a label and a compute function', () => {
    for (const m of MEASURES.filter((x) => x.name !== 'runid')) {
      expect(m.compute ?? m.computeText, m.name).toBeTypeOf('function');
      expect(m.label(m.params === 'long' || m.params === 'float' ? '10' : undefined)).toMatch(/\S/);
    }
    expect(measureLabel('not_a_measure')).toBe('not_a_measure');
  });
});

describe('measurePasses', () => {
  const qrels = parseQrels(['1 0 a 2', '1 0 b 1', '1 0 c 0', '2 0 d 3', '2 0 e 2', '3 0 f 2'].join('\n'), 'q');
  const lines = ['1 Q0 c 1 9 r', '1 Q0 b 2 8 r', '1 Q0 a 3 7 r', ...Array.from({ length: 12 }, (_, i) => `2 Q0 x${i} ${i + 1} ${50 - i} r`), '2 Q0 e 13 1 r'];
  const run = parseRun(lines.join('\n'), 'r');

  it('joins cutoffs of one measure (trec_eval keeps only the first -m of a measure) and evaluates depth measures apart', () => {
    const passes = measurePasses(['P_5', 'ndcg_cut_10', 'P_10', 'mrr_cut_10', 'map']);
    expect(passes).toEqual([
      { specs: ['P.5,10', 'ndcg_cut.10', 'map'], outputs: expect.any(Array) },
      { depth: 10, specs: ['recip_rank'], outputs: [{ name: 'mrr_cut_10', computedAs: 'recip_rank' }] },
    ]);
    const full = evaluate(qrels, run, { measures: ['P.5,10', 'ndcg_cut.10', 'map'], relevanceLevel: 2, averageOverQrels: true });
    expect(full.perQuery['1'].P_5).toBe(1 / 5);
    expect(full.perQuery['1'].P_10).toBe(1 / 10);
    // MRR@10 is recip_rank over the top 10: query 2's relevant document sits at rank 13.
    const mrr = mrrAt10(qrels, run, 2);
    const atDepth = evaluate(qrels, run, { measures: passes[1].specs, depth: 10, relevanceLevel: 2, averageOverQrels: true });
    expect(atDepth.perQuery['2'].recip_rank).toBe(0);
    expect(mrr.perQuery).toEqual(Object.fromEntries(Object.entries(atDepth.perQuery).map(([q, v]) => [q, v.recip_rank])));
  });
});

describe('experiment names of the newer measures', () => {
  it("measurePasses + summarize give trec_eval's summary line (DL19 BM25, -c -l 2)", () => {
    const qrels = parseQrels(readShared('data', 'trec-dl', 'qrels.dl19-passage.txt'), 'q');
    const run = parseRun(readShared('data', 'trec-dl', 'rank_llm.bm25.trec_results_dl19.txt'), 'r');
    const expected = readShared('data', 'trec_eval_expected', 'dl19.bm25.top100.c.q.l2.all_trec.txt');
    const names = ['gm_bpref', 'infAP', 'utility', '11pt_avg', 'Rprec_mult_0.20', 'relative_P_10', 'ndcg_rel', 'Rndcg', 'G', 'set_F', 'num_nonrel_judged_ret'];
    const perQuery: Record<string, Record<string, number>> = {};
    for (const pass of measurePasses(names)) {
      const result = evaluate(qrels, run, { measures: pass.specs, relevanceLevel: 2, averageOverQrels: true });
      for (const [qid, values] of Object.entries(result.perQuery)) for (const o of pass.outputs) (perQuery[qid] ??= {})[o.name] = values[o.computedAs];
    }
    const all = summarize(perQuery);
    for (const name of names) {
      const line = expected.split('\n').find((l) => l.startsWith(`${name.padEnd(22)}\tall\t`));
      const value = name === 'num_nonrel_judged_ret' ? String(all[name]) : formatFixed(all[name], 4);
      expect(`${name.padEnd(22)}\tall\t${value}`, name).toBe(line);
    }
  });
});
