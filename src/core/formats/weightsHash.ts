/**
 * The hash of a model's weights that every run records of its initial weights (`initialWeightsHash`: after init or
 * loading, before step 1), so runs made on different machines, by the page, `npm run experiment` or the exported
 * PyTorch project can be shown to have started from the same bits. Version 1, defined over float32 values:
 *
 *   manifest = "rerank-lab-weights/1\n"
 *            + for each tensor, in ascending order of its name's UTF-8 bytes:
 *                NAME "\t" SHAPE "\t" "f32le" "\t" SHA-256 hex of the tensor's values as little-endian float32 "\n"
 *              (SHAPE: the dimensions in decimal joined by ","; empty for a scalar)
 *   hash     = SHA-256 hex of the manifest's UTF-8 bytes
 *
 * Hashing each tensor on its own keeps memory flat (no concatenated copy of the model) and makes the manifest a
 * readable account of what was hashed. labtorch.py `weights_hash` computes the same over the PyTorch model's
 * parameters (Hugging Face names); the test over fixtures/golden/tiny-bert holds both to one value.
 */
import { sha256Hex } from '../experiment/hash';
import { strcmp } from '../trec/strcmp';

export const WEIGHTS_HASH_VERSION = 'rerank-lab-weights/1';

export interface HashedTensor {
  shape: readonly number[];
  data: Float32Array;
}

const LITTLE_ENDIAN = new Uint8Array(Float32Array.of(1).buffer)[3] === 0x3f;

/** The tensor's values as little-endian float32 bytes (a view where the platform is little-endian, as all are). */
function littleEndianBytes(data: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

/** The manifest the hash is taken of (one line per tensor); exported for messages and tests. */
export async function weightsManifest(tensors: Readonly<Record<string, HashedTensor>>): Promise<string> {
  const lines = [`${WEIGHTS_HASH_VERSION}\n`];
  for (const name of Object.keys(tensors).sort(strcmp)) {
    if (/[\t\n]/.test(name)) throw new Error(`weights hash: tensor name ${JSON.stringify(name)} contains a tab or a newline`);
    const { shape, data } = tensors[name];
    const count = shape.reduce((a, b) => a * b, 1);
    if (count !== data.length) throw new Error(`weights hash: tensor '${name}' has ${data.length} values, its shape [${shape.join(', ')}] says ${count}`);
    lines.push(`${name}\t${shape.join(',')}\tf32le\t${await sha256Hex(littleEndianBytes(data))}\n`);
  }
  return lines.join('');
}

/** SHA-256 (hex) of the weights' manifest: equal for two models exactly when every name, shape and float32 bit is. */
export async function weightsHash(tensors: Readonly<Record<string, HashedTensor>>): Promise<string> {
  return sha256Hex(await weightsManifest(tensors));
}
