/**
 * A tuning study (`"kind": "tuning"`): the fair way to compare optimizers. Each optimizer gets the same budget of
 * trials over its own search space (learning rate on a log scale, optionally weight decay and β2), drawn by a
 * seeded quasi-random sequence or a grid; the trials are short runs judged on a **dev** set; the best trial per
 * optimizer is then re-run with several seeds and compared on **test** sets that differ from the dev set (the
 * schema refuses a study that selects and reports on the same set).
 *
 * A study expands into two ordinary experiments, run one after the other:
 *   `<name>/tuning`  every trial as an arm (interleaved: adamw-t1, lion-t1, adamw-t2, …; all see the same batches),
 *                    evaluated on the dev set only, at the base's `evaluateEvery` and after the last step;
 *   `<name>/final`   the selected trial of each search space as an arm named after the space, on the test sets,
 *                    evaluated after the last step only (the test sets are never looked at along the way).
 * The second is a function of the study and the first's results (`finalExperiment`), so a snapshot that stores the
 * trials lets anyone recompute the selection and check the final arms against it (core/snapshot/tuningAnalysis.ts).
 */
import { z } from 'zod';
import { createRng } from '../rng';
import { OPTIMIZER_NAMES } from '../optim/registry';
import { canonicalJson } from './hash';
import { formatIssues, parseOrThrow, SchemaValidationError } from './issues';
import { experimentSchema, type ArmSpec, type ExperimentConfig } from './schema';
import { honestyChecks, type HonestyWarning } from './honesty';

/** The dev measure a trial is judged by. */
export const SELECTION_MEASURE = 'ndcg_cut_10';
/** Trials per optimizer: enough for a real search, few enough that a study stays a study. */
export const MAX_TUNING_BUDGET = 64;

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'expected letters, digits, ".", "_" or "-"' });
const seedValue = z
  .int()
  .min(0)
  .max(2 ** 32 - 1);

function ordered<T extends { min: number; max: number }>(schema: z.ZodType<T>) {
  return schema.check((ctx) => {
    if (ctx.value.min > ctx.value.max) ctx.issues.push({ code: 'custom', input: ctx.value, path: ['max'], message: `max is below min (${ctx.value.min})` });
  });
}

/** Learning rate: always searched on a log scale. */
const lrRange = ordered(z.strictObject({ min: z.number().positive(), max: z.number().positive() }));
const wdRange = ordered(z.strictObject({ min: z.number().min(0), max: z.number().min(0), scale: z.enum(['linear', 'log']).default('linear') })).check((ctx) => {
  if (ctx.value.scale === 'log' && ctx.value.min <= 0)
    ctx.issues.push({ code: 'custom', input: ctx.value, path: ['min'], message: 'a log scale needs min > 0 (use "scale": "linear" to include 0)' });
});
const beta = z.number().min(0).lt(1);
const betaRange = ordered(z.strictObject({ min: beta, max: beta }));

export const searchSpaceSchema = z.looseObject({
  /** Names the space's trials (`<name>-t1` …) and its arm in the final experiment; default: the optimizer's name. */
  name: name.optional(),
  optimizer: z.enum(OPTIMIZER_NAMES),
  lr: lrRange,
  /** A fixed value or a range (linear by default). */
  weightDecay: z.union([z.number().min(0), wdRange]).optional(),
  /** A fixed value or a range (linear). */
  beta2: z.union([beta, betaRange]).optional(),
  // Any other arm field (schedule, clipNorm, beta1, …) is passed to every trial of the space as written.
});
export type SearchSpace = z.output<typeof searchSpaceSchema>;

const EXPANDED_BY_THE_STUDY = ['name', 'schemaVersion', 'arms', 'evalSets', 'seeds', 'baselineArm'];

