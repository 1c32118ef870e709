/**
 * trec_eval's text output: `%-22s\t%s\t%6.4f` for real values, `%-22s\t%s\t%ld` for the counts
 * (meas_print_single.c, meas_print_final.c), per-query lines (with -q) before the `all` lines.
 */
import { aggregationOf } from './measures';
import { formatFixed } from './printf';
import type { EvaluationResult } from './types';

function line(measure: string, qid: string, value: string): string {
  return `${measure.padEnd(22)}\t${qid}\t${value}\n`;
}

function valueText(measure: string, value: number): string {
  const aggregation = aggregationOf(measure);
  return aggregation === 'sum' || aggregation === 'count' ? String(Math.trunc(value)) : formatFixed(value, 4);
}

export interface FormatOptions {
  /** `-q`: per-query lines for the queries in both files, before the summary. */
  perQuery: boolean;
  /** Printed as `runid` when the evaluation selected it (trec_eval prints the last line's tag). */
  runTag?: string;
}

/** Renders an evaluation exactly as trec_eval 9.0.8 prints it. */
export function formatTrecEval(result: EvaluationResult, options: FormatOptions): string {
  let out = '';
  if (options.perQuery) {
    for (const qid of result.queries) {
      const values = result.perQuery[qid];
      for (const measure of result.measures) {
        // trec_eval prints num_q and gm_map only in the summary.
        const aggregation = aggregationOf(measure);
        if (aggregation === 'count' || aggregation === 'geometric') continue;
        out += line(measure, qid, valueText(measure, values[measure]));
      }
    }
  }
  if (result.runIdSelected) out += line('runid', 'all', options.runTag ?? '');
  for (const measure of result.measures) out += line(measure, 'all', valueText(measure, result.all[measure]));
  return out;
}
