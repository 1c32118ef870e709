/**
 * A tuning study headless, shrunk for CI (1×16 BERT, 2 trials per optimizer of 2 steps, dev DL19 and test DL20 at
 * depth 2, one final seed): it writes the trials, the selection, the final comparison and a summary.md that equals
 * the one recomputed from the snapshot; the selection is the best dev NDCG@10 recomputed by hand from the stored
 * per-query values; a second run of the same command trains nothing, and one interrupted in its last trial trains that
 * trial only. (A study that selects on its test set is refused before anything trains: experimentPreflight.test.ts.)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandTuningStudy } from '../core/experiment';
import { analyzeTuning, importSnapshot, studySummaryMarkdown, summarizeSnapshot } from '../core/snapshot';
import { gpuForTests } from '../testing/gpu';
import { tinyTuningStudy } from '../testing/tinyStudies';
import { runHeadless } from './experimentCommand';

const available = await gpuForTests();

describe.skipIf(!available)('npm run experiment with a tuning study', () => {
  it('writes trials, selection, final comparison and a summary recomputable from the snapshot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerank-lab-tuning-'));
    writeFileSync(join(dir, 'fair.json'), JSON.stringify(tinyTuningStudy('tiny-fair', { evaluateEveryStep: true })));
    const out = join(dir, 'out');
    const { markdown } = await runHeadless({ config: join(dir, 'fair.json'), out, quiet: true });

    const snapshot = await importSnapshot(new Uint8Array(readFileSync(join(out, 'snapshot.json.gz'))), 'snapshot.json.gz');
    expect(snapshot.tuning!.runs.map((r) => r.runId)).toEqual([
      'tiny-fair/tuning/adamw-t1/seed-1',
      'tiny-fair/tuning/lion-t1/seed-1',
      'tiny-fair/tuning/adamw-t2/seed-1',
      'tiny-fair/tuning/lion-t2/seed-1',
    ]);
    // Trials see only the dev set, after every step; the final runs only the test set, after the last step.
    expect(snapshot.tuning!.runs[0].evaluations.map((e) => `${e.step}:${e.evalSet}`)).toEqual(['1:dl19', '2:dl19']);
    expect(snapshot.runs.map((r) => r.runId)).toEqual(['tiny-fair/final/adamw/seed-1', 'tiny-fair/final/lion/seed-1']);
    expect(snapshot.runs[0].evaluations.map((e) => `${e.step}:${e.evalSet}`)).toEqual(['2:dl20']);

    // The selection, by hand from the per-query values: mean NDCG@10 over the 43 DL19 queries at step 2.
    const byHand = (arm: string) => {
      const run = snapshot.tuning!.runs.find((r) => r.arm === arm)!;
      const values = Object.values(run.evaluations.find((e) => e.step === 2)!.perQuery).map((m) => m.ndcg_cut_10);
      expect(values).toHaveLength(43);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    const expanded = expandTuningStudy(snapshot.tuning!.study);
    for (const optimizer of ['adamw', 'lion']) {
      const [t1, t2] = [byHand(`${optimizer}-t1`), byHand(`${optimizer}-t2`)];
      const best = t2 > t1 ? `${optimizer}-t2` : `${optimizer}-t1`;
      const arm = snapshot.config.arms.find((a) => a.name === optimizer)!;
      expect(arm.lr).toBe(expanded.trials.find((t) => t.name === best)!.arm.lr);
    }
    const selection = JSON.parse(readFileSync(join(out, 'selection.json'), 'utf8'));
    expect(selection).toEqual(JSON.parse(JSON.stringify(analyzeTuning(expanded, snapshot.tuning!.runs))));
    expect(selection.target.value).toBeCloseTo(Math.min(...selection.selected.map((s: { dev: number }) => s.dev)), 12);
    for (const t of selection.timeToTarget) expect(t.steps).toBeGreaterThanOrEqual(1);

    expect(readdirSync(join(out, 'trials')).sort()).toEqual(['adamw-t1.json', 'adamw-t2.json', 'lion-t1.json', 'lion-t2.json']);
    const trial = JSON.parse(readFileSync(join(out, 'trials', 'lion-t2.json'), 'utf8'));
    expect(trial.config.arm.optimizer).toBe('lion');
    expect(trial.seeds[0].curve).toHaveLength(2);
    expect(trial.seeds[0].dev.map((d: { step: number }) => d.step)).toEqual([1, 2]);

    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toBe(markdown);
    expect(markdown).toBe(studySummaryMarkdown(snapshot));
    expect(markdown).toMatch(/## LR sensitivity/);
    expect(markdown).toMatch(/\| Lion \| lion-t\d( \(selected\))? \| \d\.\d{2}e-\d \| 0\.\d{4} \|/);
    expect(markdown).toMatch(/## Time to target/);
    expect(summarizeSnapshot(snapshot).comparisons.map((c) => `${c.treatment}-${c.baseline}:${c.evalSet}`)).toContain('lion-adamw:dl20');

    // The same command again trains nothing: both experiments are done.
    const again = await runHeadless({ config: join(dir, 'fair.json'), out, quiet: true });
    expect(again.markdown).toBe(markdown);
    expect(again.seconds).toBeLessThan(30);

    // Interrupted in the last trial: its record and the trials' snapshot are gone. The same command trains that trial
    // only (the others come back from their records, their step times unchanged) and selects the same settings.
    const lastTrial = 'tiny-fair/tuning/lion-t2/seed-1';
    rmSync(join(out, 'tuning', 'snapshot.json.gz'));
    rmSync(join(out, 'tuning', 'checkpoints', `${encodeURIComponent(lastTrial)}.done.json.gz`));
    const resumed = await runHeadless({ config: join(dir, 'fair.json'), out, quiet: true });
    const after = await importSnapshot(new Uint8Array(readFileSync(join(out, 'snapshot.json.gz'))), 'snapshot.json.gz');
    for (const [i, run] of after.tuning!.runs.entries()) {
      const before = snapshot.tuning!.runs[i];
      expect(run.batchHashes).toEqual(before.batchHashes);
      expect(run.evaluations.map((e) => e.perQuery)).toEqual(before.evaluations.map((e) => e.perQuery));
      if (run.runId === lastTrial) expect(run.curve.map((p) => p.ms)).not.toEqual(before.curve.map((p) => p.ms));
      else expect(run.curve).toEqual(before.curve);
    }
    expect(after.config).toEqual(snapshot.config);
    expect(after.runs).toEqual(snapshot.runs);
    expect(resumed.markdown.replace(/\| \d+\.\d \| [\d.]+× \| [\d.]+× \|/g, '')).toBe(markdown.replace(/\| \d+\.\d \| [\d.]+× \| [\d.]+× \|/g, ''));
  });
});