export const tuningStudySchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('tuning'),
  name,
  description: z.string().optional(),
  /** The protocol of every run (model, data, batch size, steps, max length, loss, evaluateEvery for the trials' dev curves, …). */
  base: z.record(z.string(), z.unknown()).check((ctx) => {
    for (const key of EXPANDED_BY_THE_STUDY) {
      if (key in ctx.value) ctx.issues.push({ code: 'custom', input: ctx.value, path: [key], message: 'set by the tuning study; remove it from base' });
    }
  }),
  /** The set trials are judged on (selection). */
  devSet: z.record(z.string(), z.unknown()),
  /** The sets the selected settings are compared on (reporting); none may be the dev set. */
  testSets: z.array(z.record(z.string(), z.unknown())).min(1),
  /** One search space per optimizer. */
  search: z.array(searchSpaceSchema).min(2).max(8),
  /** Trials per search space: the same for every optimizer. */
  budget: z.int().min(1).max(MAX_TUNING_BUDGET),
  sampler: z.enum(['quasi-random', 'grid']).default('quasi-random'),
  /** Seeds the quasi-random sequence's shift (the same points, in [0, 1), for every space: equal treatment). */
  samplerSeed: seedValue.default(1),
  /** Seeds of every trial (several: the sensitivity plot shows their spread). */
  tuningSeeds: z.array(seedValue).min(1).default([1]),
  /** Seeds of the final runs. */
  finalSeeds: z.array(seedValue).min(1).default([1, 2, 3]),
  /** Steps of the final runs (default: the trials' steps). */
  finalSteps: z.int().min(1).optional(),
  /** Time to target: the dev NDCG@10 to reach (default: the lower of the optimizers' best). */
  target: z.number().gt(0).max(1).optional(),
});
export type TuningStudyInput = z.input<typeof tuningStudySchema>;
export type TuningStudyParsed = z.output<typeof tuningStudySchema>;

/** The hyperparameters one trial was given (the ones searched; everything else is the space's fixed fields). */
export interface TrialPoint {
  lr: number;
  weightDecay?: number;
  beta2?: number;
}

export interface Trial {
  /** Its arm's name in the tuning experiment: `<space>-t<k>`. */
  name: string;
  space: string;
  /** 1-based position in the space's budget. */
  index: number;
  point: TrialPoint;
  arm: ArmSpec;
}

export interface TuningStudy {
  /** The study as parsed (defaults filled), for the snapshot and the summary. */
  study: TuningStudyParsed;
  spaces: { name: string; optimizer: SearchSpace['optimizer'] }[];
  trials: Trial[];
  tuning: ExperimentConfig;
}

/** Three significant digits: trial settings that read well in configs and tables. */
function round3(value: number): number {
  return Number(value.toPrecision(3));
}

/** The radical inverse of `index` in `base`: the Halton sequence's coordinate. */
export function radicalInverse(index: number, base: number): number {
  let result = 0;
  let f = 1 / base;
  for (let i = index; i > 0; i = Math.floor(i / base)) {
    result += f * (i % base);
    f /= base;
  }
  return result;
}

const DIMENSIONS = ['lr', 'weightDecay', 'beta2'] as const;
type Dimension = (typeof DIMENSIONS)[number];
const HALTON_BASES: Record<Dimension, number> = { lr: 2, weightDecay: 3, beta2: 5 };

/**
 * The unit points of a budget: quasi-random is a Halton sequence shifted by a seeded random offset per dimension
 * (Cranley–Patterson rotation), the same for every space; a grid spreads `m` values per searched dimension
 * (`m`^dimensions = budget) from min to max.
 */
export function unitPoints(sampler: 'quasi-random' | 'grid', budget: number, dimensions: readonly Dimension[], seed: number): Record<Dimension, number>[] {
  if (sampler === 'quasi-random') {
    const rng = createRng(`tuning-sampler/${seed}`);
    const shift = Object.fromEntries(DIMENSIONS.map((d) => [d, rng.nextFloat()])) as Record<Dimension, number>;
    return Array.from({ length: budget }, (_, k) => {
      const point = Object.fromEntries(DIMENSIONS.map((d) => [d, (radicalInverse(k + 1, HALTON_BASES[d]) + shift[d]) % 1])) as Record<Dimension, number>;
      return point;
    });
  }
  const m = Math.round(budget ** (1 / Math.max(1, dimensions.length)));
  const axis = (i: number) => (m === 1 ? 0.5 : i / (m - 1));
  return Array.from({ length: budget }, (_, k) => {
    const point = { lr: 0.5, weightDecay: 0.5, beta2: 0.5 };
    let rest = k;
    for (const d of dimensions) {
      point[d] = axis(rest % m);
      rest = Math.floor(rest / m);
    }
    return point;
  });
}

function scaled(u: number, range: { min: number; max: number; scale?: 'linear' | 'log' }, scale: 'linear' | 'log'): number {
  if (range.min === range.max) return range.min;
  return scale === 'log' ? range.min * (range.max / range.min) ** u : range.min + (range.max - range.min) * u;
}

function searchedDimensions(space: SearchSpace): Dimension[] {
  return DIMENSIONS.filter((d) => d === 'lr' || (space[d] !== undefined && typeof space[d] === 'object'));
}

