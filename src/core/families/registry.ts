/**
 * The model families the lab knows: one descriptor each, in one list. Everything family-specific that is not the
 * forward pass derives from it — config.json's dispatch (`model_type`, or the class names when a config has none),
 * the readers and writers, the parameter list the model builds and the memory estimate counts, the experiment
 * schema's architectures and their own fields, random init's config.json, the model card's class name.
 * Adding a family is one descriptor here (its own file beside this one), its model (src/model/families.ts, which
 * the type checker keeps complete) and its golden, fixtures/golden/tiny-<name> (registry.test.ts checks it is there).
 *
 * Pure: no GPU code.
 */
import { BERT } from './bert';
import { GTE } from './gte';
import { ConfigError, parseJsonText } from './hfJson';
import { MODERNBERT } from './modernbert';
import { parameterCount, type FamilyDescriptor, type ModelDims, type ParameterSpec } from './types';

/** Every family the lab knows, in the order menus, sweeps and messages list them. */
export const FAMILIES = [BERT, GTE, MODERNBERT] as const;
type Registered = (typeof FAMILIES)[number];
export type FamilyName = Registered['name'];
/** The cross-encoder families the lab implements. */
export type ModelFamily = FamilyName;
export const FAMILY_NAMES = FAMILIES.map((f) => f.name) as [FamilyName, ...FamilyName[]];

/** The config of family `N` (of any family when `N` is left out). */
export type FamilyConfig<N extends FamilyName = FamilyName> = ReturnType<Extract<Registered, { name: N }>['readConfig']>;
/** A config with its family, as config.json's dispatch reads it. */
export type ModelConfig = { [N in FamilyName]: { family: N; config: FamilyConfig<N> } }[FamilyName];
/** A descriptor of some family, its config type widened to every family's. */
export type AnyFamilyDescriptor = FamilyDescriptor<FamilyName, FamilyConfig>;

export function isFamilyName(name: unknown): name is FamilyName {
  return typeof name === 'string' && (FAMILY_NAMES as string[]).includes(name);
}

export function familyDescriptor(name: FamilyName): AnyFamilyDescriptor;
export function familyDescriptor(name: string): AnyFamilyDescriptor | undefined;
export function familyDescriptor(name: string): AnyFamilyDescriptor | undefined {
  return FAMILIES.find((f) => f.name === name);
}

// ---------------------------------------------------------------------------------------------- dispatch

/** Old BERT configs sometimes have neither `model_type` nor `architectures`; transformers then falls back to BERT as well. */
const FAMILY_OF_BARE_CONFIG: FamilyName = BERT.name;

const classPattern = (f: AnyFamilyDescriptor) => new RegExp(`^${f.hf.classPrefix}(Model|For\\w+)$`);
/** "bert, new (GTE), modernbert": the model types, with the family where its name differs. */
const modelTypesText = () => FAMILIES.map((f) => (f.hf.modelType === f.name ? f.name : `${f.hf.modelType} (${f.label})`)).join(', ');
/** 'BERT, GTE "New…", ModernBERT': the families, with the class prefix where it differs. */
const architecturesText = () =>
  FAMILIES.map((f) => (f.hf.classPrefix.toLowerCase() === f.label.toLowerCase() ? f.label : `${f.label} "${f.hf.classPrefix}…"`)).join(', ');

/**
 * The one dispatch on config.json: `model_type` (or, when a config has none, `architectures`) chooses the family
 * reader. Scoring, training, random init and the memory estimate all read configs through it.
 */
export function modelFamilyOf(configJson: unknown, source = 'config.json'): FamilyName {
  const json = configJson as { model_type?: unknown; architectures?: unknown } | null;
  const modelType = json?.model_type;
  if (modelType === undefined) {
    const architectures = Array.isArray(json?.architectures) ? (json.architectures as unknown[]) : [];
    for (const architecture of architectures) {
      const found = FAMILIES.find((f) => typeof architecture === 'string' && classPattern(f).test(architecture));
      if (found) return found.name;
    }
    if (architectures.length > 0) {
      throw new ConfigError(source, `field 'architectures': ${JSON.stringify(architectures)} is not a supported architecture (${architecturesText()})`);
    }
    return FAMILY_OF_BARE_CONFIG;
  }
  const family = FAMILIES.find((f) => f.hf.modelType === modelType);
  if (!family) throw new ConfigError(source, `field 'model_type': ${JSON.stringify(modelType)} is not supported (${modelTypesText()})`);
  return family.name;
}

/** config.json (text or parsed JSON) read by its family's reader. */
export function parseModelConfig(input: string | unknown, source = 'config.json'): ModelConfig {
  const json = typeof input === 'string' ? parseJsonText(input, source) : input;
  const family = familyDescriptor(modelFamilyOf(json, source));
  return { family: family.name, config: family.readConfig(json, source) } as ModelConfig;
}

// ---------------------------------------------------------------------------------------------- parameters

/** Rows of the token-type embedding the model looks types up in (0: it ignores them). */
export function typeVocabSizeOf(model: ModelConfig): number {
  return familyDescriptor(model.family).typeVocabSize(model.config);
}

/** The sizes the model's parameter list depends on. */
export function modelDimsOf(model: ModelConfig): ModelDims {
  const c = model.config;
  return {
    vocabSize: c.vocabSize,
    hiddenSize: c.hiddenSize,
    numLayers: c.numLayers,
    numHeads: c.numHeads,
    intermediateSize: c.intermediateSize,
    maxPositions: c.maxPositions,
    typeVocabSize: typeVocabSizeOf(model),
  };
}

/** Every parameter of the model, in HF's order: what the model builds and a checkpoint is checked against. */
export function parameterSpecsOf(model: ModelConfig): ParameterSpec[] {
  return familyDescriptor(model.family).parameterSpecs(modelDimsOf(model));
}

/**
 * Parameters of a model of family `name` with these sizes, counted from its parameter list at one and two layers
 * (every layer after the first has the same parameters: registry.test.ts checks it for each family), so the count
 * costs the same for any number of layers.
 */
export function parameterCountOfDims(name: FamilyName, dims: ModelDims): number {
  const family = familyDescriptor(name);
  const withLayers = (numLayers: number) => parameterCount(family.parameterSpecs({ ...dims, numLayers }));
  if (dims.numLayers <= 2) return withLayers(dims.numLayers);
  const one = withLayers(1);
  return one + (dims.numLayers - 1) * (withLayers(2) - one);
}

export { parameterCount };
export type { FamilyDescriptor, ModelDims, ParameterSpec, RandomSpecField } from './types';
