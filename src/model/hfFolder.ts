/**
 * A trained model as a Hugging Face folder: config.json (`*ForSequenceClassification`, one label),
 * model.safetensors (F32, HF tensor names), the tokenizer it was trained with, and a README.md model card.
 * The folder loads back through the same config.json dispatch (`npm run score`, `model.kind: "local"`) to the
 * same weights bit for bit, and with `from_pretrained` in transformers.
 */
import type { CrossEncoder } from './crossEncoder';

export interface TokenizerFileText {
  file: 'tokenizer.json' | 'vocab.txt';
  text: string;
}

/** File name → bytes of the folder. */
export type HfFolderFiles = Record<string, Uint8Array>;

const utf8 = new TextEncoder();

export async function hfFolderFiles(model: CrossEncoder, tokenizer: TokenizerFileText, readme: string): Promise<HfFolderFiles> {
  return {
    'config.json': utf8.encode(JSON.stringify(model.hfConfigJson(), null, 2) + '\n'),
    'model.safetensors': await model.exportSafetensors(),
    [tokenizer.file]: utf8.encode(tokenizer.text),
    'README.md': utf8.encode(readme),
  };
}