function pointOf(space: SearchSpace, u: Record<Dimension, number>): TrialPoint {
  const point: TrialPoint = { lr: round3(scaled(u.lr, space.lr, 'log')) };
  const wd = space.weightDecay;
  if (wd !== undefined) point.weightDecay = typeof wd === 'number' ? wd : round3(scaled(u.weightDecay, wd, wd.scale));
  const b2 = space.beta2;
  if (b2 !== undefined) point.beta2 = typeof b2 === 'number' ? b2 : Math.min(round3(scaled(u.beta2, b2, 'linear')), b2.max);
  return point;
}

/** Where an issue of an expanded experiment belongs in the study file. */
type PathMap = (path: PropertyKey[]) => PropertyKey[];

function rethrowAt(fileName: string, study: unknown, problems: string[], candidate: unknown, map: PathMap, what: string): void {
  const result = experimentSchema.safeParse(candidate);
  if (result.success) return;
  for (const issue of result.error.issues) {
    const [line] = formatIssues(fileName, [{ ...issue, path: map(issue.path) }], study);
    // A base field wrong for the trials is wrong for the final runs too: say it once.
    if (!problems.some((p) => p.startsWith(`${line} (`))) problems.push(`${line} (${what})`);
  }
}

/** Is this test set the dev set again? Compared by name and by the files it reads. */
function sameSetProblems(devSet: Record<string, unknown>, testSets: Record<string, unknown>[], fileName: string): string[] {
  const problems: string[] = [];
  const ref = (v: unknown) => canonicalJson(typeof v === 'string' ? { source: 'bundled', path: v } : v);
  testSets.forEach((test, i) => {
    for (const field of ['name', 'topics', 'qrels'] as const) {
      if (test[field] !== undefined && devSet[field] !== undefined && ref(test[field]) === ref(devSet[field])) {
        problems.push(
          `${fileName}: testSets[${i}].${field}: the same ${field === 'name' ? 'name' : `${field} file`} as devSet (${typeof devSet.name === 'string' ? devSet.name : 'the dev set'}): ` +
            'a study must select on one set and report on another (e.g. dev DL19, test DL20)',
        );
        break;
      }
    }
  });
  return problems;
}

/**
 * Validates a tuning study and expands its trials and tuning experiment. Errors name the study's own fields
 * (`fair.json: testSets[0].qrels: …`, `search[1].lr.max: …`, `base.steps: …`); all are reported at once.
 */
export function expandTuningStudy(input: unknown, fileName = 'tuning.json'): TuningStudy {
  const study = parseOrThrow(tuningStudySchema, input, fileName);
  const problems: string[] = sameSetProblems(study.devSet, study.testSets, fileName);
  const spaces = study.search.map((s) => ({ name: s.name ?? s.optimizer, optimizer: s.optimizer }));
  spaces.forEach((s, i) => {
    if (spaces.findIndex((o) => o.name === s.name) !== i)
      problems.push(`${fileName}: search[${i}].name: a second search space named "${s.name}": give each space its own name`);
  });
  const measures = study.devSet.measures;
  if (Array.isArray(measures) && !measures.includes(SELECTION_MEASURE))
    problems.push(`${fileName}: devSet.measures: trials are selected by ${SELECTION_MEASURE}; add it to the dev set's measures`);
  if (study.sampler === 'grid') {
    study.search.forEach((space, i) => {
      const d = searchedDimensions(space).length;
      const m = Math.round(study.budget ** (1 / d));
      if (m ** d !== study.budget)
        problems.push(
          `${fileName}: budget: a grid over ${d} searched dimension${d > 1 ? 's' : ''} (search[${i}]) needs a budget that is a ${d === 1 ? 'positive integer' : `${d === 2 ? 'square' : 'cube'}`} (e.g. ${[2, 3, 4].map((x) => x ** d).join(', ')})`,
        );
    });
  }
  if (problems.length) throw new SchemaValidationError(fileName, problems);

  const trials: Omit<Trial, 'arm'>[] = [];
  const armInputs: Record<string, unknown>[] = [];
  const spaceOfArm: number[] = [];
  const perSpace = study.search.map((space) =>
    unitPoints(study.sampler, study.budget, searchedDimensions(space), study.samplerSeed).map((u) => pointOf(space, u)),
  );
  // Interleaved (adamw-t1, lion-t1, adamw-t2, …): the page runs two at a time, so both optimizers advance together.
  for (let k = 0; k < study.budget; k++) {
    study.search.forEach((space, s) => {
      const { name: _name, lr: _lr, weightDecay: _wd, beta2: _b2, ...fixed } = space;
      const point = perSpace[s][k];
      const trialName = `${spaces[s].name}-t${k + 1}`;
      trials.push({ name: trialName, space: spaces[s].name, index: k + 1, point });
      armInputs.push({ ...fixed, name: trialName, ...point });
      spaceOfArm.push(s);
    });
  }
  const tuningInput = { ...study.base, schemaVersion: 1, name: `${study.name}/tuning`, arms: armInputs, evalSets: [study.devSet], seeds: study.tuningSeeds };
  const mapTuning: PathMap = (path) => {
    if (path[0] === 'arms' && typeof path[1] === 'number') {
      const key = path[2];
      const searched = key === 'lr' || key === 'weightDecay' || key === 'beta2';
      return ['search', spaceOfArm[path[1]], ...(searched ? [key] : path.slice(2))];
    }
    if (path[0] === 'evalSets') return ['devSet', ...path.slice(2)];
    if (path[0] === 'seeds') return ['tuningSeeds', ...path.slice(1)];
    return ['base', ...path];
  };
  rethrowAt(fileName, input, problems, tuningInput, mapTuning, 'trials');
  // The final experiment's own fields (test sets, seeds, steps) are checked now too, with the first trials as stand-ins.
  const finalProbe = finalExperimentInput(
    study,
    spaces,
    study.search.map((_, s) => armInputs[s]),
  );
  rethrowAt(
    fileName,
    input,
    problems,
    finalProbe,
    (path) => {
      if (path[0] === 'evalSets') return ['testSets', ...path.slice(1)];
      if (path[0] === 'seeds') return ['finalSeeds', ...path.slice(1)];
      if (path[0] === 'steps' && study.finalSteps !== undefined) return ['finalSteps'];
      if (path[0] === 'arms') return mapTuning(path);
      return ['base', ...path];
    },
    'final runs',
  );
  if (problems.length) throw new SchemaValidationError(fileName, [...new Set(problems)]);
  const tuning = experimentSchema.parse(tuningInput);
  return { study, spaces, trials: trials.map((t, i) => ({ ...t, arm: tuning.arms[i] })), tuning };
}

