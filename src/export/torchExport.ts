/**
 * The lab's experiment as a self-contained PyTorch project (DDP with torchrun), with the protocol intact:
 *   train.py, evaluate.py, labtorch.py,  the Python side (./torch/, real files checked with py_compile)
 *   labmeasures.py, labargs.py
 *   experiment.json                      the lab's config, byte for byte as given
 *   requirements.txt, README.md          what to install, and the exact commands (one GPU, one node, SLURM array)
 *   slurm.sh                             the SLURM array job over arms × seeds
 *   prepared/plan.json                   per arm: optimizer, settings, per-step lr (the lab's schedule), clipping,
 *                                        the decay / no-decay parameter groups; the loss; the model family
 *   prepared/config.json                 the model's Hugging Face config.json
 *   prepared/init.seed-S.safetensors     the initial weights of seed S as the lab builds them (random init and a
 *                                        fresh classifier head included), so PyTorch starts from the same bits
 *   prepared/batches.seed-S.*            the lab's batch schedule of seed S: the examples it draws, in order (the
 *                                        lines its batch hash covers), their tokenization and labels, the hashes
 *   prepared/eval.NAME.*                 each evaluation set's query–candidate pairs, tokenized by the lab, and
 *                                        (eval.NAME.qrels.json) its judgments, relevance level and measures, so
 *                                        evaluate.py writes per-query values (labmeasures.py) that import checks
 * Tokenization is the lab's (exported ids), so PyTorch needs no tokenizer package and cannot tokenize differently.
 */
import { STUDY_FAMILIES } from '../core/experiment/presets';
import { armLrSchedule, type ExperimentConfig } from '../core/experiment/schema';
import { examplesPerStep, totalStepsOf } from '../core/experiment/steps';
import { ownSettings, defaultSettings } from '../core/optim/registry';
import { splitParamGroups } from '../core/optim/paramGroups';
import { lrAt } from '../core/optim/schedules';
import { BatchPlan } from '../train/batchPlan';
import { exampleFields } from '../train/data/hash';
import { loadEvalSets, type LoadedEvalSet } from '../train/evaluate';
import type { LabHost } from '../train/host';
import { buildModel, resolveModel, type ResolvedModel } from '../train/modelSetup';
import trainPy from './torch/train.py?raw';
import evaluatePy from './torch/evaluate.py?raw';
import labtorchPy from './torch/labtorch.py?raw';
import labmeasuresPy from './torch/labmeasures.py?raw';
import labargsPy from './torch/labargs.py?raw';

export const PYTHON_FILES: Readonly<Record<string, string>> = {
  'train.py': trainPy,
  'evaluate.py': evaluatePy,
  'labtorch.py': labtorchPy,
  'labmeasures.py': labmeasuresPy,
  'labargs.py': labargsPy,
};

export type ProjectFiles = Record<string, string | Uint8Array>;

const encoder = new TextEncoder();

/** A safetensors file of int32 / float32 tensors (the core writer takes floats only). */
export function writeMixedSafetensors(tensors: Record<string, { shape: number[]; data: Int32Array | Float32Array }>): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = Object.create(null);
  let offset = 0;
  for (const name of names) {
    const { shape, data } = tensors[name];
    if (shape.reduce((a, b) => a * b, 1) !== data.length) throw new Error(`tensor '${name}': shape [${shape.join(', ')}] does not match ${data.length} values`);
    header[name] = { dtype: data instanceof Int32Array ? 'I32' : 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  let json = encoder.encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const spaced = new Uint8Array(padded).fill(0x20);
    spaced.set(json);
    json = spaced;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let cursor = 8 + json.length;
  for (const name of names) {
    const { data } = tensors[name];
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), cursor);
    cursor += data.byteLength;
  }
  return out;
}

