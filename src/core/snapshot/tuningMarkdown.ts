/**
 * summary.md of a tuning study's snapshot: the study, the LR-sensitivity table (every trial's dev NDCG@10 by its
 * settings, per optimizer), the selection, time to target, then the final experiment's summary on the test sets
 * (summaryMarkdown, paired tests and all). Every number is recomputed from the snapshot's runs.
 */
import { expandTuningStudy, type TuningStudy } from '../experiment/tuning';
import { optimizerLabel } from '../optim/registry';
import { fixed4, summaryMarkdown } from './markdown';
import type { Snapshot, TuningRecord } from './schema';
import { summarizeSnapshot } from './summary';
import { analyzeTuning, type TrialOutcome, type TuningAnalysis } from './tuningAnalysis';

/** The study and its analysis, from a snapshot that has them (null for an ordinary experiment's snapshot). */
export function tuningOfSnapshot(snapshot: Pick<Snapshot, 'tuning'>): { expanded: TuningStudy; analysis: TuningAnalysis } | null {
  if (!snapshot.tuning) return null;
  return tuningOfRecord(snapshot.tuning);
}

export function tuningOfRecord(record: TuningRecord): { expanded: TuningStudy; analysis: TuningAnalysis } {
  const expanded = expandTuningStudy(record.study, 'tuning.study');
  return { expanded, analysis: analyzeTuning(expanded, record.runs) };
}

/** `1.23e-4`: learning rates as the sensitivity table and plot show them. */
export function formatLr(lr: number): string {
  return lr.toExponential(2);
}

export function formatRatio(ratio: number | null): string {
  return ratio === null ? '—' : `${ratio.toFixed(2)}×`;
}

export function formatSeconds(seconds: number | null): string {
  return seconds === null ? '—' : seconds.toFixed(1);
}

function devCell(t: TrialOutcome): string {
  if (t.mean === null) return `— (${t.seeds.find((s) => s.dev === null)?.status ?? 'no score'})`;
  return t.seeds.length > 1 ? `${fixed4(t.mean)} [${fixed4(t.min!)}, ${fixed4(t.max!)}]` : fixed4(t.mean);
}

/** The sensitivity table, the selection and time to target (the part of summary.md about the tuning). */
export function tuningMarkdown(expanded: TuningStudy, analysis: TuningAnalysis): string {
  const { study } = expanded;
  const lines: string[] = [];
  lines.push(`# Tuning study ${study.name}`, '');
  if (study.description) lines.push(study.description, '');
  lines.push(
    `Equal budget: ${study.budget} trials per optimizer (${study.sampler}, sampler seed ${study.samplerSeed}), ${expanded.tuning.steps ?? `${expanded.tuning.epochs} epochs`}${expanded.tuning.steps ? ' steps' : ''} each, ` +
      `seed${study.tuningSeeds.length > 1 ? 's' : ''} ${study.tuningSeeds.join(', ')}; selected on **${analysis.devSet}** by NDCG@10 after the last step; ` +
      `reported on **${expanded.study.testSets.map((t) => String(t.name)).join(', ')}** with seeds ${study.finalSeeds.join(', ')}.`,
    '',
  );
  const searched = (key: 'weightDecay' | 'beta2') => analysis.trials.some((t) => t.point[key] !== undefined);
  const wd = searched('weightDecay');
  const b2 = searched('beta2');
  lines.push(`## LR sensitivity (dev ${analysis.devSet} NDCG@10 by learning rate)`, '');
  lines.push(
    `| optimizer | trial | lr |${wd ? ' weight decay |' : ''}${b2 ? ' β2 |' : ''} dev NDCG@10${study.tuningSeeds.length > 1 ? ' (mean [min, max] over seeds)' : ''} |`,
  );
  lines.push(`|---|---|---|${wd ? '---|' : ''}${b2 ? '---|' : ''}---|`);
  for (const space of expanded.spaces) {
    const rows = analysis.trials.filter((t) => t.space === space.name).sort((a, b) => a.point.lr - b.point.lr || a.index - b.index);
    const selected = analysis.selected.find((s) => s.space === space.name)?.trial;
    for (const t of rows) {
      lines.push(
        `| ${optimizerLabel(t.optimizer)}${space.name !== space.optimizer ? ` (${space.name})` : ''} | ${t.trial}${t.trial === selected ? ' (selected)' : ''} | ${formatLr(t.point.lr)} |` +
          `${wd ? ` ${t.point.weightDecay ?? '—'} |` : ''}${b2 ? ` ${t.point.beta2 ?? '—'} |` : ''} ${devCell(t)} |`,
      );
    }
  }
  lines.push('');
  lines.push('## Selected settings', '');
  lines.push('| optimizer | trial | lr | weight decay | dev NDCG@10 |', '|---|---|---|---|---|');
  for (const sel of analysis.selected) {
    const trial = expanded.trials.find((t) => t.name === sel.trial);
    lines.push(
      `| ${optimizerLabel(sel.optimizer)}${sel.space !== sel.optimizer ? ` (${sel.space})` : ''} | ${sel.trial ?? '— (no trial completed)'} | ${trial ? formatLr(trial.arm.lr) : '—'} | ${trial ? trial.arm.weightDecay : '—'} | ${sel.dev === null ? '—' : fixed4(sel.dev)} |`,
    );
  }
  lines.push('');
  lines.push('## Time to target', '');
  if (!analysis.target) lines.push('No target: some optimizer has no completed trial.', '');
  else {
    lines.push(
      `Target: dev ${analysis.devSet} NDCG@10 ≥ ${fixed4(analysis.target.value)} (${analysis.target.source === 'study' ? "the study's target" : 'the lower of the optimizers’ best'}). ` +
        'Steps: the first dev evaluation at or above it (evaluations every ' +
        `${expanded.tuning.evaluateEvery || expanded.tuning.steps} steps); wall time: training steps only, mean over seeds; ratios against ${analysis.baselineSpace}.`,
      '',
    );
    lines.push('| optimizer | trial | steps | wall time (s) | steps ratio | wall-time ratio |', '|---|---|---|---|---|---|');
    for (const t of analysis.timeToTarget) {
      lines.push(
        `| ${optimizerLabel(t.optimizer)}${t.space !== t.optimizer ? ` (${t.space})` : ''} | ${t.trial} | ${t.steps ?? 'not reached'} | ${formatSeconds(t.seconds)} | ${formatRatio(t.stepsRatio)} | ${formatRatio(t.secondsRatio)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** summary.md of a tuning study's snapshot: the tuning part, then the final comparison on the test sets. */
export function studySummaryMarkdown(snapshot: Snapshot): string {
  const tuning = tuningOfSnapshot(snapshot);
  const final = summaryMarkdown(summarizeSnapshot(snapshot));
  if (!tuning) return final;
  return `${tuningMarkdown(tuning.expanded, tuning.analysis)}\n## Final comparison on the test sets\n\n${final.replace(/^# /m, '### ').replace(/^## /gm, '#### ')}`;
}
