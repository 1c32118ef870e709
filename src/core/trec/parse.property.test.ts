/**
 * Property-based tests of the TREC parsers: written files read back exactly (whatever the whitespace, CRLF,
 * blank lines and stream chunking), and random or mutated input gives a result or a TrecParseError naming the
 * file and a line that exists — never another error, a hang or a silently wrong value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty, chunkSizes, resultOrTypedError, splitBytes, token } from '../../testing/property';
import { parseQrels, parseQrelsStream, parseRun, parseRunStreamWithTag, parseRunWithTag, parseTopics, parseTopicsStream, TrecParseError } from './parse';

const space = fc.constantFrom(' ', '\t', '  ', ' \t');
const eol = fc.constantFrom('\n', '\r\n');

async function* chunked(text: string, sizes: number[]) {
  yield* splitBytes(new TextEncoder().encode(text), sizes);
}

const judgments = fc.uniqueArray(fc.record({ qid: token, docno: token, rel: fc.integer({ min: -5, max: 1000 }) }), {
  minLength: 1,
  maxLength: 30,
  selector: (j) => `${j.qid}\u0000${j.docno}`,
});

const runRows = fc.uniqueArray(
  fc.record({ qid: token, docno: token, score: fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0), tag: token }),
  { minLength: 1, maxLength: 30, selector: (r) => `${r.qid}\u0000${r.docno}` },
);

/** A line that trec_eval's readers would see: random printable text, whitespace and numbers. */
const noisyLine = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc
    .array(fc.oneof(token, fc.integer().map(String), fc.double().map(String), fc.constantFrom('Q0', '0', '1e999', '-1e400', '99999999999999999999', '-', '')), {
      maxLength: 8,
    })
    .map((f) => f.join(' ')),
);

function expectNamedLine(error: unknown, file: string, lines: number) {
  if (!(error instanceof TrecParseError)) return;
  expect(error.fileName).toBe(file);
  expect(error.line).toBeGreaterThanOrEqual(1);
  expect(error.line).toBeLessThanOrEqual(Math.max(1, lines));
}

describe('qrels', () => {
  it('written judgments read back exactly, whole and streamed in any chunking', async () => {
    await checkProperty(
      fc.asyncProperty(
        judgments,
        fc.array(space, { minLength: 4, maxLength: 4 }),
        eol,
        fc.boolean(),
        chunkSizes,
        async (rows, gaps, newline, blankLines, sizes) => {
          const text = rows
            .map((j) => `${j.qid}${gaps[0]}0${gaps[1]}${j.docno}${gaps[2]}${j.rel}${gaps[3]}`)
            .join(blankLines ? `${newline}${newline}` : newline);
          const expected: Record<string, Record<string, number>> = {};
          for (const j of rows) (expected[j.qid] ??= {})[j.docno] = j.rel;
          expect({ ...parseQrels(text, 'q.txt') }).toEqual(expected);
          expect({ ...(await parseQrelsStream(chunked(text, sizes), 'q.txt')) }).toEqual(expected);
        },
      ),
    );
  });

  it('random lines: a result or a TrecParseError naming the file and an existing line', () => {
    checkProperty(
      fc.property(fc.array(noisyLine, { maxLength: 12 }), (lines) => {
        const outcome = resultOrTypedError(() => parseQrels(lines.join('\n'), 'noisy.qrels'), TrecParseError, /^noisy\.qrels:\d+: /);
        expectNamedLine(outcome, 'noisy.qrels', lines.length);
        if (!(outcome instanceof Error)) {
          for (const docs of Object.values(outcome)) for (const rel of Object.values(docs)) expect(Number.isSafeInteger(rel)).toBe(true);
        }
      }),
    );
  });
});

describe('runs', () => {
  it("written rankings read back exactly (scores as doubles, the last line's tag), whole and streamed", async () => {
    await checkProperty(
      fc.asyncProperty(runRows, space, eol, chunkSizes, async (rows, gap, newline, sizes) => {
        const text = rows.map((r, i) => [r.qid, 'Q0', r.docno, i + 1, r.score, r.tag].join(gap)).join(newline) + newline;
        const expected: Record<string, Array<{ docno: string; score: number }>> = {};
        for (const r of rows) (expected[r.qid] ??= []).push({ docno: r.docno, score: r.score });
        const whole = parseRunWithTag(text, 'r.txt');
        expect({ ...whole.run }).toEqual(expected);
        expect(whole.runTag).toBe(rows.at(-1)!.tag);
        const streamed = await parseRunStreamWithTag(chunked(text, sizes), 'r.txt');
        expect({ ...streamed.run }).toEqual(expected);
        expect(streamed.runTag).toBe(whole.runTag);
      }),
    );
  });

  it('random lines: a result with finite scores, or a TrecParseError naming the file and an existing line', () => {
    checkProperty(
      fc.property(fc.array(noisyLine, { maxLength: 12 }), (lines) => {
        const outcome = resultOrTypedError(() => parseRun(lines.join('\n'), 'noisy.run'), TrecParseError, /^noisy\.run:\d+: /);
        expectNamedLine(outcome, 'noisy.run', lines.length);
        if (!(outcome instanceof Error)) for (const docs of Object.values(outcome)) for (const d of docs) expect(Number.isFinite(d.score)).toBe(true);
      }),
    );
  });
});

describe('values that would be silently wrong as JavaScript numbers are errors (regressions)', () => {
  it('a score that overflows a double', () => {
    expect(() => parseRun('q1 Q0 d1 1 1e999 tag', 'r.txt')).toThrow("r.txt:1: score '1e999' is out of range for a double");
    expect(() => parseRun('q1 Q0 d1 1 -1e400 tag', 'r.txt')).toThrow(/out of range/);
  });
  it('a relevance grade beyond the exactly representable integers', () => {
    expect(() => parseQrels('q1 0 d1 99999999999999999999', 'q.txt')).toThrow("q.txt:1: relevance '99999999999999999999' is out of range");
  });
});

describe('topics', () => {
  it('written topics read back (text trimmed), whole and streamed', async () => {
    const text = fc.string({ minLength: 1, maxLength: 30 }).filter((t) => !/[\n\r]/.test(t) && t.trim().length > 0);
    await checkProperty(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ qid: token, text }), { minLength: 1, maxLength: 20, selector: (t) => t.qid }),
        eol,
        chunkSizes,
        async (topics, newline, sizes) => {
          const file = topics.map((t) => `${t.qid}\t${t.text}`).join(newline);
          const expected = Object.fromEntries(topics.map((t) => [t.qid, t.text.trim()]));
          expect({ ...parseTopics(file, 't.tsv') }).toEqual(expected);
          expect({ ...(await parseTopicsStream(chunked(file, sizes), 't.tsv')) }).toEqual(expected);
        },
      ),
    );
  });

  it('random lines: a result or a TrecParseError naming the file and an existing line', () => {
    checkProperty(
      fc.property(
        fc.array(
          fc.oneof(
            noisyLine,
            fc.tuple(token, fc.string()).map(([a, b]) => `${a}\t${b}`),
          ),
          { maxLength: 12 },
        ),
        (lines) => {
          expectNamedLine(
            resultOrTypedError(() => parseTopics(lines.join('\n'), 'noisy.topics'), TrecParseError, /^noisy\.topics:\d+: /),
            'noisy.topics',
            lines.length,
          );
        },
      ),
    );
  });
});
