/**
 * A tuning study headless (`"kind": "tuning"`, core/experiment/tuning.ts): the trials, then the final runs, each an
 * ordinary experiment run by the runner into its own folder (so each resumes from its checkpoints like any run:
 * an interrupted study continues at the trial it was in), then the study's own files:
 *   DIR/tuning/      the trials' experiment (snapshot, summary, TREC runs, checkpoints)
 *   DIR/trials/<trial>.json   each trial's settings, dev measures at every evaluation, and its curve
 *   DIR/selection.json        the selection, the sensitivity points and time to target (recomputed from the trials)
 *   DIR/final/       the final experiment on the test sets
 *   DIR/snapshot.json.gz      the study's snapshot: the final experiment plus the study and every trial's runs
 *   DIR/summary.md            the sensitivity table, the selection, time to target and the final comparison
 * Nothing trains before both experiments have passed the preflight (the final one with stand-in arms: only the
 * learning rates are not known yet).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { configHash as hashConfig, expandTuningStudy, finalExperiment, tuningHonestyChecks, type ExperimentConfig } from '../core/experiment';
import {
  analyzeTuning,
  assembleStudySnapshot,
  exportSnapshot,
  importSnapshot,
  selectedFinalExperiment,
  studySummaryMarkdown,
  type RunRecord,
  type Snapshot,
} from '../core/snapshot';
import { summarize } from '../core/trec/evaluate';
import { writeFileAtomic } from '../train/fileCheckpoints';
import { nodeHost } from '../train/nodeHost';
import { assertPreflight } from '../train/preflight';
import type { HeadlessOptions, RunOne } from './experimentCommand';

async function experimentSnapshot(
  config: ExperimentConfig,
  configPath: string,
  out: string,
  args: HeadlessOptions,
  fileName: string,
  resumeWith: string,
  runOne: RunOne,
): Promise<Snapshot> {
  const file = join(out, 'snapshot.json.gz');
  if (!args.fresh && existsSync(file)) {
    const snapshot = await importSnapshot(new Uint8Array(readFileSync(file)), file);
    if (snapshot.configHash !== (await hashConfig(config)))
      throw new Error(`${file} was made with another config than ${fileName}; move it away or use --fresh`);
    if (!args.quiet) console.error(`${config.name}: already done (${file})`);
    return snapshot;
  }
  // Part of a study: its honesty warnings are the study's (printed once), not each experiment's.
  await runOne(config, configPath, out, { ...args, studyPart: true }, fileName, resumeWith);
  return importSnapshot(new Uint8Array(readFileSync(file)), file);
}

/** A trial's file: its settings, its dev measures (means over queries) at every evaluation, and its curve, per seed. */
function trialFile(trial: ReturnType<typeof expandTuningStudy>['trials'][number], tuning: ExperimentConfig, runs: RunRecord[]) {
  return {
    trial: trial.name,
    space: trial.space,
    point: trial.point,
    config: { arm: trial.arm, steps: tuning.steps, batchSize: tuning.batchSize, evaluateEvery: tuning.evaluateEvery, devSet: tuning.evalSets[0].name },
    seeds: runs
      .filter((r) => r.arm === trial.name)
      .map((r) => ({
        seed: r.seed,
        runId: r.runId,
        stop: r.stop,
        dev: r.evaluations.map((e) => ({ step: e.step, evalSet: e.evalSet, queries: Object.keys(e.perQuery).length, measures: summarize(e.perQuery) })),
        curve: r.curve,
      })),
  };
}

export async function runTuningStudy(
  json: unknown,
  configPath: string,
  args: HeadlessOptions,
  runOne: RunOne,
  resumeWith: string,
): Promise<{ markdown: string; seconds: number }> {
  const started = Date.now();
  const expanded = expandTuningStudy(json, args.config);
  const host = nodeHost({ baseDir: dirname(configPath) });
  const probe = finalExperiment(
    expanded,
    expanded.spaces.map((s) => expanded.trials.find((t) => t.space === s.name)!.name),
  );
  await Promise.all([assertPreflight(expanded.tuning, host, `${args.config} (trials)`), assertPreflight(probe, host, `${args.config} (final runs)`)]);
  for (const warning of tuningHonestyChecks(expanded)) console.error(`warning: ${expanded.study.name}: ${warning.field}: ${warning.message}`);
  const out = resolve(args.out);
  const say = (line: string) => {
    if (!args.quiet) console.error(line);
  };

  const tuningSnapshot = await experimentSnapshot(expanded.tuning, configPath, join(out, 'tuning'), args, `${args.config} (trials)`, resumeWith, runOne);
  const analysis = analyzeTuning(expanded, tuningSnapshot.runs);
  mkdirSync(join(out, 'trials'), { recursive: true });
  for (const trial of expanded.trials) {
    writeFileSync(join(out, 'trials', `${trial.name}.json`), `${JSON.stringify(trialFile(trial, expanded.tuning, tuningSnapshot.runs), null, 1)}\n`);
  }
  writeFileSync(join(out, 'selection.json'), `${JSON.stringify(analysis, null, 1)}\n`);
  const final = selectedFinalExperiment(expanded, analysis);
  say(`selected on ${analysis.devSet}: ${analysis.selected.map((s) => `${s.space} ${s.trial} (NDCG@10 ${s.dev?.toFixed(4)})`).join(', ')}`);

  const finalSnapshot = await experimentSnapshot(final, configPath, join(out, 'final'), args, `${args.config} (final runs)`, resumeWith, runOne);
  const study = assembleStudySnapshot(finalSnapshot, expanded.study as Record<string, unknown>, tuningSnapshot.runs);
  const bytes = exportSnapshot(study);
  // Read back through the importer: its check recomputes the selection from the stored trials.
  const checked = await importSnapshot(bytes, join(out, 'snapshot.json.gz'));
  writeFileAtomic(join(out, 'snapshot.json.gz'), [bytes], undefined, 'the snapshot');
  const markdown = studySummaryMarkdown(checked);
  writeFileSync(join(out, 'summary.md'), markdown);
  const seconds = (Date.now() - started) / 1000;
  say(`wrote the tuning study ${expanded.study.name} to ${out} in ${seconds.toFixed(0)} s`);
  return { markdown, seconds };
}
