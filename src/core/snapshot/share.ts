/**
 * Share links: a snapshot (an experiment's or a sweep's) gzipped into the URL fragment (`#snapshot=1.<base64url>`), which browsers never send
 * to a server. The link carries everything the views recompute from — config, environment, every curve point,
 * batch hash and per-query value —; when the whole snapshot does not fit in SHARE_LINK_MAX_BYTES, the reranked
 * TREC runs are left out (the link says so, and the .json.gz file still has them). A study too large even then
 * gets no link: `encodeShareLink` says how large it would be.
 *
 * A link is untrusted input: its length is capped before decoding, the gzip is inflated in slices with an
 * output cap and a bomb-ratio check (StreamingGunzip), and the snapshot inside is validated like a file.
 */
import { gzipSync, strFromU8, strToU8 } from 'fflate';
import { SchemaValidationError } from '../experiment/issues';
import { parseJsonText } from '../experiment/validate';
import { concatChunks, formatBytes, INPUT_LIMITS, InputTooLargeError, StreamingGunzip } from '../limits';
import { anySnapshotFromValue, snapshotToJson } from './io';
import { isSweepSnapshot, type AnySnapshot, type Snapshot } from './schema';

/** The whole link (origin, path and fragment) must fit in this: 64 KB, what chat tools and mail keep intact. */
export const SHARE_LINK_MAX_BYTES = 64 * 1024;
export const SHARE_FRAGMENT_KEY = 'snapshot';
const FORMAT_VERSION = '1';
const SHARE_KIND = 'rerank-lab-share';

/** What a link left out of the snapshot to fit. */
export type ShareOmission = 'trec-runs';

export type ShareEncoding = { ok: true; url: string; bytes: number; omitted: ShareOmission[] } | { ok: false; bytes: number; limit: number; message: string };

export interface SharedSnapshot {
  /** One experiment's snapshot or a sweep's (whose members each left out their TREC runs when `omitted` says so). */
  snapshot: AnySnapshot;
  omitted: ShareOmission[];
}

export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Base64url without padding; anything outside its alphabet is an error naming the link. */
export function base64UrlDecode(text: string, source: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new SchemaValidationError(source, [`${source}: not a share link (the fragment is not base64url)`]);
  }
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The snapshot without the reranked TREC runs (every per-query value and curve stays); a sweep's, without its members'. */
export function withoutTrecRuns<S extends AnySnapshot>(snapshot: S): S;
export function withoutTrecRuns(snapshot: AnySnapshot): AnySnapshot {
  if (isSweepSnapshot(snapshot)) return { ...snapshot, members: snapshot.members.map((m) => withoutTrecRuns(m)) };
  return { ...snapshot, runs: snapshot.runs.map((run) => ({ ...run, evaluations: run.evaluations.map((e) => ({ ...e, run: {} })) })) } satisfies Snapshot;
}

function fragmentOf(snapshot: AnySnapshot, omitted: ShareOmission[]): string {
  // The wrapper is written by hand so the snapshot's own JSON (with "NaN" strings) is reused as is.
  const json = `{"kind":${JSON.stringify(SHARE_KIND)},"omitted":${JSON.stringify(omitted)},"snapshot":${snapshotToJson(snapshot)}}`;
  return `${SHARE_FRAGMENT_KEY}=${FORMAT_VERSION}.${base64UrlEncode(gzipSync(strToU8(json), { level: 9, mtime: 0 }))}`;
}

/**
 * A link to `base` (the page's address without its fragment) carrying the snapshot; the TREC runs are left out
 * when the whole does not fit in `maxBytes`.
 */
export function encodeShareLink(snapshot: AnySnapshot, base: string, maxBytes = SHARE_LINK_MAX_BYTES): ShareEncoding {
  const prefix = base.replace(/#.*$/, '');
  const full = `${prefix}#${fragmentOf(snapshot, [])}`;
  if (full.length <= maxBytes) return { ok: true, url: full, bytes: full.length, omitted: [] };
  const slim = `${prefix}#${fragmentOf(withoutTrecRuns(snapshot), ['trec-runs'])}`;
  if (slim.length <= maxBytes) return { ok: true, url: slim, bytes: slim.length, omitted: ['trec-runs'] };
  return {
    ok: false,
    bytes: slim.length,
    limit: maxBytes,
    message:
      `This ${isSweepSnapshot(snapshot) ? 'sweep' : 'study'} is too large for a link: even without its TREC runs it needs ${formatBytes(slim.length)}, ` +
      `more than the ${formatBytes(maxBytes)} a link may carry. Share the snapshot file (.json.gz) instead.`,
  };
}

/** The encoded part of a page fragment (`#snapshot=1.…`), or null when the fragment is no share link. */
export function shareFragmentOf(hash: string): string | null {
  const fragment = hash.replace(/^#/, '');
  return fragment.startsWith(`${SHARE_FRAGMENT_KEY}=`) ? fragment.slice(SHARE_FRAGMENT_KEY.length + 1) : null;
}

/**
 * The snapshot a share link carries. `encoded` is what follows `#snapshot=`. Refused with a typed error naming
 * `source`: too long (before decoding), a bomb or too large (while inflating), not a snapshot, a failed schema.
 */
export async function decodeShareLink(encoded: string, source = 'share link'): Promise<SharedSnapshot> {
  if (encoded.length > INPUT_LIMITS.shareLinkChars) {
    throw new InputTooLargeError(
      source,
      'shareLinkChars',
      `the link's fragment is ${encoded.length.toLocaleString('en-US')} characters, more than the lab reads`,
    );
  }
  const dot = encoded.indexOf('.');
  const version = dot < 0 ? '' : encoded.slice(0, dot);
  if (version !== FORMAT_VERSION) {
    throw new SchemaValidationError(source, [
      `${source}: this lab reads share links of format ${FORMAT_VERSION}, the link says ${JSON.stringify(version.slice(0, 12))}${dot < 0 ? ' (no version)' : ''}`,
    ]);
  }
  const bytes = base64UrlDecode(encoded.slice(dot + 1), source);
  let text: string;
  try {
    text = strFromU8(concatChunks([...new StreamingGunzip(source, 'shareLinkJsonBytes').push(bytes, true)]));
  } catch (cause) {
    if (cause instanceof InputTooLargeError) throw cause;
    throw new SchemaValidationError(source, [`${source}: the link is damaged (its gzip data does not inflate: ${(cause as Error).message})`]);
  }
  const value = parseJsonText(text, source) as { kind?: unknown; omitted?: unknown; snapshot?: unknown } | null;
  if (value === null || typeof value !== 'object' || value.kind !== SHARE_KIND) {
    throw new SchemaValidationError(source, [`${source}: not a Rerank Lab share link (expected "kind": "${SHARE_KIND}")`]);
  }
  const omitted = value.omitted;
  if (!Array.isArray(omitted) || omitted.length > 1 || omitted.some((o) => o !== 'trec-runs')) {
    throw new SchemaValidationError(source, [`${source}: omitted: expected [] or ["trec-runs"]`]);
  }
  return { snapshot: await anySnapshotFromValue(value.snapshot, source), omitted: omitted as ShareOmission[] };
}
