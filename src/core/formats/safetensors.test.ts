import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sharedPath } from '../../testing/shared';
import {
  bfloat16ToFloat32,
  float32ToBfloat16Bits,
  float32ToHalfBits,
  halfBitsToNumber,
  halfToFloat32,
  parseSafetensors,
  writeSafetensors,
} from './safetensors';

/** Builds a file from a raw header object and data bytes, so tests can make it lie. */
function rawFile(header: unknown, data: Uint8Array, pad = true): Uint8Array {
  let json = new TextEncoder().encode(JSON.stringify(header));
  if (pad && json.length % 8) {
    const p = new Uint8Array(Math.ceil(json.length / 8) * 8).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('half and bfloat16 conversion against known bit patterns', () => {
  // IEEE binary16 reference values (Wikipedia "Half-precision floating-point format" examples).
  const halfCases: [number, number][] = [
    [0x0000, 0],
    [0x8000, -0],
    [0x3c00, 1],
    [0xc000, -2],
    [0x3555, 0.333251953125],
    [0x7bff, 65504],
    [0x0400, 2 ** -14],
    [0x0001, 2 ** -24],
    [0x03ff, 0.000060975551605224609375],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
    [0x3bff, 0.99951171875],
    [0x3c01, 1.0009765625],
  ];
  it.each(halfCases)('F16 0x%s decodes exactly', (bits, value) => {
    expect(Object.is(halfBitsToNumber(bits), value)).toBe(true);
    expect(Object.is(float32ToHalfBits(value), bits)).toBe(true);
  });
  it('F16 NaN, rounding to nearest even, overflow and underflow', () => {
    expect(halfBitsToNumber(0x7e00)).toBeNaN();
    expect(float32ToHalfBits(NaN) & 0x7c00).toBe(0x7c00);
    expect(float32ToHalfBits(1 + 2 ** -11)).toBe(0x3c00); // tie → even
    expect(float32ToHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (up)
    expect(float32ToHalfBits(65520)).toBe(0x7c00); // rounds past max → Infinity
    expect(float32ToHalfBits(2 ** -25)).toBe(0x0000); // exactly half the smallest subnormal → even (0)
    expect(float32ToHalfBits(2 ** -25 * 1.5)).toBe(0x0001);
    expect(Array.from(halfToFloat32(new Uint16Array([0x3c00, 0xc000, 0x3555])))).toEqual([1, -2, 0.333251953125]);
  });
  it('BF16 is the top half of float32', () => {
    expect(Array.from(bfloat16ToFloat32(new Uint16Array([0x3f80, 0xc049, 0x0000, 0x8000, 0x7f80, 0x4049])))).toEqual([1, -3.140625, 0, -0, Infinity, 3.140625]);
    expect(float32ToBfloat16Bits(Math.PI)).toBe(0x4049);
    expect(float32ToBfloat16Bits(1 + 2 ** -8)).toBe(0x3f80); // tie → even
    expect(float32ToBfloat16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(bfloat16ToFloat32(new Uint16Array([float32ToBfloat16Bits(NaN)]))[0]).toBeNaN();
  });
});

describe('parseSafetensors', () => {
  it('reads the tiny-bert golden checkpoint (F32, HF writer)', () => {
    const file = parseSafetensors(readFileSync(sharedPath('golden/tiny-bert/model.safetensors')));
    expect(file.entry('bert.embeddings.word_embeddings.weight').shape).toEqual([30522, 32]);
    expect(file.entry('classifier.weight').shape).toEqual([1, 32]);
    const bias = file.readFloat32('classifier.bias');
    expect(bias.length).toBe(1);
    expect(Number.isFinite(bias[0])).toBe(true);
  });

  it('round-trips F32, F16 and BF16 through the writer, with metadata', () => {
    const a = new Float32Array([1, -2, 0.333251953125, 65504]);
    const b = new Float32Array([1, -3.140625, 0, 2]);
    const c = new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    const bytes = writeSafetensors(
      { half: { shape: [2, 2], data: a, dtype: 'F16' }, brain: { shape: [4], data: b, dtype: 'BF16' }, full: { shape: [3, 2], data: c } },
      { format: 'pt' },
    );
    expect((bytes.length - 8) % 1).toBe(0);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const file = parseSafetensors(bytes, 'roundtrip');
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(file.names()).toEqual(['brain', 'full', 'half']);
    expect(Array.from(file.readFloat32('half'))).toEqual(Array.from(a));
    expect(Array.from(file.readFloat32('brain'))).toEqual(Array.from(b));
    expect(file.readFloat32('full')).toEqual(c);
    expect(file.entry('half').dtype).toBe('F16');
  });

  it('reads tensors at unaligned offsets', () => {
    const data = new Uint8Array(2 + 4);
    new DataView(data.buffer).setUint16(0, 0x3c00, true);
    new DataView(data.buffer).setFloat32(2, 2.5, true);
    const file = parseSafetensors(
      rawFile({ h: { dtype: 'F16', shape: [1], data_offsets: [0, 2] }, f: { dtype: 'F32', shape: [1], data_offsets: [2, 6] } }, data),
    );
    expect(file.readFloat32('f')[0]).toBe(2.5);
    expect(file.readFloat32('h')[0]).toBe(1);
  });

  const good = writeSafetensors({
    'layer.weight': { shape: [2, 3], data: new Float32Array(6).fill(1) },
    'layer.bias': { shape: [3], data: new Float32Array(3) },
  });
  it.each([
    ['truncated data', good.subarray(0, good.length - 5), /layer\.weight.*past the end.*truncated/],
    ['truncated header', good.subarray(0, 20), /header claims \d+ bytes.*truncated/],
    ['shorter than 8 bytes', good.subarray(0, 5), /shorter than the 8-byte header/],
  ])('rejects a %s', (_what, bytes, message) => {
    expect(() => parseSafetensors(bytes, 'x.safetensors')).toThrow(message);
    expect(() => parseSafetensors(bytes, 'x.safetensors')).toThrow(/^x\.safetensors: /);
  });

  const eightBytes = new Uint8Array(8);
  it.each([
    [
      'offsets reaching past the data',
      { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] } },
      /tensor 'b'.*past the end/,
    ],
    ['dtype × shape ≠ byte length', { a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, /tensor 'a': F32 × shape \[3\] is 12 bytes but .* span 8/],
    ['overlapping tensors', { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, /overlaps/],
    ['a hole', { a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, /4 unindexed bytes before tensor 'a'/],
    ['trailing bytes', { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, /cover 4 bytes but the data section has 8/],
    ['reversed offsets', { a: { dtype: 'F32', shape: [0], data_offsets: [8, 0] } }, /end before they begin/],
    ['an unknown dtype', { a: { dtype: 'F128', shape: [1], data_offsets: [0, 8] } }, /tensor 'a': unknown dtype "F128"/],
    ['a negative dimension', { a: { dtype: 'F32', shape: [-2], data_offsets: [0, 8] } }, /tensor 'a': shape must be/],
    ['fractional offsets', { a: { dtype: 'F32', shape: [2], data_offsets: [0, 7.5] } }, /tensor 'a': data_offsets must be/],
    ['non-string metadata', { __metadata__: { n: 3 }, a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, /__metadata__\.n must be a string/],
    ['a huge shape', { a: { dtype: 'F32', shape: [2 ** 20, 2 ** 20], data_offsets: [0, 8] } }, /tensor 'a'.*over the limit/],
  ])('rejects a header with %s', (_what, header, message) => {
    expect(() => parseSafetensors(rawFile(header, eightBytes), 'lying.safetensors')).toThrow(message);
  });

  it('rejects a header length over the cap and non-JSON headers', () => {
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 40n, true);
    expect(() => parseSafetensors(huge)).toThrow(/exceeds the limit/);
    const notJson = new Uint8Array(16).fill(0x7b);
    new DataView(notJson.buffer).setBigUint64(0, 8n, true);
    expect(() => parseSafetensors(notJson)).toThrow(/not valid UTF-8 JSON/);
  });

  it('names the tensor when a non-float dtype is read as floats', () => {
    const file = parseSafetensors(rawFile({ 'bert.embeddings.position_ids': { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, eightBytes));
    expect(() => file.readFloat32('bert.embeddings.position_ids')).toThrow(/'bert\.embeddings\.position_ids' has dtype I64/);
    expect(() => file.readFloat32('missing')).toThrow(/no tensor named 'missing'/);
  });
});
