/**
 * The measures this module implements, in trec_eval 9.0.8's table order (measures.c), which is the order
 * trec_eval prints them in whatever order `-m` named them. Spec parsing follows trec_eval.c/meas_init.c:
 * `NAME.PARAMS` splits at the first '.', long cutoffs are read like atol (so `23.4` → 23), sorted and must
 * be positive and distinct; when a measure is named twice the first parameter list wins.
 */
import { formatFixed } from './printf';

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
}

const LONG_CUTOFFS = [5, 10, 15, 20, 30, 100, 200, 500, 1000] as const;

export const MEASURES: readonly MeasureDefinition[] = [
  { name: 'runid', aggregation: 'runid' },
  { name: 'num_q', aggregation: 'count' },
  { name: 'num_ret', aggregation: 'sum' },
  { name: 'num_rel', aggregation: 'sum' },
  { name: 'num_rel_ret', aggregation: 'sum' },
  { name: 'map', aggregation: 'mean' },
  { name: 'gm_map', aggregation: 'geometric' },
  { name: 'Rprec', aggregation: 'mean' },
  { name: 'bpref', aggregation: 'mean' },
  { name: 'recip_rank', aggregation: 'mean' },
  { name: 'iprec_at_recall', aggregation: 'mean', cutoffs: 'float', defaultCutoffs: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] },
  { name: 'P', aggregation: 'mean', cutoffs: 'long', defaultCutoffs: LONG_CUTOFFS },
  { name: 'recall', aggregation: 'mean', cutoffs: 'long', defaultCutoffs: LONG_CUTOFFS },
  { name: 'ndcg', aggregation: 'mean' },
  { name: 'ndcg_cut', aggregation: 'mean', cutoffs: 'long', defaultCutoffs: LONG_CUTOFFS },
  { name: 'map_cut', aggregation: 'mean', cutoffs: 'long', defaultCutoffs: LONG_CUTOFFS },
  { name: 'success', aggregation: 'mean', cutoffs: 'long', defaultCutoffs: [1, 5, 10] },
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
