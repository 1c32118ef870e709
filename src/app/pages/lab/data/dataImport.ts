/**
 * Checking a qrels, topics or candidates file before it is stored: read with progress (capped at
 * INPUT_LIMITS.wholeFileBytes stored and inflated), its kind told from its content, then parsed whole by the
 * same parsers the runs use. A malformed file is an error naming the file, the line and the reason, and
 * nothing is stored.
 */
import { strFromU8 } from 'fflate';
import { parseJsonText } from '../../../../core/experiment/validate';
import { checkFileSize, concatChunks, contentOf, formatBytes } from '../../../../core/limits';
import { parseQrels, parseTopics } from '../../../../core/trec/parse';
import type { DatasetKind } from '../../../../storage/stores';
import { loadEvalSet, parseRankLlm } from '../../../../train/data/evalSets';
import { blobSource } from '../../../../train/data/lines';

export type DetectedKind = DatasetKind | 'triples' | 'unknown';

/** The kind of a data file from its name and first non-blank line (content first; the name breaks ties). */
export function detectDataKind(fileName: string, firstLine: string): DetectedKind {
  const name = fileName.toLowerCase();
  const line = firstLine.trim();
  if (line.startsWith('[')) return 'candidates';
  const tabs = firstLine.replace(/\r$/, '').split('\t');
  const words = line.split(/\s+/);
  if (name.includes('qrels') || (words.length === 4 && /^(0|Q0)$/i.test(words[1]!) && /^-?\d+$/.test(words[3]!))) return 'qrels';
  if (name.includes('topics') || name.includes('queries') || tabs.length === 2) return 'topics';
  if (tabs.length === 4 || tabs.length === 5) return 'candidates';
  if (name.includes('triples') || tabs.length === 3) return 'triples';
  return 'unknown';
}

export interface CheckedDataFile {
  kind: DatasetKind;
  /** The bytes as picked (gzip stays gzip: the runs inflate it). */
  bytes: Uint8Array;
  /** What it holds, in words ("43 topics"). */
  summary: string;
}

const count = (n: number) => n.toLocaleString('en-US');

async function readWithProgress(file: File, onProgress: (fraction: number) => void): Promise<Uint8Array> {
  checkFileSize(file.size, 'wholeFileBytes', file.name);
  const reader = (file.stream() as ReadableStream<Uint8Array>).getReader();
  const parts: Uint8Array[] = [];
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.length;
    checkFileSize(read, 'wholeFileBytes', file.name);
    parts.push(value);
    onProgress(file.size ? read / file.size : 1);
  }
  return concatChunks(parts);
}

/** Reads and checks `file`; throws an error naming the file (and line) when it is not a usable data file. */
export async function checkDataFile(file: File, onProgress: (phase: 'reading' | 'checking', fraction: number) => void): Promise<CheckedDataFile> {
  const bytes = await readWithProgress(file, (f) => onProgress('reading', f));
  onProgress('checking', 0);
  const text = strFromU8(contentOf(bytes, file.name, 'wholeFileBytes'));
  const firstLine = text.split('\n').find((l) => l.trim() !== '') ?? '';
  if (firstLine === '') throw new Error(`${file.name}: the file is empty`);
  const kind = detectDataKind(file.name, firstLine);
  if (kind === 'triples') {
    throw new Error(
      `${file.name}: training triples are not kept in the browser (they can be gigabytes); pick the file when you start the experiment that trains on it`,
    );
  }
  if (kind === 'unknown') {
    throw new Error(
      `${file.name}:1: not a qrels (qid 0 docno relevance), topics (qid<TAB>query) or candidates file (rank_llm JSON, or qid<TAB>pid<TAB>query<TAB>passage[<TAB>score])`,
    );
  }
  let summary: string;
  if (kind === 'qrels') {
    const qrels = parseQrels(text, file.name);
    const judged = Object.values(qrels).reduce((n, docs) => n + Object.keys(docs).length, 0);
    summary = `${count(Object.keys(qrels).length)} queries, ${count(judged)} judgments`;
  } else if (kind === 'topics') {
    summary = `${count(Object.keys(parseTopics(text, file.name)).length)} topics`;
  } else {
    const set = text.trimStart().startsWith('[')
      ? parseRankLlm(parseJsonText(text, file.name), file.name)
      : await loadEvalSet(blobSource(new Blob([text]), file.name), { format: 'tsv' });
    const docs = Object.values(set.candidates).reduce((n, c) => n + c.length, 0);
    summary = `${count(Object.keys(set.topics).length)} queries, ${count(docs)} candidates (first 100 per query)`;
  }
  onProgress('checking', 1);
  return { kind, bytes, summary: `${summary}; ${formatBytes(bytes.length)}` };
}

/** True when the bytes' start looks like a Rerank Lab snapshot (plain or gzip), so a dropped file opens in the viewer. */
export async function looksLikeSnapshot(file: File): Promise<boolean> {
  if (/\.snapshot\.json(\.gz)?$/i.test(file.name)) return true;
  if (!/\.json(\.gz)?$/i.test(file.name)) return false;
  const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  let text: string;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const { Gunzip } = await import('fflate');
    const out: Uint8Array[] = [];
    try {
      new Gunzip((chunk) => out.push(chunk)).push(head, false);
    } catch {
      return false;
    }
    text = strFromU8(concatChunks(out).subarray(0, 1024));
  } else {
    text = strFromU8(head.subarray(0, 1024));
  }
  return /^\s*\{[\s\S]*"kind"\s*:\s*"rerank-lab-snapshot"/.test(text);
}
