/**
 * Results of an exported PyTorch project back into a snapshot: every finished arm × seed (runs/NAME.seed-S.train.json
 * from train.py, runs/NAME.seed-S.EVALSET.trec from evaluate.py) becomes a run record with `runtime: 'pytorch'` and
 * its hardware. Per-query values are measured here, with the lab's trec_eval-exact code against the experiment's
 * qrels, exactly as for the lab's own runs; the snapshot's config is the project's experiment.json, unchanged.
 * evaluate.py's own per-query values (runs/NAME.seed-S.EVALSET.perquery.json, when present) are a cross-check: one
 * that differs from the lab's by more than PER_QUERY_TOLERANCE is refused, naming the file, query and measure.
 * The files are untrusted: sizes are capped, and every problem names the file and the field.
 */
import { z } from 'zod';
import { configHash as hashConfig, parseJsonText, validateExperiment, type ExperimentConfig } from '../core/experiment';
import { runIdOf } from '../core/experiment/runMatrix';
import { parseOrThrow } from '../core/experiment/issues';
import { INPUT_LIMITS } from '../core/limits';
import { assembleSnapshot } from '../core/snapshot/assemble';
import { curvePointSchema, RUN_PRECISIONS, runHardwareSchema, stopSchema, type Environment, type RunRecord, type Snapshot } from '../core/snapshot/schema';
import { parseRun } from '../core/trec';
import { loadEvalSets, measureRun, type LoadedEvalSet } from '../train/evaluate';
import type { LabHost } from '../train/host';

/** What train.py writes (runs/NAME.seed-S.train.json). */
export const torchTrainRecordSchema = z.strictObject({
  format: z.literal('rerank-lab-torch-run'),
  arm: z.string().min(1),
  seed: z.int().min(0),
  runtime: z.literal('pytorch'),
  /** labtorch.weights_hash of the model as loaded from prepared/init.seed-S.safetensors (absent from older projects' files). */
  initialWeightsHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: 'expected a SHA-256 hex digest (64 hex digits)' })
    .optional(),
  precision: z.enum(RUN_PRECISIONS).optional(),
  hardware: runHardwareSchema,
  stop: stopSchema,
  curve: z.array(curvePointSchema),
  batchHashes: z.array(z.string().min(1)),
});

/** The initial weights' hash and the precision train.py recorded (files from before it recorded them have neither). */
function trainedFrom(record: z.output<typeof torchTrainRecordSchema>): Pick<RunRecord, 'initialWeightsHash' | 'precision'> {
  return {
    ...(record.initialWeightsHash !== undefined ? { initialWeightsHash: record.initialWeightsHash } : {}),
    ...(record.precision !== undefined ? { precision: record.precision } : {}),
  };
}

/** What evaluate.py writes (runs/NAME.seed-S.EVALSET.perquery.json, from labmeasures.py). */
export const torchPerQuerySchema = z.strictObject({
  format: z.literal('rerank-lab-torch-perquery'),
  evalSet: z.string().min(1),
  relevanceLevel: z.int(),
  measures: z.array(z.string()),
  notComputed: z.array(z.string()),
  perQuery: z.record(z.string(), z.record(z.string(), z.number())),
});

/** How far evaluate.py's per-query values may be from the lab's (they agree to about 1e-15: summation order). */
export const PER_QUERY_TOLERANCE = 1e-6;

/**
 * evaluate.py's per-query values against the lab's: the same eval set, relevance level and queries, and every value
 * it computed within PER_QUERY_TOLERANCE. The lab's values are the ones kept; this only refuses a disagreement.
 */
