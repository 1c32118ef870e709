/**
 * The initial-weights hash on the lab's side, on tfjs's CPU backend: the golden tiny BERT loaded by the lab's loader
 * hashes to the independent reference (so the lab's parameter names and values are the file's), and a random-init
 * model's hash is a function of its init seed alone — the run's seed, or the spec's when it fixes one — which is what
 * makes every arm of a seed start from the same weights. labtorch.py's weights_hash gives the same value in PyTorch.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { validateExperiment } from '../core/experiment/validate';
import { useCpuBackend } from '../testing/cpuBackend';
import { pythonWithTorch, runPython } from '../testing/python';
import { REPO_ROOT, sharedPath } from '../testing/shared';
import { loadTinyBert, TINY_BERT_WEIGHTS_HASH } from '../testing/tinyBert';
import { tinyExperiment } from '../testing/tinyStudies';
import { modelWeightsHash } from './initialWeights';
import { buildModel, resolveModel } from './modelSetup';
import { nodeHost } from './nodeHost';

beforeAll(useCpuBackend);
const python = pythonWithTorch();

async function hashOfBuilt(config: ReturnType<typeof validateExperiment>, runSeed: number): Promise<string> {
  const resolved = await resolveModel(config, nodeHost({ baseDir: REPO_ROOT }));
  const setup = buildModel(resolved, runSeed, config.model.kind === 'random' ? config.model.seed : undefined);
  try {
    return await modelWeightsHash(setup.model);
  } finally {
    setup.model.dispose();
  }
}

describe('modelWeightsHash', () => {
  it('of the golden tiny BERT as the lab loads it equals the reference hash of the file', async () => {
    const { model, report } = loadTinyBert();
    try {
      expect(report.initialisedFresh).toEqual([]);
      expect(await modelWeightsHash(model)).toBe(TINY_BERT_WEIGHTS_HASH);
    } finally {
      model.dispose();
    }
  });

  it('of a random-init model depends on the init seed alone: equal for one seed, different for another, fixed by the spec seed', async () => {
    const config = validateExperiment(tinyExperiment('init-hash', { seeds: [1, 2] }));
    const [one, again, two] = [await hashOfBuilt(config, 1), await hashOfBuilt(config, 1), await hashOfBuilt(config, 2)];
    expect(again).toBe(one);
    expect(two).not.toBe(one);
    const fixed = validateExperiment(tinyExperiment('init-hash', { seeds: [1, 2], model: { ...config.model, seed: 5 } }));
    expect(await hashOfBuilt(fixed, 2)).toBe(await hashOfBuilt(fixed, 1));
    expect(await hashOfBuilt(fixed, 1)).not.toBe(one);
  });

  it.skipIf(!python)('labtorch.weights_hash of the PyTorch model loaded from the golden file is the same value', () => {
    const script = [
      'import json, sys, labtorch',
      'config = json.load(open(sys.argv[1]))',
      'model = labtorch.CompactBert(config)',
      'labtorch.load_weights(model, sys.argv[2])',
      'print(labtorch.weights_hash(labtorch.named_parameters_hf(model)))',
    ].join('\n');
    const out = runPython(
      python!,
      ['-c', script, sharedPath('golden/tiny-bert/config.json'), sharedPath('golden/tiny-bert/model.safetensors')],
      `${REPO_ROOT}/src/export/torch`,
    );
    expect(out.trim()).toBe(TINY_BERT_WEIGHTS_HASH);
  });
});
