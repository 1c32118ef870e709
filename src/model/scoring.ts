/**
 * Scoring with a cross-encoder outside training: pre-tokenized rows (the layout of the goldens' golden.json),
 * query–passage TSV files, TREC run output. Pure: the model runs in the one scorer, scorer.ts.
 */

export interface TokenizedRows {
  inputIds: number[][];
  tokenTypeIds: number[][];
  attentionMask: number[][];
}

function intMatrix(value: unknown, field: string, source: string, rows?: number, lengths?: number[]): number[][] {
  if (!Array.isArray(value)) throw new Error(`${source}: field '${field}' must be an array of rows, got ${typeof value}`);
  if (rows !== undefined && value.length !== rows) throw new Error(`${source}: field '${field}' has ${value.length} rows, input_ids has ${rows}`);
  return value.map((row, r) => {
    if (!Array.isArray(row) || row.length === 0) throw new Error(`${source}: ${field}[${r}] must be a non-empty array of integers`);
    if (lengths && row.length !== lengths[r]) throw new Error(`${source}: ${field}[${r}] has ${row.length} values, input_ids[${r}] has ${lengths[r]}`);
    row.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0) throw new Error(`${source}: ${field}[${r}][${i}] is ${JSON.stringify(v)}, not a non-negative integer`);
    });
    return row as number[];
  });
}

/** `{ input_ids, token_type_ids?, attention_mask? }` as in golden.json; types default to 0, the mask to 1. */
export function parseTokenizedRows(json: unknown, source: string): TokenizedRows {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${source}: must be a JSON object with input_ids`);
  const record = json as Record<string, unknown>;
  if (!('input_ids' in record)) throw new Error(`${source}: field 'input_ids' is missing`);
  const inputIds = intMatrix(record.input_ids, 'input_ids', source);
  if (inputIds.length === 0) throw new Error(`${source}: field 'input_ids' has no rows`);
  const lengths = inputIds.map((r) => r.length);
  const tokenTypeIds =
    record.token_type_ids === undefined
      ? inputIds.map((r) => r.map(() => 0))
      : intMatrix(record.token_type_ids, 'token_type_ids', source, inputIds.length, lengths);
  const attentionMask =
    record.attention_mask === undefined
      ? inputIds.map((r) => r.map(() => 1))
      : intMatrix(record.attention_mask, 'attention_mask', source, inputIds.length, lengths);
  attentionMask.forEach((row, r) =>
    row.forEach((v, i) => {
      if (v > 1) throw new Error(`${source}: attention_mask[${r}][${i}] is ${v}; it must be 0 or 1`);
    }),
  );
  return { inputIds, tokenTypeIds, attentionMask };
}

export interface QueryPassagePair {
  qid: string;
  docid: string;
  query: string;
  passage: string;
}

/** `qid \t docid \t query \t passage` per line; blank lines skipped; errors name the line. */
export function parsePairsTsv(text: string, source: string): QueryPassagePair[] {
  const pairs: QueryPassagePair[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const fields = line.split('\t');
    if (fields.length !== 4) throw new Error(`${source}:${i + 1}: expected 4 tab-separated fields (qid docid query passage), found ${fields.length}`);
    const [qid, docid, query, passage] = fields;
    if (!qid || !docid) throw new Error(`${source}:${i + 1}: empty qid or docid`);
    if (/\s/.test(qid) || /\s/.test(docid)) throw new Error(`${source}:${i + 1}: qid and docid may not contain spaces (TREC run format)`);
    const key = `${qid}\u0000${docid}`;
    if (seen.has(key)) throw new Error(`${source}:${i + 1}: pair (${qid}, ${docid}) appears twice`);
    seen.add(key);
    pairs.push({ qid, docid, query, passage });
  });
  if (pairs.length === 0) throw new Error(`${source}: no pairs`);
  return pairs;
}

/** A TREC run: per query, documents by descending score (ties by docid), `qid Q0 docid rank score tag`. */
export function formatTrecRun(pairs: readonly QueryPassagePair[], scores: ArrayLike<number>, tag: string): string {
  if (scores.length !== pairs.length) throw new Error(`formatTrecRun: ${scores.length} scores for ${pairs.length} pairs`);
  if (/\s/.test(tag) || tag === '') throw new Error(`run tag '${tag}' must be one word`);
  const byQuery = new Map<string, { docid: string; score: number }[]>();
  pairs.forEach((p, i) => {
    const list = byQuery.get(p.qid) ?? [];
    list.push({ docid: p.docid, score: scores[i] });
    byQuery.set(p.qid, list);
  });
  const lines: string[] = [];
  for (const [qid, docs] of byQuery) {
    docs.sort((a, b) => b.score - a.score || (a.docid < b.docid ? -1 : a.docid > b.docid ? 1 : 0));
    docs.forEach((d, rank) => lines.push(`${qid} Q0 ${d.docid} ${rank + 1} ${d.score} ${tag}`));
  }
  return lines.join('\n') + '\n';
}
