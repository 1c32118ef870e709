/**
 * Property-based tests of the Hugging Face config readers: the real tiny configs with random fields changed,
 * added or removed, and random JSON, give a config the model can build (sizes positive integers, heads dividing
 * the width, the pad token inside the vocabulary) or a ConfigError naming the file — never another error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty, resultOrTypedError } from '../../testing/property';
import { readSharedJson } from '../../testing/shared';
import { ConfigError, parseBertConfig, parseGteConfig, parseModernBertConfig } from './hfConfig';

const families = [
  ['tiny-bert', parseBertConfig],
  ['tiny-gte', parseGteConfig],
  ['tiny-modernbert', parseModernBertConfig],
] as const;

/** Values that configs get wrong: neighbours of the right ones, wrong types, extremes. */
const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(0, -1, 1, 2, 3, 0.5, 1e308, -0, 2 ** 53, 'gelu', 'bert', 'new', 'modernbert', 'ntk', 'mean', 'cls', true, false, null),
  fc.integer({ min: -3, max: 1_000_000 }),
);

function expectBuildable(config: object) {
  const c = config as Record<string, unknown>;
  for (const key of ['vocabSize', 'hiddenSize', 'numLayers', 'numHeads', 'intermediateSize', 'maxPositions']) {
    expect(Number.isSafeInteger(c[key]) && (c[key] as number) > 0, `${key} = ${String(c[key])}`).toBe(true);
  }
  expect((c.hiddenSize as number) % (c.numHeads as number)).toBe(0);
  expect(Number.isSafeInteger(c.padTokenId) && (c.padTokenId as number) >= 0 && (c.padTokenId as number) < (c.vocabSize as number)).toBe(true);
}

describe.each(families)('%s config.json', (name, parse) => {
  const golden = readSharedJson<Record<string, unknown>>('golden', name, 'config.json');

  it('with fields changed, added or removed: a buildable config or a ConfigError naming the file', () => {
    const key = fc.oneof(fc.constantFrom(...Object.keys(golden)), fc.string({ maxLength: 12 }));
    const edit = fc.oneof(fc.tuple(key, oddValue), fc.tuple(key, fc.constant(undefined)));
    checkProperty(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean(), (edits, asText) => {
        const config: Record<string, unknown> = { ...golden };
        for (const [k, v] of edits) {
          if (v === undefined) delete config[k];
          else config[k] = v;
        }
        const outcome = resultOrTypedError(() => parse(asText ? JSON.stringify(config) : config, 'c.json'), ConfigError, /^c\.json: /);
        if (!(outcome instanceof Error)) expectBuildable(outcome);
      }),
    );
  });

  it('random text and JSON: a ConfigError naming the file, or a buildable config', () => {
    checkProperty(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
        ),
        (text) => {
          const outcome = resultOrTypedError(() => parse(text, 'c.json'), ConfigError, /^c\.json: /);
          if (!(outcome instanceof Error)) expectBuildable(outcome);
        },
      ),
    );
  });
});

describe('regressions found by the properties', () => {
  it('GTE and ModernBERT refuse a pad token outside the vocabulary, as BERT does', () => {
    const gte = readSharedJson<Record<string, unknown>>('golden/tiny-gte/config.json');
    expect(() => parseGteConfig({ ...gte, pad_token_id: gte.vocab_size }, 'c.json')).toThrow(
      `c.json: field 'pad_token_id': ${String(gte.vocab_size)} is outside vocab_size`,
    );
    const modernBert = readSharedJson<Record<string, unknown>>('golden/tiny-modernbert/config.json');
    expect(() => parseModernBertConfig({ ...modernBert, pad_token_id: modernBert.vocab_size }, 'c.json')).toThrow(/^c\.json: field 'pad_token_id'/);
  });
});
