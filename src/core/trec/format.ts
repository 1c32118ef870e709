/**
 * trec_eval's text output (meas_print_single.c, meas_print_final.c, m_runid.c, m_relstring.c): per-query lines
 * (with -q) before the `all` lines; `%-22s\t%s\t%6.4f` for real values, `%ld` for counts, `'%s'` for relstring
 * (per query only), the run tag for runid (summary only); num_q, gm_map and gm_bpref appear in the summary
 * only. With -Z every value line but runid and relstring is `Z%-22s\t%s\t%6.4f`, counts included.
 */
import { formatFixedWidth } from './printf';
import type { EvaluationResult, MeasureColumn } from './types';

function line(measure: string, qid: string, value: string, prefix = ''): string {
  return `${prefix}${measure.padEnd(22)}\t${qid}\t${value}\n`;
}

function valueLine(column: MeasureColumn, qid: string, value: number, zscored: boolean): string {
  if (zscored) return line(column.name, qid, formatFixedWidth(value, 6, 4), 'Z');
  const counted = column.aggregation === 'sum' || column.aggregation === 'count';
  return line(column.name, qid, counted ? String(Math.trunc(value)) : formatFixedWidth(value, 6, 4));
}

export interface FormatOptions {
  /** `-q`: per-query lines for the queries in both files, before the summary. */
  perQuery: boolean;
  /** `-n`: no summary lines. Default false. */
  noSummary?: boolean;
  /** Printed as `runid` when the evaluation selected it (trec_eval prints the last line's tag). */
  runTag?: string;
}

/** Renders an evaluation exactly as trec_eval 9.0.8 prints it. */
export function formatTrecEval(result: EvaluationResult, options: FormatOptions): string {
  const { columns, zscored } = result;
  let out = '';
  if (options.perQuery) {
    for (const qid of result.queries) {
      for (const column of columns) {
        const { name, aggregation } = column;
        if (aggregation === 'text') out += line(name, qid, `'${result.perQueryText[qid][name]}'`);
        else if (aggregation === 'sum' || aggregation === 'mean') out += valueLine(column, qid, result.perQuery[qid][name], zscored);
      }
    }
  }
  if (options.noSummary) return out;
  for (const column of columns) {
    if (column.aggregation === 'runid') out += line('runid', 'all', options.runTag ?? '');
    else if (column.aggregation !== 'text') out += valueLine(column, 'all', result.all[column.name], zscored);
  }
  return out;
}
