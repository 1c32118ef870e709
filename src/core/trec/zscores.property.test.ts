/**
 * Property-based tests of the Zmean-file parser: written files read back exactly (whatever the whitespace and
 * chunking), and random input gives a result or a TrecParseError naming the file and a line that exists.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty, chunkSizes, resultOrTypedError, splitBytes, token } from '../../testing/property';
import { TrecParseError } from './parse';
import { strcmp } from './strcmp';
import { parseZscores, parseZscoresStream } from './zscores';

async function* chunked(text: string, sizes: number[]) {
  yield* splitBytes(new TextEncoder().encode(text), sizes);
}

const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0);
const rows = fc.uniqueArray(fc.record({ qid: token, measure: token, mean: finite, stddev: finite }), {
  minLength: 1,
  maxLength: 30,
  selector: (r) => `${r.qid}\u0000${r.measure}`,
});

describe('parseZscores', () => {
  it('written lines read back exactly, sorted by qid then measure, whole and streamed', async () => {
    await checkProperty(
      fc.asyncProperty(rows, fc.constantFrom(' ', '\t', ' \t '), fc.constantFrom('\n', '\r\n'), chunkSizes, async (written, gap, eol, sizes) => {
        const text = written.map((r) => [r.qid, r.measure, r.mean, r.stddev].join(gap)).join(eol);
        const expected = [...written].sort((a, b) => strcmp(a.qid, b.qid) || strcmp(a.measure, b.measure));
        expect(parseZscores(text, 'z').entries).toEqual(expected);
        expect((await parseZscoresStream(chunked(text, sizes), 'z')).entries).toEqual(expected);
      }),
    );
  });

  it('random lines: a result or a TrecParseError naming the file and an existing line', () => {
    const noisy = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(fc.oneof(token, fc.double().map(String), fc.constantFrom('nan', '-inf', 'Infinity', '1e999', '')), { maxLength: 6 }).map((f) => f.join(' ')),
    );
    checkProperty(
      fc.property(fc.array(noisy, { maxLength: 12 }), (lines) => {
        const outcome = resultOrTypedError(() => parseZscores(lines.join('\n'), 'noisy.z'), TrecParseError, /^noisy\.z:\d+: /);
        if (outcome instanceof TrecParseError) {
          expect(outcome.line).toBeGreaterThanOrEqual(1);
          expect(outcome.line).toBeLessThanOrEqual(Math.max(1, lines.length));
        }
      }),
    );
  });
});
