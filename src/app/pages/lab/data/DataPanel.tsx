import { useCallback, useEffect, useState } from 'react';
import { formatBytes } from '../../../../core/limits';
import type { ExperimentConfig } from '../../../../core/experiment/schema';
import type { LabStorage, StoredDataset } from '../../../../storage/stores';
import { openedSnapshots } from '../../viewer/openedSnapshot';
import { announceStorageChanged, STORAGE_CHANGED_EVENT } from '../../../../storage/storageEvents';
import './data.css';

type Import =
  | { id: number; name: string; state: 'running'; phase: 'reading' | 'checking'; fraction: number }
  | { id: number; name: string; state: 'done'; message: string }
  | { id: number; name: string; state: 'failed'; message: string };

/** The experiments (by name) whose config names `fileName` as a user file. */
function usesOf(fileName: string, experiments: { config: ExperimentConfig }[]): string[] {
  return experiments
    .filter(({ config }) => {
      const refs = [config.trainingData, ...config.evalSets.flatMap((e) => [e.topics, e.qrels, e.candidates])];
      return refs.some((r) => typeof r === 'object' && r !== null && 'source' in r && r.source === 'file' && r.name === fileName);
    })
    .map(({ config }) => config.name);
}

let nextImportId = 0;

/**
 * The data panel: qrels, topics and candidates kept in this browser (by content hash), where each is used, and
 * imports by picking files or dropping them anywhere on the page (a dropped snapshot opens in the viewer
 * instead). Each import shows its progress; a malformed file names the file, line and reason, and nothing
 * stored changes.
 */
