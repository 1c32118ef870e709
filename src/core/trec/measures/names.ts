/**
 * Measures as the rest of the lab names them: by the name trec_eval prints (`ndcg_cut_10`, `map`, `utility`,
 * `iprec_at_recall_0.50`), plus depth measures trec_eval has no name for (MS MARCO's `mrr_cut_10`). Experiment
 * configs are validated with parseMeasureName; measurePasses turns a list of names into evaluate() calls.
 * Measures with parameter lists (utility, 11pt_avg, set_F, ndcg, ndcg_rel, Rndcg, G) are named with their
 * defaults only; relstring (a string, not a number) and runid are not measures an experiment can average.
 */
import { formatFixed } from '../printf';
import { MEASURES } from './registry';
import { atLabel, MeasureSpecError, type Aggregation, type MeasureDefinition } from './types';

/** Printed name → how its "all" value is aggregated (for names produced by selectMeasures). */
export function aggregationOf(printedName: string): Aggregation {
  const direct = MEASURES.find((m) => m.name === printedName);
  if (direct && direct.params !== 'long' && direct.params !== 'float') return direct.aggregation;
  return printedName.startsWith('relstring_') ? 'text' : 'mean';
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

const isCutoffMeasure = (m: MeasureDefinition) => m.params === 'long' || m.params === 'float';
/** Registry rows an experiment can name (a number per query). */
const NUMERIC = MEASURES.filter((m) => m.aggregation !== 'runid' && m.aggregation !== 'text');

/** Every name an experiment may use, for error messages. */
export function supportedMeasureNames(): string {
  const names = NUMERIC.map((m) => (m.params === 'long' ? `${m.name}_<k>` : m.params === 'float' ? `${m.name}_<r, e.g. 0.10>` : m.name));
  return [...names, ...DEPTH_MEASURES.map((m) => `${m.name}_<k>`)].join(', ');
}

/** The cutoff in `text` if it is one as trec_eval prints it (no leading zeros; two decimals for fractions). */
function printedCutoff(kind: 'long' | 'float', text: string): number | null {
  if (kind === 'long') return /^[1-9]\d*$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : null;
  const value = Number(text);
  return /^\d+\.\d\d$/.test(text) && formatFixed(value, 2) === text ? value : null;
}

/** Resolves an experiment's measure name; throws MeasureSpecError listing what is supported. */
export function parseMeasureName(name: string): NamedMeasure {
  const exact = NUMERIC.find((m) => !isCutoffMeasure(m) && m.name === name);
  if (exact) return { name, definition: exact, computedAs: name, label: exact.label() };
  for (const definition of NUMERIC.filter(isCutoffMeasure)) {
    if (!name.startsWith(`${definition.name}_`)) continue;
    const cutoff = name.slice(definition.name.length + 1);
    if (printedCutoff(definition.params as 'long' | 'float', cutoff) !== null) {
      return { name, definition, cutoff, computedAs: name, label: definition.label(cutoff) };
    }
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
