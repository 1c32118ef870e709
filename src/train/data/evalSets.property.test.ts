/**
 * Property-based tests of the evaluation-set loaders: candidates written as rank_llm JSON or as TSV load back
 * (cut to the depth, in first-stage order), gzip or not; random or mutated files load or fail with an error
 * naming the file — never another error or a silently wrong candidate list.
 */
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkProperty, chunkSizes, resultOrTypedErrorAsync, token } from '../../testing/property';
import { loadEvalSet, type EvalSet } from './evalSets';
import { chunkedSource } from '../../testing/streams';

const text = fc.string({ minLength: 1, maxLength: 20 }).filter((t) => !/[\t\n\r]/.test(t) && t.trim().length > 0);
const topic = fc.record({
  qid: fc.oneof(token, fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty')),
  query: text,
  docs: fc.uniqueArray(fc.record({ docno: token, passage: text, score: fc.double({ min: -100, max: 100, noNaN: true }).map((x) => x + 0) }), {
    minLength: 1,
    maxLength: 6,
    selector: (d) => d.docno,
  }),
});
const topics = fc.uniqueArray(topic, { minLength: 1, maxLength: 5, selector: (t) => t.qid });
type Topic = (typeof topics extends fc.Arbitrary<infer T> ? T : never)[number];

function rankLlm(ts: Topic[]): string {
  return JSON.stringify(
    ts.map((t) => ({ query: t.query, hits: t.docs.map((d, i) => ({ content: d.passage, qid: t.qid, docid: d.docno, rank: i + 1, score: d.score })) })),
  );
}

function tsv(ts: Topic[], withScores: boolean): string {
  return ts.flatMap((t) => t.docs.map((d) => [t.qid, d.docno, t.query, d.passage, ...(withScores ? [d.score] : [])].join('\t'))).join('\n');
}

function expected(ts: Topic[], depth: number, withScores: boolean): EvalSet {
  return {
    topics: Object.fromEntries(ts.map((t) => [t.qid, t.query])),
    candidates: Object.fromEntries(
      ts.map((t) => [t.qid, t.docs.slice(0, depth).map((d, i) => ({ docno: d.docno, text: d.passage, firstStageScore: withScores ? d.score : -(i + 1) }))]),
    ),
  };
}

const load = (content: string, gzip: boolean, sizes: number[], depth: number) => {
  const bytes = new TextEncoder().encode(content);
  return loadEvalSet(chunkedSource(gzip ? gzipSync(bytes) : bytes, 'cands', sizes[0]), { depth });
};

describe('evaluation sets', () => {
  it('rank_llm JSON and TSV (with or without scores) load back, cut to the depth', async () => {
    await checkProperty(
      fc.asyncProperty(
        topics,
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom('json', 'tsv', 'tsv+scores'),
        fc.boolean(),
        chunkSizes,
        async (ts, depth, form, gzip, sizes) => {
          const content = form === 'json' ? rankLlm(ts) : tsv(ts, form === 'tsv+scores');
          const set = await load(content, gzip, sizes, depth);
          expect({ topics: { ...set.topics }, candidates: { ...set.candidates } }).toEqual(expected(ts, depth, form !== 'tsv'));
        },
      ),
    );
  });

  it('mutated files load or fail with an error naming the file', async () => {
    await checkProperty(
      fc.asyncProperty(topics, fc.boolean(), fc.nat(), fc.string({ maxLength: 4 }), chunkSizes, async (ts, json, at, junk, sizes) => {
        const content = json ? rankLlm(ts) : tsv(ts, true);
        const i = at % (content.length + 1);
        await resultOrTypedErrorAsync(() => load(content.slice(0, i) + junk + content.slice(i + junk.length), false, sizes, 100), Error, /^cands(:\d+)?: /);
      }),
    );
  });
});

describe('regressions found by the properties', () => {
  it('qids that name Object.prototype members are ordinary qids', async () => {
    const content = '__proto__\td1\tq one\tp\nconstructor\td2\tq two\tp\n';
    const set = await loadEvalSet(chunkedSource(new TextEncoder().encode(content), 'c.tsv'));
    expect(Object.keys(set.topics)).toEqual(['__proto__', 'constructor']);
    expect(set.candidates['__proto__']).toEqual([{ docno: 'd1', text: 'p', firstStageScore: -1 }]);
  });
});
