/**
 * A 512 MiB synthetic MS-MARCO-like triples stream (generated on the fly, never on disk) goes through the whole
 * pipeline — gzip detection, line split, 10 000-line shuffle buffer, parsing, batches of 64, batch hashes —
 * while heap and RSS growth stay bounded. The gzip run pipes the same generator through node:zlib, the way a
 * Node fs stream is wrapped (Readable.toWeb), and is inflated by our fflate path; it streams a quarter of the
 * plain size to keep the suite's time down (the code path after inflation is the same).
 * 512 MiB, not the gigabytes of the real file, keeps the suite's time down (1 GiB took 75 s of CI's 2 cores) while a
 * stream that kept even half of what it read would still break the bounds (64 MiB of live heap, 200 MiB of RSS). DATA_MEMORY_TEST_BYTES overrides
 * the plain size (e.g. 4294967296 to stream 4 GiB).
 */
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { batchHash } from './hash';
import type { DataSource } from './lines';
import { TrainingStream, batches } from './stream';
import { xorshift32 } from '../../testing/streams';

const TOTAL_BYTES = Number(process.env.DATA_MEMORY_TEST_BYTES ?? 2 ** 29);
/** Live heap (after a forced collection): the shuffle buffer and a batch, a few tens of MiB; a leak of a fraction of the stream breaks it. */
const HEAP_LIMIT_BYTES = 64 * 2 ** 20;
const RSS_LIMIT_BYTES = 200 * 2 ** 20;

// heapUsed without a collection counts garbage not yet collected, which varies from run to run (it once read 204 MiB
// where the live heap was a tenth of that): every sample is taken after a full collection.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const words =
  'the of and to in is was for on that with as by at from his an were are which this be or has had first one their its new after who they have two her'.split(
    ' ',
  );

/** Lines made by the last generator run (every run makes the same ones). */
let linesGenerated = 0;

/** ~640-byte lines: `query i …<TAB>positive passage<TAB>negative passage`, content varying with i. */
function* syntheticChunks(totalBytes: number): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  let produced = 0;
  let i = 0;
  while (produced < totalBytes) {
    const lines: string[] = [];
    let size = 0;
    while (size < 1 << 20) {
      const w = (k: number) => words[(i * 7 + k * 13) % words.length];
      const passage = (salt: number) => Array.from({ length: 70 }, (_, k) => w(k + salt)).join(' ');
      const line = `query ${i} ${w(1)} ${w(2)} ${w(3)}\t${passage(1)} positive ${i}\t${passage(5)} negative ${i}\n`;
      lines.push(line);
      size += line.length;
      i++;
    }
    const bytes = encoder.encode(lines.join(''));
    produced += bytes.length;
    linesGenerated = i;
    yield bytes;
  }
}

function plainSource(totalBytes: number): DataSource {
  return {
    name: 'synthetic.tsv',
    open() {
      const gen = syntheticChunks(totalBytes);
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          // real sources (files, sockets) deliver through the event loop; a purely synchronous producer would
          // starve everything else in this process (vitest's own messages included)
          await new Promise((resolve) => setImmediate(resolve));
          const next = gen.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
      });
    },
  };
}

function gzipSource(totalBytes: number): DataSource {
  return {
    name: 'synthetic.tsv.gz',
    open: () => Readable.toWeb(Readable.from(syntheticChunks(totalBytes)).pipe(createGzip({ level: 1 }))) as ReadableStream<Uint8Array>,
  };
}

async function consume(source: DataSource) {
  collectGarbage();
  const before = process.memoryUsage();
  let maxHeapGrowth = 0;
  let maxRssGrowth = 0;
  let examples = 0;
  let hash: string | null = null;
  let n = 0;
  const stream = new TrainingStream(source, { shuffle: { bufferSize: 10_000, rng: xorshift32(1) } });
  for await (const batch of batches(stream, 64, true)) {
    examples += batch.length;
    hash = batchHash(hash, batch);
    if (++n % 200 === 0) {
      collectGarbage();
      const now = process.memoryUsage();
      maxHeapGrowth = Math.max(maxHeapGrowth, now.heapUsed - before.heapUsed);
      maxRssGrowth = Math.max(maxRssGrowth, now.rss - before.rss);
    }
  }
  return { examples, hash, maxHeapGrowth, maxRssGrowth };
}

describe(`streaming ${(TOTAL_BYTES / 2 ** 30).toFixed(2)} GiB of triples with bounded memory`, () => {
  it('plain', async () => {
    const t0 = performance.now();
    const plainResult = await consume(plainSource(TOTAL_BYTES));
    console.log(
      `plain: ${plainResult.examples} examples in ${((performance.now() - t0) / 1000).toFixed(1)} s, max heap growth ${(plainResult.maxHeapGrowth / 2 ** 20).toFixed(1)} MiB, max RSS growth ${(plainResult.maxRssGrowth / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(plainResult.examples).toBe(linesGenerated); // every line arrived, none twice
    expect(plainResult.examples).toBeGreaterThan(TOTAL_BYTES / 700);
    expect(plainResult.maxHeapGrowth).toBeLessThan(HEAP_LIMIT_BYTES);
    expect(plainResult.maxRssGrowth).toBeLessThan(RSS_LIMIT_BYTES);
  }, 600_000);

  it('gzip (node:zlib stream wrapped with Readable.toWeb, inflated by fflate), a quarter of the size', async () => {
    const t0 = performance.now();
    const r = await consume(gzipSource(TOTAL_BYTES / 4));
    const expectedLines = linesGenerated;
    console.log(
      `gzip: ${r.examples} examples in ${((performance.now() - t0) / 1000).toFixed(1)} s, max heap growth ${(r.maxHeapGrowth / 2 ** 20).toFixed(1)} MiB, max RSS growth ${(r.maxRssGrowth / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(r.examples).toBe(expectedLines);
    expect(r.maxHeapGrowth).toBeLessThan(HEAP_LIMIT_BYTES);
    expect(r.maxRssGrowth).toBeLessThan(RSS_LIMIT_BYTES);
  }, 600_000);
});
