/**
 * One entry point for the cross-encoder families the lab implements, chosen by config.json's `model_type`:
 * "bert" (BertForSequenceClassification / BertModel checkpoints), "new" (GTE, Alibaba-NLP/new-impl),
 * "modernbert". All three share the engine-facing surface (parameters, forward, export/import, dispose).
 */
import { ConfigError, parseBertConfig, parseGteConfig, parseModernBertConfig } from '../core/formats/hfConfig';
import { BertCrossEncoder, type LoadReport } from './bert';
import { GteCrossEncoder } from './gte';
import { ModernBertCrossEncoder } from './modernbert';

export type CrossEncoder = BertCrossEncoder | GteCrossEncoder | ModernBertCrossEncoder;
export type ModelFamily = 'bert' | 'gte' | 'modernbert';

const FAMILY_BY_MODEL_TYPE: Record<string, ModelFamily> = { bert: 'bert', new: 'gte', modernbert: 'modernbert' };

export function modelFamilyOf(configJson: unknown, source = 'config.json'): ModelFamily {
  const modelType = (configJson as { model_type?: unknown } | null)?.model_type;
  // Old BERT configs sometimes omit model_type; transformers then falls back to BERT as well.
  if (modelType === undefined) return 'bert';
  const family = typeof modelType === 'string' ? FAMILY_BY_MODEL_TYPE[modelType] : undefined;
  if (!family) throw new ConfigError(source, `field 'model_type': ${JSON.stringify(modelType)} is not supported (bert, new (GTE), modernbert)`);
  return family;
}

/** Parses config.json (text) and loads the safetensors weights into the matching model. */
export function crossEncoderFromFiles(
  configText: string,
  weights: Uint8Array,
  opts: { seed: number; configSource?: string; weightsSource?: string },
): { model: CrossEncoder; report: LoadReport; family: ModelFamily } {
  const configSource = opts.configSource ?? 'config.json';
  let json: unknown;
  try {
    json = JSON.parse(configText);
  } catch (error) {
    throw new ConfigError(configSource, `not valid JSON (${(error as Error).message})`);
  }
  const family = modelFamilyOf(json, configSource);
  const load = { seed: opts.seed, source: opts.weightsSource };
  switch (family) {
    case 'bert':
      return { family, ...BertCrossEncoder.fromSafetensors(parseBertConfig(json, configSource), weights, load) };
    case 'gte':
      return { family, ...GteCrossEncoder.fromSafetensors(parseGteConfig(json, configSource), weights, load) };
    case 'modernbert':
      return { family, ...ModernBertCrossEncoder.fromSafetensors(parseModernBertConfig(json, configSource), weights, load) };
  }
}
