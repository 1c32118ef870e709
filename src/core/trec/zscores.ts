/**
 * trec_eval's `-Z Zmean_file` (get_zscores.c, convert_zscores.c): lines `qid measure_name mean std_dev`
 * give, per query and printed measure name, the mean and standard deviation of a reference set of runs;
 * each per-query value is then replaced by (value − mean) / std_dev before it is averaged and printed.
 * A query or measure missing from the file gives -1000000; a std_dev of 0 gives 0 when the value equals the
 * mean, else -1000000.
 *
 * trec_eval's lookups are binary searches whose upper bound is one past the end, so a measure name that
 * sorts after all of a query's entries is compared with the next query's first entry (and matches it when
 * equal). That is reproduced; past the last entry nothing matches.
 */
import { forEachLine, forEachLineOfChunks, type ChunkSource, type LineInput } from './lines';
import { signedNaN, x86 } from './nan';
import { TrecParseError } from './parse';
import { strcmp } from './strcmp';

export const MISSING_ZSCORE = -1000000;

export interface ZscoreEntry {
  qid: string;
  measure: string;
  mean: number;
  stddev: number;
}

export interface Zscores {
  /** Sorted by qid, then measure name (strcmp), as trec_eval stores them. */
  entries: ZscoreEntry[];
  /** Each query's run of entries, sorted by qid. */
  queries: { qid: string; start: number; count: number }[];
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/** A number as C's atof reads a whole field, `nan`, `-nan`, `inf` included; null if the field is not one. */
function parseCDouble(text: string): number | null {
  if (DECIMAL.test(text)) return Number(text);
  const special = SPECIAL.exec(text);
  if (!special) return null;
  const negative = special[1] === '-';
  if (special[2].toLowerCase() !== 'nan') return negative ? -Infinity : Infinity;
  return signedNaN(negative);
}

class ZscoresParser {
  private readonly entries: ZscoreEntry[] = [];
  private readonly seen = new Set<string>();
  private lines = 0;
  constructor(readonly fileName: string) {}

  line(text: string, lineNumber: number): void {
    this.lines = lineNumber;
    const fields = text.split(/[ \t\n\v\f\r]+/).filter((f) => f.length > 0);
    if (fields.length === 0) return;
    if (fields.length !== 4) {
      throw new TrecParseError(this.fileName, lineNumber, `expected 4 columns (qid measure_name mean std_dev), found ${fields.length}`);
    }
    const [qid, measure, meanText, stddevText] = fields;
    const mean = parseCDouble(meanText);
    if (mean === null) throw new TrecParseError(this.fileName, lineNumber, `mean '${meanText}' is not a number`);
    const stddev = parseCDouble(stddevText);
    if (stddev === null) throw new TrecParseError(this.fileName, lineNumber, `std_dev '${stddevText}' is not a number`);
    const key = `${qid}\u0000${measure}`;
    if (this.seen.has(key)) throw new TrecParseError(this.fileName, lineNumber, `duplicate line for query '${qid}' and measure '${measure}'`);
    this.seen.add(key);
    this.entries.push({ qid, measure, mean, stddev });
  }

  finish(): Zscores {
    if (this.entries.length === 0) throw new TrecParseError(this.fileName, Math.max(1, this.lines), 'empty file: no z-score lines');
    const entries = this.entries.sort((a, b) => strcmp(a.qid, b.qid) || strcmp(a.measure, b.measure));
    const queries: Zscores['queries'] = [];
    entries.forEach((e, i) => {
      const last = queries[queries.length - 1];
      if (last && last.qid === e.qid) last.count++;
      else queries.push({ qid: e.qid, start: i, count: 1 });
    });
    return { entries, queries };
  }
}

/** Parses a Zmean file (blank lines are skipped; trec_eval refuses them). */
export function parseZscores(input: LineInput, fileName: string): Zscores {
  const parser = new ZscoresParser(fileName);
  forEachLine(input, (line, n) => parser.line(line, n));
  return parser.finish();
}

/** The same, streamed (a line is capped by INPUT_LIMITS.lineBytes). */
export async function parseZscoresStream(chunks: ChunkSource, fileName: string): Promise<Zscores> {
  const parser = new ZscoresParser(fileName);
  await forEachLineOfChunks(chunks, (line, n) => parser.line(line, n), fileName);
  return parser.finish();
}

/** trec_eval's binary search over indices 0..count (one past the end); `compareAt` answers for an index past the data too. */
function searchInclusive(count: number, compareAt: (index: number) => number): number {
  let start = 0;
  let end = count;
  while (start <= end) {
    const current = Math.floor((start + end) / 2);
    const result = compareAt(current);
    if (result < 0) end = current - 1;
    else if (result > 0) start = current + 1;
    else return current;
  }
  return -1;
}

/** Replaces `values` (one query's, by printed name) with their z-scores, in place. */
export function convertToZscores(zscores: Zscores, qid: string, values: Record<string, number>): void {
  const { entries, queries } = zscores;
  // Past the end, C reads memory that is not an entry; treat it as sorting after every name.
  const q = searchInclusive(queries.length, (i) => (i < queries.length ? strcmp(qid, queries[i].qid) : -1));
  for (const name of Object.keys(values)) {
    if (q < 0) {
      values[name] = MISSING_ZSCORE;
      continue;
    }
    const { start, count } = queries[q];
    const m = searchInclusive(count, (i) => (start + i < entries.length ? strcmp(name, entries[start + i].measure) : -1));
    if (m < 0) {
      values[name] = MISSING_ZSCORE;
      continue;
    }
    const { mean, stddev } = entries[start + m];
    // C's `if (stddev)`: NaN counts as non-zero.
    if (stddev !== 0) {
      const deviation = x86(values[name] - mean, values[name], mean);
      values[name] = x86(deviation / stddev, deviation, stddev);
    } else values[name] = values[name] === mean ? 0 : MISSING_ZSCORE;
  }
}
