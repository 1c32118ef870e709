// trec_eval's -Z: the Zmean file's rules and the conversion's corner cases, read from get_zscores.c and
// convert_zscores.c (the whole path is checked against trec_eval's own out.test.aqZ in conformance.test.ts).
import { describe, expect, it } from 'vitest';
import { convertToZscores, formatFixed, MISSING_ZSCORE, parseZscores, TrecParseError } from './index';

describe('parseZscores', () => {
  it('reads qid, measure, mean, std_dev (nan and inf as C reads them), sorted by qid then measure', () => {
    const z = parseZscores(['2 map 0.5 0.1', '10 P_5 nan -inf', '', '10 map\t-0.25  2'], 'z.txt');
    expect(z.entries.map((e) => [e.qid, e.measure])).toEqual([
      ['10', 'P_5'],
      ['10', 'map'],
      ['2', 'map'],
    ]);
    expect(z.queries).toEqual([
      { qid: '10', start: 0, count: 2 },
      { qid: '2', start: 2, count: 1 },
    ]);
    expect(formatFixed(z.entries[0].mean, 4)).toBe('nan');
    expect(z.entries[0].stddev).toBe(-Infinity);
    expect(formatFixed(parseZscores('q m -nan 1', 'z').entries[0].mean, 4)).toBe('-nan');
  });

  it.each([
    ['q1 map 0.5', 'z.txt:1: expected 4 columns (qid measure_name mean std_dev), found 3'],
    ['q1 map 0.5 0.1 x', 'z.txt:1: expected 4 columns (qid measure_name mean std_dev), found 5'],
    ['q1 map 0.5 0.1\nq1 map x 0.1', "z.txt:2: mean 'x' is not a number"],
    ['q1 map 0.5 0.1x', "z.txt:1: std_dev '0.1x' is not a number"],
    ['q1 map 0.5 0.1\nq1 map 0.5 0.1', "z.txt:2: duplicate line for query 'q1' and measure 'map'"],
    ['\n\n', 'z.txt:2: empty file: no z-score lines'],
  ])('rejects %j', (text, message) => {
    expect(() => parseZscores(text, 'z.txt')).toThrow(TrecParseError);
    expect(() => parseZscores(text, 'z.txt')).toThrow(message);
  });
});

describe('convertToZscores', () => {
  it('standardises by mean and std_dev; a missing query or measure, or std_dev 0 off the mean, gives -1000000', () => {
    const z = parseZscores(['q1 map 0.5 0.25', 'q1 num_rel 10 0', 'q1 P_5 0.2 0'], 'z');
    const values = { map: 1, num_rel: 10, P_5: 0.4, recall_5: 0.3 };
    convertToZscores(z, 'q1', values);
    expect(values).toEqual({ map: 2, num_rel: 0, P_5: MISSING_ZSCORE, recall_5: MISSING_ZSCORE });
    const other = { map: 1 };
    convertToZscores(z, 'q2', other);
    expect(other).toEqual({ map: MISSING_ZSCORE });
  });

  it("reproduces trec_eval's search one past a query's entries: a name after all of them meets the next query's first", () => {
    // q1 has only `map`; `ndcg` sorts after it, so the search reads the next entry, q2's `ndcg`, and uses it.
    const z = parseZscores(['q1 map 0 1', 'q2 ndcg 0.5 0.5'], 'z');
    const values = { ndcg: 1 };
    convertToZscores(z, 'q1', values);
    expect(values.ndcg).toBe(1);
    // Past the last entry nothing matches.
    const last = { zzz: 1 };
    convertToZscores(z, 'q2', last);
    expect(last.zzz).toBe(MISSING_ZSCORE);
  });
});