export function DataPanel({ storage }: { storage: LabStorage }) {
  const [stored, setStored] = useState<(Omit<StoredDataset, 'bytes'> & { usedBy: string[] })[] | null>(null);
  const [imports, setImports] = useState<Import[]>([]);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    let live = true;
    void Promise.all([storage.listDatasets(), storage.listExperiments()]).then(([datasets, experiments]) => {
      if (live) setStored(datasets.sort((a, b) => b.importedAt - a.importedAt).map((d) => ({ ...d, usedBy: usesOf(d.fileName, experiments) })));
    });
    return () => {
      live = false;
    };
  }, [storage, reloads]);
  useEffect(() => {
    const onChange = () => setReloads((n) => n + 1);
    window.addEventListener(STORAGE_CHANGED_EVENT, onChange);
    return () => window.removeEventListener(STORAGE_CHANGED_EVENT, onChange);
  }, []);

  const importFiles = useCallback(
    async (files: File[]) => {
      for (const file of files) {
        const id = ++nextImportId;
        const patch = (next: Import) => setImports((list) => [...list.filter((i) => i.id !== id), next].slice(-8));
        patch({ id, name: file.name, state: 'running', phase: 'reading', fraction: 0 });
        try {
          // the parsers load with the first import, not with the page
          const { checkDataFile } = await import('./dataImport');
          const checked = await checkDataFile(file, (phase, fraction) => patch({ id, name: file.name, state: 'running', phase, fraction }));
          const { contentHash, alreadyImported } = await storage.importDataset(checked.kind, file.name, checked.bytes);
          patch({
            id,
            name: file.name,
            state: 'done',
            message: `${file.name}: ${checked.kind}, ${checked.summary}, ${alreadyImported ? 'already stored' : 'stored'} as ${contentHash.slice(0, 12)}`,
          });
        } catch (error) {
          patch({ id, name: file.name, state: 'failed', message: `${(error as Error).message}. Nothing stored was changed.` });
        }
      }
      announceStorageChanged();
    },
    [storage],
  );

  // Drop anywhere on the page: a snapshot opens in the viewer, anything else is imported here.
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (e.defaultPrevented || !e.dataTransfer?.files.length) return; // a drop zone of its own took it
      e.preventDefault();
      const files = [...e.dataTransfer.files];
      void (async () => {
        const data: File[] = [];
        const { looksLikeSnapshot } = await import('./dataImport');
        for (const file of files) {
          if (await looksLikeSnapshot(file)) void openedSnapshots.openFile(file, 'drop');
          else data.push(file);
        }
        if (data.length) await importFiles(data);
      })();
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [importFiles]);

  return (
    <section className="panel data-panel" aria-label="Data">
      <h2>Data in this browser</h2>
      <p className="muted">
        Qrels, topics and candidates you import are kept here by content hash; an experiment uses one by naming it:{' '}
        <code>{'{ "source": "file", "name": "…" }'}</code>. Drop files anywhere on the page, or{' '}
        <label>
          pick them:{' '}
          <input
            type="file"
            multiple
            aria-label="import data files"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              void importFiles(files);
            }}
          />
        </label>
      </p>
      {imports.length > 0 && (
        <ul className="data-imports" aria-label="Imports">
          {imports.map((i) => (
            <li key={i.id} data-testid={`import-${i.name}`}>
              {i.state === 'running' ? (
                <span role="status">
                  {i.phase === 'reading' ? 'Reading' : 'Checking'} {i.name}…{' '}
                  <progress aria-label={`importing ${i.name}`} max={1} value={i.phase === 'reading' ? i.fraction : undefined} />
                </span>
              ) : i.state === 'done' ? (
                <span className="ok" role="status">
                  {i.message}
                </span>
              ) : (
                <span className="error" role="alert">
                  {i.message}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {stored === null ? (
        <p className="muted">Reading what is stored…</p>
      ) : stored.length === 0 ? (
        <p className="muted" data-testid="data-empty">
          Nothing imported yet.
        </p>
      ) : (
        <table className="data-table" data-testid="data-table">
          <thead>
            <tr>
              <th scope="col">file</th>
              <th scope="col">kind</th>
              <th scope="col">size</th>
              <th scope="col">content hash</th>
              <th scope="col">used by</th>
              <th scope="col">actions</th>
            </tr>
          </thead>
          <tbody>
            {stored.map((d) => (
              <tr key={d.contentHash} data-testid={`data-${d.fileName}`}>
                <th scope="row" id={`data-name-${d.contentHash}`}>
                  {d.fileName}
                </th>
                <td>{d.kind}</td>
                <td>{formatBytes(d.byteLength)}</td>
                <td>
                  <code title={d.contentHash}>{d.contentHash.slice(0, 12)}</code>
                </td>
                <td>{d.usedBy.length ? d.usedBy.join(', ') : <span className="muted">no stored experiment</span>}</td>
                <td>
                  {confirm === d.contentHash ? (
                    <span role="group" aria-label={`delete ${d.fileName}`}>
                      Delete {d.fileName}? Frees {formatBytes(d.byteLength)}
                      {d.usedBy.length ? `; ${d.usedBy.join(', ')} will ask for it again` : ''}.{' '}
                      <button
                        type="button"
                        onClick={() =>
                          void storage.deleteDataset(d.contentHash).then(() => {
                            setConfirm(null);
                            announceStorageChanged();
                          })
                        }
                      >
                        Delete
                      </button>{' '}
                      <button type="button" onClick={() => setConfirm(null)}>
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <>
                      <button
                        type="button"
                        aria-describedby={`data-name-${d.contentHash}`}
                        onClick={() => {
                          const ref = JSON.stringify({ source: 'file', name: d.fileName });
                          void navigator.clipboard.writeText(ref).then(
                            () => setCopied(`Copied ${ref}: paste it into the config's ${d.kind} field.`),
                            () => setCopied(`Use ${ref} as the config's ${d.kind} field.`),
                          );
                        }}
                      >
                        Use in an experiment
                      </button>{' '}
                      <button type="button" aria-describedby={`data-name-${d.contentHash}`} onClick={() => setConfirm(d.contentHash)}>
                        Delete…
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {copied && (
        <p className="muted" role="status">
          {copied}
        </p>
      )}
    </section>
  );
}
