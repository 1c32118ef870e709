/**
 * Evaluation sets to rerank: topics and first-stage candidates with passage text, cut to a rerank depth.
 * Accepts rank_llm's retrieve_results JSON (`[{query, hits: [{content, qid, docid, rank, score}]}]`) and TSV
 * `qid<TAB>pid<TAB>query<TAB>passage[<TAB>score]` (rows in rank order; without a score column the first-stage
 * score is minus the row's rank within its query, so ordering by it keeps the file order). Gzip or plain.
 * The TSV path streams (MS MARCO dev top-1000 files are gigabytes); the JSON path parses the file whole, up to
 * INPUT_LIMITS.wholeFileBytes.
 */
import { concatChunks } from '../../core/limits';
import { decompressedChunks, readLines } from './lines';
import type { DataSource } from './lines';

export interface EvalCandidate {
  docno: string;
  text: string;
  firstStageScore: number;
}

export interface EvalSet {
  topics: Record<string, string>;
  candidates: Record<string, EvalCandidate[]>;
}

export type EvalSetFormat = 'rank_llm' | 'tsv';

export interface EvalSetOptions {
  /** candidates kept per query, in first-stage order (default 100) */
  depth?: number;
  format?: EvalSetFormat | 'auto';
}

/** Maps keyed by qid have no prototype, so qids such as `__proto__` or `constructor` are ordinary keys. */
function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function checkDepth(depth: number, source: string): void {
  if (!Number.isInteger(depth) || depth < 1) throw new Error(`${source}: rerank depth ${depth} must be a positive integer`);
}

/** rank_llm retrieve_results JSON (already parsed or as text). */
export function parseRankLlm(input: unknown, source: string, depth = 100): EvalSet {
  checkDepth(depth, source);
  let data = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (error) {
      throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
    }
  }
  if (!Array.isArray(data)) throw new Error(`${source}: expected a JSON array of {query, hits}`);
  const topics: Record<string, string> = emptyRecord();
  const candidates: Record<string, EvalCandidate[]> = emptyRecord();
  data.forEach((entry: unknown, i) => {
    const at = `${source}: [${i}]`;
    if (!entry || typeof entry !== 'object') throw new Error(`${at} must be an object {query, hits}`);
    const { query, hits } = entry as { query?: unknown; hits?: unknown };
    if (typeof query !== 'string') throw new Error(`${at}.query must be a string`);
    if (!Array.isArray(hits)) throw new Error(`${at}.hits must be an array`);
    const rows = hits.map((hit: unknown, j) => {
      const h = (hit ?? {}) as Record<string, unknown>;
      const field = `${at}.hits[${j}]`;
      if (typeof h.content !== 'string') throw new Error(`${field}.content must be a string`);
      if (typeof h.qid !== 'string' && typeof h.qid !== 'number') throw new Error(`${field}.qid must be a string or number`);
      if (typeof h.docid !== 'string' && typeof h.docid !== 'number') throw new Error(`${field}.docid must be a string or number`);
      if (typeof h.score !== 'number' || !Number.isFinite(h.score)) throw new Error(`${field}.score must be a finite number`);
      const rank = typeof h.rank === 'number' ? h.rank : j + 1;
      return { qid: String(h.qid), docno: String(h.docid), text: h.content, firstStageScore: h.score, rank, j };
    });
    if (rows.length === 0) return;
    const qid = rows[0]!.qid;
    const other = rows.find((r) => r.qid !== qid);
    if (other) throw new Error(`${at}.hits[${other.j}].qid is ${other.qid}, but this entry's first hit has qid ${qid}`);
    if (qid in topics) throw new Error(`${at}: qid ${qid} appears in more than one entry`);
    rows.sort((a, b) => a.rank - b.rank || a.j - b.j);
    topics[qid] = query;
    candidates[qid] = dedupe(rows.slice(0, depth), `${at} (qid ${qid})`);
  });
  return { topics, candidates };
}

