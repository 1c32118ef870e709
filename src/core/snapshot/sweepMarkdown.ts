/**
 * sweep-summary.md: how each arm's gap to the baseline arm (Lion − AdamW by default) moves with model size, one row per model × eval set × measure,
 * each row taken from that experiment's own summary (itself recomputed from per-query values).
 */
import type { ModelSpec } from '../experiment/schema';
import { modelShapeOf, parameterCountOf } from '../experiment/memoryEstimate';
import { comparisonArms, comparisonTitle, fixed4, measureLabel, pValue4, signed4 } from './markdown';
import type { SnapshotSummary } from './summary';

export interface SweepEntry {
  id: string;
  model: ModelSpec;
  summary: SnapshotSummary;
}

/** Parameter-free description of a model's size: layers × hidden for BERT shapes, the id otherwise. */
export function modelSizeLabel(model: ModelSpec): string {
  if (model.kind === 'random')
    return `${model.architecture === 'bert' ? '' : `${model.architecture} `}${model.layers} layers × ${model.hidden} hidden (random init)`;
  return model.kind === 'hub' ? `${model.id}@${model.revision}` : model.path;
}

/** The model's parameter count when its shape is known from the spec (random init, a known Hub id); null otherwise. */
export function modelParameterCount(model: ModelSpec): number | null {
  const shape = modelShapeOf(model);
  return shape ? parameterCountOf(shape) : null;
}

export function sweepMarkdown(name: string, entries: readonly SweepEntry[], measures: readonly string[] = ['ndcg_cut_10']): string {
  const comparisons = entries.flatMap((e) => e.summary.comparisons);
  const title = comparisons.length ? comparisonTitle(comparisons) : 'Lion − AdamW';
  const [treatments, baselines] = title.split(' − ');
  const lines = [`# ${name}: the ${title} gap across model sizes`, ''];
  lines.push("Each row comes from that experiment's summary (per-query values averaged over seeds, paired over queries).", '');
  lines.push(`| model | eval set | measure | ${baselines} | ${treatments} | ${title} | 95 % CI | t-test p | randomization p | seeds | parameters |`);
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const entry of entries) {
    for (const c of entry.summary.comparisons.filter((x) => measures.includes(x.measure))) {
      const mean = (arm: string) =>
        entry.summary.cells.find((cell) => cell.arm === arm && cell.evalSet === c.evalSet && cell.measure === c.measure)?.mean ?? Number.NaN;
      lines.push(
        `| ${modelSizeLabel(entry.model)} | ${c.evalSet} | ${measureLabel(c.measure)}${comparisonArms(c, comparisons)} | ${fixed4(mean(c.baseline))} | ${fixed4(mean(c.treatment))} | ${signed4(c.meanDifference)} | [${signed4(c.ci95.low)}, ${signed4(c.ci95.high)}] | ${pValue4(c.tTest.p)} | ${pValue4(c.randomizationP)} | ${c.seeds.length} | ${modelParameterCount(entry.model) ?? '—'} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
