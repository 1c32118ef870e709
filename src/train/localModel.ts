/**
 * A Hugging Face model folder, read the same way in Node (a directory) and in the page (files the user picked or
 * dropped, kept in IndexedDB): config.json, model.safetensors, and tokenizer.json or else vocab.txt. A missing
 * file is an error naming it, before anything is trained.
 */
import type { LocalModelFiles } from './host';

/** The files the lab reads from a model folder (anything else in it is ignored). */
export const MODEL_FOLDER_FILES = ['config.json', 'model.safetensors', 'tokenizer.json', 'vocab.txt'] as const;

export const FOLDER_NEEDS = 'a Hugging Face model folder needs config.json, model.safetensors and tokenizer.json (or vocab.txt)';

export interface FolderReader {
  /** Where the folder is, for messages (a path, or the picked folder's name). */
  folder: string;
  has(file: string): boolean;
  read(file: string): Promise<Uint8Array>;
  /** How a file in the folder is named in messages (default `folder/file`). */
  pathOf?(file: string): string;
}

export async function readModelFiles(reader: FolderReader): Promise<LocalModelFiles> {
  const pathOf = reader.pathOf ?? ((file: string) => `${reader.folder}/${file}`);
  const need = async (file: string, hint = '') => {
    if (!reader.has(file)) throw new Error(`${pathOf(file)}: not found; ${FOLDER_NEEDS}${hint}`);
    return reader.read(file);
  };
  const text = new TextDecoder();
  const configText = text.decode(await need('config.json'));
  const weights = await need('model.safetensors', reader.has('pytorch_model.bin') ? ' (convert pytorch_model.bin with the safetensors tools)' : '');
  const tokenizerFile = reader.has('tokenizer.json') ? 'tokenizer.json' : reader.has('vocab.txt') ? 'vocab.txt' : null;
  if (tokenizerFile === null) throw new Error(`${pathOf('tokenizer.json')}: not found, nor vocab.txt; ${FOLDER_NEEDS}`);
  return { configText, weights, tokenizer: { file: tokenizerFile, text: text.decode(await reader.read(tokenizerFile)) }, folder: reader.folder };
}

/**
 * The folder name and model files among picked or dropped files: the folder is the first part of each file's
 * relative path (a picked directory), else `fallbackName`; only the files the lab reads are kept.
 */
export function modelFolderOf(files: readonly { name: string; relativePath?: string }[], fallbackName: string): { folderName: string; names: string[] } {
  const folders = new Set(
    files
      .map((f) => (f.relativePath ?? '').split('/').filter(Boolean))
      .filter((parts) => parts.length > 1)
      .map((parts) => parts[0]),
  );
  const folderName = folders.size === 1 ? [...folders][0] : fallbackName;
  return { folderName, names: files.map((f) => f.name).filter((name) => (MODEL_FOLDER_FILES as readonly string[]).includes(name)) };
}