export function checkTorchPerQuery(name: string, text: string, set: LoadedEvalSet, lab: Record<string, Record<string, number>>): void {
  const file = parseOrThrow(torchPerQuerySchema, parseJsonText(text, name), name);
  const { spec } = set;
  if (file.evalSet !== spec.name) throw new Error(`${name}: evalSet is "${file.evalSet}", expected "${spec.name}"`);
  if (file.relevanceLevel !== spec.relevanceLevel)
    throw new Error(`${name}: relevanceLevel is ${file.relevanceLevel}, the experiment's ${spec.name} uses ${spec.relevanceLevel}`);
  for (const measure of [...file.measures, ...file.notComputed]) {
    if (!spec.measures.includes(measure)) throw new Error(`${name}: measure "${measure}" is not one of ${spec.name}'s (${spec.measures.join(', ')})`);
  }
  for (const qid of Object.keys(file.perQuery)) if (!(qid in lab)) throw new Error(`${name}: query ${qid} is not one the lab evaluates in ${spec.name}`);
  for (const qid of Object.keys(lab)) {
    const values = file.perQuery[qid];
    if (!values) throw new Error(`${name}: query ${qid} is missing`);
    for (const measure of file.measures) {
      const value = values[measure];
      const expected = lab[qid][measure];
      if (value === undefined) throw new Error(`${name}: query ${qid}: ${measure} is missing`);
      if (!(Math.abs(value - expected) <= PER_QUERY_TOLERANCE)) {
        throw new Error(
          `${name}: query ${qid}: ${measure} is ${value}, the lab computes ${expected} from the run (they differ by more than ${PER_QUERY_TOLERANCE.toExponential()})`,
        );
      }
    }
  }
}

/** A project folder as read: file name (relative, `runs/…`) → text. */
export type ProjectReader = {
  list(): string[];
  read(name: string): string;
};

const MAX_TEXT = INPUT_LIMITS.snapshotJsonBytes;

function readCapped(reader: ProjectReader, name: string): string {
  const text = reader.read(name);
  if (text.length > MAX_TEXT) throw new Error(`${name}: ${text.length} characters, over the ${MAX_TEXT} this import reads`);
  return text;
}

export interface ImportedProject {
  config: ExperimentConfig;
  configText: string;
  runs: RunRecord[];
  /** Arm × seed pairs with a train record but missing evaluation runs (left out of the snapshot). */
  unfinished: string[];
}

/** The run records of every finished arm × seed in the project. */
export async function importTorchRuns(reader: ProjectReader, host: LabHost, evalSets?: LoadedEvalSet[]): Promise<ImportedProject> {
  const configText = readCapped(reader, 'experiment.json');
  const config = validateExperiment(parseJsonText(configText, 'experiment.json'), 'experiment.json');
  const loaded = evalSets ?? (await loadEvalSets(config, host));
  const names = new Set(reader.list());
  const runs: RunRecord[] = [];
  const unfinished: string[] = [];
  for (const arm of config.arms) {
    for (const seed of config.seeds) {
      const tag = `${arm.name}.seed-${seed}`;
      const trainName = `runs/${tag}.train.json`;
      if (!names.has(trainName)) continue;
      const record = parseOrThrow(torchTrainRecordSchema, parseJsonText(readCapped(reader, trainName), trainName), trainName);
      if (record.arm !== arm.name || record.seed !== seed)
        throw new Error(`${trainName}: arm/seed say ${record.arm}/${record.seed}, the file name ${arm.name}/${seed}`);
      if (record.batchHashes.length !== record.curve.length)
        throw new Error(`${trainName}: batchHashes: ${record.batchHashes.length} for ${record.curve.length} steps`);
      if (record.stop.reason !== 'completed') {
        // A diverged run is a result, as in the lab: recorded with its curve, without evaluations.
        const { stop, curve, batchHashes, hardware } = record;
        runs.push({
          runId: runIdOf(config.name, arm.name, seed),
          arm: arm.name,
          seed,
          stop,
          curve,
          batchHashes,
          evaluations: [],
          runtime: 'pytorch',
          hardware,
          ...trainedFrom(record),
        });
        continue;
      }
      const trecNames = loaded.map((set) => `runs/${tag}.${set.spec.name}.trec`);
      const missing = trecNames.filter((n) => !names.has(n));
      if (missing.length) {
        unfinished.push(`${tag} (no ${missing.join(', ')}: run evaluate.py --arm ${arm.name} --seed ${seed})`);
        continue;
      }
      const evaluations = loaded.map((set, i) => {
        const run = parseRun(readCapped(reader, trecNames[i]), trecNames[i]);
        const perQuery = measureRun(set, run);
        const perQueryName = `runs/${tag}.${set.spec.name}.perquery.json`;
        if (names.has(perQueryName)) checkTorchPerQuery(perQueryName, readCapped(reader, perQueryName), set, perQuery);
        return { step: record.stop.step, evalSet: set.spec.name, perQuery, run };
      });
      runs.push({
        runId: runIdOf(config.name, arm.name, seed),
        arm: arm.name,
        seed,
        stop: record.stop,
        curve: record.curve,
        batchHashes: record.batchHashes,
        evaluations,
        runtime: 'pytorch',
        hardware: record.hardware,
        ...trainedFrom(record),
      });
    }
  }
  return { config, configText, runs, unfinished };
}

