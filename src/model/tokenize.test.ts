/**
 * Tokenization against transformers.js' own expected outputs (fixtures/data/bert), from both a vocab.txt and
 * the real bert-base-uncased tokenizer.json; longest_first truncation against cases worked out by hand from
 * Hugging Face's algorithms (Rust `tokenizers` truncate_encodings for the fast tokenizer, transformers'
 * one-token-at-a-time loop for the slow one); bucketing and padding layout.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readShared, readSharedJson, sharedPath } from '../testing/shared';
import { PairTokenizer, assertVocabMatches, bucketFor, resolveBuckets, truncatedLengths } from './tokenize';

interface Case {
  text: string;
  text_pair?: string;
  tokens: string[];
  ids: number[];
}

const cases = readSharedJson<Record<string, Record<string, Case>>>('data/bert/transformersjs.bert-uncased-tokenizer-cases.json');
const vocabText = readShared('data/bert/bert-base-uncased-vocab.txt');
const tokenizerJsonText = strFromU8(gunzipSync(readFileSync(sharedPath('data/bert/bert-base-uncased.tokenizer.json.gz'))));

const fromVocab = PairTokenizer.fromVocab(vocabText, 'bert-base-uncased-vocab.txt');
const fromJson = PairTokenizer.fromTokenizerJson(tokenizerJsonText, 'bert-base-uncased.tokenizer.json');
const tokenizers = { 'vocab.txt': fromVocab, 'tokenizer.json': fromJson };

describe.each(Object.entries(tokenizers))('transformers.js BERT uncased cases, tokenizer from %s', (_name, tok) => {
  const all = Object.entries(cases).flatMap(([model, byName]) => Object.entries(byName).map(([name, c]) => [`${model} ${name}`, c] as const));
  it('covers both models in the fixture (42 cases)', () => {
    expect(all.length).toBe(42);
  });
  it.each(all)('%s', (_label, c) => {
    if (c.text_pair !== undefined) {
      expect([...tok.tokenize(c.text), ...tok.tokenize(c.text_pair)]).toEqual(c.tokens);
      const pair = tok.encodePair(c.text, c.text_pair, 512);
      expect(pair.ids).toEqual(c.ids);
      // [CLS] A [SEP] are type 0, B [SEP] type 1
      const sepAt = pair.ids.indexOf(102);
      expect(pair.typeIds).toEqual(pair.ids.map((_id, i) => (i <= sepAt ? 0 : 1)));
    } else {
      expect(tok.tokenize(c.text)).toEqual(c.tokens);
      expect(tok.encodeSingle(c.text).ids).toEqual(c.ids);
    }
  });
});

describe('vocab.txt and tokenizer.json build the same tokenizer', () => {
  it('has the same vocabulary size and special ids', () => {
    expect(fromVocab.vocabSize).toBe(30522);
    expect(fromJson.vocabSize).toBe(30522);
    expect(fromVocab.padId).toBe(0);
    expect(fromJson.padId).toBe(0);
  });
  it('gives identical ids on 300 real DL19 BM25 passages and their queries', () => {
    const topics = readSharedJson<Array<{ query: string; hits: Array<{ content: string }> }>>('data/trec-dl/rank_llm.bm25.retrieve_results_dl19.json');
    const texts = topics.flatMap((t) => [t.query, ...t.hits.slice(0, 7).map((h) => h.content)]);
    expect(texts.length).toBeGreaterThanOrEqual(300);
    let tokens = 0;
    for (const text of texts) {
      const a = fromVocab.textIds(text);
      expect(a).toEqual(fromJson.textIds(text));
      tokens += a.length;
    }
    expect(tokens).toBeGreaterThan(10_000);
  });
});

describe('longest_first truncation', () => {
  // Worked out by hand from Rust tokenizers' truncate_encodings (what fast tokenizers and CrossEncoder use):
  // keep the shorter whole when the longer can take the rest; otherwise split the budget in half, the odd
  // token going to the originally longer sequence (the second one on a tie).
  const fast: Array<[number, number, number, number, number]> = [
    // n1, n2, budget → kept n1, n2
    [0, 8, 7, 0, 7],
    [2, 8, 7, 2, 5],
    [2, 2, 7, 2, 2],
    [4, 4, 7, 3, 4],
    [4, 8, 7, 3, 4],
    [8, 2, 7, 5, 2],
    [8, 4, 7, 4, 3],
    [8, 8, 7, 3, 4],
    [8, 8, 8, 4, 4],
    [300, 20, 509, 300, 20],
    [30, 600, 509, 30, 479],
    [600, 600, 509, 254, 255],
    [700, 10, 0, 0, 0],
  ];
  it.each(fast)('fast: (%i, %i) into %i keeps (%i, %i)', (n1, n2, budget, k1, k2) => {
    expect(truncatedLengths(n1, n2, budget, 'longest_first')).toEqual([k1, k2]);
  });

  // transformers' slow tokenizer: remove one token at a time from the longer, from the second on a tie.
  const slow: Array<[number, number, number, number, number]> = [
    [4, 4, 7, 4, 3],
    [4, 8, 7, 4, 3],
    [8, 4, 7, 4, 3],
    [8, 8, 7, 4, 3],
    [2, 8, 7, 2, 5],
    [8, 2, 7, 5, 2],
    [600, 600, 509, 255, 254],
  ];
  it.each(slow)('slow: (%i, %i) into %i keeps (%i, %i)', (n1, n2, budget, k1, k2) => {
    expect(truncatedLengths(n1, n2, budget, 'longest_first_slow')).toEqual([k1, k2]);
  });

  it('slow closed form equals the literal one-token-at-a-time loop on a grid', () => {
    for (let n1 = 0; n1 <= 14; n1++) {
      for (let n2 = 0; n2 <= 14; n2++) {
        for (let budget = 0; budget <= 16; budget++) {
          let a = n1;
          let b = n2;
          for (let r = n1 + n2 - budget; r > 0; r--) {
            if (a > b) a--;
            else b--;
          }
          expect(truncatedLengths(n1, n2, budget, 'longest_first_slow')).toEqual([a, b]);
        }
      }
    }
  });

  it('fast and slow agree whenever only the longer one is cut or the budget is even and lengths differ', () => {
    for (let n1 = 0; n1 <= 14; n1++) {
      for (let n2 = 0; n2 <= 14; n2++) {
        for (let budget = 0; budget <= 16; budget++) {
          const f = truncatedLengths(n1, n2, budget, 'longest_first');
          expect(f[0] + f[1]).toBe(Math.min(n1 + n2, budget));
          if (Math.min(n1, n2) <= budget - Math.min(n1, n2) || (budget % 2 === 0 && n1 !== n2)) {
            expect(f).toEqual(truncatedLengths(n1, n2, budget, 'longest_first_slow'));
          }
        }
      }
    }
  });

  it('truncates real text: [CLS] query [SEP] passage-prefix [SEP]', () => {
    const passage = 'The quick brown fox jumps over the lazy dog near the riverbank at dawn.';
    const p = fromJson.textIds(passage);
    const q = fromJson.textIds('hello world');
    expect(q).toEqual([7592, 2088]);
    const enc = fromJson.encodePair('hello world', passage, 10);
    expect(enc.ids).toEqual([101, 7592, 2088, 102, ...p.slice(0, 5), 102]);
    expect(enc.typeIds).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    // both cut: budget 7, 12-token query vs 15-token passage → 3 and 4 (fast), 4 and 3 (slow)
    const longQuery = 'one two three four five six seven eight nine ten eleven twelve';
    expect(fromJson.textIds(longQuery).length).toBe(12);
    expect(p.length).toBeGreaterThan(12);
    const fast = fromJson.encodePair(longQuery, passage, 10);
    expect(fast.ids).toEqual([101, ...fromJson.textIds(longQuery).slice(0, 3), 102, ...p.slice(0, 4), 102]);
    const slow = fromJson.encodePair(longQuery, passage, 10, 'longest_first_slow');
    expect(slow.ids).toEqual([101, ...fromJson.textIds(longQuery).slice(0, 4), 102, ...p.slice(0, 3), 102]);
  });

  it('rejects a max length below the three special tokens', () => {
    expect(() => fromJson.encodePair('a', 'b', 2)).toThrow(/at least 3/);
  });
});

describe('bucketed padded batches', () => {
  it('resolves buckets capped at maxLength', () => {
    expect(resolveBuckets(512)).toEqual([32, 64, 128, 256, 512]);
    expect(resolveBuckets(100)).toEqual([32, 64, 100]);
    expect(resolveBuckets(16)).toEqual([16]);
    expect(resolveBuckets(300, [256, 64, 64])).toEqual([64, 256, 300]);
    expect(bucketFor(33, [32, 64])).toBe(64);
    expect(bucketFor(32, [32, 64])).toBe(32);
    expect(() => bucketFor(65, [32, 64])).toThrow(/exceeds/);
  });

  it('pads rows to the smallest bucket with [PAD]=0, type 0, mask 0, row-major', () => {
    const queries = ['hello', 'how are you doing?'];
    const passages = ['world', 'The company was founded in 2016.'];
    const batch = fromVocab.encodePairs(queries, passages, { maxLength: 512 });
    expect(batch.batchSize).toBe(2);
    expect(batch.seqLen).toBe(32);
    expect(batch.inputIds.length).toBe(64);
    const row0 = [101, 7592, 102, 2088, 102];
    const row1 = [101, 2129, 2024, 2017, 2725, 1029, 102, 1996, 2194, 2001, 2631, 1999, 2355, 1012, 102];
    expect([...batch.inputIds.slice(0, 32)]).toEqual([...row0, ...new Array(27).fill(0)]);
    expect([...batch.inputIds.slice(32)]).toEqual([...row1, ...new Array(17).fill(0)]);
    expect([...batch.attentionMask.slice(0, 32)]).toEqual([1, 1, 1, 1, 1, ...new Array(27).fill(0)]);
    expect([...batch.tokenTypeIds.slice(32, 48)]).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
  });

  it('grows to the next bucket, never beyond maxLength', () => {
    const long = 'word '.repeat(40);
    expect(fromJson.encodePairs(['q'], [long], { maxLength: 512 }).seqLen).toBe(64);
    const capped = fromJson.encodePairs(['q'], ['word '.repeat(400)], { maxLength: 100 });
    expect(capped.seqLen).toBe(100);
    expect(capped.attentionMask.reduce((a, b) => a + b, 0)).toBe(100);
    expect(capped.inputIds[99]).toBe(102);
    expect(fromJson.encodePairs(['q'], [long], { maxLength: 512, buckets: [48, 128] }).seqLen).toBe(48);
  });

  it('rejects mismatched query and passage counts', () => {
    expect(() => fromJson.encodePairs(['a', 'b'], ['c'], { maxLength: 32 })).toThrow(/2 queries but 1 passages/);
  });
});

describe('bad inputs', () => {
  it('names the vocab file that lacks [CLS]', () => {
    expect(() => PairTokenizer.fromVocab('[PAD]\n[UNK]\n[SEP]\nhello\n', 'my-vocab.txt')).toThrow(/my-vocab\.txt: token \[CLS\] is missing/);
  });
  it('names the tokenizer.json that is not JSON', () => {
    expect(() => PairTokenizer.fromTokenizerJson('{"model": ', 'x/tokenizer.json')).toThrow(/x\/tokenizer\.json: not valid JSON/);
    expect(() => PairTokenizer.fromTokenizerJson({ foo: 1 }, 'y.json')).toThrow(/y\.json: not a Hugging Face tokenizer\.json/);
  });
  it('assertVocabMatches: a model with fewer embeddings than the tokenizer has ids is a clear error', () => {
    expect(() => assertVocabMatches(fromVocab, 1000, 'tiny/config.json')).toThrow(
      /tiny\/config\.json: vocab_size 1000 is smaller than the tokenizer's 30522 tokens/,
    );
    expect(() => assertVocabMatches(fromVocab, 30522, 'config.json')).not.toThrow();
    // models whose embedding table is padded past the vocabulary are fine
    expect(() => assertVocabMatches(fromVocab, 30528, 'config.json')).not.toThrow();
  });
});
