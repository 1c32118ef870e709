/**
 * Reading Hugging Face `config.json` files, for every family's reader: fields keep their HF defaults when absent (as
 * transformers' config classes do); anything a model cannot honour (another activation, relative positions, more
 * than one label) is refused by name rather than ignored.
 */
import { z } from 'zod';
import { checkFileSize } from '../limits';

export class ConfigError extends Error {
  constructor(source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'ConfigError';
  }
}

export const positiveInt = z.number().int().positive();
export const probability = z.number().min(0).lt(1);

/** The label fields every family's schema carries: a cross-encoder config must describe exactly one logit. */
interface HfLabelFields {
  num_labels?: number;
  id2label?: Record<string, string>;
}

/** The label fields of a `*ForSequenceClassification` config with one label. */
export const ONE_LABEL = { num_labels: 1, id2label: { '0': 'LABEL_0' }, label2id: { LABEL_0: 0 } } as const;

/** config.json text parsed (no size check: the family reader checks the text it is given). */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(source, `not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Parses config.json text (or already parsed JSON) against a family's schema, reporting the first bad field
 * with the value found there, and refuses any label count other than 1.
 */
export function readHfConfig<T extends HfLabelFields>(schema: z.ZodType<T>, input: string | unknown, source: string): T {
  let json: unknown = input;
  if (typeof input === 'string') {
    checkFileSize(input.length, 'configJsonBytes', source);
    json = parseJsonText(input, source);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ConfigError(source, 'must be a JSON object');
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? issue.path.join('.') : '(root)';
    const value = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], json);
    throw new ConfigError(source, `field '${field}': ${issue.message} (got ${JSON.stringify(value)})`);
  }
  const c = parsed.data;
  const labels = c.num_labels ?? (c.id2label ? Object.keys(c.id2label).length : 1);
  if (labels !== 1) throw new ConfigError(source, `field 'num_labels': a cross-encoder has exactly 1 label, this config has ${labels}`);
  return c;
}

/** The pad token's embedding row must exist. */
export function requirePadInVocab(c: { pad_token_id: number; vocab_size: number }, source: string): void {
  if (c.pad_token_id >= c.vocab_size) throw new ConfigError(source, `field 'pad_token_id': ${c.pad_token_id} is outside vocab_size ${c.vocab_size}`);
}

/** RoPE rotates pairs of dimensions, so each head needs an even size. */
export function requireEvenRopeHeadSize(c: { hidden_size: number; num_attention_heads: number }, source: string): void {
  if (c.hidden_size % c.num_attention_heads !== 0 || (c.hidden_size / c.num_attention_heads) % 2 !== 0) {
    throw new ConfigError(
      source,
      `field 'num_attention_heads': hidden_size ${c.hidden_size} / ${c.num_attention_heads} heads must be an even head size (RoPE)`,
    );
  }
}
