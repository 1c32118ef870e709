/** Reading a snapshot as a stream: capped by the declared size, while reading, and while inflating. */
import { strToU8 } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gzipBomb } from '../../testing/gzipBomb';
import { checkProperty, chunkSizes, splitBytes } from '../../testing/property';
import { fixtureConfig, fixtureEvaluation, fixtureRun, fixtureSnapshot } from '../../testing/snapshots';
import { INPUT_LIMITS } from '../limits';
import { exportSnapshot, snapshotToJson } from './io';
import { readSnapshot } from './open';

async function good() {
  const config = fixtureConfig();
  return fixtureSnapshot(config, [fixtureRun(config, 'adamw', 1, [fixtureEvaluation('dl19', 3, { ndcg_cut_10: { q1: 0.5, q2: 0.25 } })])]);
}

describe('readSnapshot (streamed)', () => {
  it('reads gzip or plain JSON in chunks of any size, reporting progress', async () => {
    const snapshot = await good();
    const gz = exportSnapshot(snapshot);
    const plain = strToU8(snapshotToJson(snapshot));
    await checkProperty(
      fc.asyncProperty(chunkSizes, fc.boolean(), async (sizes, zipped) => {
        const bytes = zipped ? gz : plain;
        const seen: number[] = [];
        const back = await readSnapshot(splitBytes(bytes, sizes), 's.json.gz', { declaredBytes: bytes.length, onProgress: (n) => seen.push(n) });
        expect(back).toEqual(snapshot);
        expect(seen.at(-1)).toBe(bytes.length);
      }),
      30,
    );
  });

  it('refuses a declared size over the cap before reading anything', async () => {
    let pulled = 0;
    function* never() {
      pulled++;
      yield new Uint8Array(1);
    }
    await expect(readSnapshot(never(), 'big.json.gz', { declaredBytes: INPUT_LIMITS.snapshotFileBytes + 1 })).rejects.toThrow(
      /^big\.json\.gz: the file is 64\.0 MiB, more than 64\.0 MiB \(limit 67,108,864, INPUT_LIMITS\.snapshotFileBytes\)$/,
    );
    expect(pulled).toBe(0);
  });

  it('stops reading a source that sends more than the cap without saying so', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(2 ** 20).fill(0x20);
    function* endless() {
      for (;;) {
        pulled++;
        yield chunk;
      }
    }
    await expect(readSnapshot(endless(), 'url')).rejects.toThrow(
      /^url: more than 64\.0 MiB arrived \(stopped reading there\) \(limit 67,108,864, INPUT_LIMITS\.snapshotFileBytes\)$/,
    );
    expect(pulled).toBe(65);
  });

  it('refuses a streamed gzip bomb by its ratio without inflating it whole', async () => {
    const bomb = gzipBomb(4 * 2 ** 30);
    let pulled = 0;
    function* chunks() {
      for (let i = 0; i < bomb.length; i += 64 * 1024) {
        pulled += 1;
        yield bomb.subarray(i, i + 64 * 1024);
      }
    }
    await expect(readSnapshot(chunks(), 'bomb.json.gz')).rejects.toThrow(/^bomb\.json\.gz: .* a gzip bomb\? \(limit 200, INPUT_LIMITS\.gzipRatio\)$/);
    expect(pulled).toBeLessThan(3); // 4 MB of bomb, refused within the first 128 KB
  });
});
