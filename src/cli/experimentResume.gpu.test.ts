/**
 * Headless runs survive a crash: the runner is killed (SIGKILL) after its first checkpoint, the same command
 * again resumes and ends with the snapshot an uninterrupted run writes (curves, batch hashes, per-query values);
 * SIGTERM finishes the step, writes a checkpoint and prints how to resume. The runner runs as `npm run experiment`
 * does (vite-node on src/cli/experiment.ts), in a child process that can be killed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importSnapshot, type Snapshot } from '../core/snapshot';
import { gpuForTests } from '../testing/gpu';
import { REPO_ROOT } from '../testing/shared';
import { bundledEvalSet, bundledTriples, tinyBert } from '../testing/tinyStudies';
import { FileCheckpoints } from '../train/fileCheckpoints';
import { configHash, validateExperiment } from '../core/experiment';
import { runHeadless } from './experimentCommand';

const available = await gpuForTests();

const dir = mkdtempSync(join(tmpdir(), 'rerank-lab-resume-'));
const configPath = join(dir, 'study.json');
const config = {
  schemaVersion: 1,
  name: 'resume-test',
  model: tinyBert(),
  trainingData: bundledTriples(32),
  evalSets: [bundledEvalSet('dl19', 3)],
  batchSize: 4,
  steps: 12,
  maxLength: 48,
  seeds: [1],
  evaluateEvery: 4,
  checkpointEvery: 3,
};

/** Runs the headless runner in a child; once stderr matches `until`, sends `signal`. */
function runChild(
  out: string,
  until: RegExp,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; killedBy: NodeJS.Signals | null; stderr: string; stderrAtSignal: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'node_modules/vite-node/vite-node.mjs'), 'src/cli/experiment.ts', '--', '--config', configPath, '--out', out],
      {
        cwd: REPO_ROOT,
        env: process.env,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    let stderrAtSignal = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!stderrAtSignal && until.test(stderr)) {
        stderrAtSignal = stderr;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code, killedBy) => resolvePromise({ code, killedBy, stderr, stderrAtSignal }));
  });
}

function comparable(snapshot: Snapshot) {
  return snapshot.runs.map((run) => ({
    runId: run.runId,
    stop: run.stop,
    // Timings (ms, examples per second) differ between any two runs; the numbers trained on do not.
    curve: run.curve.map(({ step, loss, lr, gradNorm }) => ({ step, loss, lr, gradNorm })),
    batchHashes: run.batchHashes,
    evaluations: run.evaluations.map(({ step, evalSet, perQuery, run: trecRun }) => ({ step, evalSet, perQuery, trecRun })),
  }));
}

async function snapshotIn(out: string): Promise<Snapshot> {
  return importSnapshot(new Uint8Array(readFileSync(join(out, 'snapshot.json.gz'))), 'snapshot.json.gz');
}

describe.skipIf(!available)('headless runs survive a crash (npm run experiment)', () => {
  let uninterrupted: ReturnType<typeof comparable>;
  beforeAll(async () => {
    writeFileSync(configPath, JSON.stringify(config));
    await runHeadless({ config: configPath, out: join(dir, 'uninterrupted'), quiet: true });
    uninterrupted = comparable(await snapshotIn(join(dir, 'uninterrupted')));
    expect(uninterrupted.map((r) => r.runId)).toEqual(['resume-test/adamw/seed-1', 'resume-test/lion/seed-1']);
    expect(uninterrupted[1].curve).toHaveLength(12);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('killed with SIGKILL after its first checkpoint, the same command again ends with the uninterrupted snapshot', async () => {
    const out = join(dir, 'killed');
    const killed = await runChild(out, /step 3: checkpoint written/, 'SIGKILL');
    expect(killed.killedBy).toBe('SIGKILL');
    expect(existsSync(join(out, 'snapshot.json.gz'))).toBe(false);
    expect(readdirSync(join(out, 'checkpoints'))).toContain('resume-test%2Fadamw%2Fseed-1.ckpt');

    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    let lines: string[];
    try {
      await runHeadless({ config: configPath, out, quiet: false });
    } finally {
      lines = log.mock.calls.map((call) => String(call[0]));
      log.mockRestore();
    }
    // Killed within a few milliseconds of the step-3 checkpoint: the next one (step 6) was not written yet.
    expect(lines.filter((line) => /resumed from|no checkpoint/.test(line))).toEqual([
      'resume-test/adamw/seed-1: resumed from the checkpoint at step 3',
      'resume-test/lion/seed-1: no checkpoint to resume from: starting at step 1',
    ]);
    expect(comparable(await snapshotIn(out))).toEqual(uninterrupted);
  }, 180_000);

  it('on SIGTERM finishes the step, writes a checkpoint and says how to resume; resuming ends with the uninterrupted snapshot', async () => {
    const out = join(dir, 'terminated');
    const stopped = await runChild(out, /seed-1 step 1: loss/, 'SIGTERM');
    expect(stopped.code).toBe(143);
    const line = stopped.stderr.match(/experiment: stopped at step (\d+) of (resume-test\/\w+\/seed-1) \(SIGTERM\); resume with: (.*)\n/);
    expect(line, stopped.stderr).not.toBeNull();
    expect(line![3]).toBe(`npm run experiment -- --config ${configPath} --out ${out}`);
    const [step, runId] = [Number(line![1]), line![2]];
    expect(stopped.stderr.slice(stopped.stderrAtSignal.length)).toContain(`${runId} step ${step}: checkpoint written to ${join(out, 'checkpoints')}`);
    const hash = await configHash(validateExperiment(config, 'study.json'));
    const checkpoint = await new FileCheckpoints({ out, configHash: hash, configFile: 'study.json' }).loadCheckpoint(runId, { configHash: hash });
    expect(checkpoint?.step).toBe(step);

    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    let lines: string[];
    try {
      await runHeadless({ config: configPath, out, quiet: false });
    } finally {
      lines = log.mock.calls.map((call) => String(call[0]));
      log.mockRestore();
    }
    expect(lines).toContain(`${runId}: resumed from the checkpoint at step ${step}`);
    expect(comparable(await snapshotIn(out))).toEqual(uninterrupted);
  }, 180_000);
});
