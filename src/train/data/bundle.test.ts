/**
 * The demo bundle in public/data: manifest.json lists every file with the right size and sha256, each file is
 * byte-identical to its source in fixtures/data (gzip files after inflating), and the loaders read it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, readSharedBytes } from '../../testing/shared';
import { loadEvalSet } from './evalSets';
import { bytesSource } from './lines';
import { TrainingStream } from './stream';
import { judgedPairsTsv } from './judgedPairs';
import { BUNDLED, TREC_DL_RELEVANCE_LEVEL } from '../../core/experiment/defaults';
import { parseQrels } from '../../core/trec';

interface ManifestFile {
  path: string;
  kind: string;
  bytes: number;
  sha256: string;
  encoding?: 'gzip';
  contentBytes?: number;
  contentSha256?: string;
  /** Bundled files copied from the reference data name their source (kept in fixtures/data)… */
  source?: string;
  /** …derived ones the script that makes them and its inputs (files in this folder). */
  derivedBy?: string;
  derivedFrom?: string[];
}

const DIR = resolve(REPO_ROOT, 'public/data');
const manifest = JSON.parse(readFileSync(resolve(DIR, 'manifest.json'), 'utf8')) as { version: number; files: ManifestFile[] };
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const read = (name: string) => new Uint8Array(readFileSync(resolve(DIR, name)));

describe('public/data bundle', () => {
  it('lists exactly the data files in the folder', () => {
    expect(manifest.version).toBe(1);
    const listed = manifest.files.map((f) => f.path).sort();
    const present = readdirSync(DIR)
      .filter((f) => f !== 'manifest.json' && f !== 'SOURCES.md')
      .sort();
    expect(listed).toEqual(present);
    expect(listed.length).toBe(10);
  });

  it.each(manifest.files.map((f) => [f.path, f] as const))('%s: size, sha256 and source bytes match', (_path, file) => {
    const stored = read(file.path);
    expect(stored.length).toBe(file.bytes);
    expect(sha256(stored)).toBe(file.sha256);
    const content = file.encoding === 'gzip' ? gunzipSync(stored) : stored;
    if (file.encoding === 'gzip') {
      expect(content.length).toBe(file.contentBytes);
      expect(sha256(content)).toBe(file.contentSha256);
    }
    if (file.derivedBy) {
      expect(file.derivedFrom?.every((input) => manifest.files.some((f) => f.path === input))).toBe(true);
      return;
    }
    const source = readSharedBytes(file.source!.replace(/^fixtures\//, ''));
    expect(Buffer.compare(Buffer.from(content), Buffer.from(source))).toBe(0);
  });

  it.each(['dl19', 'dl20'] as const)('%s judged pairs equal what scripts/make-judged-pairs.ts makes from the bundled candidates and qrels', async (year) => {
    const paths = BUNDLED[year];
    const set = await loadEvalSet(bytesSource(read(paths.candidates.replace(/^data\//, '')), paths.candidates));
    const qrels = parseQrels(new TextDecoder().decode(read(paths.qrels.replace(/^data\//, ''))), paths.qrels);
    const expected = judgedPairsTsv(set, qrels, TREC_DL_RELEVANCE_LEVEL);
    expect(new TextDecoder().decode(read(paths.judgedPairs.replace(/^data\//, '')))).toBe(expected);
    const labels = expected
      .trimEnd()
      .split('\n')
      .map((row) => row.split('\t')[2]);
    expect(labels.length).toBe(year === 'dl19' ? 2257 : 2859);
    expect(new Set(labels)).toEqual(new Set(['0', '1']));
  });

  it('SOURCES.md states the MS MARCO non-commercial terms', () => {
    const text = readFileSync(resolve(DIR, 'SOURCES.md'), 'utf8');
    expect(text).toMatch(/non-commercial research use only/);
    for (const f of manifest.files) expect(text).toContain(f.path);
  });

  it('the gzipped candidates load: 43 DL19 and 54 DL20 queries × 100', async () => {
    for (const [name, queries] of [
      ['rank_llm.bm25.retrieve_results_dl19.json.gz', 43],
      ['rank_llm.bm25.retrieve_results_dl20.json.gz', 54],
    ] as const) {
      const set = await loadEvalSet(bytesSource(read(name), name));
      expect(Object.keys(set.topics).length).toBe(queries);
      expect(Object.values(set.candidates).every((c) => c.length === 100)).toBe(true);
    }
  });

  it('the triples sample streams as 100 triples', async () => {
    let n = 0;
    for await (const e of new TrainingStream(bytesSource(read('splade_toy.triples.train.small.head100.tsv'), 'triples'))) {
      expect(e.kind).toBe('triple');
      n++;
    }
    expect(n).toBe(100);
  });
});
