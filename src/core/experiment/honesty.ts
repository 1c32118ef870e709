/**
 * Warnings about studies that would run fine but answer the question badly. None of them stops a run;
 * the UI shows them beside the config and the headless runner prints them.
 */
import { canonicalJson } from './hash';
import { TREC_DL_RELEVANCE_LEVEL } from './defaults';
import type { LionArmWarningCode } from '../optim/advice';
import { optimizerDescriptor, referenceArmOf } from '../optim/registry';
import type { ArmSpec, EvalSetSpec, ExperimentConfig, FileRef } from './schema';

export type HonestyCode =
  | 'no-head-to-head'
  | LionArmWarningCode
  | 'arms-differ-beyond-optimizer'
  | 'single-eval-set'
  | 'trec-dl-relevance-level'
  | 'single-seed'
  | 'few-seeds'
  | 'unpinned-hub-revision'
  | 'no-checkpoints';

export interface HonestyWarning {
  code: HonestyCode;
  /** The config field the warning is about, in the same path notation as validation errors. */
  field: string;
  message: string;
}

function refText(ref: FileRef): string {
  return ref.source === 'bundled' ? ref.path : ref.source === 'url' ? ref.url : ref.name;
}

const TREC_DL = /(^|[^a-z0-9])(dl-?(19|20)|trec-?dl|(msmarco-passage-)?trec-?dl-?20(19|20)|20(19|20)qrels)/i;

function looksLikeTrecDl(set: EvalSetSpec): boolean {
  return [set.name, refText(set.qrels), refText(set.topics)].some((s) => TREC_DL.test(s));
}

export function honestyChecks(config: ExperimentConfig): HonestyWarning[] {
  const warnings: HonestyWarning[] = [];
  const adamw = referenceArmOf(config.arms);

  if (config.arms.length < 2) {
    warnings.push({
      code: 'no-head-to-head',
      field: 'arms',
      message: `the experiment has one arm (${config.arms[0].name}), so nothing is compared with it; add an arm of another optimizer (the summary compares every arm with the baseline arm)`,
    });
  }

  // Each optimizer's own advice (core/optim/registry.ts), judged against the AdamW arm.
  if (adamw) {
    config.arms.forEach((arm, i) => {
      for (const w of optimizerDescriptor(arm.optimizer).warnings?.(arm, adamw) ?? [])
        warnings.push({ code: w.code as HonestyCode, field: `arms[${i}].${w.key}`, message: w.message });
    });
  }

  const differing = (key: keyof ArmSpec) => new Set(config.arms.map((a) => canonicalJson(a[key]))).size > 1;
  const differs = (['schedule', 'clipNorm'] as const).filter(differing);
  if (differs.length) {
    warnings.push({
      code: 'arms-differ-beyond-optimizer',
      field: 'arms',
      message: `the arms differ in ${differs.join(' and ')}, so a difference between them cannot be put down to the optimizer alone`,
    });
  }

  if (config.evalSets.length === 1) {
    warnings.push({
      code: 'single-eval-set',
      field: 'evalSets',
      message: `only one evaluation set (${config.evalSets[0].name}); a result that holds on one query set may not hold on another — evaluate on TREC DL 2019 and 2020`,
    });
  }
  config.evalSets.forEach((set, i) => {
    if (set.relevanceLevel < TREC_DL_RELEVANCE_LEVEL && looksLikeTrecDl(set)) {
      warnings.push({
        code: 'trec-dl-relevance-level',
        field: `evalSets[${i}].relevanceLevel`,
        message: `${set.name} is TREC DL, where NIST counts grade 1 as not relevant: binary measures (MAP, MRR, recall) need relevanceLevel 2 (trec_eval -l 2), not ${set.relevanceLevel}`,
      });
    }
  });

  if (config.seeds.length === 1) {
    warnings.push({
      code: 'single-seed',
      field: 'seeds',
      message: 'a single seed: seed-to-seed variation can be as large as the optimizer difference; use at least 3 seeds',
    });
  } else if (config.seeds.length === 2) {
    warnings.push({ code: 'few-seeds', field: 'seeds', message: 'two seeds say little about seed-to-seed variation; use at least 3' });
  }

  if (config.model.kind === 'hub' && !/^[0-9a-f]{40}$/.test(config.model.revision)) {
    warnings.push({
      code: 'unpinned-hub-revision',
      field: 'model.revision',
      message: `the model revision "${config.model.revision}" is a branch, not a commit: the weights can change under the study; pin a commit hash`,
    });
  }
  if (config.checkpointEvery === 0) {
    warnings.push({ code: 'no-checkpoints', field: 'checkpointEvery', message: 'checkpoints are off: an interrupted run starts over' });
  }
  return warnings;
}
