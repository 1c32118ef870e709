/**
 * safetensors (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N, N bytes of
 * JSON `{ name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__"?: {…} }`, then the data, with
 * offsets relative to the start of the data. Every claim the header makes is checked before any tensor is read,
 * so a truncated or lying file is a clear error naming the tensor, never an out-of-bounds read or a hang.
 * F32, F16 and BF16 read into Float32Array; the other dtypes of the format are recognised (sizes checked) but
 * cannot be read as floats. The writer produces what Hugging Face's writer does: keys sorted, header padded with
 * spaces to a multiple of 8, data contiguous in key order.
 */
import { INPUT_LIMITS } from '../limits';

export type SafetensorsDtype = 'BOOL' | 'U8' | 'I8' | 'F8_E5M2' | 'F8_E4M3' | 'I16' | 'U16' | 'F16' | 'BF16' | 'I32' | 'U32' | 'F32' | 'F64' | 'I64' | 'U64';

const BYTES_PER_ELEMENT: Record<SafetensorsDtype, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

export type FloatDtype = 'F32' | 'F16' | 'BF16';

export interface SafetensorsEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** Byte range inside the data section (after the header). */
  begin: number;
  end: number;
}

export interface SafetensorsLimits {
  /** The reference implementation refuses headers over 100 MB; so do we. */
  maxHeaderBytes: number;
  /** Refuse tensors larger than this many elements (a Float32Array of them must fit in memory). */
  maxTensorElements: number;
  maxTensors: number;
}

export const DEFAULT_SAFETENSORS_LIMITS: SafetensorsLimits = {
  maxHeaderBytes: INPUT_LIMITS.safetensorsHeaderBytes,
  maxTensorElements: INPUT_LIMITS.safetensorsTensorElements,
  maxTensors: INPUT_LIMITS.safetensorsTensors,
};

export class SafetensorsError extends Error {
  constructor(source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'SafetensorsError';
  }
}

