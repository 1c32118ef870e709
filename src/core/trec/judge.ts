/**
 * A query's ranking joined with its judgments, as trec_eval 9.0.8 builds it (form_res_rels.c): scores as C
 * floats sorted descending, ties by docno descending, the top `-M` kept, each document's grade looked up
 * (-1 not in the qrels, -2 a negative qrels grade), and with `-J` the unjudged ones dropped.
 */
import { NOT_IN_POOL, POOLED_UNJUDGED, type RankedJudgments } from './measures';
import { strcmp } from './strcmp';
import type { RankedDoc } from './types';

const float32 = new Float32Array(1);
const float32Bits = new Uint32Array(float32.buffer);
const MAX_PACKED_DOCS = 2 ** 21;

/** Scratch arrays reused across queries (evaluation is synchronous), grown to the longest ranking seen. */
let keyScratch = new Float64Array(0);
let scoreKeyScratch = new Uint32Array(0);
let orderScratch = new Int32Array(0);

/**
 * Indices of `docs` in trec_eval's order: float32 score descending, then docno descending (strcmp).
 * Fast path: each key packs the float32 score's order-preserving 32 bits above a 21-bit index into one
 * exactly representable double, so a native Float64Array sort does the work; equal-score runs are then
 * re-sorted by docno. Rankings of 2^21 or more documents use a comparator sort.
 * The returned array is scratch space, valid until the next call.
 */
function rankOrder(docs: readonly RankedDoc[]): Int32Array {
  const n = docs.length;
  const byTie = (a: number, b: number) => strcmp(docs[b].docno, docs[a].docno);
  if (n >= MAX_PACKED_DOCS) {
    const scores = docs.map((d) => Math.fround(d.score));
    return Int32Array.from(Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || byTie(a, b)));
  }
  if (keyScratch.length < n) {
    keyScratch = new Float64Array(n);
    scoreKeyScratch = new Uint32Array(n);
    orderScratch = new Int32Array(n);
  }
  const keys = keyScratch.subarray(0, n);
  const scoreKey = scoreKeyScratch;
  const order = orderScratch.subarray(0, n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(docs[i].score)) throw new RangeError(`score of document '${docs[i].docno}' is NaN`);
    float32[0] = docs[i].score + 0; // + 0 turns -0 into +0, which C compares equal
    const bits = float32Bits[0];
    // Order-preserving map of IEEE float bits to unsigned integers, complemented so higher scores sort first.
    const ordered = bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
    scoreKey[i] = ~ordered >>> 0;
    keys[i] = scoreKey[i] * MAX_PACKED_DOCS + i;
  }
  keys.sort();
  for (let r = 0; r < n; r++) {
    const key = keys[r];
    order[r] = key - Math.floor(key / MAX_PACKED_DOCS) * MAX_PACKED_DOCS;
  }
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && scoreKey[order[end]] === scoreKey[order[start]]) end++;
    if (end - start > 1) order.subarray(start, end).sort(byTie);
    start = end;
  }
  return order;
}

/** A query's judgments prepared once per qrels object: docno → grade, and counts per grade (≥ 0). */
interface PreparedJudgments {
  gradeOf: Map<string, number>;
  gradeCounts: number[];
}
const prepared = new WeakMap<Record<string, number>, PreparedJudgments>();

export function prepareJudgments(judged: Record<string, number>): PreparedJudgments {
  let p = prepared.get(judged);
  if (!p) {
    const gradeOf = new Map<string, number>();
    const gradeCounts: number[] = [];
    for (const docno in judged) {
      const grade = judged[docno];
      gradeOf.set(docno, grade);
      if (grade < 0) continue;
      while (gradeCounts.length <= grade) gradeCounts.push(0);
      gradeCounts[grade]++;
    }
    p = { gradeOf, gradeCounts };
    prepared.set(judged, p);
  }
  return p;
}

export function relevantCount(gradeCounts: number[], level: number): number {
  let numRel = 0;
  for (let g = 0; g < gradeCounts.length; g++) if (g >= level) numRel += gradeCounts[g];
  return numRel;
}

export function rankAndJudge(judged: Record<string, number>, docs: readonly RankedDoc[], level: number, depth: number, judgedOnly: boolean): RankedJudgments {
  const n = docs.length;
  const order = rankOrder(docs);
  const kept = Math.min(n, depth);
  let grades = new Int32Array(kept);
  const { gradeOf, gradeCounts } = prepareJudgments(judged);
  let numRelRet = 0;
  let numNonpool = 0;
  let numUnjudgedInPool = 0;
  let numJudged = 0;
  for (let r = 0; r < kept; r++) {
    const grade = gradeOf.get(docs[order[r]].docno);
    const code = grade === undefined ? NOT_IN_POOL : grade < 0 ? POOLED_UNJUDGED : grade;
    if (judgedOnly && code < 0) continue;
    grades[numJudged++] = code;
    if (code === NOT_IN_POOL) numNonpool++;
    else if (code === POOLED_UNJUDGED) numUnjudgedInPool++;
    else if (code >= level) numRelRet++;
  }
  if (numJudged < kept) grades = grades.slice(0, numJudged);
  return { grades, numRet: numJudged, numRel: relevantCount(gradeCounts, level), numRelRet, numNonpool, numUnjudgedInPool, gradeCounts };
}
