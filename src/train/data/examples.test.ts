/** Example parsing from the real MS MARCO samples in fixtures/data/msmarco and from malformed lines. */
import { describe, expect, it } from 'vitest';
import { readSharedBytes } from '../../testing/shared';
import { DataFormatError, detectLayout, groupToTriples, parseExampleLine } from './examples';
import { TrainingStream } from './stream';
import type { TrainingExample } from './examples';
import { chunkedSource } from '../../testing/streams';

async function all(stream: TrainingStream): Promise<TrainingExample[]> {
  const out: TrainingExample[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

describe('real samples', () => {
  it('reads the 100 SPLADE/MS MARCO triples as triples', async () => {
    const bytes = readSharedBytes('data/msmarco/splade_toy.triples.train.small.head100.tsv');
    const examples = await all(new TrainingStream(chunkedSource(bytes, 'head100.tsv', 777)));
    expect(examples.length).toBe(100);
    expect(examples.every((e) => e.kind === 'triple')).toBe(true);
    const first = examples[0] as Extract<TrainingExample, { kind: 'triple' }>;
    expect(first.query).toBe('is a little caffeine ok during pregnancy');
    // MS MARCO's mojibake is kept byte for byte (â\u0080\u0099 where ’ was meant)
    expect(first.positive.startsWith('We don\u00e2\u0080\u0099t know a lot about the effects of caffeine')).toBe(true);
    expect(new Set(examples.map((e) => e.query)).size).toBe(100);
  });

  it('reads FlagEmbedding {query, pos, neg} JSONL as groups (1 positive, 25 hard negatives each)', async () => {
    const bytes = readSharedBytes('data/msmarco/flagembedding.msmarco.hardneg.10q.jsonl');
    const examples = await all(new TrainingStream(chunkedSource(bytes, 'msmarco.jsonl', 1000)));
    expect(examples.length).toBe(10);
    for (const e of examples) {
      expect(e.kind).toBe('group');
      if (e.kind !== 'group') continue;
      expect(e.positives.length).toBe(1);
      expect(e.negatives.length).toBe(25);
    }
    expect(examples[2]!.query).toBe('what color is amber urine');
    const g = examples[2] as Extract<TrainingExample, { kind: 'group' }>;
    const triples = groupToTriples(g);
    expect(triples.length).toBe(25);
    expect(triples[3]).toEqual({ kind: 'triple', query: g.query, positive: g.positives[0], negative: g.negatives[3] });
  });
});

describe('layouts', () => {
  it('detects JSONL by a leading brace and TSV pairs by a numeric third column', () => {
    expect(detectLayout('{"query": "q"}')).toEqual({ format: 'jsonl', tsvKind: 'triples' });
    expect(detectLayout('q\tp\t1')).toEqual({ format: 'tsv', tsvKind: 'pairs' });
    expect(detectLayout('q\tp\t0.25')).toEqual({ format: 'tsv', tsvKind: 'pairs' });
    expect(detectLayout('q\tp\tn')).toEqual({ format: 'tsv', tsvKind: 'triples' });
    expect(detectLayout('q\tp\t1', 'auto', 'triples')).toEqual({ format: 'tsv', tsvKind: 'triples' });
  });

  it('parses each JSONL form', () => {
    const jsonl = detectLayout('{');
    expect(parseExampleLine('{"query":"q","positive":"p","negative":"n"}', 1, jsonl, 's')).toEqual({
      kind: 'triple',
      query: 'q',
      positive: 'p',
      negative: 'n',
    });
    expect(parseExampleLine('{"query":"q","passage":"p","label":1}', 1, jsonl, 's')).toEqual({ kind: 'pair', query: 'q', passage: 'p', label: 1 });
    expect(parseExampleLine('{"query":"q","passage":"p","label":"0"}', 1, jsonl, 's')).toEqual({ kind: 'pair', query: 'q', passage: 'p', label: 0 });
    expect(parseExampleLine('   ', 1, jsonl, 's')).toBeNull();
  });

  it('labelled pairs from TSV', async () => {
    const tsv = new TextEncoder().encode('q1\tpassage one\t1\nq1\tpassage two\t0\n\nq2\tp3\t0.5\n');
    const examples = await all(new TrainingStream(chunkedSource(tsv, 'pairs.tsv', 5)));
    expect(examples).toEqual([
      { kind: 'pair', query: 'q1', passage: 'passage one', label: 1 },
      { kind: 'pair', query: 'q1', passage: 'passage two', label: 0 },
      { kind: 'pair', query: 'q2', passage: 'p3', label: 0.5 },
    ]);
  });
});

describe('malformed lines name the source and line', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['q\tp\tn\nq\tonly two\n', 'a.tsv', /^a\.tsv:2: expected 3 tab-separated columns \(query<TAB>positive<TAB>negative\), found 2$/],
    ['q\tp\t1\n\nq\tp\tyes\n', 'b.tsv', /^b\.tsv:3: label "yes" is not a number$/],
    ['{"query":"q","positive":"p","negative":"n"}\n{"query":"q","positive":"p"\n', 'c.jsonl', /^c\.jsonl:2: not valid JSON/],
    ['{"query":"q","positive":"p","negative":7}\n', 'd.jsonl', /^d\.jsonl:1: field "negative" must be a string \(found number\)$/],
    ['{"query":"q","pos":"p","neg":[]}\n', 'e.jsonl', /^e\.jsonl:1: field "pos" must be an array of strings/],
    ['{"query":"q","text":"p"}\n', 'f.jsonl', /^f\.jsonl:1: expected \{query, positive, negative\}/],
    ['{"query":"q","passage":"p","label":null}\n', 'g.jsonl', /^g\.jsonl:1: field "label" must be a number \(found null\)$/],
  ];
  it.each(cases)('%j', async (text, name, message) => {
    const error = await all(new TrainingStream(chunkedSource(new TextEncoder().encode(text), name, 3))).catch((e) => e);
    expect(error).toBeInstanceOf(DataFormatError);
    expect(error.message).toMatch(message);
  });

  it('an empty file is an error, not an empty epoch', async () => {
    await expect(all(new TrainingStream(chunkedSource(new TextEncoder().encode('\n \n'), 'empty.tsv')))).rejects.toThrow(/empty\.tsv: no examples/);
  });
});
