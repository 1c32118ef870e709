/**
 * The running batch hash that proves every arm saw the same data: FNV-1a 64-bit, continued from the previous
 * step's hash over the new batch's bytes. FNV-1a is fixed, tiny and synchronous (crypto.subtle is async and a
 * training step should not wait on it); it is not collision-resistant against an adversary, which it does not
 * need to be here. Each example is fed as the UTF-8 of JSON.stringify([kind, ...fields]) followed by "\n".
 */
import type { TrainingExample } from './examples';

export const FNV64_OFFSET = 'cbf29ce484222325';

const TWO32 = 4294967296;

/** FNV-1a 64 of `bytes`, continuing from `state` (16 hex digits; the offset basis by default). */
export function fnv1a64(bytes: Uint8Array, state: string = FNV64_OFFSET): string {
  if (!/^[0-9a-f]{16}$/.test(state)) throw new Error(`FNV-1a state "${state}" must be 16 lowercase hex digits`);
  let hi = parseInt(state.slice(0, 8), 16);
  let lo = parseInt(state.slice(8), 16);
  for (let i = 0; i < bytes.length; i++) {
    lo = (lo ^ bytes[i]!) >>> 0;
    // multiply by the FNV prime 2^40 + 0x1b3 modulo 2^64, in two 32-bit halves (all products exact in doubles)
    const low = lo * 0x1b3;
    const carry = Math.floor(low / TWO32);
    hi = (hi * 0x1b3 + ((lo << 8) >>> 0) + carry) % TWO32;
    lo = low % TWO32;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

const encoder = new TextEncoder();

export function exampleFields(example: TrainingExample): unknown[] {
  switch (example.kind) {
    case 'triple':
      return ['triple', example.query, example.positive, example.negative];
    case 'pair':
      return ['pair', example.query, example.passage, example.label];
    case 'group':
      return ['group', example.query, example.positives, example.negatives];
  }
}

/** Hash after this batch, chained from the previous one (pass null or FNV64_OFFSET before the first batch). */
export function batchHash(previous: string | null, batch: readonly TrainingExample[]): string {
  let state = previous ?? FNV64_OFFSET;
  for (const example of batch) state = fnv1a64(encoder.encode(JSON.stringify(exampleFields(example)) + '\n'), state);
  return state;
}
