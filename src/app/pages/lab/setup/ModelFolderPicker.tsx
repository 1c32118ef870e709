import type { KeptFolder } from './useModelFolder';

/** Every file of what was dropped, walking into dropped folders. */
async function filesFromDrop(data: DataTransfer): Promise<File[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => Boolean(e));
  if (entries.length === 0) return [...data.files];
  const files: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      files.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child);
    }
  };
  for (const entry of entries) await walk(entry);
  return files;
}

export interface ModelFolderPickerProps {
  /** The folder name the config names (a local model), or null. */
  localPath: string | null;
  keptFolder: KeptFolder;
  folderError: string | null;
  setFolderError: (message: string | null) => void;
  importFolder: (picked: File[]) => Promise<void>;
}

/** A local model's folder: picked or dropped (or its files), then said to be kept; what was wrong with it, if anything. */
export function ModelFolderPicker({ localPath, keptFolder, folderError, setFolderError, importFolder }: ModelFolderPickerProps) {
  return (
    <>
      {localPath && (
        <div
          className="row dropzone"
          data-testid="model-folder"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            void filesFromDrop(e.dataTransfer)
              .then(importFolder)
              .catch((error: Error) => setFolderError(error.message));
          }}
        >
          Model folder <code>{localPath}</code>:{' '}
          {keptFolder ? (
            <span className="ok" data-testid="model-folder-kept">
              kept in this browser (<code>{keptFolder.contentHash.slice(0, 12)}</code>)
            </span>
          ) : (
            'pick it, or drop it (or its files) here'
          )}{' '}
          <input
            type="file"
            aria-label="model folder"
            multiple
            {...{ webkitdirectory: '' }}
            onChange={(e) => e.target.files && void importFolder([...e.target.files]).catch((error: Error) => setFolderError(error.message))}
          />
          <input
            type="file"
            aria-label="model files"
            multiple
            onChange={(e) => e.target.files && void importFolder([...e.target.files]).catch((error: Error) => setFolderError(error.message))}
          />
        </div>
      )}
      {folderError && (
        <p className="error" role="alert">
          {folderError}
        </p>
      )}
    </>
  );
}
