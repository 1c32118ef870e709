/**
 * The measure registry: every measure this module implements — name, parameters (cutoffs), how its
 * per-query value is computed, how it is aggregated and how it is labelled for people — in trec_eval 9.0.8's
 * table order (measures.c), which is the order trec_eval prints them in whatever order `-m` named them.
 * trec_eval's `-m` parsing (selectMeasures), evaluation (evaluate.ts), the experiment schema's measure names
 * (parseMeasureName: printed names such as `ndcg_cut_10`, plus MS MARCO's `mrr_cut_10`) and the summary's
 * labels all derive from it.
 *
 * Spec parsing follows trec_eval.c/meas_init.c: `NAME.PARAMS` splits at the first '.', long cutoffs are
 * read like atol (so `23.4` → 23), sorted and must be positive and distinct; when a measure is named twice
 * the first parameter list wins.
 */
import { formatFixed } from './printf';

/** Qrels grades of unjudged documents in a ranking: not in the pool, or pooled with a negative grade. */
export const NOT_IN_POOL = -1;
export const POOLED_UNJUDGED = -2;

/** A query's ranking joined with its judgments (trec_eval's RES_RELS). */
export interface RankedJudgments {
  /** Grade of the document at each rank (NOT_IN_POOL / POOLED_UNJUDGED for unjudged). */
  grades: Int32Array;
  numRet: number;
  numRel: number;
  numRelRet: number;
  /** Count of judged documents at each grade 0..max (over all the query's judgments). */
  gradeCounts: number[];
}

export type Aggregation =
  | 'runid' // printed once from the run tag, no value
  | 'count' // num_q: number of queries averaged over
  | 'sum' // num_ret, num_rel, num_rel_ret: summed, printed as integers
  | 'mean' // arithmetic mean over queries
  | 'geometric'; // gm_map: exp(mean(log(max(v, 1e-5))))

export interface MeasureDefinition {
  name: string;
  aggregation: Aggregation;
  cutoffs?: 'long' | 'float';
  defaultCutoffs?: readonly number[];
  /** For people: `NDCG@10`, `MAP`; `cutoff` is the printed cutoff. */
  label: (cutoff?: string) => string;
  /** Writes the query's value(s) under `selected.names` (runid has none). */
  compute?: (rr: RankedJudgments, selected: SelectedMeasure, level: number, out: Record<string, number>) => void;
}

const LONG_CUTOFFS = [5, 10, 15, 20, 30, 100, 200, 500, 1000] as const;

const relevantAt = (rr: RankedJudgments, level: number, r: number) => rr.grades[r] >= level;

function averagePrecision(rr: RankedJudgments, level: number): number {
  let sum = 0;
  let found = 0;
  for (let r = 0; r < rr.numRet; r++) if (relevantAt(rr, level, r)) sum += ++found / (r + 1);
  return found ? sum / rr.numRel : sum;
}

/** P, recall, success and map_cut: one pass down the ranking, a value at each cutoff from the counts so far. */
function atCutoffs(value: (found: number, apSum: number, k: number, numRel: number) => number): NonNullable<MeasureDefinition['compute']> {
  return (rr, { names, cutoffs }, level, out) => {
    let found = 0;
    let apSum = 0;
    let c = 0;
    for (let r = 0; r < rr.numRet && c < cutoffs.length; r++) {
      while (c < cutoffs.length && r === cutoffs[c]) out[names[c]] = value(found, apSum, cutoffs[c++], rr.numRel);
      if (relevantAt(rr, level, r)) {
        found++;
        apSum += found / (r + 1);
      }
    }
    for (; c < cutoffs.length; c++) out[names[c]] = value(found, apSum, cutoffs[c], rr.numRel);
  };
}

const fixedLabel = (label: string) => () => label;
const atLabel = (prefix: string) => (cutoff?: string) => `${prefix}@${cutoff}`;

