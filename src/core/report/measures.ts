/**
 * The report's measures: names as experiments spell them (`ndcg_cut_10`, `map`, `mrr_cut_10`, `judged_10`) or as
 * people read them (`NDCG@10`, `MAP`, `judged@10`, any case). The report shows values only from a snapshot's stored
 * per-query values: a measure the snapshot did not measure is left out and said so, never computed from nothing.
 */
import { judgedCutoff, judgedLabel } from '../trec/judged';
import { parseMeasureName, supportedMeasureNames } from '../trec/measures';

/** NDCG@10, MAP, MRR@10, R@100 and judged@10. */
export const REPORT_DEFAULT_MEASURES = ['ndcg_cut_10', 'map', 'mrr_cut_10', 'recall_100', 'judged_10'] as const;

export class ReportInputError extends Error {
  override name = 'ReportInputError';
}

/** The label people read: `NDCG@10`, `judged@10`. */
export function reportMeasureLabel(name: string): string {
  const judged = judgedCutoff(name);
  if (judged !== null) return judgedLabel(judged);
  try {
    return parseMeasureName(name).label;
  } catch {
    return name;
  }
}

/** The stored name of one measure as the user wrote it; a ReportInputError naming it when it is none. */
export function resolveReportMeasure(written: string): string {
  const text = written.trim();
  if (judgedCutoff(text) !== null) return text;
  try {
    return parseMeasureName(text).name;
  } catch {
    // a label: judged@k, or a registry label such as NDCG@10 (matched without case)
    const judged = /^judged@(\d+)$/i.exec(text);
    if (judged && judgedCutoff(`judged_${judged[1]}`) !== null) return `judged_${judged[1]}`;
    const byLabel = labelIndex().get(text.toLowerCase());
    if (byLabel) return byLabel;
    throw new ReportInputError(
      `unknown measure '${written}' (names: ${supportedMeasureNames()}, judged_<k>; or labels such as NDCG@10, MAP, MRR@10, R@100, judged@10)`,
    );
  }
}

/** Comma-separated names (`--measures`), each resolved; duplicates are dropped. */
export function resolveReportMeasures(list: string): string[] {
  const names = list.split(',').filter((n) => n.trim() !== '');
  if (names.length === 0) throw new ReportInputError('no measure named (give names separated by commas, e.g. ndcg_cut_10,map)');
  return [...new Set(names.map(resolveReportMeasure))];
}

let labels: Map<string, string> | undefined;
/** Label → name for the cutoffs people use (labels of cutoff measures need a cutoff, so a fixed set is listed). */
function labelIndex(): Map<string, string> {
  if (labels) return labels;
  labels = new Map();
  const cutoffs = [1, 3, 5, 10, 15, 20, 30, 50, 100, 200, 500, 1000];
  const names = [
    'map',
    'gm_map',
    'Rprec',
    'bpref',
    'recip_rank',
    'ndcg',
    ...cutoffs.flatMap((k) => [`P_${k}`, `recall_${k}`, `ndcg_cut_${k}`, `map_cut_${k}`, `success_${k}`, `mrr_cut_${k}`]),
  ];
  for (const name of names) {
    try {
      labels.set(parseMeasureName(name).label.toLowerCase(), name);
    } catch {
      // a name the registry no longer has: no label for it
    }
  }
  return labels;
}
