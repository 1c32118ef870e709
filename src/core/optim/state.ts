/**
 * Optimizer state for checkpoints: the step count and the moments of every parameter, by name.
 * In memory and in IndexedDB (structured clone) the moments are Float32Arrays; for JSON they are
 * base64 of their little-endian float32 bytes, so a round trip is exact to the bit.
 */
import { z } from 'zod';
import { OPTIMIZER_NAMES, optimizerDescriptor } from './registry';
import type { OptimizerName } from './types';

export const OPTIMIZER_STATE_FORMAT = 'rerank-lab/optimizer-state@1';

export interface OptimizerTensorState {
  name: string;
  size: number;
  m: Float32Array;
  /** Present when the optimizer has a second moment (AdamW). */
  v?: Float32Array;
}

export interface OptimizerState {
  format: typeof OPTIMIZER_STATE_FORMAT;
  optimizer: OptimizerName;
  /** Updates done so far; the next update is number step + 1 (bias corrections depend on it). */
  step: number;
  tensors: OptimizerTensorState[];
}

const BASE64_CHUNK = 0x8000;

export function float32ToBase64(values: Float32Array): string {
  const copy = new Float32Array(values);
  const bytes = new Uint8Array(copy.buffer);
  if (!littleEndian()) swapEach4(bytes);
  let binary = '';
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + BASE64_CHUNK));
  return btoa(binary);
}

export function base64ToFloat32(text: string): Float32Array {
  const binary = atob(text);
  if (binary.length % 4 !== 0) throw new Error(`base64 float32 data has ${binary.length} bytes, not a multiple of 4`);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (!littleEndian()) swapEach4(bytes);
  return new Float32Array(bytes.buffer);
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
}

function swapEach4(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i += 4) {
    [bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]] = [bytes[i + 3], bytes[i + 2], bytes[i + 1], bytes[i]];
  }
}

export function optimizerStateToJson(state: OptimizerState): string {
  return JSON.stringify({
    format: state.format,
    optimizer: state.optimizer,
    step: state.step,
    tensors: state.tensors.map((t) => ({ name: t.name, size: t.size, m: float32ToBase64(t.m), ...(t.v ? { v: float32ToBase64(t.v) } : {}) })),
  });
}

const jsonSchema = z.object({
  format: z.literal(OPTIMIZER_STATE_FORMAT),
  optimizer: z.enum(OPTIMIZER_NAMES),
  step: z.number().int().nonnegative(),
  tensors: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative(), m: z.string(), v: z.string().optional() })),
});

export function optimizerStateFromJson(text: string, source = 'optimizer state'): OptimizerState {
  const parsed = jsonSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: field \`${issue.path.join('.') || '(root)'}\`: ${issue.message}`);
  }
  const state: OptimizerState = {
    format: OPTIMIZER_STATE_FORMAT,
    optimizer: parsed.data.optimizer,
    step: parsed.data.step,
    tensors: parsed.data.tensors.map((t) => ({
      name: t.name,
      size: t.size,
      m: base64ToFloat32(t.m),
      ...(t.v !== undefined ? { v: base64ToFloat32(t.v) } : {}),
    })),
  };
  checkOptimizerState(state, source);
  return state;
}

/** Checks internal consistency, and (given `expected`) that the state fits these parameters and optimizer. */
export function checkOptimizerState(
  state: OptimizerState,
  source = 'optimizer state',
  expected?: { optimizer: OptimizerName; tensors: readonly { name: string; size: number }[] },
): void {
  const fail = (field: string, detail: string): never => {
    throw new Error(`${source}: field \`${field}\`: ${detail}`);
  };
  if (state.format !== OPTIMIZER_STATE_FORMAT) fail('format', `must be "${OPTIMIZER_STATE_FORMAT}", got ${JSON.stringify(state.format)}`);
  const descriptor = optimizerDescriptor(state.optimizer as string);
  if (!descriptor) fail('optimizer', `unknown optimizer ${JSON.stringify(state.optimizer)}`);
  const hasV = descriptor!.stateSlots.includes('v');
  if (!Number.isInteger(state.step) || state.step < 0) fail('step', `must be an integer ≥ 0, got ${state.step}`);
  state.tensors.forEach((t, i) => {
    if (t.m.length !== t.size) fail(`tensors[${i}].m`, `has ${t.m.length} values, size is ${t.size} (${t.name})`);
    if (hasV && !t.v) fail(`tensors[${i}].v`, `is required for ${state.optimizer} (${t.name})`);
    if (t.v && t.v.length !== t.size) fail(`tensors[${i}].v`, `has ${t.v.length} values, size is ${t.size} (${t.name})`);
  });
  if (!expected) return;
  if (state.optimizer !== expected.optimizer) fail('optimizer', `is ${state.optimizer} but this optimizer is ${expected.optimizer}`);
  if (state.tensors.length !== expected.tensors.length)
    fail('tensors', `has ${state.tensors.length} entries but there are ${expected.tensors.length} parameters`);
  expected.tensors.forEach((want, i) => {
    const got = state.tensors[i];
    if (got.name !== want.name) fail(`tensors[${i}].name`, `is ${JSON.stringify(got.name)} but parameter ${i} is ${JSON.stringify(want.name)}`);
    if (got.size !== want.size) fail(`tensors[${i}].size`, `is ${got.size} but ${want.name} has ${want.size} values`);
  });
}
