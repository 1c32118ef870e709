/**
 * Property-based tests of the tokenizer-file readers (vocab.txt, tokenizer.json): a written vocabulary reads
 * back with every token at its line's id; random or mutated files give a tokenizer whose ids fit its vocabulary
 * or an error naming the file — never another error or a silently wrong vocabulary size.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty, resultOrTypedError } from '../testing/property';
import { bertTokenizerJsonFromVocab, PairTokenizer } from './tokenize';

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const word = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom(...'abcdefgh#'.split('')) });
const vocabulary = fc
  .uniqueArray(word, { minLength: 1, maxLength: 40 })
  .chain((words) => fc.shuffledSubarray([...SPECIALS, ...words, '__proto__', 'constructor'], { minLength: SPECIALS.length + words.length + 2 }));

describe('vocab.txt', () => {
  it('every token gets its line number as id; the vocabulary size is the line count', () => {
    checkProperty(
      fc.property(vocabulary, fc.constantFrom('\n', '\r\n'), (tokens, eol) => {
        const tokenizer = PairTokenizer.fromVocab(tokens.join(eol) + eol, 'vocab.txt');
        expect(tokenizer.vocabSize).toBe(tokens.length);
        tokens.forEach((t, i) => expect(tokenizer.tokenizer.token_to_id(t)).toBe(i));
        expect(tokenizer.padId).toBe(tokens.indexOf('[PAD]'));
        const { ids } = tokenizer.encodePair('abc def', 'gh', 16);
        expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < tokenizer.vocabSize)).toBe(true);
      }),
      40,
    );
  });

  it('random text: a tokenizer or an error naming the file', () => {
    checkProperty(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...SPECIALS)), { maxLength: 12 }), (lines) => {
        resultOrTypedError(() => PairTokenizer.fromVocab(lines.join('\n'), 'vocab.txt'), Error, /^vocab\.txt: /);
      }),
      40,
    );
  });
});

describe('tokenizer.json', () => {
  const base = bertTokenizerJsonFromVocab([...SPECIALS, 'abc', 'def', '##gh'].join('\n'), 'vocab.txt') as Record<string, unknown>;
  const paths = [
    ['padding', 'pad_id'],
    ['post_processor', 'special_tokens'],
    ['model', 'vocab'],
    ['model', 'unk_token'],
    ['model'],
    ['added_tokens'],
    ['padding'],
    ['post_processor'],
    ['post_processor', 'pair'],
    ['normalizer'],
    ['model', 'vocab', 'abc'],
    ['model', 'vocab', '[PAD]'],
  ];

  it('with fields replaced by random JSON: a tokenizer whose ids fit its vocabulary, or an error naming the file', () => {
    checkProperty(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 }), (path, value) => {
        const json = structuredClone(base) as Record<string, unknown>;
        let at = json;
        for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
        at[path.at(-1)!] = value;
        const tokenizer = resultOrTypedError(() => PairTokenizer.fromTokenizerJson(JSON.stringify(json), 't.json'), Error, /^t\.json: /);
        if (tokenizer instanceof Error) return;
        expect(Number.isSafeInteger(tokenizer.vocabSize) && tokenizer.vocabSize > 0).toBe(true);
        expect(Number.isSafeInteger(tokenizer.padId)).toBe(true);
      }),
      60,
    );
  });
});

describe('regressions found by the properties', () => {
  const base = () =>
    bertTokenizerJsonFromVocab([...SPECIALS, 'abc'].join('\n')) as { model: { vocab: Record<string, unknown> }; post_processor: { pair: unknown[] } };
  it('a vocab.txt line "__proto__" is a token like any other', () => {
    expect(PairTokenizer.fromVocab([...SPECIALS, '__proto__'].join('\n')).tokenizer.token_to_id('__proto__')).toBe(5);
  });
  it('a tokenizer.json id that is not an integer is refused by name', () => {
    const json = base();
    json.model.vocab.abc = 4.000000000000001;
    expect(() => PairTokenizer.fromTokenizerJson(json, 't.json')).toThrow(
      't.json: model.vocab["abc"] must be a non-negative integer id, got 4.000000000000001',
    );
  });
  it('a malformed template piece is refused by name', () => {
    const json = base();
    json.post_processor.pair = [null];
    expect(() => PairTokenizer.fromTokenizerJson(json, 't.json')).toThrow('t.json: post_processor.pair[0] is neither a SpecialToken nor Sequence A/B');
  });
});
