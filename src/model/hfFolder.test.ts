/**
 * Saving a model as a Hugging Face folder (CPU backend): the tensor names, shapes and dtypes are exactly those of
 * the goldens' model.safetensors (written from the HF classes, so what `from_pretrained` expects), config.json names
 * the `*ForSequenceClassification` class, and the folder loads back to the same weights bit for bit.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSafetensors } from '../core/formats/safetensors';
import { readShared, sharedPath } from '../testing/shared';
import { useCpuBackend } from '../testing/cpuBackend';
import { hfFolderFiles } from './hfFolder';
import { crossEncoderFromFiles } from './load';

beforeAll(useCpuBackend);

const headerOf = (bytes: Uint8Array, source: string) =>
  parseSafetensors(bytes, source)
    .entries.map((e) => `${e.name} ${e.dtype} [${e.shape.join(',')}]`)
    .sort();

describe('hfFolderFiles', () => {
  it.each([
    ['tiny-bert', 'BertForSequenceClassification'],
    ['tiny-gte', 'NewForSequenceClassification'],
    ['tiny-modernbert', 'ModernBertForSequenceClassification'],
  ])('%s: HF tensor names and shapes, %s, and a bit-identical reload', async (name, architecture) => {
    const goldenBytes = new Uint8Array(readFileSync(sharedPath('golden', name, 'model.safetensors')));
    const { model } = crossEncoderFromFiles(readShared('golden', name, 'config.json'), goldenBytes, { seed: 0 });
    const files = await hfFolderFiles(model, { file: 'vocab.txt', text: '[PAD]\n[UNK]\n[CLS]\n[SEP]\n' }, '# card\n');
    expect(Object.keys(files).sort()).toEqual(['README.md', 'config.json', 'model.safetensors', 'vocab.txt']);
    expect(headerOf(files['model.safetensors'], 'saved')).toEqual(headerOf(goldenBytes, name));
    expect(parseSafetensors(files['model.safetensors']).metadata).toEqual({ format: 'pt' });
    const config = JSON.parse(new TextDecoder().decode(files['config.json'])) as { architectures: string[]; num_labels: number };
    expect(config.architectures).toEqual([architecture]);
    expect(config.num_labels).toBe(1);

    const reloaded = crossEncoderFromFiles(new TextDecoder().decode(files['config.json']), files['model.safetensors'], { seed: 99 });
    expect(reloaded.report).toEqual({ missing: [], unexpected: [], initialisedFresh: [], ignored: [] });
    const [before, after] = [await model.exportWeights(), await reloaded.model.exportWeights()];
    for (const [tensor, values] of Object.entries(before)) expect(Buffer.from(after[tensor].buffer).equals(Buffer.from(values.buffer)), tensor).toBe(true);
    model.dispose();
    reloaded.model.dispose();
  });
});