/** An int32 array that grows by doubling (a study's schedule has hundreds of millions of tokens: no number[]). */
class Int32Builder {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  values(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** Rows of token ids without their padding, concatenated, with row_start offsets (the lab's row order). */
class RowPacker {
  private ids = new Int32Builder();
  private types = new Int32Builder();
  private starts = new Int32Builder();

  constructor() {
    this.starts.push(0);
  }

  add(batch: { inputIds: Int32Array; tokenTypeIds: Int32Array; attentionMask: Int32Array; batchSize: number; seqLen: number }): void {
    for (let r = 0; r < batch.batchSize; r++) {
      const offset = r * batch.seqLen;
      let length = 0;
      while (length < batch.seqLen && batch.attentionMask[offset + length] === 1) length++;
      for (let i = 0; i < length; i++) {
        this.ids.push(batch.inputIds[offset + i]);
        this.types.push(batch.tokenTypeIds[offset + i]);
      }
      if (this.ids.length > 0x7fffffff) throw new Error('the batch schedule has over 2^31 tokens: export fewer steps per project');
      this.starts.push(this.ids.length);
    }
  }

  tensors(): Record<string, { shape: number[]; data: Int32Array }> {
    return {
      input_ids: { shape: [this.ids.length], data: this.ids.values() },
      token_type_ids: { shape: [this.types.length], data: this.types.values() },
      row_start: { shape: [this.starts.length], data: this.starts.values() },
    };
  }
}

const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** The README of the exported project: what it is, what is guaranteed, the exact commands. */
export function projectReadme(config: ExperimentConfig): string {
  const arms = config.arms.map((a) => a.name);
  const seeds = config.seeds;
  const first = `--arm ${shellWord(arms[0])} --seed ${seeds[0]}`;
  const family =
    config.model.kind === 'random' ? config.model.architecture : config.model.kind === 'hub' ? `${config.model.id} (Hugging Face Hub)` : config.model.path;
  const runs = arms.length * seeds.length;
  const armList = arms.map(shellWord).join(' ');
  const seedList = seeds.join(' ');
  return `# ${config.name} on PyTorch

Exported by Rerank Lab's \`npm run export-torch\` (or the lab page's "Export to PyTorch"). ${config.description ?? ''}

Model: ${family}. Arms: ${arms.join(', ')}. Seeds: ${seeds.join(', ')}. ${config.steps} steps of ${config.batchSize} rows.
One invocation of \`train.py\` trains one arm × seed (${runs} in all); \`evaluate.py\` reranks the evaluation sets with it.

## Install

    python3 -m pip install -r requirements.txt

A bare \`torch\` is enough for BERT/MiniLM (the project carries a compact BERT); GTE and ModernBERT need
\`transformers\` (GTE with \`trust_remote_code\`). \`lion-pytorch\` is used for Lion when installed.

## One GPU (or one CPU process)

    python3 train.py ${first}
    python3 evaluate.py ${first}

## One node, N GPUs (DDP; gloo instead of NCCL on CPU)

The global batch of ${config.batchSize} rows is split across the N processes; N must divide it.

    torchrun --nproc_per_node=N train.py ${first}
    torchrun --nproc_per_node=N evaluate.py ${first}

\`python3 -m torch.distributed.run\` works in place of \`torchrun\`. With Debian 12's \`python3-torch\` (torch 1.13 on
Python 3.11) the launcher's default \`--redirects 0\` crashes (\`'NoneType' object has no attribute 'get'\`): add
\`--redirects 1 --tee 1\` after \`torchrun\` there.

A rank waits at most \`RERANK_LAB_DIST_TIMEOUT_S\` seconds (default 600) for the others: to join, in each collective
(gloo; NCCL where its error handling is on) and to shut down. Past it the rank exits with status 1 instead of hanging,
naming itself and the step or phase it waited in (at shutdown: every thread's stack). Another rank most likely failed
(its output says why); if all are merely slow, raise the limit.

## Every arm × seed

    for arm in ${armList}; do for seed in ${seedList}; do
      torchrun --nproc_per_node=N train.py --arm "$arm" --seed "$seed" && python3 evaluate.py --arm "$arm" --seed "$seed"
    done; done

## SLURM array over arms × seeds (one task per arm × seed, one node of 8 GPUs each)

    sbatch slurm.sh

\`slurm.sh\` asks for an array of ${runs} tasks (0-${runs - 1}); task i trains and evaluates arm i / ${seeds.length} with seed
i mod ${seeds.length} (arms ${arms.join(', ')}; seeds ${seeds.join(', ')}) on all GPUs of its node. Edit its \`#SBATCH\` lines for
your cluster (partition, time, GPUs per node: N must divide the batch of ${config.batchSize}).

## Results back in the lab

    npm run import-torch -- THIS_FOLDER --out snapshot.json.gz

(from a Rerank Lab checkout), or the lab page's "Import PyTorch results" with this folder's \`experiment.json\` and
\`runs/\`. The snapshot holds every finished arm × seed with \`runtime: pytorch\` and the hardware; its summary and
significance are computed as for the lab's own runs.

\`evaluate.py\` writes per evaluation set \`runs/ARM.seed-S.EVALSET.trec\` (the TREC run), \`.scores.json\` (the scores) and
\`.perquery.json\`: \`{"format": "rerank-lab-torch-perquery", "evalSet", "relevanceLevel", "measures", "notComputed",
"perQuery": {qid: {measure: value}}}\`, the evaluation set's measures per judged query (from
\`prepared/eval.EVALSET.qrels.json\`) with trec_eval 9.0.8's semantics as the lab computes them (\`labmeasures.py\`:
float32 scores, ties by docno descending, relevant = grade ≥ relevanceLevel, the grade as NDCG gain, a query without
results scores 0). Measures listed in \`notComputed\` are left to the import. The import recomputes every value from
the TREC run and refuses a per-query file more than 1e-6 away from it.

## What is equal to the lab's run, and what is not

- Equal by construction: the initial weights (\`prepared/init.seed-S.safetensors\`), the batches and their order
  (\`prepared/batches.seed-S.*\`; train.py recomputes the lab's batch hash of every step and stops if it differs),
  the tokenization (exported token ids), the loss, the parameter groups, the learning rate of every step,
  warmup, clipping (\`clip_grad_norm_\`), and the optimizer update (\`torch.optim.AdamW\`; Lion as the lab's kernel),
  and the dropout masks (\`--dropout lab\`, the default: the lab's integer hash of seed and element index).
- Not bit-equal: float32 sums. Matrix products, the loss mean, the gradient all-reduce across ranks and the gradient
  norm add in another order than the lab's WebGPU kernels (and than each other for different N), so losses agree to
  about 1e-5 after a few steps, not bit for bit, and the gap can grow over a long run. \`--dropout native\` uses
  torch's own dropout: faster on big runs, other masks (recorded in the results).
`;
}

/** slurm.sh: one array task per arm × seed (bash, as sbatch runs a script's shebang). */
export function slurmScript(config: ExperimentConfig): string {
  const arms = config.arms.map((a) => shellWord(a.name));
  const runs = arms.length * config.seeds.length;
  return `#!/bin/bash
#SBATCH --job-name=${shellWord(config.name.replace(/[^\w.-]+/g, '-'))}
#SBATCH --array=0-${runs - 1}
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --gpus-per-node=8
# One task per arm × seed: task i trains arm ARMS[i / ${config.seeds.length}] with seed SEEDS[i % ${config.seeds.length}] on every GPU of its node, then evaluates it.
set -euo pipefail
ARMS=(${arms.join(' ')})
SEEDS=(${config.seeds.join(' ')})
ARM=\${ARMS[$((SLURM_ARRAY_TASK_ID / \${#SEEDS[@]}))]}
SEED=\${SEEDS[$((SLURM_ARRAY_TASK_ID % \${#SEEDS[@]}))]}
GPUS=\${SLURM_GPUS_ON_NODE:-8}
cd "\${SLURM_SUBMIT_DIR:-.}"
torchrun --standalone --nproc_per_node="$GPUS" train.py --arm "$ARM" --seed "$SEED"
python3 evaluate.py --arm "$ARM" --seed "$SEED"
`;
}

/** requirements.txt: torch always; transformers where the model needs it. */
export function requirements(config: ExperimentConfig, family: string): string {
  const lines = ['torch>=1.13'];
  if (family !== 'bert') lines.push('transformers>=4.40  # GTE and ModernBERT (and any model not known to be BERT) come from transformers');
  else lines.push('# transformers>=4.40   optional for BERT/MiniLM (the compact BERT in labtorch.py needs only torch)');
  if (config.arms.some((a) => a.optimizer === 'lion')) lines.push('# lion-pytorch        optional (Lion falls back to labtorch.LabLion, the same update)');
  return `${lines.join('\n')}\n`;
}

/** The model family when the config alone tells it (random init, a preset's Hub model); else 'unknown'. */
export function familyOf(config: ExperimentConfig): string {
  const model = config.model;
  if (model.kind === 'random') return model.architecture;
  if (model.kind === 'hub') return STUDY_FAMILIES.find((f) => f.hubId === model.id)?.family ?? 'unknown';
  return 'unknown';
}

/** The project without the prepared/ data: code, config, README, requirements (needs nothing but the config). */
export function torchProjectFiles(config: ExperimentConfig, configText: string, family: string = familyOf(config)): ProjectFiles {
  return {
    ...PYTHON_FILES,
    'experiment.json': configText,
    'requirements.txt': requirements(config, family),
    'README.md': projectReadme(config),
    'slurm.sh': slurmScript(config),
  };
}

export interface PrepareOptions {
  /** The model already read and checked. */
  resolved?: ResolvedModel;
  onProgress?(message: string): void;
}

/**
 * prepared/: everything the lab decides that PyTorch must reproduce. Reads the training data, evaluation sets and
 * model through `host`; the init weights need an active tfjs backend (cpu will do).
 */
export async function prepareProtocol(config: ExperimentConfig, host: LabHost, options: PrepareOptions = {}): Promise<{ files: ProjectFiles; family: string }> {
  const say = options.onProgress ?? (() => {});
  const totalSteps = totalStepsOf(config);
  const perStep = examplesPerStep(config);
  const resolved = options.resolved ?? (await resolveModel(config, host));
  const files: ProjectFiles = {};
  let parameterNames: string[] = [];
  for (const seed of config.seeds) {
    say(`init weights of seed ${seed}`);
    const setup = buildModel(resolved, seed, config.model.kind === 'random' ? config.model.seed : undefined);
    try {
      parameterNames = setup.model.parameters().map((p) => p.name);
      files[`prepared/init.seed-${seed}.safetensors`] = await setup.model.exportSafetensors();
      files['prepared/config.json'] = `${JSON.stringify(setup.model.hfConfigJson(), null, 2)}\n`;
    } finally {
      setup.model.dispose();
    }
  }
  const groups = splitParamGroups(parameterNames);
  const loss = config.loss.kind === 'bce' ? { kind: 'bce' } : { kind: config.loss.kind, groupSize: config.loss.negativesPerQuery + 1 };
  let rowsPerStep = 0;
  for (const seed of config.seeds) {
    say(`batches of seed ${seed}`);
    // The same plan the lab's runs draw from: the same examples, in the same order, with the same hashes.
    const batches = new BatchPlan(config, host.trainingSource(config.trainingData), seed);
    const packer = new RowPacker();
    const labels: number[] = [];
    const seqLens: number[] = [];
    const hashes: string[] = [];
    const lines: string[] = [];
    try {
      for (let step = 0; step < totalSteps; step++) {
        const { examples, rows, hash } = await batches.next();
        hashes.push(hash);
        for (const example of examples) lines.push(JSON.stringify(exampleFields(example)));
        const encoded = resolved.tokenizer.encodePairs(rows.queries, rows.passages, { maxLength: config.maxLength });
        rowsPerStep = encoded.batchSize;
        packer.add(encoded);
        labels.push(...rows.labels);
        seqLens.push(encoded.seqLen);
      }
    } finally {
      await batches.close();
    }
    files[`prepared/batches.seed-${seed}.safetensors`] = writeMixedSafetensors({
      ...packer.tensors(),
      labels: { shape: [labels.length], data: Float32Array.from(labels) },
      seq_len: { shape: [seqLens.length], data: Int32Array.from(seqLens) },
      pad_id: { shape: [1], data: Int32Array.of(resolved.tokenizer.padId) },
    });
    files[`prepared/batches.seed-${seed}.json`] = `${JSON.stringify({ rowsPerStep, examplesPerStep: perStep, batchHashes: hashes })}\n`;
    files[`prepared/batches.seed-${seed}.examples.jsonl`] = lines.map((l) => `${l}\n`).join('');
  }
  for (const loaded of await loadEvalSets(config, host)) {
    say(`evaluation set ${loaded.spec.name}`);
    const depth = loaded.spec.rerankDepth;
    const pairs: [string, string][] = [];
    const queries: string[] = [];
    const passages: string[] = [];
    const belowDepth: Record<string, string[]> = {};
    for (const qid of loaded.qids) {
      const candidates = loaded.set.candidates[qid];
      for (const c of candidates.slice(0, depth)) {
        pairs.push([qid, c.docno]);
        queries.push(loaded.set.topics[qid]);
        passages.push(c.text);
      }
      if (candidates.length > depth) belowDepth[qid] = candidates.slice(depth).map((c) => c.docno);
    }
    const packer = new RowPacker();
    for (let start = 0; start < pairs.length; start += 64) {
      packer.add(resolved.tokenizer.encodePairs(queries.slice(start, start + 64), passages.slice(start, start + 64), { maxLength: config.maxLength }));
    }
    files[`prepared/eval.${loaded.spec.name}.safetensors`] = writeMixedSafetensors(packer.tensors());
    files[`prepared/eval.${loaded.spec.name}.json`] = `${JSON.stringify({ padId: resolved.tokenizer.padId, pairs, belowDepth })}\n`;
    files[`prepared/eval.${loaded.spec.name}.qrels.json`] = evalQrelsJson(loaded);
  }
  const plan = {
    format: 'rerank-lab-torch-plan',
    family: resolved.family,
    steps: totalSteps,
    rowsPerStep,
    loss,
    evalSets: config.evalSets.map((e) => ({ name: e.name })),
    arms: config.arms.map((arm) => {
      const schedule = armLrSchedule(arm, totalSteps);
      return {
        name: arm.name,
        optimizer: arm.optimizer,
        settings: { ...defaultSettings(arm.optimizer), ...ownSettings(arm.optimizer, arm) },
        weightDecay: arm.weightDecay,
        clipNorm: arm.clipNorm ?? null,
        lr: Array.from({ length: totalSteps }, (_, step) => lrAt(step, schedule)),
        decay: groups.decay,
        noDecay: groups.noDecay,
      };
    }),
  };
  files['prepared/plan.json'] = `${JSON.stringify(plan, null, 1)}\n`;
  return { files, family: resolved.family };
}

/**
 * prepared/eval.NAME.qrels.json: what evaluate.py needs for per-query values (labmeasures.py): the judgments of the
 * queries import-torch measures (loaded.qids), the relevance level and the measures.
 */
export function evalQrelsJson(loaded: LoadedEvalSet): string {
  const qrels = Object.fromEntries(loaded.qids.map((qid) => [qid, loaded.qrels[qid]]));
  return `${JSON.stringify({ relevanceLevel: loaded.spec.relevanceLevel, measures: loaded.spec.measures, qrels })}\n`;
}

/** The whole project: code, config and the prepared protocol data. */
export async function exportTorchProject(config: ExperimentConfig, configText: string, host: LabHost, options: PrepareOptions = {}): Promise<ProjectFiles> {
  const { files, family } = await prepareProtocol(config, host, options);
  return { ...torchProjectFiles(config, configText, family), ...files };
}
