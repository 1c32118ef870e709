/**
 * Property-based tests of the training-data formats: triples and labelled pairs written as TSV or JSONL (and
 * FlagEmbedding groups) stream back as the same examples, through gzip and any chunking; random or mutated
 * lines give an example or a DataFormatError naming the file and the line — never another error.
 */
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkProperty, chunkSizes, resultOrTypedError, resultOrTypedErrorAsync } from '../../testing/property';
import { DataFormatError, detectLayout, parseExampleLine, type TrainingExample } from './examples';
import { TrainingStream } from './stream';
import { chunkedSource } from '../../testing/streams';

/** Text a TSV cell can hold: no tab or line break; not blank, so a row is never skipped as empty. */
const cell = fc.string({ minLength: 1, maxLength: 20 }).filter((t) => !/[\t\n\r]/.test(t) && t.trim().length > 0);
const label = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.double({ min: -10, max: 10, noNaN: true }).map((x) => x + 0),
);
const triple = fc.record({ kind: fc.constant('triple' as const), query: cell, positive: cell, negative: cell });
const pair = fc.record({ kind: fc.constant('pair' as const), query: cell, passage: cell, label });
const group = fc.record({
  kind: fc.constant('group' as const),
  query: fc.string({ maxLength: 20 }),
  positives: fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 3 }),
  negatives: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
});

function tsv(e: TrainingExample): string {
  if (e.kind === 'triple') return `${e.query}\t${e.positive}\t${e.negative}`;
  if (e.kind === 'pair') return `${e.query}\t${e.passage}\t${e.label}`;
  throw new Error('groups have no TSV form');
}

function jsonl(e: TrainingExample): string {
  if (e.kind === 'triple') return JSON.stringify({ query: e.query, positive: e.positive, negative: e.negative });
  if (e.kind === 'pair') return JSON.stringify({ query: e.query, passage: e.passage, label: e.label });
  return JSON.stringify({ query: e.query, pos: e.positives, neg: e.negatives, pos_scores: [1] });
}

async function streamed(text: string, gzip: boolean, sizes: number[], options: ConstructorParameters<typeof TrainingStream>[1] = {}) {
  const bytes = new TextEncoder().encode(text);
  const out: TrainingExample[] = [];
  for await (const e of new TrainingStream(chunkedSource(gzip ? gzipSync(bytes) : bytes, 'train', sizes[0]), options)) out.push(e);
  return out;
}

describe('training data', () => {
  it('TSV triples and pairs stream back as written (gzip or not, any chunking, CRLF, blank lines)', async () => {
    await checkProperty(
      fc.asyncProperty(
        fc.oneof(fc.array(triple, { minLength: 1, maxLength: 10 }), fc.array(pair, { minLength: 1, maxLength: 10 })),
        fc.constantFrom('\n', '\r\n', '\n\n'),
        fc.boolean(),
        chunkSizes,
        async (examples, eol, gzip, sizes) => {
          const kind = examples[0]!.kind === 'triple' ? 'triples' : 'pairs';
          expect(await streamed(examples.map(tsv).join(eol), gzip, sizes, { kind })).toEqual(examples);
        },
      ),
    );
  });

  it('JSONL triples, pairs and groups stream back as written', async () => {
    await checkProperty(
      fc.asyncProperty(fc.array(fc.oneof(triple, pair, group), { minLength: 1, maxLength: 10 }), fc.boolean(), chunkSizes, async (examples, gzip, sizes) => {
        expect(await streamed(examples.map(jsonl).join('\n'), gzip, sizes, { format: 'jsonl' })).toEqual(examples);
      }),
    );
  });

  it('random and mutated lines: an example or a DataFormatError naming the file and the line', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? ''),
      fc.tuple(fc.oneof(triple, pair, group), fc.nat(), fc.string({ maxLength: 3 })).map(([e, at, junk]) => {
        const text = e.kind === 'group' ? jsonl(e) : at % 2 ? tsv(e) : jsonl(e);
        const i = at % (text.length + 1);
        return text.slice(0, i) + junk + text.slice(i + junk.length);
      }),
    );
    checkProperty(
      fc.property(line, fc.constantFrom<'auto' | 'tsv' | 'jsonl'>('auto', 'tsv', 'jsonl'), fc.nat({ max: 10_000 }), (text, format, lineNumber) => {
        const layout = detectLayout(text, format);
        const outcome = resultOrTypedError(
          () => parseExampleLine(text, lineNumber, layout, 'train.tsv'),
          DataFormatError,
          new RegExp(`^train\\.tsv:${lineNumber}: `),
        );
        if (outcome === null || outcome instanceof Error) return;
        if (outcome.kind === 'pair') expect(Number.isFinite(outcome.label)).toBe(true);
        if (outcome.kind === 'group') expect(outcome.positives.length).toBeGreaterThan(0);
      }),
    );
  });

  it('a stream of random lines yields examples or stops with an error naming the file', async () => {
    await checkProperty(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 30 }), { maxLength: 8 }), chunkSizes, async (lines, sizes) => {
        await resultOrTypedErrorAsync(() => streamed(lines.join('\n'), false, sizes), Error, /^train(:\d+)?: /);
      }),
    );
  });
});

describe('regressions found by the properties', () => {
  it('a TSV whose first query starts with "{" is TSV, not JSONL', () => {
    expect(detectLayout('{ \t!\t0')).toEqual({ format: 'tsv', tsvKind: 'pairs' });
    expect(detectLayout('{"query": "q", "positive": "p", "negative": "n"}').format).toBe('jsonl');
  });
});
