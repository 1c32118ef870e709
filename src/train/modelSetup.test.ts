/**
 * Model setup on the CPU backend: the three families from a local Hugging Face folder (the PyTorch goldens) and
 * from random init, and the up-front refusal of a wrong folder naming the file, before anything is trained.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateExperiment } from '../core/experiment/validate';
import { FAMILY_NAMES } from '../core/families/registry';
import { parseModelConfig } from '../model/load';
import { useCpuBackend } from '../testing/cpuBackend';
import { readSharedJson, REPO_ROOT } from '../testing/shared';
import { tinyRandomModel, writeGoldenModelFolder } from '../testing/tinyModels';
import { bundledEvalSet, bundledTriples } from '../testing/tinyStudies';
import { nodeHost } from './nodeHost';
import { assertFitsAdapter, randomModelConfigJson, resolveModel, setUpModel } from './modelSetup';

beforeAll(useCpuBackend);

const FAMILIES = FAMILY_NAMES;

function experimentWith(model: unknown, maxLength = 32) {
  return validateExperiment({
    schemaVersion: 1,
    name: 'setup-test',
    model,
    trainingData: bundledTriples(),
    evalSets: [bundledEvalSet('dl19', 1)],
    batchSize: 2,
    steps: 1,
    maxLength,
    seeds: [1],
  });
}

describe('setUpModel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rerank-lab-setup-'));

  it.each(FAMILIES)('loads the %s golden from a local folder with its own config and weights', async (family) => {
    const folder = writeGoldenModelFolder(family, dir);
    const setup = await setUpModel(experimentWith({ kind: 'local', path: folder }), 1, nodeHost({ baseDir: REPO_ROOT }));
    try {
      expect(setup.family).toBe(family);
      expect(setup.report).toEqual({ missing: [], unexpected: [], initialisedFresh: [], ignored: [] });
      const weights = await setup.model.exportWeights();
      const golden = readSharedJson<{ grad_norms: Record<string, number> }>('golden', `tiny-${family}`, 'golden.json');
      // The golden's gradient list names every parameter of the HF class.
      expect(Object.keys(weights).sort()).toEqual(Object.keys(golden.grad_norms).sort());
    } finally {
      setup.model.dispose();
    }
  });

  it.each(FAMILIES)('random-init %s: every arm of a seed starts from identical weights; another seed differs', async (family) => {
    const host = nodeHost({ baseDir: REPO_ROOT });
    const experiment = experimentWith(tinyRandomModel(family));
    const [a, b, c] = [await setUpModel(experiment, 5, host), await setUpModel(experiment, 5, host), await setUpModel(experiment, 6, host)];
    try {
      expect(a.family).toBe(family);
      const [wa, wb, wc] = await Promise.all([a, b, c].map((s) => s.model.exportWeights()));
      for (const name of Object.keys(wa)) expect(Buffer.from(wb[name].buffer).equals(Buffer.from(wa[name].buffer)), name).toBe(true);
      const embedding = Object.keys(wa).find((n) => /word_embeddings|tok_embeddings/.test(n))!;
      expect(Buffer.from(wc[embedding].buffer).equals(Buffer.from(wa[embedding].buffer))).toBe(false);
    } finally {
      [a, b, c].forEach((s) => s.model.dispose());
    }
  });

  it('fills the family fields a random spec leaves out with the Hugging Face defaults', () => {
    const gte = parseModelConfig(randomModelConfigJson({ ...tinyRandomModel('gte') }, 0));
    expect(gte).toMatchObject({ family: 'gte', config: { ropeTheta: 10000, ropeNtkFactor: 1, typeVocabSize: 0, hiddenDropout: 0.1, attentionDropout: 0 } });
    const modern = parseModelConfig(
      randomModelConfigJson(
        { kind: 'random', architecture: 'modernbert', layers: 1, hidden: 16, heads: 2, intermediate: 24, vocabSize: 30522, maxPositions: 64 },
        0,
      ),
    );
    expect(modern).toMatchObject({
      family: 'modernbert',
      config: { globalRopeTheta: 160000, localRopeTheta: 10000, localAttention: 128, globalAttnEveryNLayers: 3, pooling: 'cls', padTokenId: 0 },
    });
    const bert = parseModelConfig(
      randomModelConfigJson({ kind: 'random', architecture: 'bert', layers: 1, hidden: 16, heads: 2, intermediate: 24, vocabSize: 30522, maxPositions: 64 }, 0),
    );
    expect(bert).toMatchObject({ family: 'bert', config: { typeVocabSize: 2, hiddenDropout: 0.1 } });
  });

  it("writes a random spec's family fields into config.json under Hugging Face's names", () => {
    const base = { kind: 'random', layers: 1, hidden: 16, heads: 2, intermediate: 24, vocabSize: 30522, maxPositions: 64 } as const;
    expect(randomModelConfigJson({ ...base, architecture: 'gte', typeVocabSize: 1, ropeTheta: 20000, ropeNtkFactor: 8 }, 0)).toMatchObject({
      model_type: 'new',
      type_vocab_size: 1,
      rope_theta: 20000,
      rope_scaling: { type: 'ntk', factor: 8 },
    });
    const modern = { globalRopeTheta: 1e5, localRopeTheta: 1e4, localAttention: 8, globalAttnEveryNLayers: 2, pooling: 'mean' } as const;
    expect(parseModelConfig(randomModelConfigJson({ ...base, architecture: 'modernbert', ...modern }, 0)).config).toMatchObject(modern);
    expect(randomModelConfigJson({ ...base, architecture: 'bert', typeVocabSize: 3 }, 0)).toEqual({
      model_type: 'bert',
      vocab_size: 30522,
      hidden_size: 16,
      num_hidden_layers: 1,
      num_attention_heads: 2,
      intermediate_size: 24,
      max_position_embeddings: 64,
      pad_token_id: 0,
      type_vocab_size: 3,
    });
  });

  it('refuses, before anything is allocated, a model whose largest buffer is over the adapter limits', async () => {
    const experiment = experimentWith(tinyRandomModel('gte'));
    const resolved = await resolveModel(experiment, nodeHost({ baseDir: REPO_ROOT }));
    expect(() => assertFitsAdapter(experiment, resolved, { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 20 })).toThrow(
      "random-init gte (2 layers, hidden 32, 4 heads, intermediate 48) does not fit this adapter: word embeddings (30522 × 32) needs 3.7 MiB in one buffer, over this adapter's maxStorageBufferBindingSize of 1.0 MiB",
    );
    expect(() => assertFitsAdapter(experiment, resolved, { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 27 })).not.toThrow();
  });

  describe('refuses a wrong folder before training, naming the file', () => {
    const host = nodeHost({ baseDir: REPO_ROOT });
    const resolveFolder = (folder: string) => resolveModel(experimentWith({ kind: 'local', path: folder }), host);

    it('a missing tokenizer', async () => {
      const folder = writeGoldenModelFolder('gte', join(dir, 'no-tokenizer'));
      rmSync(join(folder, 'tokenizer.json'));
      await expect(resolveFolder(folder)).rejects.toThrow(`${join(folder, 'tokenizer.json')}: not found, nor vocab.txt`);
    });

    it('a missing config.json or model.safetensors', async () => {
      const folder = writeGoldenModelFolder('bert', join(dir, 'no-config'));
      rmSync(join(folder, 'config.json'));
      await expect(resolveFolder(folder)).rejects.toThrow(`${join(folder, 'config.json')}: not found`);
      const other = writeGoldenModelFolder('bert', join(dir, 'no-weights'));
      rmSync(join(other, 'model.safetensors'));
      await expect(resolveFolder(other)).rejects.toThrow(`${join(other, 'model.safetensors')}: not found`);
    });

    it('a config for another family than the weights', async () => {
      const folder = writeGoldenModelFolder('modernbert', join(dir, 'wrong-config'));
      writeFileSync(join(folder, 'config.json'), readFileSync(join(writeGoldenModelFolder('bert', join(dir, 'bert-source')), 'config.json')));
      await expect(resolveFolder(folder)).rejects.toThrow(
        `${folder}/model.safetensors: none of its 22 tensors ('head.dense.weight', …) is a parameter of the model config.json describes (e.g. 'bert.embeddings.word_embeddings.weight'): ` +
          'config.json and model.safetensors come from different models or families',
      );
    });

    it('a truncated model.safetensors', async () => {
      const folder = writeGoldenModelFolder('gte', join(dir, 'truncated'));
      const bytes = readFileSync(join(folder, 'model.safetensors'));
      writeFileSync(join(folder, 'model.safetensors'), bytes.subarray(0, bytes.length - 1000));
      await expect(resolveFolder(folder)).rejects.toThrow(new RegExp(`${folder}/model\\.safetensors: .*truncated`));
    });

    it('a tokenizer larger than the config’s vocabulary', async () => {
      const folder = writeGoldenModelFolder('gte', join(dir, 'big-vocab'));
      rmSync(join(folder, 'tokenizer.json'));
      writeFileSync(join(folder, 'vocab.txt'), readFileSync(join(REPO_ROOT, 'public/data/bert-base-uncased-vocab.txt')));
      await expect(resolveFolder(folder)).rejects.toThrow(`${folder}/config.json: vocab_size 1000 is smaller than the tokenizer's 30522 tokens`);
    });

    it('an unsupported architecture', async () => {
      const folder = writeGoldenModelFolder('bert', join(dir, 'roberta'));
      writeFileSync(join(folder, 'config.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')), model_type: 'roberta' }));
      await expect(resolveFolder(folder)).rejects.toThrow(`${folder}/config.json: field 'model_type': "roberta" is not supported`);
    });

    it('a tokenizer whose passages have a token type the model lacks', async () => {
      const folder = writeGoldenModelFolder('gte', join(dir, 'types'));
      rmSync(join(folder, 'tokenizer.json'));
      // A BERT-style template (passages type 1) over a vocabulary that fits the 1000-row embedding.
      const vocab = readFileSync(join(REPO_ROOT, 'public/data/bert-base-uncased-vocab.txt'), 'utf8').split('\n').slice(0, 1000).join('\n');
      writeFileSync(join(folder, 'vocab.txt'), vocab + '\n');
      await expect(resolveFolder(folder)).rejects.toThrow(/gives passages token type 1, but the model has type_vocab_size 1/);
    });
  });
});
