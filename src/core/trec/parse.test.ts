import { describe, expect, it } from 'vitest';
import { readShared } from '../../testing/shared';
import { TrecParseError, parseQrels, parseQrelsStream, parseRun, parseRunStream, parseRunWithTag, parseTopics, parseTopicsStream } from './index';

function errorOf(fn: () => unknown): TrecParseError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TrecParseError) return error;
    throw error;
  }
  throw new Error('expected a TrecParseError');
}

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('malformed input: one error per kind, naming file and line', () => {
  it('qrels with a wrong column count', () => {
    const e = errorOf(() => parseQrels('q1 0 d1 1\nq1 0 d2\n', 'qrels.txt'));
    expect([e.fileName, e.line]).toEqual(['qrels.txt', 2]);
    expect(e.message).toBe('qrels.txt:2: expected 4 columns (qid iter docno rel), found 3');
  });

  it('qrels with a non-numeric relevance', () => {
    const e = errorOf(() => parseQrels('q1 0 d1 1\n\nq1 0 d2 high\n', 'qrels.txt'));
    expect(e.message).toBe("qrels.txt:3: relevance 'high' is not an integer");
  });

  it('qrels judging a document twice in one query', () => {
    const e = errorOf(() => parseQrels('q1 0 d1 1\nq2 0 d1 0\nq1 0 d1 2\n', 'qrels.txt'));
    expect(e.message).toBe("qrels.txt:3: duplicate judgment for document 'd1' in query 'q1'");
  });

  it('run with a wrong column count', () => {
    const e = errorOf(() => parseRun('q1 Q0 d1 1 2.5 tag\nq1 Q0 d2 2 1.5\n', 'run.txt'));
    expect(e.message).toBe('run.txt:2: expected 6 columns (qid iter docno rank score tag), found 5');
  });

  it('run with a non-numeric score', () => {
    const e = errorOf(() => parseRun('q1 Q0 d1 1 2.5 tag\nq1 Q0 d2 2 NaN tag\n', 'run.txt'));
    expect(e.message).toBe("run.txt:2: score 'NaN' is not a number");
  });

  it('run with a duplicate document within one ranking', () => {
    const e = errorOf(() => parseRun('q1 Q0 d1 1 2.5 t\nq2 Q0 d1 1 2.5 t\nq1 Q0 d1 2 1.0 t\n', 'run.txt'));
    expect(e.message).toBe("run.txt:3: duplicate document 'd1' in the ranking of query 'q1'");
  });

  it('empty files', () => {
    expect(errorOf(() => parseQrels('', 'q.txt')).message).toBe('q.txt:1: empty file: no judgments');
    expect(errorOf(() => parseRun('\n  \n', 'r.txt')).message).toBe('r.txt:2: empty file: no results');
    expect(errorOf(() => parseTopics('', 't.tsv')).message).toBe('t.tsv:1: empty file: no topics');
  });

  it('topics without a tab, or with a duplicate id', () => {
    expect(errorOf(() => parseTopics('1\tfirst\n2 second\n', 't.tsv')).message).toBe('t.tsv:2: expected 2 columns (qid<TAB>text), found 1');
    expect(errorOf(() => parseTopics('1\tfirst\n1\tagain\n', 't.tsv')).message).toBe("t.tsv:2: duplicate query id '1'");
  });

  it('streaming parsers report the same line numbers', async () => {
    const bytes = new TextEncoder().encode('q1 Q0 d1 1 2.5 t\n\nq1 Q0 d2 2 x t\n');
    await expect(parseRunStream(chunksOf(bytes, 3), 'run.txt')).rejects.toThrow("run.txt:3: score 'x' is not a number");
  });
});

describe('well-formed input', () => {
  it('reads DL19 (iter Q0) and DL20 (iter 0) qrels alike', () => {
    const dl19 = parseQrels(readShared('data', 'trec-dl', 'qrels.dl19-passage.txt'), 'dl19');
    const dl20 = parseQrels(readShared('data', 'trec-dl', 'qrels.dl20-passage.txt'), 'dl20');
    expect(Object.keys(dl19)).toHaveLength(43);
    expect(Object.keys(dl20)).toHaveLength(54);
    expect(Object.values(dl19).reduce((n, q) => n + Object.keys(q).length, 0)).toBe(9260);
  });

  it('keeps scores as written, the run tag of the last line, and ignores fields after the tag (like trec_eval)', () => {
    const { run, runTag } = parseRunWithTag('7 Q0 a 1 1.25 first\n7 Q0 b 2 -3e-2 second more junk\n', 'run.txt');
    expect(run['7']).toEqual([
      { docno: 'a', score: 1.25 },
      { docno: 'b', score: -0.03 },
    ]);
    expect(runTag).toBe('second');
  });

  it('treats ids like __proto__ as plain keys and stays JSON-serializable', () => {
    const qrels = parseQrels('__proto__ 0 constructor 1\n', 'q.txt');
    expect(Object.keys(qrels)).toEqual(['__proto__']);
    expect(JSON.stringify(qrels)).toBe('{"__proto__":{"constructor":1}}');
    expect(Object.keys(structuredClone(qrels))).toEqual(['__proto__']);
  });

  it('streams byte chunks split inside lines and inside UTF-8 characters, CRLF included', async () => {
    const text = '1\tcafé ünïcødé\r\n2\tsecond query\n3\tno trailing newline';
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 2, 5, 64]) {
      expect(await parseTopicsStream(chunksOf(bytes, size), 't.tsv')).toEqual(parseTopics(text, 't.tsv'));
    }
    expect(parseTopics(text, 't.tsv')['1']).toBe('café ünïcødé');
    const runText = readShared('data', 'trec-dl', 'rank_llm.bm25.trec_results_dl19.txt');
    const runBytes = new TextEncoder().encode(runText);
    expect(await parseRunStream(chunksOf(runBytes, 4093), 'r')).toEqual(parseRun(runText, 'r'));
    const qrelsText = readShared('data', 'trec-dl', 'qrels.dl20-passage.txt');
    expect(await parseQrelsStream(chunksOf(new TextEncoder().encode(qrelsText), 1000), 'q')).toEqual(parseQrels(qrelsText, 'q'));
  });

  it('reads topics files', () => {
    const topics = parseTopics(readShared('data', 'trec-dl', 'topics.dl20.txt'), 'topics.dl20.txt');
    expect(Object.keys(topics)).toHaveLength(200);
  });
});
