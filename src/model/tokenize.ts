/**
 * Query–passage tokenization for cross-encoders, through `@huggingface/tokenizers` (normalizer,
 * pre-tokenizer and WordPiece come from the library; we only add truncation, the pair template and padding,
 * which the library does not do).
 *
 * Truncation follows Hugging Face's *fast* (Rust `tokenizers`) `longest_first`, because that is what
 * `AutoTokenizer` and sentence-transformers' `CrossEncoder` use. It differs from the slow Python tokenizer's
 * one-token-at-a-time loop only when both sides must be cut and the remaining budget is odd, or the two
 * sides tie; `truncation: 'longest_first_slow'` gives the slow tokenizer's result instead.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { checkFileSize } from '../core/limits';
import type { EncodedBatch } from './batch';

export type { EncodedBatch } from './batch';

export const DEFAULT_BUCKETS: readonly number[] = [32, 64, 128, 256, 512];

export type TruncationMode = 'longest_first' | 'longest_first_slow';

export interface EncodePairsOptions {
  /** total length including [CLS] and both [SEP]s */
  maxLength: number;
  /** padded lengths to choose from; lengths above maxLength are dropped and maxLength is always one */
  buckets?: readonly number[];
  truncation?: TruncationMode;
}

/** One template item of the pair/single template, resolved to ids. */
type TemplatePiece = { kind: 'special'; ids: number[]; typeId: number } | { kind: 'sequence'; which: 'A' | 'B'; typeId: number };

interface Template {
  single: TemplatePiece[];
  pair: TemplatePiece[];
}

/**
 * Lengths (n1, n2) the two sequences keep so that n1 + n2 ≤ budget.
 * 'longest_first': Rust tokenizers' truncate_encodings — keep the shorter whole if the longer can take the
 *   rest, else split the budget in half with the odd token going to the originally longer sequence
 *   (to the second on a tie).
 * 'longest_first_slow': transformers' Python loop — remove one token at a time from the longer sequence,
 *   from the second on a tie.
 */
export function truncatedLengths(n1: number, n2: number, budget: number, mode: TruncationMode = 'longest_first'): [number, number] {
  if (budget < 0) throw new Error(`truncation budget ${budget} is negative`);
  if (n1 + n2 <= budget) return [n1, n2];
  if (mode === 'longest_first_slow') {
    let a = n1;
    let b = n2;
    // closed form of the loop: cut the longer down to the shorter, then alternate starting with the second
    const remove = a + b - budget;
    const gap = Math.abs(a - b);
    const first = Math.min(gap, remove);
    if (a > b) a -= first;
    else b -= first;
    const rest = remove - first;
    if (rest > 0) {
      // now a === b; the second loses ceil(rest/2), the first floor(rest/2)
      b -= Math.ceil(rest / 2);
      a -= Math.floor(rest / 2);
    }
    return [a, b];
  }
  let short = Math.min(n1, n2);
  let long: number;
  const swapped = n1 > n2;
  long = short > budget ? short : Math.max(short, budget - short);
  if (short + long > budget) {
    short = Math.floor(budget / 2);
    long = short + (budget % 2);
  }
  return swapped ? [long, short] : [short, long];
}

/** Sorted bucket lengths capped at maxLength, with maxLength itself always present. */
export function resolveBuckets(maxLength: number, buckets: readonly number[] = DEFAULT_BUCKETS): number[] {
  for (const b of buckets) {
    if (!Number.isInteger(b) || b <= 0) throw new Error(`bucket length ${b} must be a positive integer`);
  }
  const kept = [...new Set(buckets.filter((b) => b < maxLength))].sort((x, y) => x - y);
  kept.push(maxLength);
  return kept;
}

export function bucketFor(length: number, buckets: readonly number[]): number {
  for (const b of buckets) if (b >= length) return b;
  throw new Error(`sequence length ${length} exceeds the largest bucket ${buckets[buckets.length - 1]}`);
}

