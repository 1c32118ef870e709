/**
 * The README.md model card saved with a fine-tuned model: what it is, how it was trained (the whole experiment
 * config), on which adapter, and the run's own results on each evaluation set. The numbers are computed exactly as
 * the summary computes a seed's mean (trec_eval's aggregation of the final evaluation's per-query values), so the
 * card of `lion.seed-2` shows the same numbers as the summary's per-seed mean for Lion, seed 2.
 */
import { SUMMARY_MEASURES } from '../experiment/defaults';
import { optimizerDescriptor } from '../optim/registry';
import { familyDescriptor, type FamilyName } from '../families/registry';
import type { ExperimentConfig, ModelSpec } from '../experiment/schema';
import { summarize } from '../trec/evaluate';
import { fixed4, measureLabel } from './markdown';
import type { Environment, RunRecord } from './schema';

export interface RunResultRow {
  evalSet: string;
  measure: string;
  value: number;
  queries: number;
  relevanceLevel: number;
}

/** The run's final evaluation (at the step it completed), per evaluation set and measure; empty if it did not complete. */
export function runFinalResults(config: ExperimentConfig, record: RunRecord): RunResultRow[] {
  if (record.stop.reason !== 'completed') return [];
  const rows: RunResultRow[] = [];
  for (const set of config.evalSets) {
    const found = record.evaluations.filter((e) => e.evalSet === set.name && e.step === record.stop.step);
    const evaluation = found[found.length - 1];
    if (!evaluation) continue;
    for (const measure of set.measures) {
      const perQuery: Record<string, Record<string, number>> = {};
      for (const [qid, values] of Object.entries(evaluation.perQuery)) if (measure in values) perQuery[qid] = { [measure]: values[measure] };
      rows.push({ evalSet: set.name, measure, value: summarize(perQuery)[measure], queries: Object.keys(perQuery).length, relevanceLevel: set.relevanceLevel });
    }
  }
  return rows;
}

function baseModelOf(model: ModelSpec): string {
  if (model.kind === 'hub') return `[${model.id}](https://huggingface.co/${model.id}) at revision \`${model.revision}\``;
  if (model.kind === 'local') return `the local folder \`${model.path}\``;
  return `random initialisation (${model.architecture}, ${model.layers} layers, hidden ${model.hidden}, ${model.heads} heads, intermediate ${model.intermediate})`;
}

export interface ModelCardInput {
  config: ExperimentConfig;
  configHash: string;
  record: RunRecord;
  family: FamilyName;
  environment: Environment;
}

export function modelCardMarkdown({ config, configHash, record, family, environment }: ModelCardInput): string {
  const arm = config.arms.find((a) => a.name === record.arm);
  const results = runFinalResults(config, record);
  const adapter = environment.adapter;
  const descriptor = familyDescriptor(family);
  const lines: string[] = [];
  lines.push('---');
  if (config.model.kind === 'hub') lines.push(`base_model: ${config.model.id}`);
  lines.push('library_name: transformers', 'pipeline_tag: text-classification', 'tags:', '- cross-encoder', '- reranker', '- rerank-lab', '---', '');
  lines.push(`# ${config.name} — ${record.arm}, seed ${record.seed}`, '');
  lines.push(
    `A ${family} cross-encoder (\`${descriptor.hf.sequenceClassification}\`, one logit: higher is more relevant) fine-tuned by Rerank Lab from ${baseModelOf(config.model)}, ` +
      `run \`${record.runId}\` of experiment \`${config.name}\` (config hash \`${configHash}\`).`,
    '',
  );
  if (descriptor.hf.remoteCode) lines.push(`${descriptor.label} uses remote code: load it with \`trust_remote_code=True\`.`, '');
  lines.push('## Training', '');
  if (arm) {
    const optimizer = optimizerDescriptor(arm.optimizer);
    lines.push(
      `Optimizer ${optimizer.label} (as ${optimizer.reference}): lr ${arm.lr}, weight decay ${arm.weightDecay}` +
        // its own settings, from its registry descriptor, each with what it is
        optimizer.settings.map((s) => `, ${s.key} ${String(arm[s.key] ?? s.default)} (${s.doc})`).join('') +
        `, ${arm.schedule.kind} schedule, gradient clipping ${arm.clipNorm ?? 'off'}.`,
    );
  }
  lines.push(
    `${record.stop.step} steps of batch ${config.batchSize}, max length ${config.maxLength}, ${config.loss.kind} loss, training seed ${record.seed}; stopped: ${record.stop.reason}.`,
    '',
  );
  lines.push(
    `Trained on ${adapter.vendor || 'unknown vendor'} ${adapter.architecture} ${adapter.description}`.trim() +
      `${adapter.isSoftware ? ' (a software adapter)' : ''}, ${environment.runtime.kind}, Rerank Lab ${environment.app.version} (${environment.app.commit}).`,
    '',
  );
  lines.push('## Results', '');
  if (results.length === 0) {
    lines.push('This run has no final evaluation.', '');
  } else {
    lines.push(
      "Mean over the evaluation set's judged queries of the final evaluation (trec_eval 9.0.8 semantics, binary measures at the relevance level shown).",
      '',
    );
    lines.push('| eval set | measure | value | queries | relevance ≥ |', '|---|---|---|---|---|');
    const order = (m: string) => {
      const i = SUMMARY_MEASURES.findIndex((s) => s.key === m);
      return i < 0 ? SUMMARY_MEASURES.length : i;
    };
    const setIndex = (name: string) => config.evalSets.findIndex((e) => e.name === name);
    for (const row of [...results].sort((a, b) => setIndex(a.evalSet) - setIndex(b.evalSet) || order(a.measure) - order(b.measure))) {
      lines.push(`| ${row.evalSet} | ${measureLabel(row.measure)} | ${fixed4(row.value)} | ${row.queries} | ${row.relevanceLevel} |`);
    }
    lines.push('');
  }
  lines.push('## Experiment config', '', '```json', JSON.stringify(config, null, 2), '```', '');
  return lines.join('\n');
}
