/**
 * Share links: any snapshot survives encode → decode with every value (TREC runs left out only when it must);
 * the real Demo study's link fits in 64 KB; hostile links (mangled, too long, gzip bombs, not snapshots) are
 * refused with a typed error naming the link, never a TypeError from deep inside.
 */
import fc from 'fast-check';
import { gzipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { SchemaValidationError } from '../experiment/issues';
import { INPUT_LIMITS, InputTooLargeError } from '../limits';
import { checkProperty, snapshotArbitrary } from '../../testing/property';
import { gzipBomb } from '../../testing/gzipBomb';
import { readSharedBytes } from '../../testing/shared';
import { fixtureConfig } from '../../testing/snapshots';
import { importSnapshot, isSweepSnapshot, snapshotToJson, summarizeSnapshot, summaryMarkdown, type AnySnapshot, type Snapshot } from '.';
import { base64UrlDecode, base64UrlEncode, decodeShareLink, encodeShareLink, SHARE_LINK_MAX_BYTES, shareFragmentOf, withoutTrecRuns } from './share';

const BASE = 'https://lab.example/rerank-lab/';
const config = fixtureConfig();
const snapshots = snapshotArbitrary(config);

const fragmentOfUrl = (url: string) => shareFragmentOf(new URL(url).hash)!;

/** The experiment snapshot a link carries (failing when it carries a sweep's). */
function experimentOf(snapshot: AnySnapshot): Snapshot {
  if (isSweepSnapshot(snapshot)) throw new Error(`expected an experiment's snapshot, got the sweep ${snapshot.sweep.name}`);
  return snapshot;
}

function refusedNamingLink(error: unknown) {
  if (!(error instanceof SchemaValidationError) && !(error instanceof InputTooLargeError))
    throw new Error(`untyped refusal: ${String(error)}`, { cause: error });
  expect(error.message.startsWith('share link')).toBe(true);
}

async function linkWith(json: string): Promise<string> {
  return `1.${base64UrlEncode(gzipSync(strToU8(json), { mtime: 0 }))}`;
}

describe('share links', () => {
  it('base64url round-trips any bytes', () => {
    checkProperty(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(base64UrlDecode(base64UrlEncode(bytes), 'x')).toEqual(bytes);
      }),
    );
  });

  it('encode → decode keeps every value (NaN curves included) and the recomputed summary', async () => {
    await checkProperty(
      fc.asyncProperty(snapshots, async (pending) => {
        const snapshot = await pending;
        const link = encodeShareLink(snapshot, `${BASE}#old`);
        if (!link.ok) throw new Error(link.message);
        expect(link.url.startsWith(`${BASE}#snapshot=1.`)).toBe(true);
        expect(link.omitted).toEqual([]);
        const back = await decodeShareLink(fragmentOfUrl(link.url));
        expect(back.snapshot).toEqual(snapshot);
        expect(summaryMarkdown(summarizeSnapshot(experimentOf(back.snapshot)))).toBe(summaryMarkdown(summarizeSnapshot(snapshot)));
      }),
      20,
    );
  });

  it('a snapshot over the budget drops its TREC runs only, and one too large even then gets no link', async () => {
    const snapshot = await fc.sample(snapshots, { numRuns: 1, seed: 7 })[0]!;
    const full = encodeShareLink(snapshot, BASE);
    if (!full.ok) throw new Error('expected a link');
    const slimOnly = encodeShareLink(snapshot, BASE, full.bytes - 1);
    if (!slimOnly.ok) throw new Error(slimOnly.message);
    expect(slimOnly.omitted).toEqual(['trec-runs']);
    expect(slimOnly.bytes).toBeLessThan(full.bytes);
    const back = await decodeShareLink(fragmentOfUrl(slimOnly.url));
    expect(back.omitted).toEqual(['trec-runs']);
    expect(back.snapshot).toEqual(withoutTrecRuns(snapshot));
    expect(summaryMarkdown(summarizeSnapshot(experimentOf(back.snapshot)))).toBe(summaryMarkdown(summarizeSnapshot(snapshot)));
    const none = encodeShareLink(snapshot, BASE, slimOnly.bytes - 1);
    expect(none.ok).toBe(false);
    if (!none.ok)
      expect(none.message).toMatch(/^This study is too large for a link: even without its TREC runs it needs \d+\.\d KiB, more than the .*\.json\.gz/);
  });

  it("the Demo study's link (written by npm run experiment) fits in 64 KB with every per-query value and curve", async () => {
    const demo = await importSnapshot(readSharedBytes('golden/demo-snapshot/snapshot.json.gz'), 'demo.json.gz');
    const link = encodeShareLink(demo, 'http://127.0.0.1:4183/rerank-lab/');
    if (!link.ok) throw new Error(link.message);
    console.log(`Demo share link: ${link.bytes} bytes (limit ${SHARE_LINK_MAX_BYTES}), omitted: ${link.omitted.join(', ') || 'nothing'}`);
    expect(link.bytes).toBeLessThanOrEqual(SHARE_LINK_MAX_BYTES);
    const back = { snapshot: experimentOf((await decodeShareLink(fragmentOfUrl(link.url))).snapshot) };
    expect(back.snapshot.runs.map((r) => [r.curve, r.batchHashes, r.evaluations.map((e) => e.perQuery)])).toEqual(
      demo.runs.map((r) => [r.curve, r.batchHashes, r.evaluations.map((e) => e.perQuery)]),
    );
    expect(back.snapshot.config).toEqual(demo.config);
  });

  it('mangled links (cut, a character changed, anything appended) decode to the same snapshot or are refused naming the link', async () => {
    const snapshot = await fc.sample(snapshots, { numRuns: 1, seed: 3 })[0]!;
    const link = encodeShareLink(snapshot, BASE);
    if (!link.ok) throw new Error('expected a link');
    const encoded = fragmentOfUrl(link.url);
    await checkProperty(
      fc.asyncProperty(fc.nat(encoded.length - 1), fc.string({ maxLength: 3 }), fc.constantFrom('cut', 'replace', 'append'), async (at, text, how) => {
        const mangled = how === 'cut' ? encoded.slice(0, at) : how === 'append' ? encoded + text : encoded.slice(0, at) + (text || '~') + encoded.slice(at + 1);
        try {
          expect((await decodeShareLink(mangled)).snapshot).toEqual(snapshot);
        } catch (error) {
          refusedNamingLink(error);
        }
      }),
      60,
    );
  });

  it('refuses what is not a snapshot link, naming why', async () => {
    const good = JSON.parse(snapshotToJson(await fc.sample(snapshots, { numRuns: 1, seed: 5 })[0]!));
    const refusal = (encoded: string) => decodeShareLink(encoded).catch((e: Error) => e.message);
    expect(await refusal('2.abc')).toBe('share link: this lab reads share links of format 1, the link says "2"');
    expect(await refusal('1.a*b')).toBe('share link: not a share link (the fragment is not base64url)');
    expect(await refusal(await linkWith('{"kind":"other"}'))).toBe('share link: not a Rerank Lab share link (expected "kind": "rerank-lab-share")');
    expect(await refusal(await linkWith(JSON.stringify({ kind: 'rerank-lab-share', omitted: ['models'], snapshot: good })))).toBe(
      'share link: omitted: expected [] or ["trec-runs"]',
    );
    const edited = { ...good, config: { ...good.config, steps: 4 } };
    expect(await refusal(await linkWith(JSON.stringify({ kind: 'rerank-lab-share', omitted: [], snapshot: edited })))).toMatch(
      /^share link: configHash: the stored hash .* does not match the config/,
    );
    const tooManyRuns = { ...good, runs: Array(INPUT_LIMITS.snapshotRuns + 1).fill({}) };
    expect(await refusal(await linkWith(JSON.stringify({ kind: 'rerank-lab-share', omitted: [], snapshot: tooManyRuns })))).toBe(
      'share link: runs: 4,097 is more than the lab reads (limit 4,096, INPUT_LIMITS.snapshotRuns)',
    );
  });

  it('a link over the length cap is refused before decoding; a gzip bomb in a link is refused while inflating', async () => {
    await expect(decodeShareLink('1.' + 'A'.repeat(INPUT_LIMITS.shareLinkChars))).rejects.toThrow(
      /^share link: the link's fragment is 2,097,154 characters, more than the lab reads \(limit 2,097,152, INPUT_LIMITS\.shareLinkChars\)$/,
    );
    // 64 MiB of zeros in ~90 kB of base64url: under the length cap, refused by its ratio after 16 MiB
    const bomb = `1.${base64UrlEncode(gzipBomb(64 * 2 ** 20))}`;
    expect(bomb.length).toBeLessThan(INPUT_LIMITS.shareLinkChars);
    const before = process.memoryUsage().arrayBuffers;
    await expect(decodeShareLink(bomb)).rejects.toThrow(/^share link: .* of gzip inflate to more than .*a gzip bomb\? \(limit 200, INPUT_LIMITS\.gzipRatio\)$/);
    // what was allocated (not yet collected, other tests' garbage included): tens of MiB, not the gigabyte
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(128 * 2 ** 20);
  });
});
