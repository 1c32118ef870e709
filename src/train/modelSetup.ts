/**
 * Builds the model and tokenizer an experiment names: a Hub checkpoint, a local Hugging Face folder, or a
 * random-init BERT, GTE or ModernBERT of any size (with the bundled BERT uncased vocabulary). Every path goes
 * through the config.json dispatch of model/load.ts, the one `npm run score` uses.
 *
 * `resolveModel` reads and checks everything on the CPU (files present, config readable and supported,
 * tokenizer and config agreeing, checkpoint names/shapes/dtypes, nothing truncated), so a wrong folder is refused
 * before step 1, naming the file; `setUpModel` then builds the model on the GPU.
 * Every arm of one seed gets the same initial weights: the init seed is the run's seed (or the spec's).
 */
import { BUNDLED } from '../core/experiment/defaults';
import { familyDescriptor } from '../core/families/registry';
import { bufferLimitProblems, estimateExperimentMemory, modelShapeOfConfig } from '../core/experiment/memoryEstimate';
import type { ExperimentConfig, FileRef, ModelSpec, RandomModelSpec } from '../core/experiment/schema';
import type { LoadReport } from '../model/bert';
import type { CrossEncoder, ModelFamily } from '../model/crossEncoder';
import { loadHubModel } from '../model/hub';
import { checkCheckpoint, crossEncoderFromSafetensors, parseModelConfig, randomCrossEncoder, typeVocabSizeOf, type ModelConfig } from '../model/load';
import { assertVocabMatches, PairTokenizer } from '../model/tokenize';
import type { LabHost, LocalModelFiles } from './host';

/** The BERT uncased WordPiece vocabulary shipped in public/ (random-init models use it). */
export const BUNDLED_BERT_VOCAB: FileRef = { source: 'bundled', path: BUNDLED.bertVocab };

export type TokenizerFile = LocalModelFiles['tokenizer'];

/** An experiment's model, read and checked, not yet on the GPU. */
export interface ResolvedModel {
  family: ModelFamily;
  modelConfig: ModelConfig;
  tokenizer: PairTokenizer;
  /** The tokenizer file as read (saved with a fine-tuned model). */
  tokenizerFile: TokenizerFile;
  /** null for random init. */
  weights: Uint8Array | null;
  /** Where the model comes from, for messages (`repo@revision`, the folder, or "random-init …"). */
  source: string;
  /** What checking the checkpoint found (missing/unexpected tensors); null for random init. */
  report: LoadReport | null;
}

export interface ModelSetup {
  model: CrossEncoder;
  family: ModelFamily;
  tokenizer: PairTokenizer;
  tokenizerFile: TokenizerFile;
  /** What loading found (missing/unexpected tensors); null for random init. */
  report: LoadReport | null;
  initSeed: number;
  description: string;
}

const utf8 = new TextDecoder();

function tokenizerFrom(file: TokenizerFile, source: string): PairTokenizer {
  const where = `${source}/${file.file}`;
  return file.file === 'tokenizer.json' ? PairTokenizer.fromTokenizerJson(file.text, where) : PairTokenizer.fromVocab(file.text, where);
}

/**
 * The config.json a random-init spec stands for, in Hugging Face's names, so random init is read by the same
 * family readers (with the same HF defaults for every field the spec leaves out) as a downloaded config.
 */
export function randomModelConfigJson(spec: RandomModelSpec, padTokenId: number): Record<string, unknown> {
  const family = familyDescriptor(spec.architecture);
  const json: Record<string, unknown> = {
    model_type: family.hf.modelType,
    vocab_size: spec.vocabSize,
    hidden_size: spec.hidden,
    num_hidden_layers: spec.layers,
    num_attention_heads: spec.heads,
    intermediate_size: spec.intermediate,
    max_position_embeddings: spec.maxPositions,
    pad_token_id: padTokenId,
    initializer_range: spec.initializerRange,
  };
  for (const { field, hf, toHf } of family.randomSpecFields) {
    const value = spec[field as keyof RandomModelSpec];
    json[hf] = value !== undefined && toHf ? toHf(value as number) : value;
  }
  return Object.fromEntries(Object.entries(json).filter(([, v]) => v !== undefined));
}

function describeRandom(spec: RandomModelSpec): string {
  return `random-init ${spec.architecture} (${spec.layers} layers, hidden ${spec.hidden}, ${spec.heads} heads, intermediate ${spec.intermediate})`;
}

