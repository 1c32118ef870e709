/**
 * The experiment config (schemaVersion 1): what a study trains, on what, how, and how it is judged.
 *
 * Honesty is structural: batch size, steps, max length, loss, data and evaluation are experiment-level, so
 * the arms can differ only in their optimizer settings — unequal batches or step counts cannot be written.
 * Defaults make the honest study the easy one: an AdamW arm and a Lion arm with the settings each
 * optimizer's authors advise (Lion's lr and wd derived from the AdamW arm's), three seeds, and evaluation on
 * TREC DL 2019 and 2020 with binary measures at relevance ≥ 2. Optimizers (names, settings, defaults) come
 * from the optimizer registry (core/optim/registry.ts), model architectures and their own fields from the family
 * registry (core/families/registry.ts), measure names from the measure registry (core/trec/measures.ts): an
 * unknown one fails here, before anything trains.
 *
 * Parsing is idempotent: a parsed (resolved) config parses to itself, so snapshots validate their stored
 * config with the same schema.
 */
import { z } from 'zod';
import { ADAMW_DEFAULTS, BUNDLED, DEFAULT_MEASURES, TREC_DL_RELEVANCE_LEVEL } from './defaults';
import { FAMILIES, FAMILY_NAMES, familyDescriptor, type FamilyName } from '../families/registry';
import { OPTIMIZER_NAMES, allSettings, optimizerDescriptor, referenceArmOf, type OptimizerName, type SettingKind } from '../optim/registry';
import type { OptimizerSettingKey, OptimizerSettingValues } from '../optim/types';
import type { LrSchedule } from '../optim/schedules';
import { parseMeasureName } from '../trec/measures';

export const EXPERIMENT_SCHEMA_VERSION = 1;

/** Names that become parts of run ids and file names: letters, digits, `._-`, and `/` between parts. */
const idName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/, {
  error: 'expected a name of letters, digits, ".", "_" or "-" (parts separated by "/")',
});
const nonEmpty = z.string().min(1);
const positiveInt = z.int().min(1);
const positive = z.number().positive();
const nonNegative = z.number().min(0);
const seedValue = z
  .int()
  .min(0)
  .max(2 ** 32 - 1);

// ---------------------------------------------------------------------------------------------- files

const fileRefObject = z.discriminatedUnion('source', [
  /** A file under `public/` shipped with the lab. */
  z.strictObject({ source: z.literal('bundled'), path: nonEmpty }),
  /** Fetched (streamed) from a URL the user chose. */
  z.strictObject({ source: z.literal('url'), url: z.url() }),
  /** Picked by the user at run time; `name` is the expected file name. */
  z.strictObject({ source: z.literal('file'), name: nonEmpty }),
]);
/** A bare string is shorthand for a bundled path. */
export const fileRefSchema = z.preprocess((v) => (typeof v === 'string' ? { source: 'bundled', path: v } : v), fileRefObject);
export type FileRef = z.output<typeof fileRefObject>;

// ---------------------------------------------------------------------------------------------- model

/** The registered model families (core/families/registry.ts). */
export const MODEL_ARCHITECTURES = FAMILY_NAMES;
export type ModelArchitecture = FamilyName;

/** Fields only some architectures have (each family's `randomSpecFields`); absent, they take that family's Hugging Face default. */
export const ARCHITECTURE_FIELDS: Record<ModelArchitecture, readonly string[]> = Object.fromEntries(
  FAMILIES.map((f) => [f.name, f.randomSpecFields.map((s) => s.field)]),
) as Record<ModelArchitecture, string[]>;

const randomModelSchema = z.strictObject({
  kind: z.literal('random'),
  architecture: z.enum(MODEL_ARCHITECTURES),
  layers: positiveInt,
  hidden: positiveInt,
  heads: positiveInt,
  intermediate: positiveInt,
  vocabSize: positiveInt,
  maxPositions: positiveInt,
  /** Seed of the initial weights; absent: each run's seed initializes its model. */
  seed: seedValue.optional(),
  /** HF `initializer_range` (default 0.02). */
  initializerRange: positive.optional(),
  /** BERT (default 2) and GTE (default 0: no token types). */
  typeVocabSize: z.int().min(0).optional(),
  /** GTE `rope_theta` (default 10000) and NTK factor (default: no scaling). */
  ropeTheta: positive.optional(),
  ropeNtkFactor: positive.optional(),
  /** ModernBERT (defaults 160000, 10000, 128, 3, "cls"). */
  globalRopeTheta: positive.optional(),
  localRopeTheta: positive.optional(),
  localAttention: positiveInt.optional(),
  globalAttnEveryNLayers: positiveInt.optional(),
  pooling: z.enum(['cls', 'mean']).optional(),
});

