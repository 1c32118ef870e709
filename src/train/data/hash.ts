/**
 * The running batch hash that proves every arm saw the same data: FNV-1a 64-bit, continued from the previous
 * step's hash over the new batch's bytes. FNV-1a is fixed, tiny and synchronous (crypto.subtle is async and a
 * training step should not wait on it); it is not collision-resistant against an adversary, which it does not
 * need to be here. Each example is fed as the UTF-8 of JSON.stringify([kind, ...fields]) followed by "\n".
 */
import type { TrainingExample } from './examples';

export const FNV64_OFFSET = 'cbf29ce484222325';

/** FNV-1a 64 of `bytes`, continuing from `state` (16 hex digits; the offset basis by default). */
export function fnv1a64(bytes: Uint8Array, state: string = FNV64_OFFSET): string {
  if (!/^[0-9a-f]{16}$/.test(state)) throw new Error(`FNV-1a state "${state}" must be 16 lowercase hex digits`);
  // four 16-bit limbs, least significant first, so every product stays a small integer
  let h3 = parseInt(state.slice(0, 4), 16);
  let h2 = parseInt(state.slice(4, 8), 16);
  let h1 = parseInt(state.slice(8, 12), 16);
  let h0 = parseInt(state.slice(12, 16), 16);
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i]!;
    // × the FNV prime 2^40 + 0x1b3 (limbs: 0x1b3, 0, 0x100, 0) modulo 2^64
    const t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3;
    let t2 = h2 * 0x1b3 + h0 * 0x100;
    const t3 = h3 * 0x1b3 + h1 * 0x100;
    t1 += t0 >>> 16;
    t2 += t1 >>> 16;
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = (t3 + (t2 >>> 16)) & 0xffff;
  }
  const hex = (x: number) => x.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
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
