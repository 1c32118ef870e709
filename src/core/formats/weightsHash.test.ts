/**
 * The initial-weights hash (weightsHash.ts) over the golden tiny BERT (fixtures/golden/tiny-bert/model.safetensors):
 * the value an independent reader computed — Python's struct + hashlib over the file's own bytes, following the
 * definition in weightsHash.ts, with neither the lab's parser nor labtorch.py:
 *
 *   data = open('model.safetensors', 'rb').read(); (n,) = struct.unpack('<Q', data[:8])
 *   header = json.loads(data[8:8+n]); body = data[8+n:]
 *   lines = ['rerank-lab-weights/1\n'] + [f"{k}\t{','.join(map(str, e['shape']))}\tf32le\t{sha256(body[b:t]).hexdigest()}\n"
 *            for k in sorted(header, key=str.encode) for e in [header[k]] for b, t in [e['data_offsets']]]
 *   sha256(''.join(lines).encode()).hexdigest()
 */
import { describe, expect, it } from 'vitest';
import { readSharedBytes } from '../../testing/shared';
import { parseSafetensors } from './safetensors';
import { TINY_BERT_WEIGHTS_HASH } from '../../testing/tinyBert';
import { weightsHash, weightsManifest, type HashedTensor } from './weightsHash';

function goldenTensors(): Record<string, HashedTensor> {
  const file = parseSafetensors(readSharedBytes('golden/tiny-bert/model.safetensors'), 'tiny-bert');
  return Object.fromEntries(file.entries.map((e) => [e.name, { shape: e.shape, data: file.readFloat32(e.name) }]));
}

describe('weightsHash', () => {
  it('equals the independent reference over the golden tiny BERT (41 float32 tensors)', async () => {
    const tensors = goldenTensors();
    expect(Object.keys(tensors)).toHaveLength(41);
    expect(await weightsHash(tensors)).toBe(TINY_BERT_WEIGHTS_HASH);
    const manifest = (await weightsManifest(tensors)).split('\n');
    expect(manifest[0]).toBe('rerank-lab-weights/1');
    expect(manifest[1]).toBe('bert.embeddings.LayerNorm.bias\t32\tf32le\t51c1f8d539c598a22d87e6a9a83bfc6ae6919a8ca7b6f70ebd1cee36dbe03497');
    expect(manifest[3].startsWith('bert.embeddings.position_embeddings.weight\t128,32\tf32le\t')).toBe(true);
  });

  it('does not depend on the order the tensors are given in', async () => {
    const tensors = goldenTensors();
    const reversed = Object.fromEntries(Object.entries(tensors).reverse());
    expect(await weightsHash(reversed)).toBe(TINY_BERT_WEIGHTS_HASH);
  });

  it('changes with one bit of one value, a renamed tensor, or a reshaped one', async () => {
    const base = { a: { shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) }, b: { shape: [], data: Float32Array.of(0) } };
    const hash = await weightsHash(base);
    const flipped = Float32Array.from(base.a.data);
    new Uint32Array(flipped.buffer)[5] ^= 1;
    expect(await weightsHash({ ...base, a: { shape: [2, 3], data: flipped } })).not.toBe(hash);
    expect(await weightsHash({ c: base.a, b: base.b })).not.toBe(hash);
    expect(await weightsHash({ ...base, a: { shape: [3, 2], data: base.a.data } })).not.toBe(hash);
    // -0 and +0 are different bits
    expect(await weightsHash({ ...base, b: { shape: [], data: Float32Array.of(-0) } })).not.toBe(hash);
    expect(await weightsManifest(base)).toMatch(/^rerank-lab-weights\/1\na\t2,3\tf32le\t[0-9a-f]{64}\nb\t\tf32le\t[0-9a-f]{64}\n$/);
  });

  it('refuses a shape that does not match the values, and a name that would break the manifest', async () => {
    await expect(weightsHash({ a: { shape: [4], data: new Float32Array(3) } })).rejects.toThrow("tensor 'a' has 3 values, its shape [4] says 4");
    await expect(weightsHash({ 'a\tb': { shape: [1], data: new Float32Array(1) } })).rejects.toThrow('contains a tab or a newline');
  });
});
