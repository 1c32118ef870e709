/**
 * Property-based tests of sweep snapshots: random sweeps (members drawn by the snapshot arbitrary) survive export → import
 * and a share link with every value and the same recomputed gaps; mutated sweeps (any field replaced or removed, at any
 * depth, members included) import or are refused with a typed error naming the file, never a TypeError from deep inside.
 */
import fc from 'fast-check';
import { gzipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { SchemaValidationError } from '../experiment/issues';
import { InputTooLargeError } from '../limits';
import { applyJsonEdits, checkProperty, jsonEdits, jsonPaths, snapshotArbitrary } from '../../testing/property';
import { fixtureSweepMemberConfig, fixtureSweepSnapshot } from '../../testing/snapshots';
import { exportSnapshot, importAnySnapshot, snapshotToJson } from './io';
import { sweepGapPoints } from './results';
import { isSweepSnapshot, type AnySnapshot, type SweepSnapshot } from './schema';
import { decodeShareLink, encodeShareLink, shareFragmentOf } from './share';

const SIZES = [8, 16, 24];
const memberArbitraries = new Map(SIZES.map((h) => [h, snapshotArbitrary(fixtureSweepMemberConfig('sw', h))]));
const sweeps: fc.Arbitrary<Promise<SweepSnapshot>> = fc
  .tuple(fc.uniqueArray(fc.constantFrom(...SIZES), { minLength: 1, maxLength: SIZES.length }), fc.nat(2))
  .chain(([sizes, unfinished]) =>
    fc
      .tuple(...sizes.map((h) => memberArbitraries.get(h)!))
      .map(async (members) => fixtureSweepSnapshot('sw', sizes.length + unfinished, await Promise.all(members))),
  );

const gapsOf = (sweep: AnySnapshot) => {
  if (!isSweepSnapshot(sweep)) throw new Error('expected a sweep snapshot');
  return sweepGapPoints(sweep.members.map((snapshot) => ({ id: snapshot.config.name, snapshot })));
};

describe('sweep snapshot files', () => {
  it('export → import and encode → decode keep every member and the recomputed gaps', async () => {
    await checkProperty(
      fc.asyncProperty(sweeps, async (pending) => {
        const sweep = await pending;
        const back = await importAnySnapshot(exportSnapshot(sweep), 'sw.json.gz');
        expect(back).toEqual(sweep);
        expect(gapsOf(back)).toEqual(gapsOf(sweep));
        const link = encodeShareLink(sweep, 'https://lab.example/');
        if (!link.ok) throw new Error(link.message);
        const shared = await decodeShareLink(shareFragmentOf(new URL(link.url).hash)!);
        expect(shared.snapshot).toEqual(sweep);
      }),
      10,
    );
  });

  it('any field replaced or removed, members included: imported, or refused with a typed error naming the file', async () => {
    const base = JSON.parse(snapshotToJson(await fc.sample(sweeps, { numRuns: 1, seed: 11 })[0]!));
    const all = jsonPaths(base);
    await checkProperty(
      fc.asyncProperty(jsonEdits, fc.boolean(), async (edits, gzip) => {
        const bytes = strToU8(JSON.stringify(applyJsonEdits(base, all, edits)));
        try {
          await importAnySnapshot(gzip ? gzipSync(bytes) : bytes, 'm.json');
        } catch (error) {
          if (!(error instanceof SchemaValidationError) && !(error instanceof InputTooLargeError))
            throw new Error(`untyped refusal: ${String(error)}`, { cause: error });
          expect(error.message.startsWith('m.json')).toBe(true);
        }
      }),
      80,
    );
  });
});
