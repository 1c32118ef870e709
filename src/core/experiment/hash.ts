/**
 * Content hashes. `canonicalJson` writes object keys in sorted order without whitespace (undefined fields
 * dropped, as JSON.stringify drops them), so two configs that mean the same study hash the same. SHA-256
 * comes from Web Crypto (`crypto.subtle`, present in Node ≥ 20, pages served over https or localhost, and
 * workers): it is native and fast on multi-megabyte qrels and candidate files.
 */
import type { ExperimentConfig } from './schema';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) throw new Error('canonicalJson: binary data has no JSON form; hash its bytes with sha256Hex');
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('SHA-256 needs Web Crypto (crypto.subtle): open the lab over https or on localhost');
  return s;
}

export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = await subtle().digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 (hex) of the canonical JSON of a resolved config: defaults filled, so spelling them out changes nothing. */
export function configHash(config: ExperimentConfig): Promise<string> {
  return sha256Hex(canonicalJson(config));
}