function finalExperimentInput(study: TuningStudyParsed, spaces: TuningStudy['spaces'], arms: Record<string, unknown>[]): Record<string, unknown> {
  return {
    ...study.base,
    schemaVersion: 1,
    name: `${study.name}/final`,
    arms: arms.map((arm, s) => ({ ...arm, name: spaces[s].name })),
    evalSets: study.testSets,
    seeds: study.finalSeeds,
    // Test sets are judged once, after the last step: nothing along the way looks at them.
    evaluateEvery: 0,
    ...(study.finalSteps !== undefined ? { steps: study.finalSteps, epochs: undefined } : {}),
  };
}

/** The final experiment: the selected trial of each space (in the study's order), re-run on the test sets. */
export function finalExperiment(expanded: TuningStudy, selectedTrials: readonly string[]): ExperimentConfig {
  const arms = expanded.spaces.map((space, s) => {
    const trial = expanded.trials.find((t) => t.name === selectedTrials[s] && t.space === space.name);
    if (!trial) throw new Error(`no trial "${selectedTrials[s]}" in search space ${space.name}`);
    return trial.arm as unknown as Record<string, unknown>;
  });
  return experimentSchema.parse(finalExperimentInput(expanded.study, expanded.spaces, arms));
}

/** Is this parsed JSON a tuning study? */
export function isTuningStudy(json: unknown): boolean {
  return json !== null && typeof json === 'object' && (json as { kind?: unknown }).kind === 'tuning';
}

/**
 * The honesty warnings that apply to a tuning study, in its own fields: those of its final runs (one test set,
 * one or two final seeds, `-l 1` on TREC DL, an unpinned Hub model, no checkpoints). Warnings about one arm's
 * learning rate against another's are left out: the search is what sets them, each optimizer over its own range.
 */
export function tuningHonestyChecks(expanded: TuningStudy): HonestyWarning[] {
  const probe = finalExperiment(
    expanded,
    expanded.spaces.map((s) => `${s.name}-t1`),
  );
  const fields: Record<string, string> = { seeds: 'finalSeeds', evalSets: 'testSets' };
  return honestyChecks(probe)
    .filter((w) => !w.field.startsWith('arms') && w.code !== 'no-head-to-head')
    .map((w) => ({ ...w, field: w.field.replace(/^(seeds|evalSets)/, (m) => fields[m]).replace(/^(model|checkpointEvery)/, 'base.$1') }));
}
