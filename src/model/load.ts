/**
 * One entry point for the cross-encoder families the lab implements, chosen by config.json's `model_type`
 * (or, when a config has none, its `architectures`): "bert" (BertForSequenceClassification / BertModel
 * checkpoints), "new" (GTE, Alibaba-NLP/new-impl), "modernbert". Scoring (`npm run score`), training, the
 * up-front folder check and random init all go through here, so every family is built the same way.
 */
import { modelFamilyOf, parseModelConfig, type ModelConfig } from '../core/formats/hfConfig';
import type { LoadReport } from './bert';
import { BertCrossEncoder, bertCheckpointLayout, bertParameterSpecs } from './bert';
import type { CrossEncoder, ModelFamily } from './crossEncoder';
import { GteCrossEncoder, gteCheckpointLayout, gteParameterSpecs } from './gte';
import { ModernBertCrossEncoder, modernBertCheckpointLayout, modernBertParameterSpecs } from './modernbert';
import { valuesFromSafetensors } from './parameters';

export type { CrossEncoder, ModelFamily } from './crossEncoder';
export { modelFamilyOf, parseModelConfig, type ModelConfig };

/** Rows of the token-type embedding the model looks types up in (0: it ignores them). */
export function typeVocabSizeOf(model: ModelConfig): number {
  return model.family === 'modernbert' ? 0 : model.config.typeVocabSize;
}

function specsAndLayout(model: ModelConfig, seed: number) {
  switch (model.family) {
    case 'bert':
      return { specs: bertParameterSpecs(model.config), layout: bertCheckpointLayout(model.config, seed) };
    case 'gte':
      return { specs: gteParameterSpecs(model.config), layout: gteCheckpointLayout(model.config, seed) };
    case 'modernbert':
      return { specs: modernBertParameterSpecs(model.config), layout: modernBertCheckpointLayout(model.config, seed) };
  }
}

/** Checks a safetensors file against the config (names, shapes, dtypes, truncation) without reading any value. */
export function checkCheckpoint(model: ModelConfig, weights: Uint8Array, source = 'model.safetensors'): LoadReport {
  const { specs, layout } = specsAndLayout(model, 0);
  return valuesFromSafetensors(specs, weights, layout, { source, checkOnly: true }).report;
}

/** The model with weights from a safetensors file (missing head tensors initialised from `seed`). */
export function crossEncoderFromSafetensors(
  model: ModelConfig,
  weights: Uint8Array,
  opts: { seed: number; source?: string },
): { model: CrossEncoder; report: LoadReport } {
  switch (model.family) {
    case 'bert':
      return BertCrossEncoder.fromSafetensors(model.config, weights, opts);
    case 'gte':
      return GteCrossEncoder.fromSafetensors(model.config, weights, opts);
    case 'modernbert':
      return ModernBertCrossEncoder.fromSafetensors(model.config, weights, opts);
  }
}

/** A model of any family and size with its family's HF initializer, reproducible from `seed`. */
export function randomCrossEncoder(model: ModelConfig, seed: number): CrossEncoder {
  switch (model.family) {
    case 'bert':
      return BertCrossEncoder.randomInit(model.config, seed);
    case 'gte':
      return GteCrossEncoder.randomInit(model.config, seed);
    case 'modernbert':
      return ModernBertCrossEncoder.randomInit(model.config, seed);
  }
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
