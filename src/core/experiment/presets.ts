/**
 * Ready-made studies. Each is plain data passed through the schema, so a preset is exactly what a user
 * would get by writing the same JSON (and shows in the UI as editable JSON).
 */
import { ADAMW_DEFAULTS, BUNDLED, LION_ADVICE, scaledHyperparameter } from './defaults';
import { FAMILY_NAMES, familyDescriptor } from '../families/registry';
import { experimentSchema } from './schema';
import type { ExperimentConfig, ExperimentInput, ModelArchitecture, ModelSpec } from './schema';
import { expandSweep } from './sweep';
import type { Sweep, SweepExperiment } from './sweep';
import type { TuningStudyInput } from './tuning';

/** A random-init BERT small enough to train for a few minutes on SwiftShader (CPU) WebGPU. */
export const TINY_RANDOM_BERT = {
  kind: 'random',
  architecture: 'bert',
  layers: 2,
  hidden: 32,
  heads: 2,
  intermediate: 64,
  vocabSize: 30522,
  maxPositions: 64,
} as const satisfies ModelSpec;

/**
 * Demo sizes: short runs, short inputs and a shallow rerank (top 10 of BM25) so a CPU adapter (SwiftShader in
 * the browser) finishes in minutes.
 * A model trained from random init needs a far larger learning rate than fine-tuning does: AdamW 1e-3, and
 * Lion 5× smaller with a 5× larger weight decay, as its authors advise.
 */
const DEMO_RUN = {
  arms: [{ optimizer: 'adamw' as const, lr: 1e-3 }, { optimizer: 'lion' as const }],
  batchSize: 8,
  steps: 40,
  maxLength: 48,
  seeds: [1, 2],
  // Before the first step and after the last: the measure charts show what training changed (evaluating along the
  // way too would double the Demo's time on a CPU adapter, where evaluation is a large part of it).
  evaluateEvery: 0,
  evaluateAtStart: true,
  checkpointEvery: 10,
};
const DEMO_RERANK_DEPTH = 10;

interface BundledEvalSet {
  name: string;
  topics: string;
  qrels: string;
  candidates: string;
}
const dl19: BundledEvalSet = { name: 'dl19', topics: BUNDLED.dl19.topics, qrels: BUNDLED.dl19.qrels, candidates: BUNDLED.dl19.candidates };
const dl20: BundledEvalSet = { name: 'dl20', topics: BUNDLED.dl20.topics, qrels: BUNDLED.dl20.qrels, candidates: BUNDLED.dl20.candidates };

function build(input: ExperimentInput): ExperimentConfig {
  return experimentSchema.parse(input);
}

/**
 * Demo: the tiny random-init BERT trained on the bundled MS MARCO triples sample (100 training queries,
 * none of them in TREC DL), AdamW vs Lion with their default settings, evaluated on DL19 and DL20.
 */
export function demoPreset(): ExperimentConfig {
  return build({
    schemaVersion: 1,
    name: 'demo',
    description: 'Tiny random-init BERT on the bundled MS MARCO triples sample; AdamW vs Lion; TREC DL 2019 and 2020 at -l 2.',
    model: TINY_RANDOM_BERT,
    trainingData: { source: 'bundled', path: BUNDLED.triplesSample, format: 'triples' },
    evalSets: [
      { ...dl19, rerankDepth: DEMO_RERANK_DEPTH },
      { ...dl20, rerankDepth: DEMO_RERANK_DEPTH },
    ],
    ...DEMO_RUN,
  });
}

/**
 * Demo across years: train on one year's judged BM25 candidates (as labelled pairs), evaluate on the other
 * year's queries — DL19 → DL20 and DL20 → DL19. Each has one evaluation set by design (the other year is
 * the training data), which honestyChecks reports.
 */
export function demoCrossYearPresets(): ExperimentConfig[] {
  const pairs = (year: 'dl19' | 'dl20', evalSet: BundledEvalSet, name: string) =>
    build({
      schemaVersion: 1,
      name,
      description: `Tiny random-init BERT trained on ${year.toUpperCase()} judged candidates, evaluated on ${evalSet.name.toUpperCase()}.`,
      model: TINY_RANDOM_BERT,
      trainingData: { source: 'bundled', path: BUNDLED[year].judgedPairs, format: 'pairs' },
      evalSets: [{ ...evalSet, rerankDepth: DEMO_RERANK_DEPTH }],
      ...DEMO_RUN,
    });
  return [pairs('dl19', dl20, 'demo-dl19-to-dl20'), pairs('dl20', dl19, 'demo-dl20-to-dl19')];
}

export const MINILM_L12_H384 = 'microsoft/MiniLM-L12-H384-uncased';

