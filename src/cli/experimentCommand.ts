/**
 * `npm run experiment -- --config FILE.json --out DIR [--quiet] [--save-models] [--fresh] [--run-metadata sidecar|header|none]`
 * (FILE: an experiment or a sweep)
 *
 * The headless runner: the same engine as the page (src/train), in Node on Dawn. Writes
 *   DIR/snapshot.json.gz            the shareable snapshot (every number recomputable from it)
 *   DIR/runs/<arm>.seed-<n>.<evalSet>.trec   the final reranked TREC run of every arm × seed × evaluation set, and beside
 *   DIR/runs/<arm>.seed-<n>.<evalSet>.ir_metadata.yml   it who made it, with what and how (ir_metadata; --run-metadata
 *                                   header puts it atop the .trec as `#` lines instead, none leaves it out)
 *   DIR/summary.md                  per arm × eval set measures, each arm − the baseline arm (Lion − AdamW by default) with p-values and CI
 *   DIR/models/<arm>.seed-<n>/      with --save-models: each trained model as a Hugging Face folder (config.json,
 *                                   model.safetensors, the tokenizer, README.md model card)
 *   (a tuning study, "kind": "tuning": DIR/tuning/ and DIR/final/ are those of its two experiments, beside
 *   DIR/trials/, DIR/selection.json, DIR/snapshot.json.gz and DIR/summary.md of the whole study: see ./tuningStudy.ts)
 *   (a sweep, "kind": "sweep": DIR/<model id>/ per experiment as above, DIR/sweep-summary.md and DIR/sweep.snapshot.json.gz)
 *   DIR/checkpoints/                the checkpoints of unfinished runs and the records of finished ones (train/fileCheckpoints.ts):
 *                                   the same command again resumes where it stopped; --fresh deletes them first
 * SIGINT/SIGTERM finish the current step, write a checkpoint and exit (130/143) with the command that resumes;
 * a second signal exits at once.
 * Nothing trains until every check that can run first has passed (schema, then train/preflight.ts: files, model
 * vocabulary and shape, step sizes — all problems reported at once; the adapter's limits once the GPU is up).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  configHash as hashConfig,
  expandSweep,
  formatBytes,
  honestyChecks,
  isTuningStudy,
  parseJsonText,
  validateExperiment,
  type ExperimentConfig,
} from '../core/experiment';
import {
  exportSnapshot,
  importSnapshot,
  modelCardMarkdown,
  summarizeSnapshot,
  summaryMarkdown,
  sweepMarkdown,
  type Environment,
  type Snapshot,
  type SweepEntry,
} from '../core/snapshot';
import { initTfjsWebgpu } from '../gpu/tfjsBackend';
import { assembleSnapshot, assembleSweepSnapshot } from '../core/snapshot/assemble';
import { RunPausedError, runExperimentRuns } from '../train/experiment';
import { FileCheckpoints, writeFileAtomic } from '../train/fileCheckpoints';
import type { LabHost } from '../train/host';
import { adapterLimitProblems, assertPreflight, preflightError } from '../train/preflight';
import { trecRunFiles } from '../train/trecRun';
import { RUN_METADATA_MODES, type RunMetadataMode } from '../core/snapshot/irMetadata';
import { nodeHost } from '../train/nodeHost';
import { requestedKernelPath, setKernelPath } from '../model/kernels/kernelPath';
import { appVersion } from './appVersion';
import { parseCommandLine, UsageError } from './args';
import { runTuningStudy } from './tuningStudy';

export { parseExperimentArgs as parseArgs };

const USAGE = 'usage: npm run experiment -- --config FILE.json --out DIR [--quiet] [--save-models] [--fresh] [--run-metadata sidecar|header|none]';

/** The command line; a bad one prints the problem and the usage and exits with status 2 (`--help`: the usage, status 0). */
export function parseExperimentArgs(argv: string[]): HeadlessOptions {
  try {
    const command = parseCommandLine(argv, {
      usage: USAGE,
      options: {
        config: { type: 'string' },
        out: { type: 'string' },
        quiet: { type: 'boolean' },
        'save-models': { type: 'boolean' },
        fresh: { type: 'boolean' },
        'run-metadata': { type: 'string' },
      },
    });
    const { values } = command;
    return {
      config: command.required('config'),
      out: command.required('out'),
      quiet: values.quiet ?? false,
      saveModels: values['save-models'] ?? false,
      fresh: values.fresh ?? false,
      runMetadata: command.oneOf('run-metadata', RUN_METADATA_MODES, 'sidecar'),
    };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.help) {
      console.log(error.usage);
      process.exit(0);
    }
    if (error.problem) console.error(`experiment: ${error.problem}`);
    console.error(error.usage);
    process.exit(2);
  }
}