interface TokenizerJsonLike {
  model?: { vocab?: Record<string, number> | unknown; type?: string };
  added_tokens?: Array<{ id: number; content: string; special?: boolean }>;
  post_processor?: unknown;
  padding?: { pad_id?: number } | null;
}

/**
 * The tokenizer.json that Hugging Face's BertTokenizerFast builds from a BERT uncased vocab.txt
 * (transformers' BertConverter): BertNormalizer (clean_text, handle_chinese_chars, lowercase; accents are
 * stripped because strip_accents is unset and lowercase is on), BertPreTokenizer, WordPiece with [UNK] and
 * max_input_chars_per_word 100, and the `[CLS] $A [SEP] $B:1 [SEP]:1` template.
 */
export function bertTokenizerJsonFromVocab(vocabText: string, fileName = 'vocab.txt'): object {
  checkFileSize(vocabText.length, 'tokenizerFileBytes', fileName);
  // transformers' load_vocab: one token per line, id = line index, trailing "\n" removed (we drop "\r" too)
  const lines = vocabText.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  // no prototype: a token such as "__proto__" is an ordinary key
  const vocab: Record<string, number> = Object.create(null) as Record<string, number>;
  lines.forEach((line, index) => {
    vocab[line.endsWith('\r') ? line.slice(0, -1) : line] = index;
  });
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  for (const required of ['[UNK]', '[CLS]', '[SEP]', '[PAD]']) {
    if (!(required in vocab)) {
      throw new Error(`${fileName}: token ${required} is missing (${lines.length} lines read); is this a BERT WordPiece vocab.txt?`);
    }
  }
  const special = (id: string) => ({ id, ids: [vocab[id]!], tokens: [id] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials
      .filter((token) => token in vocab)
      .map((content) => ({ id: vocab[content]!, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function parseTemplate(postProcessor: unknown, fileName: string): Template {
  const pp = isRecord(postProcessor) ? postProcessor : undefined;
  const fail = (where: string, problem: string): never => {
    throw new Error(`${fileName}: post_processor.${where} ${problem}`);
  };
  const typeIdOf = (piece: Record<string, unknown>, where: string): number => {
    const typeId = piece.type_id ?? 0;
    return isId(typeId) ? typeId : fail(`${where}.type_id`, `must be a non-negative integer, got ${JSON.stringify(typeId)}`);
  };
  if (pp && pp.type === 'TemplateProcessing') {
    const specials = isRecord(pp.special_tokens) ? pp.special_tokens : {};
    const resolve = (items: unknown, field: string): TemplatePiece[] => {
      if (!Array.isArray(items)) fail(field, 'is not a list');
      return (items as unknown[]).map((item, i): TemplatePiece => {
        const where = `${field}[${i}]`;
        const special = isRecord(item) && isRecord(item.SpecialToken) ? item.SpecialToken : undefined;
        if (special) {
          const entry = Object.hasOwn(specials, String(special.id)) ? specials[String(special.id)] : undefined;
          const ids = isRecord(entry) ? entry.ids : undefined;
          if (!Array.isArray(ids) || !ids.every(isId))
            fail(where, `names special token ${JSON.stringify(special.id)}, which special_tokens does not define with integer ids`);
          return { kind: 'special', ids: ids as number[], typeId: typeIdOf(special, `${where}.SpecialToken`) };
        }
        const sequence = isRecord(item) && isRecord(item.Sequence) ? item.Sequence : undefined;
        if (sequence && (sequence.id === 'A' || sequence.id === 'B')) {
          return { kind: 'sequence', which: sequence.id, typeId: typeIdOf(sequence, `${where}.Sequence`) };
        }
        return fail(where, 'is neither a SpecialToken nor Sequence A/B');
      });
    };
    return { single: resolve(pp.single, 'single'), pair: resolve(pp.pair, 'pair') };
  }
  if (pp && pp.type === 'BertProcessing') {
    const idOf = (field: 'cls' | 'sep'): number => {
      const value = pp[field];
      return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && isId(value[1])
        ? value[1]
        : fail(field, `must be [token, id], got ${JSON.stringify(value)}`);
    };
    const cls = idOf('cls');
    const sep = idOf('sep');
    return {
      single: [
        { kind: 'special', ids: [cls], typeId: 0 },
        { kind: 'sequence', which: 'A', typeId: 0 },
        { kind: 'special', ids: [sep], typeId: 0 },
      ],
      pair: [
        { kind: 'special', ids: [cls], typeId: 0 },
        { kind: 'sequence', which: 'A', typeId: 0 },
        { kind: 'special', ids: [sep], typeId: 0 },
        { kind: 'sequence', which: 'B', typeId: 1 },
        { kind: 'special', ids: [sep], typeId: 1 },
      ],
    };
  }
  throw new Error(`${fileName}: post_processor must be TemplateProcessing or BertProcessing for a cross-encoder (found ${pp ? String(pp.type) : 'none'})`);
}

function addedCount(pieces: TemplatePiece[]): number {
  return pieces.reduce((n, p) => n + (p.kind === 'special' ? p.ids.length : 0), 0);
}

export class PairTokenizer {
  /** one more than the largest token id (vocab and added tokens) */
  readonly vocabSize: number;
  readonly padId: number;
  /** The largest token type id the pair template assigns (0 for XLM-R/ModernBERT-style templates, 1 for BERT's). */
  readonly maxTypeId: number;

  private constructor(
    readonly tokenizer: Tokenizer,
    private readonly template: Template,
    json: TokenizerJsonLike,
    readonly source: string,
  ) {
    let maxId = -1;
    const checkId = (id: unknown, where: string) => {
      if (!Number.isSafeInteger(id) || (id as number) < 0) throw new Error(`${source}: ${where} must be a non-negative integer id, got ${JSON.stringify(id)}`);
      maxId = Math.max(maxId, id as number);
    };
    const vocab = json.model?.vocab;
    if (vocab && typeof vocab === 'object' && !Array.isArray(vocab)) {
      for (const [token, id] of Object.entries(vocab as Record<string, unknown>)) checkId(id, `model.vocab[${JSON.stringify(token)}]`);
    }
    (Array.isArray(json.added_tokens) ? json.added_tokens : []).forEach((t, i) => checkId(t?.id, `added_tokens[${i}].id`));
    if (maxId < 0) throw new Error(`${source}: model.vocab is empty or not a token → id map`);
    this.vocabSize = maxId + 1;
    const padId: unknown = json.padding?.pad_id ?? tokenizer.token_to_id('[PAD]') ?? tokenizer.token_to_id('<pad>') ?? 0;
    if (!isId(padId)) throw new Error(`${source}: padding.pad_id must be a non-negative integer id, got ${JSON.stringify(padId)}`);
    this.padId = padId;
    this.maxTypeId = Math.max(...template.pair.map((piece) => piece.typeId));
  }

  /** From a Hugging Face tokenizer.json (parsed object or its text). */
  static fromTokenizerJson(json: unknown, fileName = 'tokenizer.json'): PairTokenizer {
    let parsed = json;
    if (typeof json === 'string') {
      checkFileSize(json.length, 'tokenizerFileBytes', fileName);
      try {
        parsed = JSON.parse(json);
      } catch (error) {
        throw new Error(`${fileName}: not valid JSON (${(error as Error).message})`);
      }
    }
    if (!parsed || typeof parsed !== 'object' || !('model' in parsed)) {
      throw new Error(`${fileName}: not a Hugging Face tokenizer.json (no "model" field)`);
    }
    const obj = parsed as TokenizerJsonLike;
    const template = parseTemplate(obj.post_processor, fileName);
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(obj, {});
    } catch (error) {
      throw new Error(`${fileName}: @huggingface/tokenizers could not build it: ${(error as Error).message}`);
    }
    return new PairTokenizer(tokenizer, template, obj, fileName);
  }

  /** From a BERT uncased WordPiece vocab.txt (one token per line). */
  static fromVocab(vocabText: string, fileName = 'vocab.txt'): PairTokenizer {
    return PairTokenizer.fromTokenizerJson(bertTokenizerJsonFromVocab(vocabText, fileName), fileName);
  }

  /** WordPiece tokens of one text, without special tokens. */
  tokenize(text: string): string[] {
    return this.tokenizer.tokenize(text, { add_special_tokens: false });
  }

  /** Ids of one text, without special tokens. */
  textIds(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  /** `[CLS] text [SEP]` (the single template), untruncated. */
  encodeSingle(text: string): { ids: number[]; typeIds: number[] } {
    return this.apply(this.template.single, this.textIds(text), []);
  }

  /** `[CLS] query [SEP] passage [SEP]` with token types, truncated to maxLength, unpadded. */
  encodePair(query: string, passage: string, maxLength: number, truncation: TruncationMode = 'longest_first'): { ids: number[]; typeIds: number[] } {
    const added = addedCount(this.template.pair);
    if (!Number.isInteger(maxLength) || maxLength < added) {
      throw new Error(`maxLength ${maxLength} must be an integer of at least ${added} (the pair template's special tokens)`);
    }
    const a = this.textIds(query);
    const b = this.textIds(passage);
    const [n1, n2] = truncatedLengths(a.length, b.length, maxLength - added, truncation);
    return this.apply(this.template.pair, a.slice(0, n1), b.slice(0, n2));
  }

  /** A padded, row-major batch; seqLen is the smallest bucket that holds the longest row. */
  encodePairs(queries: readonly string[], passages: readonly string[], opts: EncodePairsOptions): EncodedBatch {
    if (queries.length !== passages.length) {
      throw new Error(`encodePairs: ${queries.length} queries but ${passages.length} passages`);
    }
    const buckets = resolveBuckets(opts.maxLength, opts.buckets);
    const rows = queries.map((q, i) => this.encodePair(q, passages[i]!, opts.maxLength, opts.truncation));
    const longest = rows.reduce((m, r) => Math.max(m, r.ids.length), 0);
    const seqLen = bucketFor(longest, buckets);
    const batchSize = rows.length;
    const inputIds = new Int32Array(batchSize * seqLen).fill(this.padId);
    const tokenTypeIds = new Int32Array(batchSize * seqLen);
    const attentionMask = new Int32Array(batchSize * seqLen);
    rows.forEach((row, r) => {
      const offset = r * seqLen;
      inputIds.set(row.ids, offset);
      tokenTypeIds.set(row.typeIds, offset);
      attentionMask.fill(1, offset, offset + row.ids.length);
    });
    return { inputIds, tokenTypeIds, attentionMask, batchSize, seqLen };
  }

  private apply(pieces: TemplatePiece[], a: number[], b: number[]): { ids: number[]; typeIds: number[] } {
    const ids: number[] = [];
    const typeIds: number[] = [];
    for (const piece of pieces) {
      const part = piece.kind === 'special' ? piece.ids : piece.which === 'A' ? a : b;
      for (const id of part) {
        ids.push(id);
        typeIds.push(piece.typeId);
      }
    }
    return { ids, typeIds };
  }
}

/** Throws a clear error when the tokenizer can emit ids the model's embedding table does not have. */
export function assertVocabMatches(tokenizer: { vocabSize: number; source?: string }, modelVocabSize: number, fileName: string): void {
  if (tokenizer.vocabSize > modelVocabSize) {
    throw new Error(
      `${fileName}: vocab_size ${modelVocabSize} is smaller than the tokenizer's ${tokenizer.vocabSize} tokens` +
        `${tokenizer.source ? ` (${tokenizer.source})` : ''}; ids ≥ ${modelVocabSize} would index past the word embeddings — ` +
        'the tokenizer and the model come from different checkpoints',
    );
  }
}
