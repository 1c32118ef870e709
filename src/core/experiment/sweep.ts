/**
 * A sweep: one base experiment run over a list of models (the lab's question: how does the Lion − AdamW
 * gap move with model size?). It expands into experiments with stable ids (`sweep/model-id`), run one
 * after another; a sweep resumes by skipping the runs already finished (`pendingSweepRuns`).
 */
import { z } from 'zod';
import { formatIssues, parseOrThrow, SchemaValidationError } from './issues';
import { modelSchema, experimentSchema } from './schema';
import type { ExperimentConfig, ModelSpec } from './schema';
import { expandRunMatrix } from './runMatrix';
import type { RunSpec } from './runMatrix';

const sweepModelSchema = z.strictObject({
  /** Defaults to `L<layers>-H<hidden>` for random init (`gte-L…`, `modernbert-L…` for those), the repository id for the Hub, the folder name for local files. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'expected letters, digits, ".", "_" or "-"' })
    .optional(),
  model: modelSchema,
  /** This model's arms, replacing the base's (e.g. each family at its own advised learning rate). */
  arms: z.array(z.unknown()).min(1).optional(),
});

export const sweepSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('sweep'),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'expected letters, digits, ".", "_" or "-"' }),
  description: z.string().optional(),
  /** An experiment config without `name`, `schemaVersion` and `model` (each expanded experiment gets its own). */
  base: z.record(z.string(), z.unknown()).check((ctx) => {
    for (const key of ['name', 'model', 'schemaVersion']) {
      if (key in ctx.value) ctx.issues.push({ code: 'custom', input: ctx.value, path: [key], message: `set by the sweep; remove it from base` });
    }
  }),
  models: z.array(sweepModelSchema).min(1),
});
export type Sweep = z.input<typeof sweepSchema>;

export interface SweepExperiment {
  /** `sweep-name/model-id`: also the experiment's name, hence the prefix of its run ids. */
  id: string;
  config: ExperimentConfig;
}

export function modelIdOf(model: ModelSpec): string {
  if (model.kind === 'random') return `${model.architecture === 'bert' ? '' : `${model.architecture}-`}L${model.layers}-H${model.hidden}`;
  if (model.kind === 'hub') return model.id.replace(/[^A-Za-z0-9._-]+/g, '_');
  return (model.path.split(/[\\/]/).filter(Boolean).pop() ?? model.path).replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Expands and validates every experiment of a sweep; errors name the sweep field (`models[2].model.heads`). */
export function expandSweep(input: unknown, fileName = 'sweep.json'): SweepExperiment[] {
  const sweep = parseOrThrow(sweepSchema, input, fileName);
  const experiments: SweepExperiment[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  sweep.models.forEach((entry, i) => {
    const id = `${sweep.name}/${entry.id ?? modelIdOf(entry.model)}`;
    if (seen.has(id)) {
      problems.push(`${fileName}: models[${i}].id: duplicate experiment id "${id}"; give the model an id`);
      return;
    }
    seen.add(id);
    const candidate = { ...sweep.base, schemaVersion: 1, name: id, model: entry.model, ...(entry.arms ? { arms: entry.arms } : {}) };
    const result = experimentSchema.safeParse(candidate);
    if (result.success) {
      experiments.push({ id, config: result.data });
      return;
    }
    // Point at the sweep's own fields: the model entry or the base.
    for (const line of formatIssues(
      fileName,
      result.error.issues.map((issue) => ({
        ...issue,
        path: issue.path[0] === 'model' || (issue.path[0] === 'arms' && entry.arms) ? ['models', i, ...issue.path] : ['base', ...issue.path],
      })),
      { base: sweep.base, models: sweep.models },
    )) {
      problems.push(`${line} (experiment ${id})`);
    }
  });
  if (problems.length) throw new SchemaValidationError(fileName, problems);
  return experiments;
}

/** Every run of the sweep in execution order: experiment by experiment, each seed-major. */
export function sweepRunMatrix(experiments: readonly SweepExperiment[]): RunSpec[] {
  return experiments.flatMap((e) => expandRunMatrix(e.config));
}

/** The runs still to do, in order, given the ids of the runs already finished (any stop reason). */
export function pendingSweepRuns(experiments: readonly SweepExperiment[], finishedRunIds: ReadonlySet<string>): RunSpec[] {
  return sweepRunMatrix(experiments).filter((run) => !finishedRunIds.has(run.runId));
}