export interface SeedStudyOptions {
  /** Where the MS MARCO triples come from (e.g. triples.train.small.tsv.gz); the user chooses it. */
  triplesUrl: string;
  steps?: number;
  seeds?: number[];
  /** Pin the Hub revision to a commit for a reproducible study. */
  revision?: string;
  /** Lion's lr is AdamW's divided by this, its wd AdamW's multiplied by it (its authors advise 3–10). */
  lionFactor?: number;
}

/**
 * The seed study, done right: MiniLM-L12-H384 fine-tuned on MS MARCO triples with BCE, batch 64 and the
 * same steps for both arms; AdamW lr 2e-5 wd 0.01 against Lion with lr 5× smaller and wd 5× larger
 * (β 0.9, 0.99); 10 % linear warmup; DL19 and DL20 with binary measures at -l 2; 3 seeds.
 */
export function seedStudyPreset(options: SeedStudyOptions): ExperimentConfig {
  return build(seedStudyInput(options, 'seed-study'));
}

function seedStudyInput(options: SeedStudyOptions, name: string): ExperimentInput {
  const factor = options.lionFactor ?? LION_ADVICE.defaultFactor;
  return {
    schemaVersion: 1,
    name,
    description: 'MiniLM-L12-H384 on MS MARCO triples, BCE, batch 64, equal steps; AdamW vs Lion as their authors advise; DL19 and DL20 at -l 2; 3 seeds.',
    model: { kind: 'hub', id: MINILM_L12_H384, revision: options.revision ?? 'main' },
    trainingData: { source: 'url', url: options.triplesUrl, format: 'triples' },
    evalSets: [dl19, dl20],
    arms: studyArms(ADAMW_DEFAULTS.lr, factor),
    batchSize: 64,
    steps: options.steps ?? 5000,
    maxLength: 256,
    loss: { kind: 'bce' },
    seeds: options.seeds ?? [1, 2, 3],
    evaluateEvery: 1000,
    evaluateAtStart: true,
    checkpointEvery: 250,
  };
}

/**
 * MiniLM-like shapes at random init: heads of 32 dimensions (as MiniLM-L12-H384's 12 heads), feed-forward 4× hidden
 * (BERT, GTE) or 1.5× hidden (ModernBERT-base's ratio, 1152 / 768; its gated projection is twice that wide).
 */
export function miniLmShape(layers: number, hidden: number, architecture: ModelArchitecture = 'bert'): ModelSpec {
  const intermediate = familyDescriptor(architecture).baseFeedForwardRatio * hidden;
  return { kind: 'random', architecture, layers, hidden, heads: hidden / 32, intermediate, vocabSize: 30522, maxPositions: 512 };
}

/**
 * The study's three families from the Hub, each with its AdamW learning rate (Lion's derived from it by its
 * authors' advice: lr ÷ 5, weight decay × 5). 2e-5 is sentence-transformers' CrossEncoder fine-tuning default;
 * it is a starting point per family, to be confirmed with a learning-rate sweep of your own.
 */
export const STUDY_FAMILIES: { id: string; family: ModelArchitecture; hubId: string; adamwLr: number }[] = [
  { id: 'minilm-l12-h384', family: 'bert', hubId: MINILM_L12_H384, adamwLr: 2e-5 },
  { id: 'gte-multilingual-base', family: 'gte', hubId: 'Alibaba-NLP/gte-multilingual-base', adamwLr: 2e-5 },
  { id: 'modernbert-base', family: 'modernbert', hubId: 'answerdotai/ModernBERT-base', adamwLr: 2e-5 },
];

function studyArms(adamwLr: number, factor: number) {
  const schedule = { kind: 'linear', warmupFraction: 0.1 } as const;
  return [
    {
      name: 'adamw',
      optimizer: 'adamw' as const,
      lr: adamwLr,
      weightDecay: ADAMW_DEFAULTS.weightDecay,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      schedule,
      clipNorm: 1,
    },
    {
      name: 'lion',
      optimizer: 'lion' as const,
      lr: scaledHyperparameter(adamwLr, 1 / factor),
      weightDecay: scaledHyperparameter(ADAMW_DEFAULTS.weightDecay, factor),
      beta1: 0.9,
      beta2: 0.99,
      schedule,
      clipNorm: 1,
    },
  ];
}

/**
 * The seed study, done right, over the three families: MiniLM-L12-H384, gte-multilingual-base and
 * ModernBERT-base from the Hub, each AdamW vs Lion at its own learning rates, 3 seeds, the seed study's
 * protocol (MS MARCO triples, BCE, batch 64, equal steps, DL19 and DL20 at -l 2). A sweep: one experiment per family.
 */