export const MEASURES: readonly MeasureDefinition[] = [
  { name: 'runid', aggregation: 'runid', label: fixedLabel('run id') },
  { name: 'num_q', aggregation: 'count', label: fixedLabel('queries'), compute: (_rr, _m, _l, out) => void (out.num_q = 1) },
  { name: 'num_ret', aggregation: 'sum', label: fixedLabel('retrieved'), compute: (rr, _m, _l, out) => void (out.num_ret = rr.numRet) },
  { name: 'num_rel', aggregation: 'sum', label: fixedLabel('relevant'), compute: (rr, _m, _l, out) => void (out.num_rel = rr.numRel) },
  { name: 'num_rel_ret', aggregation: 'sum', label: fixedLabel('relevant retrieved'), compute: (rr, _m, _l, out) => void (out.num_rel_ret = rr.numRelRet) },
  { name: 'map', aggregation: 'mean', label: fixedLabel('MAP'), compute: (rr, _m, level, out) => void (out.map = averagePrecision(rr, level)) },
  // gm_map keeps the per-query average precision; the geometric mean is taken in summarize().
  { name: 'gm_map', aggregation: 'geometric', label: fixedLabel('GM-MAP'), compute: (rr, _m, level, out) => void (out.gm_map = averagePrecision(rr, level)) },
  {
    name: 'Rprec',
    aggregation: 'mean',
    label: fixedLabel('R-prec'),
    compute: (rr, _m, level, out) => {
      const look = Math.min(rr.numRet, rr.numRel);
      let found = 0;
      for (let r = 0; r < look; r++) if (relevantAt(rr, level, r)) found++;
      out.Rprec = look === 0 ? 0 : found / rr.numRel;
    },
  },
  { name: 'bpref', aggregation: 'mean', label: fixedLabel('bpref'), compute: (rr, _m, level, out) => void (out.bpref = bpref(rr, level)) },
  {
    name: 'recip_rank',
    aggregation: 'mean',
    label: fixedLabel('RR'),
    compute: (rr, _m, level, out) => {
      let r = 0;
      while (r < rr.numRet && !relevantAt(rr, level, r)) r++;
      out.recip_rank = r < rr.numRet ? 1 / (r + 1) : 0;
    },
  },
  {
    name: 'iprec_at_recall',
    aggregation: 'mean',
    cutoffs: 'float',
    defaultCutoffs: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    label: atLabel('iP'),
    compute: (rr, { names, cutoffs }, level, out) => iprecAtRecall(rr, cutoffs, level).forEach((v, i) => (out[names[i]] = v)),
  },
  { name: 'P', aggregation: 'mean', cutoffs: 'long', defaultCutoffs: LONG_CUTOFFS, label: atLabel('P'), compute: atCutoffs((found, _ap, k) => found / k) },
  {
    name: 'recall',
    aggregation: 'mean',
    cutoffs: 'long',
    defaultCutoffs: LONG_CUTOFFS,
    label: atLabel('R'),
    compute: atCutoffs((found, _ap, _k, numRel) => (numRel ? found / numRel : 0)),
  },
  { name: 'ndcg', aggregation: 'mean', label: fixedLabel('NDCG'), compute: (rr, _m, _l, out) => void (out.ndcg = ndcg(rr)) },
  {
    name: 'ndcg_cut',
    aggregation: 'mean',
    cutoffs: 'long',
    defaultCutoffs: LONG_CUTOFFS,
    label: atLabel('NDCG'),
    compute: (rr, { names, cutoffs }, _l, out) => ndcgCut(rr, cutoffs).forEach((v, i) => (out[names[i]] = v)),
  },
  {
    name: 'map_cut',
    aggregation: 'mean',
    cutoffs: 'long',
    defaultCutoffs: LONG_CUTOFFS,
    label: atLabel('MAP'),
    compute: atCutoffs((_found, apSum, _k, numRel) => (numRel ? apSum / numRel : 0)),
  },
  {
    name: 'success',
    aggregation: 'mean',
    cutoffs: 'long',
    defaultCutoffs: [1, 5, 10],
    label: atLabel('Success'),
    compute: atCutoffs((found) => (found ? 1 : 0)),
  },
];

/** trec_eval's `official` nickname (its default measures). */
const OFFICIAL = ['runid', 'num_q', 'num_ret', 'num_rel', 'num_rel_ret', 'map', 'gm_map', 'Rprec', 'bpref', 'recip_rank', 'iprec_at_recall', 'P'];
/** trec_eval's `all_trec` nickname, restricted to the measures implemented here. */
const ALL_TREC = MEASURES.map((m) => m.name);

