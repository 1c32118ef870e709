/**
 * Parsers for qrels, runs and topics, each in a whole-input and a streaming form.
 *
 * Field rules follow trec_eval 9.0.8 (get_qrels.c, get_trec_results.c): fields are separated by any
 * whitespace, blank lines are skipped, a qrels line has exactly 4 fields, a run line at least 6 (fields
 * after the run tag are ignored, as trec_eval does; its own test input results.trunc has such lines),
 * the run's rank column is ignored. Where trec_eval silently reads garbage (atof/atol of a non-number)
 * or fails late, these parsers stop at once with a TrecParseError naming the file, the line and the problem.
 */
import { forEachLine, forEachLineOfChunks, type ChunkSource, type LineInput } from './lines';
import type { Qrels, RankedDoc, Run, Topics } from './types';

export class TrecParseError extends Error {
  constructor(
    readonly fileName: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${fileName}:${line}: ${problem}`);
    this.name = 'TrecParseError';
  }
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Whitespace-separated fields (C isspace: space, \t, \n, \v, \f, \r), or null for a blank line. */
function fields(line: string): string[] | null {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
    out.push(line.slice(start, i));
  }
  return out.length === 0 ? null : out;
}

/**
 * Start/end offsets of up to `max` whitespace-separated fields into `bounds` (pairs); returns how many
 * were found (never more than `max`). Slicing only the fields needed keeps large runs fast.
 */
function fieldBounds(line: string, bounds: Int32Array, max: number): number {
  const n = line.length;
  let count = 0;
  let i = 0;
  while (count < max) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    bounds[2 * count] = i;
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
    bounds[2 * count + 1] = i;
    count++;
  }
  return count;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

interface LineParser<T> {
  line(text: string, lineNumber: number): void;
  finish(): T;
}

class QrelsParser implements LineParser<Qrels> {
  private readonly qrels: Qrels = emptyRecord();
  private lines = 0;
  private judgments = 0;
  constructor(readonly fileName: string) {}

  line(text: string, lineNumber: number): void {
    this.lines = lineNumber;
    const f = fields(text);
    if (!f) return;
    if (f.length !== 4) {
      throw new TrecParseError(this.fileName, lineNumber, `expected 4 columns (qid iter docno rel), found ${f.length}`);
    }
    const [qid, , docno, relText] = f;
    if (!INTEGER.test(relText)) {
      throw new TrecParseError(this.fileName, lineNumber, `relevance '${relText}' is not an integer`);
    }
    const rel = Number(relText);
    if (!Number.isSafeInteger(rel)) throw new TrecParseError(this.fileName, lineNumber, `relevance '${relText}' is out of range`);
    const judged = (this.qrels[qid] ??= emptyRecord());
    if (docno in judged) {
      throw new TrecParseError(this.fileName, lineNumber, `duplicate judgment for document '${docno}' in query '${qid}'`);
    }
    judged[docno] = rel;
    this.judgments++;
  }

  finish(): Qrels {
    if (this.judgments === 0) throw new TrecParseError(this.fileName, Math.max(1, this.lines), 'empty file: no judgments');
    return this.qrels;
  }
}

export interface ParsedRun {
  run: Run;
  /** The run tag (6th column) of the last line, which trec_eval prints as `runid`. */
  runTag: string;
}

class RunParser implements LineParser<ParsedRun> {
  private readonly run: Run = emptyRecord();
  private readonly seen = new Map<string, Set<string>>();
  private lastLine = '';
  private tagStart = 0;
  private tagEnd = 0;
  private lines = 0;
  private docs = 0;
  constructor(readonly fileName: string) {}

  private readonly bounds = new Int32Array(12);

  line(text: string, lineNumber: number): void {
    this.lines = lineNumber;
    const b = this.bounds;
    const count = fieldBounds(text, b, 6);
    if (count === 0) return;
    if (count < 6) {
      throw new TrecParseError(this.fileName, lineNumber, `expected 6 columns (qid iter docno rank score tag), found ${count}`);
    }
    const qid = text.slice(b[0], b[1]);
    const docno = text.slice(b[4], b[5]);
    const scoreText = text.slice(b[8], b[9]);
    if (!DECIMAL.test(scoreText)) {
      throw new TrecParseError(this.fileName, lineNumber, `score '${scoreText}' is not a number`);
    }
    let seen = this.seen.get(qid);
    if (!seen) {
      seen = new Set();
      this.seen.set(qid, seen);
      this.run[qid] = [];
    }
    if (seen.has(docno)) {
      throw new TrecParseError(this.fileName, lineNumber, `duplicate document '${docno}' in the ranking of query '${qid}'`);
    }
    seen.add(docno);
    const score = Number(scoreText);
    // 1e999 would become Infinity and rank above every real score
    if (!Number.isFinite(score)) throw new TrecParseError(this.fileName, lineNumber, `score '${scoreText}' is out of range for a double`);
    const doc: RankedDoc = { docno, score };
    this.run[qid].push(doc);
    this.lastLine = text;
    this.tagStart = b[10];
    this.tagEnd = b[11];
    this.docs++;
  }

  finish(): ParsedRun {
    if (this.docs === 0) throw new TrecParseError(this.fileName, Math.max(1, this.lines), 'empty file: no results');
    return { run: this.run, runTag: this.lastLine.slice(this.tagStart, this.tagEnd) };
  }
}

class TopicsParser implements LineParser<Topics> {
  private readonly topics: Topics = emptyRecord();
  private lines = 0;
  private count = 0;
  constructor(readonly fileName: string) {}

  line(text: string, lineNumber: number): void {
    this.lines = lineNumber;
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (line.trim().length === 0) return;
    const tab = line.indexOf('\t');
    if (tab < 0) throw new TrecParseError(this.fileName, lineNumber, 'expected 2 columns (qid<TAB>text), found 1');
    const qid = line.slice(0, tab).trim();
    const query = line.slice(tab + 1).trim();
    if (qid.length === 0) throw new TrecParseError(this.fileName, lineNumber, 'empty query id');
    if (query.length === 0) throw new TrecParseError(this.fileName, lineNumber, `empty text for query '${qid}'`);
    if (qid in this.topics) throw new TrecParseError(this.fileName, lineNumber, `duplicate query id '${qid}'`);
    this.topics[qid] = query;
    this.count++;
  }

  finish(): Topics {
    if (this.count === 0) throw new TrecParseError(this.fileName, Math.max(1, this.lines), 'empty file: no topics');
    return this.topics;
  }
}

function parseAll<T>(parser: LineParser<T>, input: LineInput): T {
  forEachLine(input, (line, n) => parser.line(line, n));
  return parser.finish();
}

async function parseStream<T>(parser: LineParser<T> & { readonly fileName: string }, chunks: ChunkSource): Promise<T> {
  await forEachLineOfChunks(chunks, (line, n) => parser.line(line, n), parser.fileName);
  return parser.finish();
}

/** Qrels `qid iter docno rel` (iter is `Q0` in DL19 files and `0` in DL20 files; it is ignored). */
export function parseQrels(input: LineInput, fileName: string): Qrels {
  return parseAll(new QrelsParser(fileName), input);
}
export function parseQrelsStream(chunks: ChunkSource, fileName: string): Promise<Qrels> {
  return parseStream(new QrelsParser(fileName), chunks);
}

/** A TREC run `qid iter docno rank score tag`. */
export function parseRun(input: LineInput, fileName: string): Run {
  return parseAll(new RunParser(fileName), input).run;
}
/** Like parseRun, also returning the run tag. */
export function parseRunWithTag(input: LineInput, fileName: string): ParsedRun {
  return parseAll(new RunParser(fileName), input);
}
export async function parseRunStream(chunks: ChunkSource, fileName: string): Promise<Run> {
  return (await parseStream(new RunParser(fileName), chunks)).run;
}
export function parseRunStreamWithTag(chunks: ChunkSource, fileName: string): Promise<ParsedRun> {
  return parseStream(new RunParser(fileName), chunks);
}

/** Topics `qid<TAB>text`. */
export function parseTopics(input: LineInput, fileName: string): Topics {
  return parseAll(new TopicsParser(fileName), input);
}
export function parseTopicsStream(chunks: ChunkSource, fileName: string): Promise<Topics> {
  return parseStream(new TopicsParser(fileName), chunks);
}
