/**
 * Measures what one training step of a random-init cross-encoder allocates on the GPU through tfjs (weights,
 * gradients, activations kept for the backward pass, temporaries), to calibrate core/experiment/memoryEstimate.ts.
 * tfjs's buffer pool keeps every buffer it ever allocated, so `numBytesAllocatedInGPU` after a few steps is the
 * step's peak, so each size runs in a process of its own (the pool is shared by everything in one process).
 * Run: for i in 0 1 2 3 4 5; do node scripts/with-webgpu.mjs npx vite-node bench/activationMemory.ts -- $i; done
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseCommandLine, UsageError } from '../src/cli/args';
import { initTfjsWebgpu } from '../src/gpu/tfjsBackend';
import { parseModelConfig, randomCrossEncoder } from '../src/model/load';
import { computeGradients } from '../src/model/trainStep';

const sizes = [
  { family: 'bert', b: 8, l: 32, h: 64, layers: 2, heads: 2 },
  { family: 'bert', b: 16, l: 64, h: 128, layers: 2, heads: 4 },
  { family: 'gte', b: 16, l: 64, h: 128, layers: 2, heads: 4 },
  { family: 'modernbert', b: 16, l: 64, h: 128, layers: 2, heads: 4 },
  { family: 'gte', b: 8, l: 32, h: 64, layers: 2, heads: 2 },
  { family: 'modernbert', b: 8, l: 32, h: 64, layers: 2, heads: 2 },
] as const;

const USAGE = `usage: node scripts/with-webgpu.mjs npx vite-node bench/activationMemory.ts -- [INDEX...]   (INDEX: 0 to ${sizes.length - 1}; default all)`;
let chosen: number[];
try {
  const command = parseCommandLine(process.argv.slice(2), { usage: USAGE, options: {}, positionals: [0, sizes.length] });
  chosen = command.positionals.map((i) => (/^\d+$/.test(i) && Number(i) < sizes.length ? Number(i) : command.fail(`no size ${JSON.stringify(i)}`)));
} catch (error) {
  if (error instanceof UsageError && error.help) {
    console.log(error.usage);
    process.exit(0);
  }
  console.error(`activationMemory: ${(error as Error).message}`);
  process.exit(2);
}

await initTfjsWebgpu();
const allocated = () => (tf.memory() as unknown as { numBytesAllocatedInGPU: number }).numBytesAllocatedInGPU;
for (const s of chosen.length ? chosen.map((i) => sizes[i]) : sizes) {
  const type = { bert: 'bert', gte: 'new', modernbert: 'modernbert' }[s.family];
  const config = parseModelConfig({
    model_type: type,
    vocab_size: 1000,
    hidden_size: s.h,
    num_hidden_layers: s.layers,
    num_attention_heads: s.heads,
    intermediate_size: 4 * s.h,
    max_position_embeddings: 512,
    pad_token_id: 0,
    hidden_dropout_prob: 0,
    attention_probs_dropout_prob: 0,
    ...(s.family === 'modernbert' ? { local_attention: 16, global_attn_every_n_layers: 2 } : {}),
  });
  const before = allocated();
  const model = randomCrossEncoder(config, 1);
  const params = model.parameterCount() * 4;
  const ids = Int32Array.from({ length: s.b * s.l }, (_, i) => 1 + (i % 997));
  const batch = { inputIds: ids, tokenTypeIds: new Int32Array(s.b * s.l), attentionMask: new Int32Array(s.b * s.l).fill(1), batchSize: s.b, seqLen: s.l };
  for (let step = 0; step < 3; step++) {
    const { loss, grads } = computeGradients(model, batch, new Float32Array(s.b).fill(1), { kind: 'bce' });
    await loss.data();
    tf.dispose([loss, ...Object.values(grads)]);
  }
  const peak = allocated() - before;
  const perUnit = (peak - 2 * params) / (s.b * s.l * s.h * s.layers * 4);
  console.log(JSON.stringify({ ...s, parameterBytes: params, peakBytes: peak, activationFloatsPerTokenHiddenLayer: Number(perUnit.toFixed(1)) }));
  model.dispose();
}
