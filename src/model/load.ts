/**
 * One entry point for the cross-encoder families the lab implements, chosen by config.json's `model_type`
 * (or, when a config has none, its `architectures`) through the family registry (core/families/registry.ts):
 * "bert" (BertForSequenceClassification / BertModel checkpoints), "new" (GTE, Alibaba-NLP/new-impl), "modernbert".
 * Scoring (`npm run score`), training, the up-front folder check and random init all go through here, so every
 * family is built the same way.
 */
import { modelFamilyOf, parameterSpecsOf, parseModelConfig, typeVocabSizeOf, type ModelConfig } from '../core/families/registry';
import type { LoadReport } from './bert';
import type { CrossEncoder, ModelFamily } from './crossEncoder';
import { familyModel } from './families';
import { valuesFromSafetensors } from './parameters';

export type { CrossEncoder, ModelFamily } from './crossEncoder';
export { modelFamilyOf, parseModelConfig, typeVocabSizeOf, type ModelConfig };

/** Checks a safetensors file against the config (names, shapes, dtypes, truncation) without reading any value. */
export function checkCheckpoint(model: ModelConfig, weights: Uint8Array, source = 'model.safetensors'): LoadReport {
  const layout = familyModel(model.family).checkpointLayout(model.config, 0);
  return valuesFromSafetensors(parameterSpecsOf(model), weights, layout, { source, checkOnly: true }).report;
}

/** The model with weights from a safetensors file (missing head tensors initialised from `seed`). */
export function crossEncoderFromSafetensors(
  model: ModelConfig,
  weights: Uint8Array,
  opts: { seed: number; source?: string },
): { model: CrossEncoder; report: LoadReport } {
  return familyModel(model.family).fromSafetensors(model.config, weights, opts);
}

/** A model of any family and size with its family's HF initializer, reproducible from `seed`. */
export function randomCrossEncoder(model: ModelConfig, seed: number): CrossEncoder {
  return familyModel(model.family).randomInit(model.config, seed);
}

/** Parses config.json (text) and loads the safetensors weights into the matching model. */
export function crossEncoderFromFiles(
  configText: string,
  weights: Uint8Array,
  opts: { seed: number; configSource?: string; weightsSource?: string },
): { model: CrossEncoder; report: LoadReport; family: ModelFamily } {
  const parsed = parseModelConfig(configText, opts.configSource ?? 'config.json');
  return { family: parsed.family, ...crossEncoderFromSafetensors(parsed, weights, { seed: opts.seed, source: opts.weightsSource }) };
}
