/** Evaluation-set loaders on the real rank_llm BM25 top-100 files (fixtures/data/trec-dl) and TSV. */
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseQrels } from '../../core/trec/parse';
import { readShared, readSharedBytes } from '../../testing/shared';
import { loadEvalSet, parseRankLlm, restrictToJudged } from './evalSets';
import { bytesSource } from './lines';
import { chunkedSource } from '../../testing/streams';

const dl19Bytes = readSharedBytes('data/trec-dl/rank_llm.bm25.retrieve_results_dl19.json');
const dl19Run = readShared('data/trec-dl/rank_llm.bm25.trec_results_dl19.txt')
  .trim()
  .split('\n')
  .map((l) => l.split(/\s+/));

describe('rank_llm JSON', () => {
  it('DL19 BM25: 43 topics × 100 candidates, the same (qid, docno, score) as the TREC run file', async () => {
    const set = await loadEvalSet(chunkedSource(dl19Bytes, 'dl19.json', 65536));
    expect(Object.keys(set.topics).length).toBe(43);
    expect(set.topics['264014']).toBe('how long is life cycle of flea');
    let n = 0;
    for (const [qid, docno, , rank, score] of dl19Run.map((r) => [r[0]!, r[2]!, r[1], Number(r[3]), Number(r[4])] as const)) {
      const c = set.candidates[qid]![rank - 1]!;
      expect(c.docno).toBe(docno);
      expect(c.firstStageScore).toBeCloseTo(score, 4);
      n++;
    }
    expect(n).toBe(4300);
    expect(set.candidates['264014']![0]!.text.length).toBeGreaterThan(50);
  });

  it('gzip works the same and depth cuts each list', async () => {
    const set = await loadEvalSet(bytesSource(gzipSync(dl19Bytes), 'dl19.json.gz'), { depth: 10 });
    expect(Object.values(set.candidates).every((c) => c.length === 10)).toBe(true);
    const full = parseRankLlm(new TextDecoder().decode(dl19Bytes), 'dl19.json');
    expect(set.candidates['264014']).toEqual(full.candidates['264014']!.slice(0, 10));
  });

  it('restricting DL20 to judged queries keeps the 54', async () => {
    const set = await loadEvalSet(bytesSource(readSharedBytes('data/trec-dl/rank_llm.bm25.retrieve_results_dl20.json'), 'dl20.json'));
    const qrels = parseQrels(readShared('data/trec-dl/qrels.dl20-passage.txt'), 'qrels.dl20-passage.txt');
    const judged = restrictToJudged(set, Object.keys(qrels));
    expect(Object.keys(judged.topics).length).toBe(54);
  });

  it('names the field that is wrong', () => {
    expect(() => parseRankLlm('[{"query":"q","hits":[{"content":"c","qid":1,"docid":"d","rank":1}]}]', 'x.json')).toThrow(
      /x\.json: \[0\]\.hits\[0\]\.score must be a finite number/,
    );
    expect(() => parseRankLlm('{"query":1}', 'y.json')).toThrow(/y\.json: expected a JSON array/);
    expect(() =>
      parseRankLlm('[{"query":"q","hits":[{"content":"c","qid":1,"docid":"d","score":1},{"content":"c","qid":2,"docid":"e","score":0}]}]', 'z.json'),
    ).toThrow(/z\.json: \[0\]\.hits\[1\]\.qid is 2, but this entry's first hit has qid 1/);
  });
});

describe('TSV qid pid query passage', () => {
  const full = parseRankLlm(new TextDecoder().decode(dl19Bytes), 'dl19.json');
  const rows = Object.entries(full.candidates).flatMap(([qid, cs]) => cs.map((c) => [qid, c.docno, full.topics[qid], c.text, c.firstStageScore]));

  it('with a score column equals the JSON, streamed from gzip', async () => {
    const tsv = rows.map((r) => r.join('\t')).join('\n') + '\n';
    const set = await loadEvalSet(chunkedSource(gzipSync(new TextEncoder().encode(tsv)), 'dl19.tsv.gz', 4096));
    expect(set).toEqual(full);
  });

  it('without scores keeps the file order as minus the rank, and cuts at depth', async () => {
    const tsv = rows.map((r) => r.slice(0, 4).join('\t')).join('\r\n');
    const set = await loadEvalSet(bytesSource(new TextEncoder().encode(tsv), 'dl19.tsv'), { depth: 3 });
    expect(set.topics).toEqual(full.topics);
    expect(set.candidates['264014']).toEqual(full.candidates['264014']!.slice(0, 3).map((c, i) => ({ ...c, firstStageScore: -(i + 1) })));
  });

  it('names the line that is wrong', async () => {
    const bad = (text: string) => loadEvalSet(bytesSource(new TextEncoder().encode(text), 'c.tsv'), { format: 'tsv' });
    await expect(bad('1\td1\tq\tp\n1\td2\tq\n')).rejects.toThrow(/c\.tsv:2: expected qid<TAB>pid<TAB>query<TAB>passage/);
    await expect(bad('1\td1\tq\tp\n1\td2\tother\tp\n')).rejects.toThrow(/c\.tsv:2: query text for qid 1 differs/);
    await expect(bad('1\td1\tq\tp\n1\td1\tq\tp\n')).rejects.toThrow(/c\.tsv:2: pid d1 is listed twice for qid 1/);
    await expect(bad('1\td1\tq\tp\tx\n')).rejects.toThrow(/c\.tsv:1: score "x" is not a number/);
  });
});
