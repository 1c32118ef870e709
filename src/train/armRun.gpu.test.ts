/**
 * The engine on real WebGPU (Dawn): arms see identical batches and record the same initial-weights hash, a paused-and-resumed run continues
 * bit-identically to an uninterrupted one (BERT, GTE and ModernBERT), the three families train from a local
 * Hugging Face folder, and a run whose loss turns non-finite stops with the step and reason.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../core/experiment/validate';
import { expandRunMatrix } from '../core/experiment/runMatrix';
import { gpuForTests } from '../testing/gpu';
import { initTfjsWebgpu } from '../gpu/tfjsBackend';
import { memoryCheckpoints, nodeHost } from './nodeHost';
import { REPO_ROOT } from '../testing/shared';
import { tinyRandomModel, writeGoldenModelFolder } from '../testing/tinyModels';
import { bundledEvalSet, tinyBert, tinyExperiment as tinyExperimentInput } from '../testing/tinyStudies';
import { TINY_BERT_WEIGHTS_HASH } from '../testing/tinyBert';
import { ArmRun, type ArmRunOptions, type RunResult } from './armRun';

const available = await gpuForTests();

function tinyExperiment(overrides: Record<string, unknown> = {}) {
  return validateExperiment(
    tinyExperimentInput('engine-test', {
      evalSets: [bundledEvalSet('dl19', 1)],
      arms: [
        { optimizer: 'adamw', lr: 1e-3 },
        { optimizer: 'lion', lr: 1e-4 },
      ],
      steps: 4,
      seeds: [7],
      checkpointEvery: 2,
      ...overrides,
    }),
  );
}

async function runArm(
  options: Omit<ArmRunOptions, 'host' | 'tfw' | 'configHash' | 'evalSets'> & { checkpoints?: ReturnType<typeof memoryCheckpoints>; evaluate?: boolean },
): Promise<{ result: RunResult; weights: Record<string, Float32Array>; gpuBytes: number | null }> {
  const tfw = await initTfjsWebgpu();
  let weights: Record<string, Float32Array> = {};
  const armRun = new ArmRun({
    ...options,
    configHash: 'test-config-hash',
    tfw,
    host: nodeHost({ baseDir: REPO_ROOT, checkpoints: options.checkpoints }),
    // Evaluation is tested through the headless runner; here only training matters, unless asked for.
    ...(options.evaluate ? {} : { evalSets: [] }),
  });
  try {
    const result = await armRun.run();
    weights = (await armRun.weights())!;
    return { result, weights, gpuBytes: armRun.gpuBytes() };
  } finally {
    armRun.dispose();
  }
}

describe.skipIf(!available)('ArmRun on WebGPU', () => {
  it('gives every arm of a seed the same initial weights and the identical batch sequence', async () => {
    const experiment = tinyExperiment();
    const [adamw, lion] = expandRunMatrix(experiment);
    const a = await runArm({ experiment, run: adamw });
    const b = await runArm({ experiment, run: lion });
    expect(a.result.batchHashes).toHaveLength(4);
    expect(b.result.batchHashes).toEqual(a.result.batchHashes);
    expect(new Set(a.result.batchHashes).size).toBe(4);
    // Same init and same first batch: the first loss (before any update) is identical bit for bit.
    expect(Object.is(a.result.curve[0].loss, b.result.curve[0].loss)).toBe(true);
    expect(a.result.curve[1].loss).not.toBe(b.result.curve[1].loss);
    expect(a.result.stop).toEqual({ reason: 'completed', step: 4 });
    // The recorded initial-weights hash says the same: equal across the arms of seed 7, another for seed 8.
    expect(a.result.initialWeightsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.result.initialWeightsHash).toBe(a.result.initialWeightsHash);
    const [otherSeed] = expandRunMatrix(tinyExperiment({ seeds: [8], steps: 1 }));
    expect((await runArm({ experiment: tinyExperiment({ seeds: [8], steps: 1 }), run: otherSeed })).result.initialWeightsHash).not.toBe(
      a.result.initialWeightsHash,
    );
    // What the status bar shows: at least the weights and the optimizer's moments (AdamW two, Lion one) on the GPU.
    const parameterBytes = Object.values(a.weights).reduce((sum, w) => sum + w.byteLength, 0);
    expect(a.gpuBytes).toBeGreaterThanOrEqual(3 * parameterBytes);
    expect(b.gpuBytes).toBeGreaterThanOrEqual(2 * parameterBytes);
  });

  it.each([
    ['random-init BERT', tinyBert()],
    ['random-init GTE (dropout 0.1)', tinyRandomModel('gte')],
    ['random-init ModernBERT', tinyRandomModel('modernbert')],
  ] as const)('%s resumes from a checkpoint exactly: losses, gradient norms and weights equal an uninterrupted run bit for bit', async (_name, model) => {
    const experiment = tinyExperiment({ model });
    const [run] = expandRunMatrix(experiment);
    const straight = await runArm({ experiment, run });

    const checkpoints = memoryCheckpoints();
    let steps = 0;
    const paused = await runArm({
      experiment,
      run,
      checkpoints,
      control: { requested: () => (steps >= 2 ? 'pause' : 'continue') },
      events: { onStep: () => void steps++ },
    });
    expect(paused.result.stop).toEqual({ reason: 'paused', step: 2 });
    expect(checkpoints.writes).toBe(2); // the periodic one at step 2, then the pause's own

    const resumed = await runArm({ experiment, run, checkpoints, resume: true, previous: paused.result });
    expect(resumed.result.stop).toEqual({ reason: 'completed', step: 4 });
    expect(resumed.result.curve.map((p) => [p.loss, p.gradNorm, p.lr])).toEqual(straight.result.curve.map((p) => [p.loss, p.gradNorm, p.lr]));
    expect(resumed.result.batchHashes).toEqual(straight.result.batchHashes);
    // A resumed run records the weights it started from, not its checkpoint's.
    expect(resumed.result.initialWeightsHash).toBe(straight.result.initialWeightsHash);
    for (const [name, values] of Object.entries(straight.weights)) {
      expect(Buffer.from(resumed.weights[name].buffer).equals(Buffer.from(values.buffer)), name).toBe(true);
    }
  });

  it.each(['bert', 'gte', 'modernbert'] as const)('trains the %s golden from a local Hugging Face folder, both arms from the same weights', async (family) => {
    const folder = writeGoldenModelFolder(family, mkdtempSync(join(tmpdir(), 'rerank-lab-local-')));
    const experiment = tinyExperiment({ model: { kind: 'local', path: folder }, steps: 2, checkpointEvery: 0 });
    const [adamw, lion] = expandRunMatrix(experiment);
    const a = await runArm({ experiment, run: adamw });
    const b = await runArm({ experiment, run: lion });
    expect(a.result.stop).toEqual({ reason: 'completed', step: 2 });
    expect(b.result.stop).toEqual({ reason: 'completed', step: 2 });
    expect(Object.is(a.result.curve[0].loss, b.result.curve[0].loss)).toBe(true);
    expect(b.result.initialWeightsHash).toBe(a.result.initialWeightsHash);
    // Every tensor of the BERT golden is loaded (none fresh): the run's hash is the file's.
    if (family === 'bert') expect(a.result.initialWeightsHash).toBe(TINY_BERT_WEIGHTS_HASH);
    expect(a.result.curve.every((p) => Number.isFinite(p.loss) && Number.isFinite(p.gradNorm) && p.gradNorm > 0)).toBe(true);
  });

  it('evaluateAtStart: the untrained model is evaluated at step 0 (the same for every arm), once even across a pause', async () => {
    const experiment = tinyExperiment({ steps: 2, checkpointEvery: 1, evaluateAtStart: true });
    const [adamw, lion] = expandRunMatrix(experiment);
    const checkpoints = memoryCheckpoints();
    let steps = 0;
    const paused = await runArm({
      experiment,
      run: adamw,
      checkpoints,
      evaluate: true,
      events: { onStep: () => void steps++ },
      control: { requested: () => (steps >= 1 ? 'pause' : 'continue') },
    });
    expect(paused.result.evaluations.map((e) => e.step)).toEqual([0]);
    const resumed = await runArm({ experiment, run: adamw, checkpoints, resume: true, previous: paused.result, evaluate: true });
    expect(resumed.result.evaluations.map((e) => e.step)).toEqual([0, 2]);
    const other = await runArm({ experiment, run: lion, evaluate: true });
    expect(other.result.evaluations.map((e) => e.step)).toEqual([0, 2]);
    // step 0 is the same initial weights for both arms: the same scores, bit for bit
    expect(other.result.evaluations[0].run).toEqual(resumed.result.evaluations[0].run);
  });

  it('stops a run whose loss becomes non-finite, with the step and the reason', async () => {
    const experiment = tinyExperiment({ arms: [{ optimizer: 'adamw', lr: 1e30, clipNorm: null, schedule: { kind: 'constant' } }], steps: 6 });
    const [run] = expandRunMatrix(experiment);
    const { result } = await runArm({ experiment, run });
    expect(result.stop.reason).toBe('non-finite');
    const step = result.stop.step;
    expect(step).toBeGreaterThan(1);
    expect(step).toBeLessThan(6);
    expect(result.curve).toHaveLength(step);
    const last = result.curve[step - 1];
    expect(Number.isFinite(last.loss) && Number.isFinite(last.gradNorm)).toBe(false);
    expect(result.curve.slice(0, step - 1).every((p) => Number.isFinite(p.loss) && Number.isFinite(p.gradNorm))).toBe(true);
  });
});
