/**
 * Property-based tests of the safetensors reader: what the writer writes reads back bit for bit, and random or
 * mutated files (flipped bytes, cuts, random headers) give a file whose every float tensor reads, or a
 * SafetensorsError naming the file — never another error or an out-of-bounds read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty, resultOrTypedError } from '../../testing/property';
import { parseSafetensors, SafetensorsError, writeSafetensors, type TensorToWrite } from './safetensors';

const shape = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 });
const tensor = shape.chain((dims) => {
  const n = dims.reduce((a, b) => a * b, 1);
  return fc
    .tuple(fc.float32Array({ minLength: n, maxLength: n }), fc.constantFrom<TensorToWrite['dtype']>('F32', 'F16', 'BF16'))
    .map(([data, dtype]) => ({ shape: dims, data, dtype }) as TensorToWrite);
});
const name = fc.string({ minLength: 1, maxLength: 10 }).filter((n) => n !== '__metadata__');
const tensors = fc.dictionary(name, tensor, { minKeys: 1, maxKeys: 5 });
const metadata = fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }), { nil: undefined });

function readsEverything(bytes: Uint8Array) {
  const outcome = resultOrTypedError(() => parseSafetensors(bytes, 'm.safetensors'), SafetensorsError, /^m\.safetensors: /);
  if (outcome instanceof Error) return;
  for (const entry of outcome.entries) {
    const floats = resultOrTypedError(() => outcome.readFloat32(entry.name), SafetensorsError, /^m\.safetensors: /);
    if (!(floats instanceof Error)) expect(floats.length).toBe(entry.shape.reduce((a, b) => a * b, 1));
  }
}

describe('safetensors', () => {
  it('written F32 tensors read back bit for bit, with shapes, names and metadata', () => {
    checkProperty(
      fc.property(tensors, metadata, (input, meta) => {
        const f32 = Object.fromEntries(Object.entries(input).map(([k, t]) => [k, { ...t, dtype: 'F32' as const }]));
        const file = parseSafetensors(writeSafetensors(f32, meta), 'm.safetensors');
        expect(file.names().sort()).toEqual(Object.keys(f32).sort());
        expect(file.metadata).toEqual(meta && Object.keys(meta).length > 0 ? meta : {});
        for (const [key, t] of Object.entries(f32)) {
          expect(file.entry(key).shape).toEqual(t.shape);
          expect(new Uint32Array(file.readFloat32(key).buffer)).toEqual(new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length));
        }
      }),
    );
  });

  it('F16 and BF16 tensors read back as the nearest representable value (written twice, read the same)', () => {
    checkProperty(
      fc.property(tensors, (input) => {
        const once = parseSafetensors(writeSafetensors(input), 'm.safetensors');
        const again = Object.fromEntries(once.names().map((k) => [k, { shape: once.entry(k).shape, data: once.readFloat32(k), dtype: input[k]!.dtype }]));
        const twice = parseSafetensors(writeSafetensors(again), 'm.safetensors');
        for (const k of once.names()) expect(new Uint32Array(twice.readFloat32(k).buffer)).toEqual(new Uint32Array(once.readFloat32(k).buffer));
      }),
    );
  });

  it('flipped bytes, cuts and extensions: a readable file or a SafetensorsError', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('extend' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
    );
    checkProperty(
      fc.property(tensors, fc.array(mutation, { minLength: 1, maxLength: 4 }), (input, mutations) => {
        let bytes = writeSafetensors(input);
        for (const m of mutations) {
          if (m.kind === 'flip' && bytes.length > 0) (bytes = bytes.slice())[m.at % bytes.length] = m.value;
          else if (m.kind === 'cut') bytes = bytes.slice(0, m.at % (bytes.length + 1));
          else if (m.kind === 'extend') bytes = new Uint8Array([...bytes, ...m.extra]);
        }
        readsEverything(bytes);
      }),
    );
  });

  it('random headers (any JSON, any claimed length) over random data: a readable file or a SafetensorsError', () => {
    const entry = fc.record(
      {
        dtype: fc.oneof(fc.constantFrom('F32', 'F16', 'BF16', 'I64', 'BOOL', 'F99'), fc.jsonValue()),
        shape: fc.oneof(shape, fc.jsonValue()),
        data_offsets: fc.oneof(fc.tuple(fc.nat(64), fc.nat(64)), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    const header = fc.oneof(fc.dictionary(name, fc.oneof(entry, fc.jsonValue()), { maxKeys: 4 }), fc.jsonValue());
    checkProperty(
      fc.property(
        header,
        fc.uint8Array({ maxLength: 64 }),
        fc.option(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { nil: undefined }),
        (json, data, claimed) => {
          const text = new TextEncoder().encode(JSON.stringify(json) ?? '');
          const bytes = new Uint8Array(8 + text.length + data.length);
          new DataView(bytes.buffer).setBigUint64(0, claimed ?? BigInt(text.length), true);
          bytes.set(text, 8);
          bytes.set(data, 8 + text.length);
          readsEverything(bytes);
        },
      ),
    );
  });
});

describe('regressions found by the properties', () => {
  it('a tensor named "__proto__" is written into the header like any other', () => {
    const bytes = writeSafetensors(
      JSON.parse('{"__proto__": null, "b": null}', (key, value) => (key === '__proto__' || key === 'b' ? { shape: [1], data: new Float32Array([2]) } : value)),
    );
    const file = parseSafetensors(bytes, 'm.safetensors');
    expect(file.names().sort()).toEqual(['__proto__', 'b']);
    expect(Array.from(file.readFloat32('__proto__'))).toEqual([2]);
  });
});
