import { useEffect, useState } from 'react';
import { MODEL_FOLDER_FILES } from '../../../../train/localModel';

/** Where picked model folders are kept (IndexedDB, by content hash), found by the folder name the config names. */
export interface LocalModelStore {
  findLocalModel(folderName: string): Promise<{ contentHash: string; files: Record<string, Uint8Array> } | undefined>;
  importLocalModel(folderName: string, files: Record<string, Uint8Array>): Promise<{ contentHash: string }>;
}

/** A local model folder: picked or dropped once, then kept in IndexedDB under its content hash. */
export function useModelFolder(localPath: string | null, localModels: LocalModelStore) {
  const [folder, setFolder] = useState<{ path: string; contentHash: string; configText: string | null } | null>(null);
  const [folderError, setFolderError] = useState<string | null>(null);
  useEffect(() => {
    if (!localPath) return;
    void localModels.findLocalModel(localPath).then((found) =>
      setFolder(
        found
          ? {
              path: localPath,
              contentHash: found.contentHash,
              configText: found.files['config.json'] ? new TextDecoder().decode(found.files['config.json']) : null,
            }
          : null,
      ),
    );
  }, [localPath, localModels]);
  const keptFolder = folder && folder.path === localPath ? folder : null;
  const importFolder = async (picked: File[]) => {
    if (!localPath) return;
    setFolderError(null);
    const wanted = picked.filter((f) => (MODEL_FOLDER_FILES as readonly string[]).includes(f.name));
    const lacking = ['config.json', 'model.safetensors'].filter((name) => !wanted.some((f) => f.name === name));
    if (!wanted.some((f) => f.name === 'tokenizer.json' || f.name === 'vocab.txt')) lacking.push('tokenizer.json (or vocab.txt)');
    if (lacking.length) {
      setFolderError(
        `${localPath}: ${lacking.join(', ')} not found among the picked files; a Hugging Face model folder needs config.json, model.safetensors and tokenizer.json (or vocab.txt)`,
      );
      return;
    }
    const record = Object.fromEntries(await Promise.all(wanted.map(async (f) => [f.name, new Uint8Array(await f.arrayBuffer())] as const)));
    const { contentHash } = await localModels.importLocalModel(localPath, record);
    setFolder({ path: localPath, contentHash, configText: new TextDecoder().decode(record['config.json']) });
  };
  return { keptFolder, folderError, setFolderError, importFolder };
}

export type KeptFolder = ReturnType<typeof useModelFolder>['keptFolder'];
