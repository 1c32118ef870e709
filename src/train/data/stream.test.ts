/**
 * Seeded shuffle (same seed → same order, other seed → other order, always a permutation), resume from a
 * cursor equal to an uninterrupted run, and the batch hash (FNV-1a 64 against its published test vectors).
 */
import { gzipSync } from 'fflate';
import { createRng } from '../../core/rng';
import { describe, expect, it } from 'vitest';
import type { TrainingExample } from './examples';
import { FNV64_OFFSET, batchHash, fnv1a64 } from './hash';
import { shuffleBuffer, uniformIndex } from './shuffle';
import { TrainingStream, batches } from './stream';
import type { DataCursor } from './stream';
import { chunkedSource, xorshift32 } from '../../testing/streams';

const N = 1000;
const tsv = Array.from({ length: N }, (_, i) => `query ${i}\tpositive ${i} é\tnegative ${i}`).join('\n') + '\n';
const plain = new TextEncoder().encode(tsv);
const gz = gzipSync(plain);

const queries = (xs: TrainingExample[]) => xs.map((e) => e.query);

async function take(stream: AsyncIterable<TrainingExample>, n = Infinity): Promise<TrainingExample[]> {
  const out: TrainingExample[] = [];
  if (n <= 0) return out;
  for await (const e of stream) {
    out.push(e);
    if (out.length >= n) break;
  }
  return out;
}

const shuffled = (seed: number, bytes = plain, extra: { epochs?: number; resumeFrom?: DataCursor } = {}) =>
  new TrainingStream(chunkedSource(bytes, 'triples.tsv', 333), { shuffle: { bufferSize: 64, rng: xorshift32(seed) }, ...extra });

describe('uniformIndex', () => {
  it('stays in range and rejects draws that would bias small indices', () => {
    const draws = [0xffffffff, 0xfffffffe, 7];
    let i = 0;
    const rng = { nextUint32: () => draws[i++]! };
    // n = 3: limit = 2^32 - (2^32 mod 3) = 4294967295, so 0xffffffff is rejected, 0xfffffffe accepted
    expect(uniformIndex(rng, 3)).toBe(0xfffffffe % 3);
    expect(i).toBe(2);
  });
});

