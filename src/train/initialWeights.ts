/**
 * The hash every run records of its initial weights (core/formats/weightsHash.ts): the model as built or loaded, read
 * back from the GPU, before step 1. Every arm of a seed starts from the same weights, so their hashes are equal.
 */
import { weightsHash } from '../core/formats/weightsHash';
import type { CrossEncoder } from '../model/crossEncoder';

/** weightsHash of the model's parameters as they are now (Hugging Face names, float32). */
export async function modelWeightsHash(model: CrossEncoder): Promise<string> {
  const weights = await model.exportWeights();
  return weightsHash(Object.fromEntries(model.parameters().map(({ name, variable }) => [name, { shape: variable.shape, data: weights[name] }])));
}
