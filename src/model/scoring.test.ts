import { describe, expect, it } from 'vitest';
import { formatTrecRun, parsePairsTsv, parseTokenizedRows } from './scoring';
import { encodedPairsOfRows } from './scorer';

describe('score inputs and outputs', () => {
  it('reads golden.json-style rows, defaulting types and mask; the scorer takes each row up to its padding', () => {
    const rows = parseTokenizedRows(
      {
        input_ids: [
          [101, 7, 102],
          [101, 102],
        ],
      },
      'in.json',
    );
    expect(rows.tokenTypeIds).toEqual([
      [0, 0, 0],
      [0, 0],
    ]);
    expect(encodedPairsOfRows(rows, 'in.json')).toEqual([
      { ids: [101, 7, 102], typeIds: [0, 0, 0] },
      { ids: [101, 102], typeIds: [0, 0] },
    ]);
    const padded = parseTokenizedRows({ input_ids: [[101, 5, 102, 0]], token_type_ids: [[0, 0, 1, 0]], attention_mask: [[1, 1, 1, 0]] }, 'in.json');
    expect(encodedPairsOfRows(padded, 'in.json')).toEqual([{ ids: [101, 5, 102], typeIds: [0, 0, 1] }]);
    const leftPadded = parseTokenizedRows({ input_ids: [[0, 101, 102]], attention_mask: [[0, 1, 1]] }, 'in.json');
    expect(() => encodedPairsOfRows(leftPadded, 'in.json')).toThrow('in.json: attention_mask[0] has a 1 after a 0; rows must be padded on the right');
  });

  it.each([
    [{}, /in\.json: field 'input_ids' is missing/],
    [
      {
        input_ids: [[1, 2], [3]],
        attention_mask: [
          [1, 1],
          [1, 1],
        ],
      },
      /attention_mask\[1\] has 2 values, input_ids\[1\] has 1/,
    ],
    [{ input_ids: [[1, 2.5]] }, /input_ids\[0\]\[1\] is 2\.5/],
    [
      {
        input_ids: [[1, 2]],
        token_type_ids: [
          [0, 0],
          [0, 0],
        ],
      },
      /token_type_ids' has 2 rows, input_ids has 1/,
    ],
    [{ input_ids: [[1, 2]], attention_mask: [[1, 3]] }, /attention_mask\[0\]\[1\] is 3/],
  ])('rejects %j naming the field', (json, message) => {
    expect(() => parseTokenizedRows(json, 'in.json')).toThrow(message);
  });

  it('parses a pairs TSV and writes a TREC run sorted by score per query', () => {
    const pairs = parsePairsTsv('q1\td1\twhat is x\tx is y\nq1\td2\twhat is x\tno\n\nq2\td1\tz\tzz\n', 'p.tsv');
    expect(pairs).toHaveLength(3);
    expect(formatTrecRun(pairs, [0.5, 2, -1], 'rl')).toBe('q1 Q0 d2 1 2 rl\nq1 Q0 d1 2 0.5 rl\nq2 Q0 d1 1 -1 rl\n');
    expect(() => parsePairsTsv('q1\td1\tonly three', 'p.tsv')).toThrow(/p\.tsv:1: expected 4 tab-separated fields/);
    expect(() => parsePairsTsv('q1\td1\ta\tb\nq1\td1\ta\tb', 'p.tsv')).toThrow(/p\.tsv:2: pair \(q1, d1\) appears twice/);
  });
});