export interface HeadlessOptions {
  config: string;
  out: string;
  quiet: boolean;
  /** Write every trained model to out/models/<arm>.seed-<n>/ as a Hugging Face folder. */
  saveModels?: boolean;
  /** Delete the checkpoints in out/checkpoints (and, for a sweep, rerun finished experiments) instead of resuming. */
  fresh?: boolean;
  /**
   * Where each TREC run's metadata (ir_metadata) goes: sidecar (default) runs/RUN.ir_metadata.yml; header: `#` lines
   * atop runs/RUN.trec (trec_eval 9.0.8 refuses such a file: "Malformed line 1"); none.
   */
  runMetadata?: RunMetadataMode;
}

/** The run stopped on a signal after writing its checkpoint; `exitCode` is 128 + the signal's number. */
export class HeadlessStopped extends Error {
  override readonly name = 'HeadlessStopped';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof SIGNAL_EXIT;

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that resumes this run (the same one, without --fresh). */
function resumeCommand(args: HeadlessOptions): string {
  return [
    'npm run experiment --',
    '--config',
    shellQuote(args.config),
    '--out',
    shellQuote(args.out),
    ...(args.quiet ? ['--quiet'] : []),
    ...(args.saveModels ? ['--save-models'] : []),
    ...(args.runMetadata && args.runMetadata !== 'sidecar' ? ['--run-metadata', args.runMetadata] : []),
  ].join(' ');
}

/** While installed, the first SIGINT/SIGTERM asks the engine to pause after its step; a second one exits at once. */
function stopOnSignals(): { requested: () => StopSignal | null; dispose: () => void } {
  let received: StopSignal | null = null;
  const handlers = (Object.keys(SIGNAL_EXIT) as StopSignal[]).map((signal) => {
    const handler = () => {
      if (received) {
        console.error(`experiment: second ${signal}: exiting now; the last checkpoint stays valid`);
        process.exit(SIGNAL_EXIT[signal]);
      }
      received = signal;
      console.error(`experiment: ${signal}: finishing the current step, then writing a checkpoint (send it again to exit at once)`);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    requested: () => received,
    dispose: () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}

/**
 * Runs the experiment (or sweep) in `options.config`. An experiment writes the snapshot, TREC runs and summary.md
 * to `options.out`; a sweep (`"kind": "sweep"`) runs its experiments one after another into `out/<model id>/`,
 * skipping those that already have a snapshot (so an interrupted sweep resumes), then writes sweep-summary.md and
 * sweep.snapshot.json.gz (every experiment's snapshot in one file, which the page opens as the sweep).
 */
export async function runHeadless(args: HeadlessOptions): Promise<{ markdown: string; seconds: number }> {
  const configPath = resolve(args.config);
  const json = parseJsonText(readFileSync(configPath, 'utf8'), args.config);
  if (json && typeof json === 'object' && (json as { kind?: unknown }).kind === 'sweep') return runSweep(json, configPath, args);
  if (isTuningStudy(json)) return runTuningStudy(json, configPath, args, runOne, resumeCommand(args));
  const config = validateExperiment(json, args.config);
  return runOne(config, configPath, resolve(args.out), args, args.config, resumeCommand(args));
}

async function runSweep(json: unknown, configPath: string, args: HeadlessOptions): Promise<{ markdown: string; seconds: number }> {
  const started = Date.now();
  const sweepName = (json as { name: string }).name;
  const experiments = expandSweep(json, args.config);
  // Every experiment still to run is checked before the first one trains.
  const pending = experiments.filter(({ id }) => args.fresh || !existsSync(join(resolve(args.out, id.slice(sweepName.length + 1)), 'snapshot.json.gz')));
  await Promise.all(pending.map(({ id, config }) => assertPreflight(config, nodeHost({ baseDir: dirname(configPath) }), `${args.config} (${id})`)));
  const entries: SweepEntry[] = [];
  const snapshots: Snapshot[] = [];
  for (const { id, config } of experiments) {
    const out = resolve(args.out, id.slice(sweepName.length + 1));
    const existing = join(out, 'snapshot.json.gz');
    let snapshot: Snapshot;
    if (!args.fresh && existsSync(existing)) {
      snapshot = await importSnapshot(new Uint8Array(readFileSync(existing)), existing);
      if (snapshot.configHash !== (await hashConfig(config)))
        throw new Error(`${existing} was made with another config than ${id} in ${args.config}; move it away to rerun`);
      if (!args.quiet) console.error(`${id}: already done (${existing})`);
    } else {
      await runOne(config, configPath, out, args, `${args.config} (${id})`, resumeCommand(args));
      snapshot = await importSnapshot(new Uint8Array(readFileSync(existing)), existing);
    }
    entries.push({ id, model: config.model, summary: summarizeSnapshot(snapshot) });
    snapshots.push(snapshot);
  }
  const markdown = sweepMarkdown(sweepName, entries, ['ndcg_cut_10', 'map', 'mrr_cut_10']);
  writeFileSync(resolve(args.out, 'sweep-summary.md'), markdown);
  // One file with every experiment's snapshot: the page opens it as the sweep's gap-by-size view.
  writeFileAtomic(resolve(args.out, 'sweep.snapshot.json.gz'), [exportSnapshot(assembleSweepSnapshot(sweepName, experiments.length, snapshots))]);
  return { markdown, seconds: (Date.now() - started) / 1000 };
}

export type RunOne = typeof runOne;

async function runOne(
  config: ExperimentConfig,
  configPath: string,
  out: string,
  args: Pick<HeadlessOptions, 'quiet' | 'saveModels' | 'fresh' | 'runMetadata'> & { studyPart?: boolean },
  fileName: string,
  resumeWith: string,
): Promise<{ markdown: string; seconds: number }> {
  const { shape } = await assertPreflight(config, nodeHost({ baseDir: dirname(configPath) }), fileName);
  if (!args.studyPart) for (const warning of honestyChecks(config)) console.error(`warning: ${config.name}: ${warning.field}: ${warning.message}`);
  const configHash = await hashConfig(config);
  const checkpoints = new FileCheckpoints({ out, configHash, configFile: fileName, fresh: args.fresh });
  checkpoints.lock();
  try {
    return await runLocked(config, configHash, checkpoints, nodeHost({ baseDir: dirname(configPath), checkpoints }), out, args, fileName, resumeWith, shape);
  } finally {
    checkpoints.release();
  }
}

async function runLocked(
  config: ExperimentConfig,
  configHash: string,
  checkpoints: FileCheckpoints,
  host: LabHost,
  out: string,
  args: Pick<HeadlessOptions, 'quiet' | 'saveModels' | 'runMetadata'>,
  fileName: string,
  resumeWith: string,
  shape: Awaited<ReturnType<typeof assertPreflight>>['shape'],
): Promise<{ markdown: string; seconds: number }> {
  const tfw = await initTfjsWebgpu();
  // A resumed experiment keeps the kernel path its runs started on, so their curves continue bit for bit.
  const kernels = checkpoints.kernelPath(requestedKernelPath());
  if (kernels !== requestedKernelPath())
    console.error(`kernels: ${kernels}, the path this folder's runs started on (RERANK_LAB_KERNELS asks for ${requestedKernelPath()})`);
  setKernelPath(kernels);
  const tooLarge = shape ? adapterLimitProblems(config, shape, tfw.facts.limits) : [];
  if (tooLarge.length) throw preflightError(tooLarge, fileName);
  const environment: Environment = {
    adapter: tfw.facts,
    runtime: { kind: 'node', userAgent: `Node ${process.version} (${process.platform}/${process.arch})` },
    app: appVersion(),
    kernels,
  };
  const say = (line: string): void => {
    if (!args.quiet) console.error(line);
  };
  say(
    `adapter: ${[tfw.facts.vendor, tfw.facts.architecture, tfw.facts.description].filter(Boolean).join(' · ')}${tfw.facts.isSoftware ? ' (software: slow, timings are not GPU timings)' : ''}`,
  );
  const started = Date.now();
  const signals = stopOnSignals();
  let records: Awaited<ReturnType<typeof runExperimentRuns>>;
  try {
    records = await runExperimentRuns({
      config,
      configHash,
      host,
      tfw,
      resume: true,
      control: { requested: () => (signals.requested() ? 'pause' : 'continue') },
      stored: {
        finished: (run) => checkpoints.loadFinished(run.runId),
        progress: (run) => checkpoints.loadProgress(run.runId),
        saveFinished: (_run, record) => checkpoints.saveFinished(record),
      },
      onRunSkipped: (run, record) => say(`${run.runId}: finished earlier (${record.stop.reason} at step ${record.stop.step}), kept from ${checkpoints.dir}`),
      events: (run) => {
        const tracking = checkpoints.tracking(run.runId);
        return {
          onLog: say,
          onStartAt: tracking.onStartAt,
          onStep: (p, hash) => {
            tracking.onStep(p, hash);
            if (p.step === 1 || p.step % 10 === 0)
              say(`${run.runId} step ${p.step}: loss ${p.loss.toFixed(4)} lr ${p.lr.toExponential(2)} |g| ${p.gradNorm.toFixed(3)} (${p.ms.toFixed(0)} ms)`);
          },
          onEvaluation: (e) => {
            tracking.onEvaluation(e);
            say(`${run.runId} step ${e.step}: evaluated ${e.evalSet} (${Object.keys(e.perQuery).length} queries)`);
          },
          onCheckpoint: (step) => say(`${run.runId} step ${step}: checkpoint written to ${checkpoints.dir}`),
        };
      },
      onMemoryEstimate: (e) =>
        say(
          `GPU memory per run (one at a time): ≈ ${formatBytes(Math.max(...e.perArmBytes))} — ${e.parameters.toLocaleString('en')} parameters, ` +
            `activations ${formatBytes(e.activationBytes)}; largest buffer: ${e.largestBuffers[0].what}, ${formatBytes(e.largestBuffers[0].bytes)}`,
        ),
      onRunDone: (run, record) =>
        say(`${run.runId}: ${record.stop.reason} at step ${record.stop.step} (${((Date.now() - started) / 1000).toFixed(0)} s so far)`),
      ...(args.saveModels
        ? {
            onModel: async (_run, record, armRun) => {
              const readme = modelCardMarkdown({ config, configHash, record, family: armRun.family!, environment });
              const dir = join(out, 'models', `${record.arm}.seed-${record.seed}`);
              mkdirSync(dir, { recursive: true });
              for (const [name, bytes] of Object.entries(await armRun.hfFolder(readme))) writeFileSync(join(dir, name), bytes);
              say(`${record.runId}: saved the model to ${dir}`);
            },
          }
        : {}),
    });
  } catch (error) {
    const signal = signals.requested();
    if (signal && error instanceof RunPausedError) {
      const where = error.step === null ? `before ${error.runId} started` : `at step ${error.step} of ${error.runId}`;
      throw new HeadlessStopped(`stopped ${where} (${signal}); resume with: ${resumeWith}`, SIGNAL_EXIT[signal]);
    }
    throw error;
  } finally {
    signals.dispose();
  }
  const snapshot = assembleSnapshot(config, configHash, environment, records);
  mkdirSync(join(out, 'runs'), { recursive: true });
  // Atomic: a sweep takes an existing snapshot as a finished experiment, so a half-written one must never exist.
  writeFileAtomic(join(out, 'snapshot.json.gz'), [exportSnapshot(snapshot)], undefined, 'the snapshot');
  for (const [name, text] of Object.entries(trecRunFiles(snapshot, { metadata: args.runMetadata ?? 'sidecar', command: resumeWith }))) {
    writeFileSync(join(out, 'runs', name), text);
  }
  const markdown = summaryMarkdown(summarizeSnapshot(snapshot));
  writeFileSync(join(out, 'summary.md'), markdown);
  const seconds = (Date.now() - started) / 1000;
  say(`wrote ${join(out, 'snapshot.json.gz')}, ${join(out, 'summary.md')} and ${records.length} runs' TREC files in ${seconds.toFixed(0)} s`);
  return { markdown, seconds };
}
