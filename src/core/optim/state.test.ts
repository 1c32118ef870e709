// Optimizer state export format: exact JSON round trip, and errors naming the field on mismatch.
import { describe, expect, it } from 'vitest';
import {
  base64ToFloat32,
  checkOptimizerState,
  float32ToBase64,
  OPTIMIZER_STATE_FORMAT,
  optimizerStateFromJson,
  optimizerStateToJson,
  type OptimizerState,
} from './state';

const special = new Float32Array([0, -0, 1.5, -3.25e-38, 1e-45, 3.4028234663852886e38, Number.NaN, Number.POSITIVE_INFINITY, 0.1]);

describe('optimizer state format', () => {
  it('base64 float32 round trip is bit-exact', () => {
    const back = base64ToFloat32(float32ToBase64(special));
    expect(new Uint32Array(back.buffer)).toEqual(new Uint32Array(special.buffer));
    // Known bytes: 1.0f is 00 00 80 3f little-endian → "AACAPw==".
    expect(float32ToBase64(new Float32Array([1]))).toBe('AACAPw==');
    const big = Float32Array.from({ length: 100_003 }, (_, i) => Math.sin(i));
    expect(base64ToFloat32(float32ToBase64(big))).toEqual(big);
  });

  const state: OptimizerState = {
    format: OPTIMIZER_STATE_FORMAT,
    optimizer: 'adamw',
    step: 7,
    tensors: [
      { name: 'w', size: 3, m: new Float32Array([1, 2, 3]), v: new Float32Array([4, 5, 6]) },
      { name: 'b', size: 1, m: new Float32Array([-1]), v: new Float32Array([0.5]) },
    ],
  };

  it('JSON round trip', () => {
    const back = optimizerStateFromJson(optimizerStateToJson(state));
    expect(back).toEqual(state);
  });

  it('errors name the field', () => {
    const json = JSON.parse(optimizerStateToJson(state));
    json.step = -1;
    expect(() => optimizerStateFromJson(JSON.stringify(json), 'ckpt.json')).toThrow(/ckpt\.json: field `step`/);
    const wrongSize = { ...state, tensors: [{ ...state.tensors[0], size: 4 }, state.tensors[1]] };
    expect(() => checkOptimizerState(wrongSize)).toThrow(/`tensors\[0\]\.m`.*3 values, size is 4/);
    const noV = { ...state, tensors: [{ name: 'w', size: 3, m: new Float32Array(3) }] };
    expect(() => checkOptimizerState(noV)).toThrow(/`tensors\[0\]\.v`.*required/);
    const expected = {
      optimizer: 'adamw' as const,
      tensors: [
        { name: 'w', size: 3 },
        { name: 'bias', size: 1 },
      ],
    };
    expect(() => checkOptimizerState(state, 's', expected)).toThrow(/`tensors\[1\]\.name`.*"b".*"bias"/);
    expect(() => checkOptimizerState(state, 's', { ...expected, optimizer: 'lion' })).toThrow(/`optimizer`/);
  });
});