export const modelSchema = z.discriminatedUnion('kind', [
  /** A Hugging Face Hub repository; pin `revision` to a commit for a reproducible study. */
  z.strictObject({ kind: z.literal('hub'), id: nonEmpty, revision: nonEmpty.default('main') }),
  /**
   * A Hugging Face folder (config.json, model.safetensors, tokenizer.json or vocab.txt): in Node a path relative to
   * the experiment config's folder; in the page the name of the folder the user picked or dropped.
   */
  z.strictObject({ kind: z.literal('local'), path: nonEmpty }),
  randomModelSchema,
]);
export type ModelSpec = z.output<typeof modelSchema>;
export type RandomModelSpec = z.output<typeof randomModelSchema>;
/** @deprecated the random-init spec covers every architecture: use RandomModelSpec. */
export type RandomBertSpec = RandomModelSpec;

// ---------------------------------------------------------------------------------------------- data

const trainingCommon = {
  /** triples: `query<TAB>positive<TAB>negative`; pairs: `query<TAB>passage<TAB>label` (or the JSONL equivalents). */
  format: z.enum(['triples', 'pairs']),
  encoding: z.enum(['tsv', 'jsonl']).default('tsv'),
  /** Examples held by the seeded shuffle buffer (the file itself is streamed, never whole in memory). */
  shuffleBuffer: positiveInt.default(10_000),
};
export const trainingDataSchema = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('bundled'), path: nonEmpty, ...trainingCommon }),
  z.strictObject({ source: z.literal('url'), url: z.url(), ...trainingCommon }),
  z.strictObject({ source: z.literal('file'), name: nonEmpty, ...trainingCommon }),
]);
export type TrainingDataSpec = z.output<typeof trainingDataSchema>;

/** A measure as trec_eval prints it (`ndcg_cut_10`, `map`) or MS MARCO's `mrr_cut_10`: one the measure registry knows. */
const measureName = z.string().check((ctx) => {
  try {
    parseMeasureName(ctx.value);
  } catch (error) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: (error as Error).message });
  }
});

export const evalSetSchema = z.strictObject({
  name: idName,
  topics: fileRefSchema,
  qrels: fileRefSchema,
  /** A run file with passage texts: rank_llm JSON, or TSV `qid pid query passage`. */
  candidates: fileRefSchema,
  /** How many candidates per query are reranked; the rest keep their first-stage order below them. */
  rerankDepth: positiveInt.default(100),
  /** trec_eval `-l`: the lowest grade that counts as relevant for binary measures. */
  relevanceLevel: positiveInt.default(TREC_DL_RELEVANCE_LEVEL),
  measures: z
    .array(measureName)
    .min(1)
    .default(() => [...DEFAULT_MEASURES]),
});
export type EvalSetSpec = z.output<typeof evalSetSchema>;

export const DEFAULT_EVAL_SETS = [
  { name: 'dl19', ...BUNDLED.dl19 },
  { name: 'dl20', ...BUNDLED.dl20 },
].map(({ name, topics, qrels, candidates }) => ({ name, topics, qrels, candidates }));

// ---------------------------------------------------------------------------------------------- arms

export const scheduleSchema = z
  .strictObject({
    kind: z.enum(['constant', 'linear', 'cosine']),
    /** Warmup as a fraction of the total steps … */
    warmupFraction: z.number().min(0).lt(1).optional(),
    /** … or as a number of steps (give one of the two). */
    warmupSteps: z.int().min(0).optional(),
  })
  .check((ctx) => {
    if (ctx.value.warmupFraction !== undefined && ctx.value.warmupSteps !== undefined) {
      ctx.issues.push({ code: 'custom', input: ctx.value, path: ['warmupSteps'], message: 'give warmupFraction or warmupSteps, not both' });
    }
  })
  .transform((s) => (s.warmupFraction === undefined && s.warmupSteps === undefined ? { kind: s.kind, warmupSteps: 0 } : s));
