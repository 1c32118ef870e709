/**
 * The GPU memory a training run needs, before it starts, and whether the adapter can hold its largest buffers.
 *
 * - Parameters: every float32 weight of the family's `*ForSequenceClassification`, summed over the parameter list
 *   its descriptor declares (core/families), the list model/ builds its variables from.
 * - Gradients: one float32 per parameter.
 * - Optimizer state: AdamW keeps 2 slots per parameter (m, v), Lion 1 (m).
 * - Activations kept for the backward pass, plus tfjs's temporaries and its exact-size buffer pool:
 *   batch rows × length × hidden × layers × a per-family number of floats (the descriptor's `activationFloats`),
 *   measured on Mesa lavapipe with bench/activationMemory.ts at two sizes each (peak pool size after three steps,
 *   less weights and gradients) and rounded up.
 * In the page every arm of a seed trains at once (one worker each) on the same GPU, so the total counts every arm.
 */
import { FAMILIES, familyDescriptor, parameterCountOfDims, typeVocabSizeOf, type ModelConfig, type ModelDims } from '../families/registry';
import { optimizerDescriptor } from '../optim/registry';
import type { OptimizerName } from './defaults';
import type { ExperimentConfig, ModelArchitecture, ModelSpec } from './schema';

export interface ModelShape {
  family: ModelArchitecture;
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  vocabSize: number;
  maxPositions: number;
  /** Token-type rows (BERT, GTE; 0 for ModernBERT). */
  typeVocabSize: number;
}

/** float32 activations per (row × token × hidden × layer), from the measurements above, rounded up. */
export const ACTIVATION_FLOATS = Object.fromEntries(FAMILIES.map((f) => [f.name, f.activationFloats])) as Record<ModelArchitecture, number>;

function dimsOfShape(s: ModelShape): ModelDims {
  return {
    vocabSize: s.vocabSize,
    hiddenSize: s.hidden,
    numLayers: s.layers,
    numHeads: s.heads,
    intermediateSize: s.intermediate,
    maxPositions: s.maxPositions,
    typeVocabSize: s.typeVocabSize,
  };
}

/** Parameters of a model of this shape: its family's parameter list, counted. */
export function parameterCountOf(s: ModelShape): number {
  return parameterCountOfDims(s.family, dimsOfShape(s));
}

export interface MemoryEstimateInput {
  shape: ModelShape;
  /** Query–passage rows per step (batch size, ×2 for BCE on triples, × group size for listwise losses). */
  rows: number;
  /** Padded sequence length (the experiment's maxLength). */
  length: number;
  /** The optimizer of each arm that trains at the same time. */
  optimizers: readonly OptimizerName[];
}

export interface BufferEstimate {
  what: string;
  /** The config field that sets its size. */
  field: 'model' | 'batchSize';
  bytes: number;
}

export interface MemoryEstimate {
  parameters: number;
  parameterBytes: number;
  gradientBytes: number;
  /** Optimizer state bytes, per arm in `optimizers` order. */
  optimizerStateBytes: number[];
  activationBytes: number;
  /** One arm: weights + gradients + its optimizer state + activations. */
  perArmBytes: number[];
  /** Every arm at once. */
  totalBytes: number;
  /** The largest single buffers a step allocates. */
  largestBuffers: BufferEstimate[];
}

export function estimateTrainingMemory({ shape, rows, length, optimizers }: MemoryEstimateInput): MemoryEstimate {
  const parameters = parameterCountOf(shape);
  const parameterBytes = 4 * parameters;
  const optimizerStateBytes = optimizers.map((o) => optimizerDescriptor(o).stateSlots.length * parameterBytes);
  const family = familyDescriptor(shape.family);
  const activationBytes = 4 * rows * length * shape.hidden * shape.layers * family.activationFloats;
  const perArmBytes = optimizerStateBytes.map((state) => 2 * parameterBytes + state + activationBytes);
  const gatedWidth = family.gatedFeedForward ? 2 * shape.intermediate : shape.intermediate;
  const largestBuffers: BufferEstimate[] = [
    { what: `word embeddings (${shape.vocabSize} × ${shape.hidden})`, field: 'model' as const, bytes: 4 * shape.vocabSize * shape.hidden },
    {
      what: `attention scores (${rows} × ${shape.heads} heads × ${length} × ${length})`,
      field: 'batchSize' as const,
      bytes: 4 * rows * shape.heads * length * length,
    },
    { what: `feed-forward activations (${rows} × ${length} × ${gatedWidth})`, field: 'batchSize' as const, bytes: 4 * rows * length * gatedWidth },
  ].sort((a, b) => b.bytes - a.bytes);
  return {
    parameters,
    parameterBytes,
    gradientBytes: parameterBytes,
    optimizerStateBytes,
    activationBytes,
    perArmBytes,
    totalBytes: perArmBytes.reduce((a, b) => a + b, 0),
    largestBuffers,
  };
}