export interface SelectedMeasure {
  definition: MeasureDefinition;
  cutoffs: number[];
  /** Printed names: the measure name, or `name_cutoff` per cutoff. */
  names: string[];
}

export class MeasureSpecError extends Error {
  override name = 'MeasureSpecError';
}

/** Printed name → how its "all" value is aggregated (for names produced by selectMeasures). */
export function aggregationOf(printedName: string): Aggregation {
  const direct = MEASURES.find((m) => m.name === printedName && !m.cutoffs);
  if (direct) return direct.aggregation;
  return 'mean';
}

function atol(text: string): number {
  const match = /^\s*[+-]?\d+/.exec(text);
  return match ? Number(match[0]) : 0;
}

function atof(text: string): number {
  const match = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text);
  return match ? Number(match[0]) : 0;
}

function parseCutoffs(definition: MeasureDefinition, params: string): number[] {
  const parts = params.split(',');
  const values = parts.map(definition.cutoffs === 'long' ? atol : atof).sort((a, b) => a - b);
  if (definition.cutoffs === 'long' && values[0] <= 0) {
    throw new MeasureSpecError(`measure '${definition.name}.${params}': cutoffs must be positive`);
  }
  for (let i = 1; i < values.length; i++) {
    if (values[i] === values[i - 1]) throw new MeasureSpecError(`measure '${definition.name}.${params}': duplicate cutoffs`);
  }
  return values;
}

/** Resolves trec_eval measure specs (`-m` arguments) into the selected measures, in trec_eval's print order. */
export function selectMeasures(specs: readonly string[]): SelectedMeasure[] {
  const marked = new Set<string>();
  const params = new Map<string, string>();
  for (const spec of specs.length > 0 ? specs : ['official']) {
    const dot = spec.indexOf('.');
    const name = dot >= 0 ? spec.slice(0, dot) : spec;
    if (dot >= 0) {
      const p = spec.slice(dot + 1);
      if (p.length === 0) throw new MeasureSpecError(`measure '${spec}': empty parameter list`);
      if (!params.has(name)) params.set(name, p);
    }
    if (name === 'official') OFFICIAL.forEach((m) => marked.add(m));
    else if (name === 'all_trec') ALL_TREC.forEach((m) => marked.add(m));
    else if (MEASURES.some((m) => m.name === name)) marked.add(name);
    else throw new MeasureSpecError(`unknown or unsupported measure '${name}' (supported: ${ALL_TREC.join(', ')}, official, all_trec)`);
  }
  const selected: SelectedMeasure[] = [];
  for (const definition of MEASURES) {
    if (!marked.has(definition.name)) continue;
    const p = params.get(definition.name);
    if (!definition.cutoffs) {
      if (p !== undefined) throw new MeasureSpecError(`measure '${definition.name}' takes no parameters here (got '${p}')`);
      selected.push({ definition, cutoffs: [], names: [definition.name] });
      continue;
    }
    const cutoffs = p === undefined ? [...definition.defaultCutoffs!] : parseCutoffs(definition, p);
    const names = cutoffs.map((c) => `${definition.name}_${definition.cutoffs === 'long' ? String(c) : formatFixed(c, 2)}`);
    selected.push({ definition, cutoffs, names });
  }
  return selected;
}

/**
 * Measures trec_eval has no name for, each a trec_eval measure over the top k only (`-M k`): MS MARCO's
 * MRR@k (msmarco_eval.py; ir_measures RR@k) is `trec_eval -c -M k -m recip_rank`.
 */
export interface DepthMeasure {
  name: string;
  /** The trec_eval measure computed at depth k. */
  of: string;
  label: (cutoff?: string) => string;
}
export const DEPTH_MEASURES: readonly DepthMeasure[] = [{ name: 'mrr_cut', of: 'recip_rank', label: atLabel('MRR') }];