/** The environment of a PyTorch snapshot: no WebGPU adapter; the devices of its runs stand in for one. */
export function pytorchEnvironment(runs: RunRecord[], app: Environment['app']): Environment {
  const devices = [...new Set(runs.flatMap((r) => r.hardware?.devices ?? []))];
  const torch = [...new Set(runs.map((r) => r.hardware?.torch).filter(Boolean))].join(', ');
  const description = `PyTorch ${torch} · ${devices.join(', ')}`;
  return {
    adapter: {
      runtime: 'node',
      vendor: 'pytorch',
      architecture: '',
      device: devices.join(', '),
      description,
      isFallbackAdapter: false,
      isSoftware: devices.every((d) => d.startsWith('cpu')),
      features: [],
      limits: {},
    },
    runtime: { kind: 'node', userAgent: `PyTorch ${torch} (imported by Rerank Lab's import-torch)` },
    app,
  };
}

/** The snapshot of a project's finished runs. */
export async function torchSnapshot(
  reader: ProjectReader,
  host: LabHost,
  app: Environment['app'],
  createdAt = new Date(),
): Promise<{ snapshot: Snapshot; unfinished: string[] }> {
  const { config, runs, unfinished } = await importTorchRuns(reader, host);
  if (runs.length === 0)
    throw new Error(
      `no finished arm × seed: runs/ holds no NAME.seed-S.train.json with its evaluation runs${unfinished.length ? ` (${unfinished.join('; ')})` : ''}`,
    );
  return { snapshot: assembleSnapshot(config, await hashConfig(config), pytorchEnvironment(runs, app), runs, createdAt), unfinished };
}

/**
 * One arm run by both engines in one snapshot: the lab's runs of `arm` (the baseline) and the PyTorch runs of the
 * same arm renamed `ARM-pytorch`, so the summary's paired tests compare the engines query by query. Both snapshots
 * must come from the same experiment (equal config hashes); the PyTorch runs keep their runtime and hardware.
 */
export async function compareRuntimes(lab: Snapshot, torch: Snapshot, arm: string, createdAt = new Date()): Promise<Snapshot> {
  if (lab.configHash !== torch.configHash) {
    throw new Error(
      `the lab snapshot (config ${lab.configHash.slice(0, 12)}…) and the PyTorch runs (config ${torch.configHash.slice(0, 12)}…) come from different experiments`,
    );
  }
  const spec = lab.config.arms.find((a) => a.name === arm);
  if (!spec) throw new Error(`--arm ${arm}: the experiment has arms ${lab.config.arms.map((a) => a.name).join(', ')}`);
  const torchArm = `${arm}-pytorch`;
  if (lab.config.arms.some((a) => a.name === torchArm)) throw new Error(`the experiment already has an arm named ${torchArm}`);
  const config = validateExperiment({ ...lab.config, arms: [spec, { ...spec, name: torchArm }], baselineArm: arm }, 'the comparison config');
  const labRuns = lab.runs.filter((r) => r.arm === arm && r.runtime !== 'pytorch').map((r) => ({ ...r, runtime: r.runtime ?? ('webgpu' as const) }));
  const torchRuns = torch.runs
    .filter((r) => r.arm === arm && r.runtime === 'pytorch')
    .map((r) => ({ ...r, arm: torchArm, runId: runIdOf(config.name, torchArm, r.seed) }));
  if (labRuns.length === 0 || torchRuns.length === 0) {
    throw new Error(`arm ${arm}: ${labRuns.length} lab runs and ${torchRuns.length} PyTorch runs; both are needed to compare`);
  }
  return assembleSnapshot(config, await hashConfig(config), lab.environment, [...labRuns, ...torchRuns], createdAt);
}