export type ScheduleSpec = z.output<typeof scheduleSchema>;

const SETTING_SCHEMAS: Record<SettingKind, z.ZodType<number> | z.ZodType<boolean>> = {
  beta: z.number().min(0).lt(1),
  fraction: z.number().min(0).max(1),
  nonNegative,
  positive,
  boolean: z.boolean(),
};
/** Every registered optimizer's own settings, each optional (an arm may only give its optimizer's: checked when resolving). */
const settingFields = Object.fromEntries([...allSettings()].map(([key, kind]) => [key, SETTING_SCHEMAS[kind].optional()])) as {
  [K in OptimizerSettingKey]-?: z.ZodOptional<z.ZodType<NonNullable<OptimizerSettingValues[K]>>>;
};

const armInputSchema = z.strictObject({
  /** Defaults to the optimizer's name. */
  name: idName.optional(),
  optimizer: z.enum(OPTIMIZER_NAMES),
  lr: positive.optional(),
  weightDecay: nonNegative.optional(),
  ...settingFields,
  schedule: scheduleSchema.prefault({ kind: 'linear', warmupFraction: 0.1 }),
  /** Global gradient-norm clipping; null turns it off. */
  clipNorm: positive.nullable().default(1),
});

/** One arm: an optimizer with its settings (the registry's keys: beta1/beta2/eps for AdamW, momentum/… for SGD). */
export interface ArmSpec extends OptimizerSettingValues {
  name: string;
  optimizer: OptimizerName;
  lr: number;
  weightDecay: number;
  schedule: ScheduleSpec;
  clipNorm: number | null;
}

const lossSchema = z.preprocess(
  (v) => (typeof v === 'string' ? { kind: v } : v),
  z.strictObject({
    kind: z.enum(['bce', 'listwise', 'ranknet']),
    /** Negatives grouped with each query's positive (listwise/ranknet; BCE treats every pair on its own). */
    negativesPerQuery: positiveInt.default(1),
  }),
);
export type LossSpec = { kind: 'bce' | 'listwise' | 'ranknet'; negativesPerQuery: number };

// ---------------------------------------------------------------------------------------------- experiment

const experimentObject = z.strictObject({
  schemaVersion: z.literal(EXPERIMENT_SCHEMA_VERSION),
  name: idName,
  description: z.string().optional(),
  model: modelSchema,
  trainingData: trainingDataSchema,
  evalSets: z
    .array(evalSetSchema)
    .min(1)
    .prefault(() => DEFAULT_EVAL_SETS),
  arms: z
    .array(armInputSchema)
    .min(1)
    .prefault(() => [{ optimizer: 'adamw' as const }, { optimizer: 'lion' as const }]),
  /** Examples (query–passage pairs for BCE, query groups otherwise) per step — the same for every arm. */
  batchSize: positiveInt.default(32),
  /** Optimizer steps per run (give steps or epochs). */
  steps: positiveInt.optional(),
  /** Passes over the training data (give steps or epochs). */
  epochs: positive.optional(),
  maxLength: positiveInt.default(256),
  loss: lossSchema.prefault({ kind: 'bce' }),
  seeds: z
    .array(seedValue)
    .min(1)
    .default(() => [1, 2, 3]),
  /** Evaluate every N steps (0: only after the last step; the last step is always evaluated). */
  evaluateEvery: z.int().min(0).default(0),
  /** Also evaluate the model before the first step (step 0), so every measure's curve starts where training did. */
  evaluateAtStart: z.boolean().default(false),
  /** Checkpoint every N steps (0: never, so the run cannot resume). */
  checkpointEvery: z.int().min(0).default(100),
  /** The arm every other arm is compared with in the summary; default: the first AdamW arm, else the first arm. */
  baselineArm: idName.optional(),
});

export interface ExperimentConfig {
  schemaVersion: 1;
  name: string;
  description?: string;
  model: ModelSpec;
  trainingData: TrainingDataSpec;
  evalSets: EvalSetSpec[];
  arms: ArmSpec[];
  batchSize: number;
  steps?: number;
  epochs?: number;
  maxLength: number;
  loss: LossSpec;
  seeds: number[];
  evaluateEvery: number;
  /** Also evaluated before the first step (step 0). Absent means false, so configs written before it hash as they did. */
  evaluateAtStart?: boolean;
  checkpointEvery: number;
  /** Present only when it is not the default (so spelling the default out does not change the config hash). */
  baselineArm?: string;
}