/** A measure as experiments name it: its printed (`-q` output) name, such as `ndcg_cut_10`, `map` or `mrr_cut_10`. */
export interface NamedMeasure {
  name: string;
  /** The registry entry computing it. */
  definition: MeasureDefinition;
  /** Its cutoff as printed (`10`, `0.10`), if it has one. */
  cutoff?: string;
  /** For depth measures: evaluate the top `depth` only. */
  depth?: number;
  /** The name evaluate() writes its value under (`recip_rank` for `mrr_cut_10`). */
  computedAs: string;
  /** For people: `NDCG@10`, `MAP`, `MRR@10`. */
  label: string;
}

/** Every name an experiment may use, for error messages. */
export function supportedMeasureNames(): string {
  const names = MEASURES.filter((m) => m.name !== 'runid').map((m) =>
    m.cutoffs === 'long' ? `${m.name}_<k>` : m.cutoffs === 'float' ? `${m.name}_<r, e.g. 0.10>` : m.name,
  );
  return [...names, ...DEPTH_MEASURES.map((m) => `${m.name}_<k>`)].join(', ');
}

/** The cutoff in `text` if it is one as trec_eval prints it (no leading zeros; two decimals for recall points). */
function printedCutoff(kind: 'long' | 'float', text: string): number | null {
  if (kind === 'long') return /^[1-9]\d*$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : null;
  const value = Number(text);
  return /^\d\.\d\d$/.test(text) && value >= 0 && value <= 1 && formatFixed(value, 2) === text ? value : null;
}

/** Resolves an experiment's measure name; throws MeasureSpecError listing what is supported. */
export function parseMeasureName(name: string): NamedMeasure {
  for (const definition of MEASURES) {
    if (definition.name === 'runid') continue;
    if (!definition.cutoffs) {
      if (name === definition.name) return { name, definition, computedAs: name, label: definition.label() };
      continue;
    }
    if (!name.startsWith(`${definition.name}_`)) continue;
    const cutoff = name.slice(definition.name.length + 1);
    if (printedCutoff(definition.cutoffs, cutoff) !== null) return { name, definition, cutoff, computedAs: name, label: definition.label(cutoff) };
  }
  for (const depthMeasure of DEPTH_MEASURES) {
    if (!name.startsWith(`${depthMeasure.name}_`)) continue;
    const cutoff = name.slice(depthMeasure.name.length + 1);
    const depth = printedCutoff('long', cutoff);
    const definition = MEASURES.find((m) => m.name === depthMeasure.of)!;
    if (depth !== null) return { name, definition, cutoff, depth, computedAs: definition.name, label: depthMeasure.label(cutoff) };
  }
  throw new MeasureSpecError(`unknown or unsupported measure '${name}' (supported: ${supportedMeasureNames()})`);
}

/** The label of a measure name for people (`NDCG@10`), or the name itself when it is not one. */
export function measureLabel(name: string): string {
  try {
    return parseMeasureName(name).label;
  } catch {
    return name;
  }
}

/** One evaluate() call: trec_eval -m specs at a depth, and which output becomes which measure. */
export interface MeasurePass {
  depth?: number;
  specs: string[];
  outputs: { name: string; computedAs: string }[];
}

/**
 * How to compute a list of experiment measure names with evaluate(): one pass per depth (the full ranking
 * first), cutoffs of one measure joined into one spec (`P.5,10`: trec_eval keeps only a measure's first -m).
 */
export function measurePasses(names: readonly string[]): MeasurePass[] {
  const passes = new Map<number | undefined, { cutoffs: Map<MeasureDefinition, string[]>; outputs: MeasurePass['outputs'] }>();
  for (const name of names) {
    const named = parseMeasureName(name);
    let pass = passes.get(named.depth);
    if (!pass) passes.set(named.depth, (pass = { cutoffs: new Map(), outputs: [] }));
    const list = pass.cutoffs.get(named.definition) ?? [];
    if (named.cutoff !== undefined && named.depth === undefined && !list.includes(named.cutoff)) list.push(named.cutoff);
    pass.cutoffs.set(named.definition, list);
    pass.outputs.push({ name, computedAs: named.computedAs });
  }
  const ordered = [...passes].sort(([a], [b]) => (a ?? 0) - (b ?? 0));
  return ordered.map(([depth, pass]) => ({
    ...(depth !== undefined ? { depth } : {}),
    specs: [...pass.cutoffs].map(([definition, cutoffs]) => (cutoffs.length ? `${definition.name}.${cutoffs.join(',')}` : definition.name)),
    outputs: pass.outputs,
  }));
}