export interface AdapterBufferLimits {
  maxBufferSize?: number;
  maxStorageBufferBindingSize?: number;
}

/** Why the adapter cannot run this, one per buffer over a limit with the field that sets its size (empty: it fits). */
export function bufferLimitProblems(estimate: MemoryEstimate, limits: AdapterBufferLimits): { field: BufferEstimate['field']; message: string }[] {
  const problems: { field: BufferEstimate['field']; message: string }[] = [];
  for (const buffer of estimate.largestBuffers) {
    for (const limit of ['maxBufferSize', 'maxStorageBufferBindingSize'] as const) {
      const max = limits[limit];
      if (max !== undefined && buffer.bytes > max) {
        problems.push({
          field: buffer.field,
          message: `${buffer.what} needs ${formatBytes(buffer.bytes)} in one buffer, over this adapter's ${limit} of ${formatBytes(max)}: use a shorter maxLength, a smaller batch or a smaller model`,
        });
      }
    }
  }
  return problems;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** Shapes of the Hub models the presets name, so their memory shows before anything is downloaded. */
export const KNOWN_HUB_SHAPES: Record<string, ModelShape> = {
  'microsoft/MiniLM-L12-H384-uncased': {
    family: 'bert',
    layers: 12,
    hidden: 384,
    heads: 12,
    intermediate: 1536,
    vocabSize: 30522,
    maxPositions: 512,
    typeVocabSize: 2,
  },
  'Alibaba-NLP/gte-multilingual-base': {
    family: 'gte',
    layers: 12,
    hidden: 768,
    heads: 12,
    intermediate: 3072,
    vocabSize: 250048,
    maxPositions: 8192,
    typeVocabSize: 1,
  },
  'answerdotai/ModernBERT-base': {
    family: 'modernbert',
    layers: 22,
    hidden: 768,
    heads: 12,
    intermediate: 1152,
    vocabSize: 50368,
    maxPositions: 8192,
    typeVocabSize: 0,
  },
};

/** The shape of the experiment's model when it is known without reading any file (random init, a known Hub id). */
export function modelShapeOf(model: ModelSpec): ModelShape | null {
  if (model.kind === 'hub') return KNOWN_HUB_SHAPES[model.id] ?? null;
  if (model.kind === 'local') return null;
  const defaultTypes = familyDescriptor(model.architecture).defaultTypeVocabSize;
  return {
    family: model.architecture,
    layers: model.layers,
    hidden: model.hidden,
    heads: model.heads,
    intermediate: model.intermediate,
    vocabSize: model.vocabSize,
    maxPositions: model.maxPositions,
    typeVocabSize: defaultTypes === null ? 0 : (model.typeVocabSize ?? defaultTypes),
  };
}

/** Query–passage rows of one step: BCE on triples turns each into 2 pairs, listwise losses score groups of negatives + 1. */
export function rowsPerStep(config: ExperimentConfig): number {
  if (config.loss.kind === 'bce') return config.batchSize;
  return config.batchSize * (config.loss.negativesPerQuery + 1);
}

/** The estimate for an experiment whose model shape is known; null when it is not (a local folder, an unknown Hub id). */
export function estimateExperimentMemory(config: ExperimentConfig, shape = modelShapeOf(config.model)): MemoryEstimate | null {
  if (!shape) return null;
  return estimateTrainingMemory({ shape, rows: rowsPerStep(config), length: config.maxLength, optimizers: config.arms.map((a) => a.optimizer) });
}

/** The shape of a model read from its config.json (through the one dispatch, hfConfig's parseModelConfig). */
export function modelShapeOfConfig(model: ModelConfig): ModelShape {
  const c = model.config;
  return {
    family: model.family,
    layers: c.numLayers,
    hidden: c.hiddenSize,
    heads: c.numHeads,
    intermediate: c.intermediateSize,
    vocabSize: c.vocabSize,
    maxPositions: c.maxPositions,
    typeVocabSize: typeVocabSizeOf(model),
  };
}