async function modelFiles(spec: Exclude<ModelSpec, { kind: 'random' }>, host: LabHost): Promise<LocalModelFiles & { source: string }> {
  if (spec.kind === 'hub') {
    const files = await loadHubModel(spec.id, { ...host.hub, revision: spec.revision });
    return { configText: files.configText, weights: files.weights, tokenizer: files.tokenizer, source: `${spec.id}@${spec.revision}` };
  }
  if (!host.localModel)
    throw new Error(
      `model "${spec.path}" is a local folder, which this host cannot read: pick or drop the folder (config.json, model.safetensors, tokenizer.json) in the lab`,
    );
  const files = await host.localModel(spec.path);
  return { ...files, source: files.folder ?? spec.path };
}

/** Reads and checks the experiment's model on the CPU; every problem is an error naming the file. */
export async function resolveModel(experiment: ExperimentConfig, host: LabHost): Promise<ResolvedModel> {
  const spec = experiment.model;
  let resolved: ResolvedModel;
  if (spec.kind === 'random') {
    const text = utf8.decode(await host.readFile(BUNDLED_BERT_VOCAB, 'vocab'));
    const tokenizerFile: TokenizerFile = { file: 'vocab.txt', text };
    const tokenizer = PairTokenizer.fromVocab(text, BUNDLED.bertVocab);
    assertVocabMatches(tokenizer, spec.vocabSize, 'the random model spec (vocabSize)');
    const source = describeRandom(spec);
    const modelConfig = parseModelConfig(randomModelConfigJson(spec, tokenizer.padId), `the random model spec (${spec.architecture})`);
    resolved = { family: modelConfig.family, modelConfig, tokenizer, tokenizerFile, weights: null, source, report: null };
  } else {
    const files = await modelFiles(spec, host);
    const { source } = files;
    const modelConfig = parseModelConfig(files.configText, `${source}/config.json`);
    const tokenizer = tokenizerFrom(files.tokenizer, source);
    assertVocabMatches(tokenizer, modelConfig.config.vocabSize, `${source}/config.json`);
    const report = checkCheckpoint(modelConfig, files.weights, `${source}/model.safetensors`);
    if (familyDescriptor(modelConfig.family).positions === 'absolute' && experiment.maxLength > modelConfig.config.maxPositions) {
      throw new Error(
        `${source}/config.json: max_position_embeddings ${modelConfig.config.maxPositions} is below the experiment's maxLength ${experiment.maxLength}`,
      );
    }
    resolved = { family: modelConfig.family, modelConfig, tokenizer, tokenizerFile: files.tokenizer, weights: files.weights, source, report };
  }
  const types = typeVocabSizeOf(resolved.modelConfig);
  if (types > 0 && resolved.tokenizer.maxTypeId >= types) {
    const advice = familyDescriptor(resolved.family).tokenTypeAdvice;
    throw new Error(
      `${resolved.source}: the tokenizer (${resolved.tokenizer.source}) gives passages token type ${resolved.tokenizer.maxTypeId}, ` +
        `but the model has type_vocab_size ${types}; use the tokenizer that came with the model` +
        (advice ? ` (${advice})` : ''),
    );
  }
  return resolved;
}

/** Builds the model on the GPU from a resolved (checked) model. */
export function buildModel(resolved: ResolvedModel, runSeed: number, specSeed?: number): ModelSetup {
  if (resolved.weights === null) {
    const initSeed = specSeed ?? runSeed;
    return {
      model: randomCrossEncoder(resolved.modelConfig, initSeed),
      family: resolved.family,
      tokenizer: resolved.tokenizer,
      tokenizerFile: resolved.tokenizerFile,
      report: null,
      initSeed,
      description: `${resolved.source}, init seed ${initSeed}`,
    };
  }
  // The classifier head of an encoder-only checkpoint is initialised from the run's seed, like every arm's.
  const { model, report } = crossEncoderFromSafetensors(resolved.modelConfig, resolved.weights, {
    seed: runSeed,
    source: `${resolved.source}/model.safetensors`,
  });
  return {
    model,
    family: resolved.family,
    tokenizer: resolved.tokenizer,
    tokenizerFile: resolved.tokenizerFile,
    report,
    initSeed: runSeed,
    description: `${resolved.source} (${resolved.family})`,
  };
}

export async function setUpModel(experiment: ExperimentConfig, runSeed: number, host: LabHost, resolved?: ResolvedModel): Promise<ModelSetup> {
  const spec = experiment.model;
  return buildModel(resolved ?? (await resolveModel(experiment, host)), runSeed, spec.kind === 'random' ? spec.seed : undefined);
}

/** Refuses, before anything is allocated, a run whose single largest buffers exceed the adapter's limits. */
export function assertFitsAdapter(experiment: ExperimentConfig, resolved: ResolvedModel, limits: Record<string, number>): void {
  const estimate = estimateExperimentMemory(experiment, modelShapeOfConfig(resolved.modelConfig))!;
  const problems = bufferLimitProblems(estimate, limits);
  if (problems.length) throw new Error(`${resolved.source} does not fit this adapter: ${problems.map((p) => p.message).join('; ')}`);
}