function bpref(rr: RankedJudgments, level: number): number {
  const { grades, numRet, numRel, gradeCounts } = rr;
  let numNonrel = 0;
  for (let g = 0; g < level && g < gradeCounts.length; g++) numNonrel += gradeCounts[g];
  let nonrelSoFar = 0;
  let sum = 0;
  for (let r = 0; r < numRet; r++) {
    const g = grades[r];
    if (g === NOT_IN_POOL || g === POOLED_UNJUDGED) continue;
    if (g >= 0 && g < level) nonrelSoFar++;
    else sum += nonrelSoFar > 0 ? 1 - Math.min(nonrelSoFar, numRel) / Math.min(numNonrel, numRel) : 1;
  }
  return numRel ? sum / numRel : sum;
}

/** Interpolated precision at recall points (m_iprec_at_recall.c: recall p ↦ trunc(p·R + 0.9) relevant docs). */
function iprecAtRecall(rr: RankedJudgments, percents: number[], level: number): number[] {
  const { grades, numRet, numRel, numRelRet } = rr;
  const values = percents.map(() => 0);
  const cut = percents.map((p) => Math.trunc(p * numRel + 0.9));
  let current = cut.length - 1;
  while (current >= 0 && cut[current] > numRelRet) current--;
  let intPrecis = numRelRet / numRet;
  let relSoFar = numRelRet;
  for (let i = numRet; i > 0 && relSoFar > 0; i--) {
    const precis = relSoFar / i;
    if (intPrecis < precis) intPrecis = precis;
    if (grades[i - 1] >= level) {
      while (current >= 0 && relSoFar === cut[current]) values[current--] = intPrecis;
      relSoFar--;
    }
  }
  while (current >= 0) values[current--] = intPrecis;
  return values;
}

function ndcg(rr: RankedJudgments): number {
  const { grades, numRet, gradeCounts } = rr;
  let dcg = 0;
  for (let r = 0; r < numRet; r++) {
    const g = grades[r];
    if (g > 0 && g < gradeCounts.length) dcg += g / discount(r);
  }
  let ideal = 0;
  const gains = idealGains(gradeCounts);
  for (let r = 0; r < gains.length; r++) ideal += gains[r] / discount(r);
  return ideal > 0 ? dcg / ideal : 0;
}

/** ndcg_cut: DCG over the top k divided by the ideal DCG over the top k (left as DCG when that is 0). */
function ndcgCut(rr: RankedJudgments, cutoffs: number[]): number[] {
  const { grades, numRet, gradeCounts } = rr;
  const values: number[] = [];
  let dcg = 0;
  let c = 0;
  for (let r = 0; r < numRet && c < cutoffs.length; r++) {
    while (c < cutoffs.length && r === cutoffs[c]) values[c++] = dcg;
    if (grades[r] > 0) dcg += grades[r] / discount(r);
  }
  for (; c < cutoffs.length; c++) values[c] = dcg;
  const gains = idealGains(gradeCounts);
  let ideal = 0;
  c = 0;
  for (let r = 0; r < gains.length && c < cutoffs.length; r++) {
    while (c < cutoffs.length && r === cutoffs[c]) {
      if (ideal > 0) values[c] /= ideal;
      c++;
    }
    ideal += gains[r] / discount(r);
  }
  for (; c < cutoffs.length; c++) if (ideal > 0) values[c] /= ideal;
  return values;
}

const discounts: number[] = [];
/** log2(rank + 1) for a 0-based index, cached. */
function discount(index: number): number {
  for (let i = discounts.length; i <= index; i++) discounts.push(Math.log2(i + 2));
  return discounts[index];
}

/** Ideal gains (grade ≥ 1, highest first), as ndcg/ndcg_cut build the ideal ranking. */
function idealGains(gradeCounts: number[]): number[] {
  const gains: number[] = [];
  for (let g = gradeCounts.length - 1; g >= 1; g--) for (let k = 0; k < gradeCounts[g]; k++) gains.push(g);
  return gains;
}
