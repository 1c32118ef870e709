/**
 * Test-only: the tiny PyTorch goldens of the three families (fixtures/golden/tiny-*) as complete Hugging Face
 * folders, the way a user would have them on disk. The goldens ship config.json and model.safetensors only, so a
 * tokenizer is added: the bundled BERT vocab.txt for tiny-bert (its vocabulary) and tiny-modernbert (whose
 * embedding is larger than it), and for tiny-gte (vocab_size 1000, one token type) a 1000-token WordPiece
 * tokenizer.json laid out like XLM-R's (`<s>`=0, `<pad>`=1, `</s>`=2, every token type 0).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelFamily } from '../model/crossEncoder';
import { bertTokenizerJsonFromVocab } from '../model/tokenize';
import { REPO_ROOT, sharedPath } from './shared';

export const GOLDEN_FOLDER: Record<ModelFamily, string> = { bert: 'tiny-bert', gte: 'tiny-gte', modernbert: 'tiny-modernbert' };

export const BUNDLED_VOCAB_PATH = resolve(REPO_ROOT, 'public/data/bert-base-uncased-vocab.txt');

/** A WordPiece tokenizer.json of `size` tokens: [CLS] [PAD] [SEP] [UNK] then the most frequent BERT words; types all 0. */
export function smallTokenizerJson(size: number): object {
  const words = readFileSync(BUNDLED_VOCAB_PATH, 'utf8')
    .split('\n')
    .slice(1996, 1996 + size - 4);
  const json = bertTokenizerJsonFromVocab(['[CLS]', '[PAD]', '[SEP]', '[UNK]', ...words].join('\n') + '\n', 'tokenizer.json') as {
    post_processor: { pair: { SpecialToken?: { type_id: number }; Sequence?: { type_id: number } }[] };
  };
  for (const piece of json.post_processor.pair) (piece.SpecialToken ?? piece.Sequence)!.type_id = 0;
  return json;
}

/** Writes the golden of `family` as a Hugging Face folder under `dir` and returns the folder's path. */
export function writeGoldenModelFolder(family: ModelFamily, dir: string): string {
  const folder = join(dir, GOLDEN_FOLDER[family]);
  mkdirSync(folder, { recursive: true });
  for (const file of ['config.json', 'model.safetensors']) copyFileSync(sharedPath('golden', GOLDEN_FOLDER[family], file), join(folder, file));
  if (family === 'gte') writeFileSync(join(folder, 'tokenizer.json'), JSON.stringify(smallTokenizerJson(1000)));
  else copyFileSync(BUNDLED_VOCAB_PATH, join(folder, 'vocab.txt'));
  return folder;
}

/** A random-init model of `family` small enough for a software adapter: 2 layers, hidden 32, 4 heads (head size 8). */
export function tinyRandomModel(architecture: ModelFamily) {
  const base = { kind: 'random', architecture, layers: 2, hidden: 32, heads: 4, intermediate: 48, vocabSize: 30522, maxPositions: 64 } as const;
  // Small windows and a global layer every 2, so both attention kinds run at these lengths.
  return architecture === 'modernbert' ? { ...base, localAttention: 8, globalAttnEveryNLayers: 2 } : base;
}
