/**
 * Who made a TREC run, with what and how, in the ir_metadata form (https://www.ir-metadata.org/, schema version 0.1:
 * the PRIMAD components platform, research goal, implementation, method, actor, data, under their documented keys where
 * they fit). Everything comes from the snapshot: the lab's version and commit, the adapter (or a PyTorch run's devices),
 * the runtime, kernels and precision, the config hash, the model, the arm's optimizer settings, the seed, the initial
 * weights' hash, the evaluation set and its files. `actor` is left out: the lab does not know who ran it.
 *
 * Written beside the run as RUN.ir_metadata.yml (plain YAML, no start/end markers), or, only when asked, as `#` comment
 * lines at the head of the run between `# ir_metadata.start` and `# ir_metadata.end` (as repro_eval writes them).
 * trec_eval 9.0.8 refuses a run whose first line starts with `#` ("Malformed line 1"), which is why that is not the
 * default.
 */
import { baselineArmOf, type FileRef, type ModelSpec } from '../experiment/schema';
import { SIGNIFICANCE_SETTINGS } from './summary';
import type { Environment, EvaluationRecord, RunRecord, Snapshot } from './schema';
import { yamlDocument, type YamlValue } from './yamlText';

export const IR_METADATA_SCHEMA_VERSION = '0.1';
export const RUN_METADATA_MODES = ['sidecar', 'header', 'none'] as const;
export type RunMetadataMode = (typeof RUN_METADATA_MODES)[number];

/** The sidecar of `runs/X.trec`: `runs/X.ir_metadata.yml`. */
export function runMetadataFileName(runFileName: string): string {
  return `${runFileName.replace(/\.trec$/, '')}.ir_metadata.yml`;
}

const fileText = (ref: FileRef): string => (ref.source === 'bundled' ? ref.path : ref.source === 'url' ? ref.url : `a picked file named ${ref.name}`);

function modelText(model: ModelSpec): string {
  if (model.kind === 'hub') return `${model.id}@${model.revision} (Hugging Face Hub)`;
  if (model.kind === 'local') return `${model.path} (a local Hugging Face folder)`;
  return `random-init ${model.architecture} (${model.layers} layers, hidden ${model.hidden}, ${model.heads} heads, intermediate ${model.intermediate}${model.seed !== undefined ? `, init seed ${model.seed}` : ''})`;
}

/** The environment the run was made in: its source's, for a run of a merged snapshot. */
function environmentOf(snapshot: Snapshot, record: RunRecord): Environment {
  const file = record.origin?.file;
  return snapshot.merge?.sources.find((s) => s.file === file)?.environment ?? snapshot.environment;
}

function platformOf(record: RunRecord, env: Environment): YamlValue {
  if (record.runtime === 'pytorch' && record.hardware) {
    const h = record.hardware;
    return {
      hardware: { devices: h.devices, processes: h.worldSize, backend: h.backend },
      software: { libraries: { python: [`torch==${h.torch}`, `python==${h.python}`] }, 'retrieval toolkit': [`rerank-lab==${env.app.version}`] },
    };
  }
  const a = env.adapter;
  return {
    hardware: { gpu: { model: a.description || a.device, architecture: a.architecture, vendor: a.vendor, 'software adapter': a.isSoftware } },
    software: { runtime: env.runtime.userAgent, 'retrieval toolkit': [`rerank-lab==${env.app.version}`] },
  };
}

export interface RunMetadataOptions {
  /** The command that made the run (`npm run experiment -- …`), when one did. */
  command?: string;
}

/** The ir_metadata of one run × evaluation: a plain object (yamlDocument writes it). */
export function runMetadata(
  snapshot: Snapshot,
  record: RunRecord,
  evaluation: EvaluationRecord,
  tag: string,
  options: RunMetadataOptions = {},
): Record<string, YamlValue> {
  const { config } = snapshot;
  const env = environmentOf(snapshot, record);
  const arm = config.arms.find((a) => a.name === record.arm);
  const set = config.evalSets.find((s) => s.name === evaluation.evalSet);
  if (!arm || !set) throw new Error(`run ${record.runId}: no arm ${record.arm} or evaluation set ${evaluation.evalSet} in the config`);
  const pytorch = record.runtime === 'pytorch';
  const kernels = pytorch ? undefined : (record.origin?.kernels ?? env.kernels ?? 'tfjs');
  return {
    'schema-version': IR_METADATA_SCHEMA_VERSION,
    tag,
    platform: platformOf(record, env),
    'research goal': {
      evaluation: {
        'reported measures': set.measures,
        baseline: [`${baselineArmOf(config)}.seed-${record.seed}`],
        'significance test': [
          { name: 'paired t-test', 'correction method': 'holm' },
          { name: `randomization test (${SIGNIFICANCE_SETTINGS.permutations} permutations)`, 'correction method': 'holm' },
        ],
      },
    },
    implementation: {
      executable: options.command !== undefined ? { cmd: options.command } : undefined,
      source: { lang: pytorch ? ['python'] : ['typescript', 'wgsl'], version: env.app.version, commit: env.app.commit },
    },
    method: {
      automatic: true,
      'score ties': 'docno descending (trec_eval)',
      retrieval: [
        { name: 'first stage', method: 'candidates file', source: fileText(set.candidates) },
        {
          name: 'cross-encoder',
          method: modelText(config.model),
          reranks: 'first stage',
          'rerank depth': set.rerankDepth,
          'max length': config.maxLength,
          'config hash': snapshot.configHash,
          arm: Object.fromEntries(Object.entries(arm).map(([k, v]) => [k, v as YamlValue])),
          'batch size': config.batchSize,
          steps: config.steps,
          epochs: config.epochs,
          loss: { kind: config.loss.kind, 'negatives per query': config.loss.negativesPerQuery },
          seed: record.seed,
          'initial weights sha256': record.initialWeightsHash,
          precision: record.precision ?? 'float32',
          runtime: pytorch ? 'pytorch' : `webgpu (${env.runtime.kind})`,
          kernels,
          stop: { reason: record.stop.reason, step: record.stop.step },
          'evaluated at step': evaluation.step,
        },
      ],
    },
    data: {
      'test collection': { name: set.name, qrels: fileText(set.qrels), topics: fileText(set.topics), 'relevance level': set.relevanceLevel },
      'training data': [{ name: 'training data', source: fileText(config.trainingData), format: config.trainingData.format }],
      other: [{ name: 'candidates', source: fileText(set.candidates) }],
    },
  };
}

/** RUN.ir_metadata.yml: the run's ir_metadata as a YAML document. */
export function runMetadataYaml(...args: Parameters<typeof runMetadata>): string {
  return yamlDocument(runMetadata(...args));
}

/** The metadata as a run file's header: every line `# …`, between `# ir_metadata.start` and `# ir_metadata.end`. */
export function runMetadataHeader(yaml: string): string {
  const lines = yaml.replace(/\n$/, '').split('\n');
  return ['# ir_metadata.start', ...lines.map((l) => `# ${l}`), '# ir_metadata.end', ''].join('\n');
}