describe('shuffle buffer', () => {
  it('same seed → same order; a different seed → a different order; always a permutation', async () => {
    const a = queries(await take(shuffled(1)));
    const b = queries(await take(shuffled(1)));
    const c = queries(await take(shuffled(2)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect([...a].sort()).toEqual(Array.from({ length: N }, (_, i) => `query ${i}`).sort());
    // it actually shuffles: few items stay in place, and an item can travel far beyond the buffer size
    const fixed = a.filter((q, i) => q === `query ${i}`).length;
    expect(fixed).toBeLessThan(50);
    const displacement = Math.max(...a.map((q, i) => Math.abs(Number(q.split(' ')[1]) - i)));
    expect(displacement).toBeGreaterThan(64);
  });

  it('gzip and plain give the same shuffled order', async () => {
    expect(queries(await take(shuffled(5, gz)))).toEqual(queries(await take(shuffled(5))));
  });

  it('without shuffle, file order', async () => {
    const xs = await take(new TrainingStream(chunkedSource(plain, 't.tsv')));
    expect(queries(xs)).toEqual(Array.from({ length: N }, (_, i) => `query ${i}`));
  });

  it('matches a hand-run of the algorithm on 5 items with buffer 2', async () => {
    async function* items() {
      yield* ['a', 'b', 'c', 'd', 'e'];
    }
    const draws = [1, 0, 1, 1, 0];
    let i = 0;
    const rng = { nextUint32: () => draws[i++]! };
    const out: string[] = [];
    for await (const x of shuffleBuffer(items(), 2, rng)) out.push(x);
    // [a,b] c→slot1: out b, [a,c]; d→slot0: out a, [d,c]; e→slot1: out c, [d,e]; drain: slot1 → e, then d
    expect(out).toEqual(['b', 'a', 'c', 'e', 'd']);
  });
});

describe('resume from a cursor', () => {
  it.each([0, 1, 63, 64, 500, 999, 1000, 1500])('over 2 epochs, stopping after %i examples and resuming equals an uninterrupted run', async (cut) => {
    const whole = queries(await take(shuffled(9, gz, { epochs: 2 })));
    expect(whole.length).toBe(2 * N);
    const first = shuffled(9, gz, { epochs: 2 });
    const head = queries(await take(first, cut));
    const cursor = first.cursor();
    expect(cursor.emitted).toBe(cut);
    expect(cursor.epoch).toBe(cut === 0 ? 0 : Math.floor((cut - 1) / N));
    const resumed = shuffled(9, gz, { epochs: 2, resumeFrom: JSON.parse(JSON.stringify(cursor)) });
    const tail = queries(await take(resumed));
    expect([...head, ...tail]).toEqual(whole);
    expect(resumed.cursor().emitted).toBe(2 * N);
  });

  it('with the lab PRNG (createRng): resume equals uninterrupted, and seeds differ', async () => {
    const make = (seed: string, resumeFrom?: DataCursor) =>
      new TrainingStream(chunkedSource(gz, 'triples.tsv.gz', 500), { shuffle: { bufferSize: 100, rng: createRng(seed) }, epochs: 2, resumeFrom });
    const whole = queries(await take(make('42/training-data')));
    const first = make('42/training-data');
    const head = queries(await take(first, 777));
    const tail = queries(await take(make('42/training-data', first.cursor())));
    expect([...head, ...tail]).toEqual(whole);
    expect(queries(await take(make('43/training-data')))).not.toEqual(whole);
  });

  it('the second epoch is a different order than the first', async () => {
    const whole = queries(await take(shuffled(9, plain, { epochs: 2 })));
    expect(whole.slice(N)).not.toEqual(whole.slice(0, N));
  });

  it('refuses a cursor made with another buffer size', () => {
    const cursor: DataCursor = { version: 1, emitted: 10, epoch: 0, bufferSize: 32 };
    expect(() => shuffled(1, plain, { resumeFrom: cursor })).toThrow(/shuffle buffer 32, this stream uses 64/);
  });
});

describe('batches and batch hashes', () => {
  it('FNV-1a 64 matches the published test vectors', () => {
    const enc = new TextEncoder();
    expect(fnv1a64(new Uint8Array(0))).toBe(FNV64_OFFSET);
    expect(fnv1a64(enc.encode('a'))).toBe('af63dc4c8601ec8c');
    expect(fnv1a64(enc.encode('foobar'))).toBe('85944171f73967e8');
    // continuing from a state equals hashing the concatenation
    expect(fnv1a64(enc.encode('bar'), fnv1a64(enc.encode('foo')))).toBe('85944171f73967e8');
  });

  it('two arms reading the same data with the same seed see identical batch hashes; another seed differs', async () => {
    async function hashes(seed: number): Promise<string[]> {
      const out: string[] = [];
      let h: string | null = null;
      for await (const batch of batches(shuffled(seed, gz), 32)) {
        h = batchHash(h, batch);
        out.push(h);
      }
      return out;
    }
    const armA = await hashes(3);
    const armB = await hashes(3);
    expect(armA.length).toBe(Math.floor(N / 32));
    expect(armA).toEqual(armB);
    expect(new Set(armA).size).toBe(armA.length);
    const other = await hashes(4);
    expect(other[0]).not.toBe(armA[0]);
  });

  it('the hash covers content and order', () => {
    const x: TrainingExample = { kind: 'triple', query: 'q', positive: 'p', negative: 'n' };
    const y: TrainingExample = { kind: 'triple', query: 'q', positive: 'n', negative: 'p' };
    expect(batchHash(null, [x, y])).not.toBe(batchHash(null, [y, x]));
    expect(batchHash(null, [x])).not.toBe(batchHash(null, [y]));
    expect(batchHash(batchHash(null, [x]), [y])).toBe(batchHash(null, [x, y]));
  });

  it('keeps or drops the short last batch', async () => {
    async function* seven() {
      yield* [1, 2, 3, 4, 5, 6, 7];
    }
    const sizes = async (keep: boolean) => {
      const out: number[] = [];
      for await (const b of batches(seven(), 3, keep)) out.push(b.length);
      return out;
    };
    expect(await sizes(false)).toEqual([3, 3]);
    expect(await sizes(true)).toEqual([3, 3, 1]);
  });

  it('the cursor after k batches is k × batch size, and resuming there continues the batch sequence', async () => {
    const full: string[] = [];
    let h: string | null = null;
    for await (const b of batches(shuffled(11, gz), 50)) full.push((h = batchHash(h, b)));
    const first = shuffled(11, gz);
    h = null;
    const part: string[] = [];
    for await (const b of batches(first, 50)) {
      part.push((h = batchHash(h, b)));
      if (part.length === 7) break;
    }
    expect(first.cursor().emitted).toBe(350);
    for await (const b of batches(shuffled(11, gz, { resumeFrom: first.cursor() }), 50)) part.push((h = batchHash(h, b)));
    expect(part).toEqual(full);
  });
});