type ParsedExperiment = z.output<typeof experimentObject>;
type Issue = { path: PropertyKey[]; message: string };

function duplicates<T>(values: readonly T[]): number[] {
  const seen = new Set<T>();
  const at: number[] = [];
  values.forEach((v, i) => (seen.has(v) ? at.push(i) : seen.add(v)));
  return at;
}

/** The arm the summary compares every other arm with: the config's `baselineArm`, else the first AdamW arm, else the first arm. */
export function baselineArmOf(config: Pick<ExperimentConfig, 'arms' | 'baselineArm'>): string {
  return config.baselineArm ?? defaultBaselineArm(config.arms);
}

function defaultBaselineArm(arms: readonly Pick<ArmSpec, 'name' | 'optimizer'>[]): string {
  return (referenceArmOf(arms) ?? arms[0]).name;
}

/** Fills per-optimizer defaults from the registry (Lion's relative to the AdamW arm) and checks what spans several fields. */
function resolveExperiment(c: ParsedExperiment): { config: ExperimentConfig; issues: Issue[] } {
  const issues: Issue[] = [];
  const reference = referenceArmOf(c.arms);
  const adamw = { lr: reference?.lr ?? ADAMW_DEFAULTS.lr, weightDecay: reference?.weightDecay ?? ADAMW_DEFAULTS.weightDecay };
  const settingKeys = [...allSettings().keys()];

  const arms: ArmSpec[] = c.arms.map((a, i) => {
    const descriptor = optimizerDescriptor(a.optimizer);
    const own = new Set<OptimizerSettingKey>(descriptor.settings.map((s) => s.key));
    for (const key of settingKeys) {
      if (a[key] !== undefined && !own.has(key)) issues.push({ path: ['arms', i, key], message: `${descriptor.label} has no ${key}; remove it` });
    }
    const settings: OptimizerSettingValues = Object.fromEntries(descriptor.settings.map((s) => [s.key, a[s.key] ?? s.default]));
    for (const problem of descriptor.constraints?.(settings) ?? []) issues.push({ path: ['arms', i, problem.key], message: problem.message });
    const defaults = descriptor.defaultLrWd(adamw);
    return {
      name: a.name ?? a.optimizer,
      schedule: a.schedule,
      clipNorm: a.clipNorm,
      optimizer: a.optimizer,
      lr: a.lr ?? defaults.lr,
      weightDecay: a.weightDecay ?? defaults.weightDecay,
      ...settings,
    };
  });

  for (const i of duplicates(arms.map((a) => a.name))) {
    issues.push({ path: ['arms', i, 'name'], message: `duplicate arm name "${arms[i].name}": give each arm its own name` });
  }
  for (const i of duplicates(c.evalSets.map((e) => e.name))) {
    issues.push({ path: ['evalSets', i, 'name'], message: `duplicate evaluation set name "${c.evalSets[i].name}"` });
  }
  for (const i of duplicates(c.seeds)) issues.push({ path: ['seeds', i], message: `duplicate seed ${c.seeds[i]}` });
  c.evalSets.forEach((set, s) => {
    for (const i of duplicates(set.measures)) issues.push({ path: ['evalSets', s, 'measures', i], message: `duplicate measure "${set.measures[i]}"` });
  });
  if (c.baselineArm !== undefined && !arms.some((a) => a.name === c.baselineArm)) {
    issues.push({ path: ['baselineArm'], message: `no arm is named "${c.baselineArm}" (arms: ${arms.map((a) => a.name).join(', ')})` });
  }

  if ((c.steps === undefined) === (c.epochs === undefined)) {
    issues.push({ path: ['steps'], message: c.steps === undefined ? 'missing: give steps or epochs' : 'give steps or epochs, not both' });
  }
  arms.forEach((a, i) => {
    if (a.schedule.kind === 'constant' && warmupStepsOf(a.schedule, c.steps ?? 1) > 0) {
      issues.push({
        path: ['arms', i, 'schedule', 'kind'],
        message: 'a constant schedule has no warmup (as in Hugging Face); use "linear" or "cosine" for warmup',
      });
    }
  });
  if (c.steps !== undefined) {
    arms.forEach((a, i) => {
      if ('warmupSteps' in a.schedule && a.schedule.warmupSteps !== undefined && a.schedule.warmupSteps > c.steps!) {
        issues.push({ path: ['arms', i, 'schedule', 'warmupSteps'], message: `warmup (${a.schedule.warmupSteps}) is longer than the run (${c.steps} steps)` });
      }
    });
    if (c.evaluateEvery > c.steps)
      issues.push({ path: ['evaluateEvery'], message: `evaluates every ${c.evaluateEvery} steps but the run has only ${c.steps}` });
  }
  if (c.model.kind === 'random') {
    const model = c.model;
    if (model.hidden % model.heads !== 0) {
      issues.push({ path: ['model', 'heads'], message: `hidden (${model.hidden}) must be a multiple of heads (${model.heads})` });
    } else if (familyDescriptor(model.architecture).positions === 'rope' && (model.hidden / model.heads) % 2 !== 0) {
      issues.push({
        path: ['model', 'heads'],
        message: `hidden / heads (${model.hidden / model.heads}) must be even: ${model.architecture} rotates pairs of dimensions (RoPE)`,
      });
    }
    for (const field of new Set(Object.values(ARCHITECTURE_FIELDS).flat())) {
      if (field in model && model[field as keyof typeof model] !== undefined && !ARCHITECTURE_FIELDS[model.architecture].includes(field)) {
        issues.push({
          path: ['model', field],
          message: `${field} is not a ${model.architecture} setting (it belongs to ${MODEL_ARCHITECTURES.filter((a) => ARCHITECTURE_FIELDS[a].includes(field)).join(', ')})`,
        });
      }
    }
    if (c.maxLength > c.model.maxPositions) {
      issues.push({ path: ['maxLength'], message: `maxLength (${c.maxLength}) exceeds the model's maxPositions (${c.model.maxPositions})` });
    }
  }
  if (c.loss.kind !== 'bce' && c.trainingData.format === 'pairs') {
    issues.push({ path: ['loss', 'kind'], message: `the ${c.loss.kind} loss needs a positive and negatives per query: use triples training data` });
  }

  const config: ExperimentConfig = {
    schemaVersion: 1,
    name: c.name,
    ...(c.description !== undefined ? { description: c.description } : {}),
    model: c.model,
    trainingData: c.trainingData,
    evalSets: c.evalSets,
    arms,
    batchSize: c.batchSize,
    ...(c.steps !== undefined ? { steps: c.steps } : {}),
    ...(c.epochs !== undefined ? { epochs: c.epochs } : {}),
    maxLength: c.maxLength,
    loss: c.loss as LossSpec,
    seeds: c.seeds,
    evaluateEvery: c.evaluateEvery,
    ...(c.evaluateAtStart ? { evaluateAtStart: true } : {}),
    checkpointEvery: c.checkpointEvery,
    ...(c.baselineArm !== undefined && c.baselineArm !== defaultBaselineArm(arms) ? { baselineArm: c.baselineArm } : {}),
  };
  return { config, issues };
}

export const experimentSchema = experimentObject.transform((parsed, ctx): ExperimentConfig => {
  const { config, issues } = resolveExperiment(parsed);
  for (const issue of issues) ctx.issues.push({ code: 'custom', input: parsed, path: issue.path, message: issue.message });
  return issues.length ? z.NEVER : config;
});

/** What a user may write: every field with a default may be left out. */
export type ExperimentInput = z.input<typeof experimentObject>;

/** Warmup in steps for a run of `totalSteps` steps. */
export function warmupStepsOf(schedule: ScheduleSpec, totalSteps: number): number {
  if ('warmupFraction' in schedule && schedule.warmupFraction !== undefined) return Math.round(schedule.warmupFraction * totalSteps);
  return schedule.warmupSteps ?? 0;
}

/** The arm's learning-rate schedule over a run of `totalSteps` steps, in the optimizer core's terms. */
export function armLrSchedule(arm: ArmSpec, totalSteps: number): LrSchedule {
  if (arm.schedule.kind === 'constant') return { kind: 'constant', peakLr: arm.lr };
  return { kind: arm.schedule.kind, peakLr: arm.lr, warmupSteps: warmupStepsOf(arm.schedule, totalSteps), totalSteps };
}