export interface SafetensorsFile {
  source: string;
  metadata: Record<string, string>;
  /** In file order of the header's keys. */
  entries: SafetensorsEntry[];
  names(): string[];
  has(name: string): boolean;
  entry(name: string): SafetensorsEntry;
  /** The tensor converted to float32 (a fresh copy). Throws for non-float dtypes, naming the tensor. */
  readFloat32(name: string): Float32Array;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Parses and validates a whole safetensors file held in memory. `source` names it in every error. */
export function parseSafetensors(bytes: Uint8Array, source = 'model.safetensors', limits: Partial<SafetensorsLimits> = {}): SafetensorsFile {
  const caps = { ...DEFAULT_SAFETENSORS_LIMITS, ...limits };
  const fail = (message: string): never => {
    throw new SafetensorsError(source, message);
  };
  if (bytes.byteLength < 8) fail(`file is ${bytes.byteLength} bytes, shorter than the 8-byte header length (truncated?)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(caps.maxHeaderBytes)) fail(`header length ${headerLength} bytes exceeds the limit of ${caps.maxHeaderBytes}`);
  const headerBytes = Number(headerLength);
  if (8 + headerBytes > bytes.byteLength) {
    fail(`header claims ${headerBytes} bytes but the file has only ${bytes.byteLength - 8} after the length (truncated?)`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerBytes)));
  } catch (error) {
    fail(`header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  const dataStart = 8 + headerBytes;
  const dataLength = bytes.byteLength - dataStart;

  let metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  const record = header as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > caps.maxTensors + 1) fail(`header lists ${keys.length} entries, over the limit of ${caps.maxTensors}`);
  for (const name of keys) {
    const info = record[name];
    if (name === '__metadata__') {
      if (typeof info !== 'object' || info === null || Array.isArray(info)) fail('__metadata__ must be an object of strings');
      for (const [key, value] of Object.entries(info as object)) {
        if (typeof value !== 'string') fail(`__metadata__.${key} must be a string, got ${describe(value)}`);
      }
      metadata = info as Record<string, string>;
      continue;
    }
    const where = `tensor '${name}'`;
    if (typeof info !== 'object' || info === null || Array.isArray(info)) fail(`${where}: entry must be an object, got ${describe(info)}`);
    const { dtype, shape, data_offsets: offsets } = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string' || !(dtype in BYTES_PER_ELEMENT)) fail(`${where}: unknown dtype ${describe(dtype)}`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`${where}: shape must be an array of non-negative integers, got ${describe(shape)}`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      fail(`${where}: data_offsets must be two non-negative integers, got ${describe(offsets)}`);
    }
    const dims = shape as number[];
    const [begin, end] = offsets as [number, number];
    let elements = 1;
    for (const d of dims) elements *= d;
    if (elements > caps.maxTensorElements) fail(`${where}: shape ${describe(dims)} has ${elements} elements, over the limit of ${caps.maxTensorElements}`);
    if (end < begin) fail(`${where}: data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataLength) fail(`${where}: data_offsets [${begin}, ${end}] reach past the end of the data (${dataLength} bytes; truncated file?)`);
    const expected = elements * BYTES_PER_ELEMENT[dtype as SafetensorsDtype];
    if (end - begin !== expected) {
      fail(`${where}: ${dtype} × shape ${describe(dims)} is ${expected} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`);
    }
    entries.push({ name, dtype: dtype as SafetensorsDtype, shape: dims.slice(), begin, end });
  }

  // The format forbids overlaps and holes (no polyglot files): sorted by offset, each tensor starts where the last ended.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: SafetensorsEntry | undefined;
  for (const entry of sorted) {
    if (entry.begin < cursor)
      fail(`tensor '${entry.name}' [${entry.begin}, ${entry.end}] overlaps tensor '${previous!.name}' [${previous!.begin}, ${previous!.end}]`);
    if (entry.begin > cursor) fail(`${entry.begin - cursor} unindexed bytes before tensor '${entry.name}' (offset ${cursor}); the format allows no holes`);
    cursor = entry.end;
    previous = entry;
  }
  if (cursor !== dataLength) fail(`tensors cover ${cursor} bytes but the data section has ${dataLength} (trailing bytes)`);

  const byName = new Map(entries.map((e) => [e.name, e]));
  const entry = (name: string): SafetensorsEntry => {
    const found = byName.get(name);
    if (!found) throw new SafetensorsError(source, `no tensor named '${name}'`);
    return found;
  };
  return {
    source,
    metadata,
    entries,
    names: () => entries.map((e) => e.name),
    has: (name) => byName.has(name),
    entry,
    readFloat32(name) {
      const e = entry(name);
      // A copy of the bytes is always aligned, whatever the tensor's offset in the file. (Not bytes.slice: on a
      // Node Buffer that is a view into a shared pool.)
      const raw = new Uint8Array(e.end - e.begin);
      raw.set(bytes.subarray(dataStart + e.begin, dataStart + e.end));
      switch (e.dtype) {
        case 'F32':
          return new Float32Array(raw.buffer, 0, raw.byteLength / 4);
        case 'F16':
          return halfToFloat32(new Uint16Array(raw.buffer, 0, raw.byteLength / 2));
        case 'BF16':
          return bfloat16ToFloat32(new Uint16Array(raw.buffer, 0, raw.byteLength / 2));
        default:
          throw new SafetensorsError(source, `tensor '${name}' has dtype ${e.dtype}; only F32, F16 and BF16 can be read as floats`);
      }
    },
  };
}

/** IEEE 754 binary16 → float32 (exact: every half is a float). */
export function halfToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfBitsToNumber(bits[i]);
  return out;
}

export function halfBitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** bfloat16 is the top half of a float32. */
export function bfloat16ToFloat32(bits: Uint16Array): Float32Array {
  const words = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) words[i] = bits[i] << 16;
  return new Float32Array(words.buffer);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 → bfloat16 bits, round to nearest even (NaN stays NaN). */
export function float32ToBfloat16Bits(value: number): number {
  f32[0] = value;
  const bits = u32[0];
  if ((bits & 0x7f800000) === 0x7f800000 && bits & 0x7fffff) return ((bits >>> 16) | 0x40) & 0xffff;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

/** float32 → binary16 bits, round to nearest even, overflow to ±Infinity, subnormals kept. */
export function float32ToHalfBits(value: number): number {
  f32[0] = value;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal
    mantissa |= 0x800000;
    const shift = 14 - e;
    const half = mantissa >>> shift;
    const remainder = mantissa & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    const rounded = remainder > midpoint || (remainder === midpoint && half & 1) ? half + 1 : half;
    return sign | rounded;
  }
  const half = (e << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  // Rounding up may carry into the exponent, which is still the right answer (up to Infinity).
  const rounded = remainder > 0x1000 || (remainder === 0x1000 && half & 1) ? half + 1 : half;
  return sign | rounded;
}

export interface TensorToWrite {
  shape: number[];
  data: Float32Array;
  /** Stored dtype; F32 unless asked. */
  dtype?: FloatDtype;
}

/** Writes float tensors as a safetensors file: keys sorted, header space-padded to a multiple of 8. */
export function writeSafetensors(tensors: Record<string, TensorToWrite>, metadata?: Record<string, string>): Uint8Array {
  const names = Object.keys(tensors).sort();
  // no prototype: a tensor named "__proto__" is an ordinary key
  const header: Record<string, unknown> = Object.create(null);
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    if (name === '__metadata__') throw new Error('a tensor cannot be named __metadata__');
    const { shape, data, dtype = 'F32' } = tensors[name];
    const elements = shape.reduce((a, b) => a * b, 1);
    if (elements !== data.length) throw new Error(`tensor '${name}': shape [${shape.join(', ')}] has ${elements} elements but its data has ${data.length}`);
    const size = elements * BYTES_PER_ELEMENT[dtype];
    header[name] = { dtype, shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let cursor = 8 + json.length;
  for (const name of names) {
    const { data, dtype = 'F32' } = tensors[name];
    if (dtype === 'F32') {
      out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), cursor);
      cursor += data.byteLength;
    } else {
      const convert = dtype === 'F16' ? float32ToHalfBits : float32ToBfloat16Bits;
      const halves = new Uint16Array(data.length);
      for (let i = 0; i < data.length; i++) halves[i] = convert(data[i]);
      out.set(new Uint8Array(halves.buffer), cursor);
      cursor += halves.byteLength;
    }
  }
  return out;
}