export function familySeedStudyPreset(options: SeedStudyOptions): Sweep {
  const factor = options.lionFactor ?? LION_ADVICE.defaultFactor;
  const { schemaVersion: _v, name: _n, model: _m, arms: _a, description: _d, ...base } = seedStudyInput(options, 'unused');
  return {
    schemaVersion: 1,
    kind: 'sweep',
    name: 'seed-study',
    description:
      'The seed study over MiniLM-L12-H384, gte-multilingual-base and ModernBERT-base: AdamW vs Lion per family at its advised learning rates; DL19 and DL20 at -l 2; 3 seeds.',
    base,
    models: STUDY_FAMILIES.map(({ id, hubId, adamwLr }) => ({
      id,
      model: { kind: 'hub', id: hubId, revision: options.revision ?? 'main' },
      arms: studyArms(adamwLr, factor),
    })),
  };
}

/**
 * Family sweep: the seed-study protocol over the three families at one random-init shape, so only the
 * architecture changes (default: MiniLM-L12-H384's shape).
 */
export function familySweepPreset(options: SeedStudyOptions & { layers?: number; hidden?: number }): Sweep {
  const { schemaVersion: _v, name: _n, model: _m, description: _d, ...base } = seedStudyInput(options, 'unused');
  return {
    schemaVersion: 1,
    kind: 'sweep',
    name: 'family-sweep',
    description: 'How the Lion − AdamW gap differs between BERT, GTE and ModernBERT at the same size (random init).',
    base,
    models: FAMILY_NAMES.map((family) => ({ model: miniLmShape(options.layers ?? 12, options.hidden ?? 384, family) })),
  };
}

/**
 * Pretrained models of increasing size on the Hub, for a sweep over pretrained rather than random-init
 * models. Their pretraining differs (MiniLM distillation vs Google's BERT miniatures), which confounds size.
 */
export const PRETRAINED_SIZE_LADDER: ModelSpec[] = [
  { kind: 'hub', id: 'google/bert_uncased_L-2_H-128_A-2', revision: 'main' },
  { kind: 'hub', id: 'google/bert_uncased_L-4_H-256_A-4', revision: 'main' },
  { kind: 'hub', id: 'nreimers/MiniLM-L3-H384-uncased', revision: 'main' },
  { kind: 'hub', id: 'nreimers/MiniLM-L6-H384-uncased', revision: 'main' },
  { kind: 'hub', id: MINILM_L12_H384, revision: 'main' },
];

export interface ModelSizeSweepOptions extends SeedStudyOptions {
  layers?: number[];
  hiddens?: number[];
  /** The family of the random-init grid (default BERT). */
  architecture?: ModelArchitecture;
  /** Use these models instead of the random-init grid (e.g. PRETRAINED_SIZE_LADDER). */
  models?: ModelSpec[];
}

/**
 * Model-size sweep: the seed study's protocol over MiniLM shapes from 2 to 12 layers and hidden 128 to
 * 384 (random init by default, so only the size changes), both optimizers, 3 seeds.
 */
export function modelSizeSweepPreset(options: ModelSizeSweepOptions): Sweep {
  const layers = options.layers ?? [2, 4, 6, 12];
  const hiddens = options.hiddens ?? [128, 256, 384];
  const models = options.models ?? layers.flatMap((l) => hiddens.map((h) => miniLmShape(l, h, options.architecture)));
  const { schemaVersion: _v, name: _n, model: _m, ...base } = seedStudyInput(options, 'unused');
  return {
    schemaVersion: 1,
    kind: 'sweep',
    name: 'model-size-sweep',
    description: 'How the Lion − AdamW gap moves with model size: the seed-study protocol over MiniLM shapes.',
    base: { ...base, maxLength: 256 },
    models: models.map((model) => ({ model })),
  };
}

/** The sweep preset, expanded into its experiments. */
export function modelSizeSweepExperiments(options: ModelSizeSweepOptions): SweepExperiment[] {
  return expandSweep(modelSizeSweepPreset(options), 'model-size-sweep');
}

/**
 * Demo sweep: the Demo's protocol over three tiny random-init sizes (1×16, 2×32, 2×64), to see the sweep
 * machinery and the gap-by-size view on a CPU adapter. Sizes this small say nothing about real models.
 */
export function demoSizeSweepPreset(): Sweep {
  const shape = (layers: number, hidden: number) => ({ model: { ...TINY_RANDOM_BERT, layers, hidden, heads: 2, intermediate: 2 * hidden } });
  return {
    schemaVersion: 1,
    kind: 'sweep',
    name: 'demo-size-sweep',
    description: 'The Demo protocol over three tiny random-init BERT sizes.',
    base: {
      trainingData: { source: 'bundled', path: BUNDLED.triplesSample, format: 'triples' },
      evalSets: [
        { ...dl19, rerankDepth: DEMO_RERANK_DEPTH },
        { ...dl20, rerankDepth: DEMO_RERANK_DEPTH },
      ],
      ...DEMO_RUN,
    },
    models: [shape(1, 16), shape(2, 32), shape(2, 64)],
  };
}

