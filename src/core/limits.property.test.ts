/** Property-based tests of the capped gunzip: it inflates what gunzip inflates, and refuses garbage by name. */
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkProperty, chunkSizes, splitBytes } from '../testing/property';
import { concatChunks, contentOf, StreamingGunzip } from './limits';

describe('StreamingGunzip', () => {
  it('any bytes, gzipped in one or more members and fed in any chunking, inflate back', () => {
    checkProperty(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 2000 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 9 }),
        chunkSizes,
        (members, level, sizes) => {
          const file = concatChunks(members.map((m) => gzipSync(m, { level: level as 0 })));
          const inflater = new StreamingGunzip('f.gz', 'wholeFileBytes');
          const chunks = splitBytes(file, sizes);
          const out = chunks.flatMap((c, i) => [...inflater.push(c, i === chunks.length - 1)]);
          expect(concatChunks(out)).toEqual(concatChunks(members));
        },
      ),
    );
  });

  it('a gzip with one byte changed (any member, any chunking) inflates to the same bytes or is refused as corrupt', () => {
    checkProperty(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 400 }), { minLength: 1, maxLength: 2 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        chunkSizes,
        (texts, position, flip, sizes) => {
          const members = texts.map((t) => new TextEncoder().encode(t));
          const file = concatChunks(members.map((m) => gzipSync(m, { level: 6, mtime: 0 })));
          const at = position % file.length;
          file[at]! ^= flip;
          const inflater = new StreamingGunzip('changed.gz', 'wholeFileBytes');
          const chunks = splitBytes(file, sizes);
          try {
            const out = chunks.flatMap((c, i) => [...inflater.push(c, i === chunks.length - 1)]);
            // Only header bytes gunzip does not check (mtime, flags' unused bits, OS) may change without an error.
            expect(concatChunks(out)).toEqual(concatChunks(members));
          } catch (error) {
            expect((error as Error).message).toMatch(/^changed\.gz: gzip data is corrupt/);
          }
        },
      ),
      300,
    );
  });

  it('garbage after the gzip magic: the bytes it stands for or an error naming the file, never another error', () => {
    checkProperty(
      fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
        try {
          contentOf(new Uint8Array([0x1f, 0x8b, ...junk]), 'junk.gz', 'wholeFileBytes');
        } catch (error) {
          expect((error as Error).message).toMatch(/^junk\.gz: gzip data is corrupt/);
        }
      }),
    );
  });
});
