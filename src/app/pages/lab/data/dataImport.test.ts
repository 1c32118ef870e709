import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, sharedPath } from '../../../../testing/shared';
import { checkDataFile, detectDataKind, looksLikeSnapshot } from './dataImport';

const bundled = (name: string) => new File([readFileSync(resolve(REPO_ROOT, 'public/data', name))], name);
const progress = () => undefined;

describe('data import', () => {
  it('tells qrels, topics, candidates and triples apart by content', () => {
    expect(detectDataKind('a.txt', '19335 Q0 1017759 0')).toBe('qrels');
    expect(detectDataKind('a.txt', '19335\t0\t1017759\t2')).toBe('qrels');
    expect(detectDataKind('a.txt', '156493\tdo goldfish grow')).toBe('topics');
    expect(detectDataKind('a.json', '[{"query": {}}')).toBe('candidates');
    expect(detectDataKind('a.tsv', '1\t2\twhat is x\tx is a passage')).toBe('candidates');
    expect(detectDataKind('a.tsv', 'query\tpositive passage\tnegative passage')).toBe('triples');
    expect(detectDataKind('a.txt', 'hello')).toBe('unknown');
  });

  it('checks the bundled TREC DL 2019 files with the runs’ own parsers, reporting progress', async () => {
    const fractions: number[] = [];
    const qrels = await checkDataFile(bundled('qrels.dl19-passage.txt'), (phase, f) => phase === 'reading' && fractions.push(f));
    expect([qrels.kind, qrels.summary]).toEqual(['qrels', '43 queries, 9,260 judgments; 182.7 KiB']);
    expect(fractions.at(-1)).toBe(1);
    expect((await checkDataFile(bundled('topics.dl19-passage.txt'), progress)).summary).toBe('43 topics; 1.7 KiB');
    const candidates = await checkDataFile(bundled('rank_llm.bm25.retrieve_results_dl19.json.gz'), progress);
    expect([candidates.kind, candidates.summary.split(';')[0]]).toEqual(['candidates', '43 queries, 4,300 candidates (first 100 per query)']);
  });

  it('a malformed file names the file, the line and the reason', async () => {
    const bad = new File(['19335 Q0 1017759 0\n19335 Q0 1082489 0\n19335 Q0 1082489 two\n'], 'mine.qrels.txt');
    await expect(checkDataFile(bad, progress)).rejects.toThrow(/^mine\.qrels\.txt:3: /);
    const json = new File(['[{"query": {"text": "a", "qid": "1"}, "hits": [\n  {"docid": "d", }\n]}]'], 'cands.json');
    await expect(checkDataFile(json, progress)).rejects.toThrow(/^cands\.json:2:\d+: not valid JSON/);
    await expect(checkDataFile(new File(['a\tb\tc\n'], 'triples.tsv'), progress)).rejects.toThrow(
      /^triples\.tsv: training triples are not kept in the browser/,
    );
  });

  it('a dropped snapshot is told from a dropped candidates file by its content', async () => {
    const snapshot = new File([readFileSync(sharedPath('golden/demo-snapshot/snapshot.json.gz'))], 'study.json.gz');
    expect(await looksLikeSnapshot(snapshot)).toBe(true);
    expect(await looksLikeSnapshot(bundled('rank_llm.bm25.retrieve_results_dl19.json.gz'))).toBe(false);
    expect(await looksLikeSnapshot(bundled('qrels.dl19-passage.txt'))).toBe(false);
  });
});