function dedupe<T extends { docno: string; text: string; firstStageScore: number }>(rows: T[], where: string): EvalCandidate[] {
  const seen = new Set<string>();
  return rows.map((r) => {
    if (seen.has(r.docno)) throw new Error(`${where}: docno ${r.docno} is listed twice`);
    seen.add(r.docno);
    return { docno: r.docno, text: r.text, firstStageScore: r.firstStageScore };
  });
}

/** Streams a `qid pid query passage [score]` TSV, keeping the first `depth` rows of each query. */
export async function parseCandidatesTsv(stream: ReadableStream<Uint8Array>, source: string, depth = 100): Promise<EvalSet> {
  checkDepth(depth, source);
  const topics: Record<string, string> = emptyRecord();
  const candidates: Record<string, EvalCandidate[]> = emptyRecord();
  const seen: Record<string, Set<string>> = emptyRecord();
  const rowsSeen: Record<string, number> = emptyRecord();
  for await (const { text, lineNumber } of readLines(stream, source)) {
    if (text.trim() === '') continue;
    const cols = text.split('\t');
    if (cols.length !== 4 && cols.length !== 5) {
      throw new Error(`${source}:${lineNumber}: expected qid<TAB>pid<TAB>query<TAB>passage[<TAB>score], found ${cols.length} columns`);
    }
    const [qid, pid, query, passage] = cols.map((c, i) => (i < 2 ? c.trim() : c)) as [string, string, string, string];
    if (qid === '' || pid === '') throw new Error(`${source}:${lineNumber}: empty qid or pid`);
    if (qid in topics) {
      if (topics[qid] !== query) throw new Error(`${source}:${lineNumber}: query text for qid ${qid} differs from its earlier rows`);
    } else {
      topics[qid] = query;
      candidates[qid] = [];
      seen[qid] = new Set();
      rowsSeen[qid] = 0;
    }
    const rank = ++rowsSeen[qid]!;
    if (seen[qid]!.has(pid)) throw new Error(`${source}:${lineNumber}: pid ${pid} is listed twice for qid ${qid}`);
    seen[qid]!.add(pid);
    if (rank > depth) continue;
    let score = -rank;
    if (cols.length === 5) {
      score = Number(cols[4]);
      if (cols[4]!.trim() === '' || !Number.isFinite(score)) throw new Error(`${source}:${lineNumber}: score "${cols[4]}" is not a number`);
    }
    candidates[qid]!.push({ docno: pid, text: passage, firstStageScore: score });
  }
  return { topics, candidates };
}

/** Loads either format from a source; 'auto' looks at the first non-space character ('[' means JSON). */
export async function loadEvalSet(source: DataSource, options: EvalSetOptions = {}): Promise<EvalSet> {
  const depth = options.depth ?? 100;
  let format = options.format ?? 'auto';
  if (format === 'auto') format = (await sniffFirstChar(source)) === '[' ? 'rank_llm' : 'tsv';
  if (format === 'tsv') return parseCandidatesTsv(await source.open(), source.name, depth);
  const parts: Uint8Array[] = [];
  for await (const chunk of decompressedChunks(await source.open(), source.name, 'wholeFileBytes')) parts.push(chunk);
  return parseRankLlm(new TextDecoder('utf-8').decode(concatChunks(parts)), source.name, depth);
}

async function sniffFirstChar(source: DataSource): Promise<string> {
  for await (const { text } of readLines(await source.open(), source.name)) {
    const trimmed = text.trimStart();
    if (trimmed.length > 0) return trimmed[0]!;
  }
  throw new Error(`${source.name}: empty file`);
}

/** Drops queries that have no judgments (e.g. DL20's 200 topics of which 54 are judged). */
export function restrictToJudged(set: EvalSet, judgedQids: Iterable<string>): EvalSet {
  const keep = new Set(judgedQids);
  const topics: Record<string, string> = emptyRecord();
  const candidates: Record<string, EvalCandidate[]> = emptyRecord();
  for (const qid of Object.keys(set.topics)) {
    if (!keep.has(qid)) continue;
    topics[qid] = set.topics[qid]!;
    candidates[qid] = set.candidates[qid] ?? [];
  }
  return { topics, candidates };
}