/**
 * Demo family sweep: the Demo's protocol over a tiny random-init BERT, GTE and ModernBERT of the same size
 * (2 layers, hidden 32), to see every family train on a CPU adapter. Sizes this small say nothing about real models.
 */
export function demoFamilySweepPreset(): Sweep {
  const tiny = (architecture: ModelArchitecture) => ({
    model: {
      ...TINY_RANDOM_BERT,
      architecture,
      heads: 4,
      intermediate: 48,
      ...(architecture === 'modernbert' ? { localAttention: 16, globalAttnEveryNLayers: 2 } : {}),
    },
  });
  return {
    schemaVersion: 1,
    kind: 'sweep',
    name: 'demo-family-sweep',
    description: 'The Demo protocol over a tiny random-init BERT, GTE and ModernBERT.',
    base: {
      trainingData: { source: 'bundled', path: BUNDLED.triplesSample, format: 'triples' },
      evalSets: [
        { ...dl19, rerankDepth: DEMO_RERANK_DEPTH },
        { ...dl20, rerankDepth: DEMO_RERANK_DEPTH },
      ],
      ...DEMO_RUN,
    },
    models: FAMILY_NAMES.map(tiny),
  };
}

/**
 * Fair tuning (Demo): the Demo's model and data, each optimizer with the same budget of 4 quasi-random learning
 * rates (AdamW 3e-4–3e-3, Lion 3e-5–1e-3: each range spans its advised rate by about 3× either way), 40-step
 * trials judged on DL19 (evaluated every 10 steps, for time to target), the best of each re-run with 2 seeds and
 * compared on DL20. Minutes on a CPU adapter; a model this small says nothing about real rerankers.
 */
export function fairDemoPreset(): TuningStudyInput {
  return {
    schemaVersion: 1,
    kind: 'tuning',
    name: 'fair-demo',
    description: 'Equal tuning budget (4 learning rates per optimizer) for a tiny random-init BERT: select on DL19, report on DL20.',
    base: {
      model: TINY_RANDOM_BERT,
      trainingData: { source: 'bundled', path: BUNDLED.triplesSample, format: 'triples' },
      batchSize: DEMO_RUN.batchSize,
      steps: DEMO_RUN.steps,
      maxLength: DEMO_RUN.maxLength,
      evaluateEvery: 10,
      checkpointEvery: DEMO_RUN.checkpointEvery,
    },
    devSet: { ...dl19, rerankDepth: DEMO_RERANK_DEPTH },
    testSets: [{ ...dl20, rerankDepth: DEMO_RERANK_DEPTH }],
    search: [
      { optimizer: 'adamw', lr: { min: 3e-4, max: 3e-3 }, weightDecay: 0.01 },
      { optimizer: 'lion', lr: { min: 3e-5, max: 1e-3 }, weightDecay: 0.05 },
    ],
    budget: 4,
    sampler: 'quasi-random',
    samplerSeed: 1,
    tuningSeeds: [1],
    finalSeeds: [1, 2],
  };
}

/**
 * Fair tuning (MiniLM-L12): MiniLM-L12-H384 from the Hub on MS MARCO triples (the seed study's protocol: BCE,
 * batch 64, 10 % warmup), 8 quasi-random trials per optimizer of 2000 steps over learning rate (AdamW 5e-6–1e-4,
 * Lion 1e-6–3e-5) and weight decay, judged on DL19 every 200 steps; the best of each re-run with 3 seeds on DL20.
 */
export function fairMiniLmPreset(options: Pick<SeedStudyOptions, 'triplesUrl' | 'revision'>): TuningStudyInput {
  return {
    schemaVersion: 1,
    kind: 'tuning',
    name: 'fair-minilm-l12',
    description: 'Equal tuning budget (8 trials per optimizer) for MiniLM-L12-H384 on MS MARCO: select on DL19, report on DL20.',
    base: {
      model: { kind: 'hub', id: MINILM_L12_H384, revision: options.revision ?? 'main' },
      trainingData: { source: 'url', url: options.triplesUrl, format: 'triples' },
      batchSize: 64,
      steps: 2000,
      maxLength: 256,
      loss: { kind: 'bce' },
      evaluateEvery: 200,
      checkpointEvery: 250,
    },
    devSet: { ...dl19 },
    testSets: [{ ...dl20 }],
    search: [
      { optimizer: 'adamw', lr: { min: 5e-6, max: 1e-4 }, weightDecay: { min: 0, max: 0.1 } },
      { optimizer: 'lion', lr: { min: 1e-6, max: 3e-5 }, weightDecay: { min: 0, max: 0.5 }, beta1: 0.9, beta2: 0.99 },
    ],
    budget: 8,
    sampler: 'quasi-random',
    samplerSeed: 1,
    tuningSeeds: [1],
    finalSeeds: [1, 2, 3],
  };
}
