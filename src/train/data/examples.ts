/**
 * Training examples from one line of TSV or JSONL.
 *
 * TSV: `query<TAB>positive<TAB>negative` (triples) or `query<TAB>passage<TAB>label` (labelled pairs). Both
 * have three columns, so `kind: 'auto'` decides once, from the first non-blank line of the source: a numeric
 * third column means pairs. JSONL: `{query, positive, negative}`, `{query, passage, label}`, or
 * FlagEmbedding's `{query, pos: [...], neg: [...]}` (a group: every positive, every hard negative).
 */

export type TrainingExample =
  | { kind: 'triple'; query: string; positive: string; negative: string }
  | { kind: 'pair'; query: string; passage: string; label: number }
  | { kind: 'group'; query: string; positives: string[]; negatives: string[] };

export type DataFormat = 'tsv' | 'jsonl';
export type TsvKind = 'triples' | 'pairs';

export interface LineLayout {
  format: DataFormat;
  /** only for TSV */
  tsvKind: TsvKind;
}

export class DataFormatError extends Error {
  constructor(
    readonly source: string,
    readonly lineNumber: number,
    detail: string,
  ) {
    super(`${source}:${lineNumber}: ${detail}`);
    this.name = 'DataFormatError';
  }
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Decides the layout from the first non-blank line (explicit choices win). */
export function detectLayout(firstLine: string, format: DataFormat | 'auto' = 'auto', kind: TsvKind | 'auto' = 'auto'): LineLayout {
  // JSON strings cannot hold a raw tab, so a line with one is TSV even when its first cell starts with '{'
  const looksJson = firstLine.trimStart().startsWith('{') && !firstLine.includes('\t');
  const resolvedFormat: DataFormat = format !== 'auto' ? format : looksJson ? 'jsonl' : 'tsv';
  let tsvKind: TsvKind = 'triples';
  if (kind !== 'auto') tsvKind = kind;
  else if (resolvedFormat === 'tsv') {
    const columns = firstLine.split('\t');
    tsvKind = columns.length === 3 && NUMERIC.test(columns[2]!.trim()) ? 'pairs' : 'triples';
  }
  return { format: resolvedFormat, tsvKind };
}

/** One example, or null for a blank line. */
export function parseExampleLine(text: string, lineNumber: number, layout: LineLayout, source: string): TrainingExample | null {
  if (text.trim() === '') return null;
  return layout.format === 'jsonl' ? parseJsonLine(text, lineNumber, source) : parseTsvLine(text, lineNumber, layout.tsvKind, source);
}

function parseTsvLine(text: string, lineNumber: number, kind: TsvKind, source: string): TrainingExample {
  const columns = text.split('\t');
  if (columns.length !== 3) {
    const expected = kind === 'triples' ? 'query<TAB>positive<TAB>negative' : 'query<TAB>passage<TAB>label';
    throw new DataFormatError(source, lineNumber, `expected 3 tab-separated columns (${expected}), found ${columns.length}`);
  }
  const [query, second, third] = columns as [string, string, string];
  if (kind === 'triples') return { kind: 'triple', query, positive: second, negative: third };
  const label = parseLabel(third.trim());
  if (label === null) throw new DataFormatError(source, lineNumber, `label "${third.slice(0, 40)}" is not a number`);
  return { kind: 'pair', query, passage: second, label };
}

function parseLabel(text: string): number | null {
  if (!NUMERIC.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function parseJsonLine(text: string, lineNumber: number, source: string): TrainingExample {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataFormatError(source, lineNumber, `not valid JSON (${(error as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new DataFormatError(source, lineNumber, 'expected a JSON object per line');
  }
  const o = value as Record<string, unknown>;
  const str = (field: string): string => {
    const v = o[field];
    if (typeof v !== 'string') throw new DataFormatError(source, lineNumber, `field "${field}" must be a string (found ${describe(v)})`);
    return v;
  };
  const strings = (field: string): string[] => {
    const v = o[field];
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
      throw new DataFormatError(source, lineNumber, `field "${field}" must be an array of strings (found ${describe(v)})`);
    }
    return v as string[];
  };
  const query = str('query');
  if ('positive' in o || 'negative' in o) return { kind: 'triple', query, positive: str('positive'), negative: str('negative') };
  if ('passage' in o || 'label' in o) {
    const raw = o.label;
    const label = typeof raw === 'number' ? raw : typeof raw === 'boolean' ? Number(raw) : typeof raw === 'string' ? parseLabel(raw.trim()) : null;
    if (label === null || !Number.isFinite(label)) throw new DataFormatError(source, lineNumber, `field "label" must be a number (found ${describe(raw)})`);
    return { kind: 'pair', query, passage: str('passage'), label };
  }
  if ('pos' in o || 'neg' in o) {
    const positives = strings('pos');
    const negatives = strings('neg');
    if (positives.length === 0) throw new DataFormatError(source, lineNumber, 'field "pos" is empty');
    return { kind: 'group', query, positives, negatives };
  }
  throw new DataFormatError(source, lineNumber, 'expected {query, positive, negative}, {query, passage, label} or {query, pos: [...], neg: [...]}');
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

/** A group as triples: each positive with each negative, in order. */
export function groupToTriples(example: Extract<TrainingExample, { kind: 'group' }>): Array<Extract<TrainingExample, { kind: 'triple' }>> {
  return example.positives.flatMap((positive) => example.negatives.map((negative) => ({ kind: 'triple' as const, query: example.query, positive, negative })));
}
