import { useEffect, useMemo, useState } from 'react';
import type { ExperimentConfig } from '../../../../core/experiment/schema';
import { loadLibrary, type LibraryEntry } from '../../../../storage/library';
import type { LabStorage, RunStatus } from '../../../../storage/stores';
import type { ExperimentState } from '../../../experiment/experimentController';
import { announceStorageChanged, STORAGE_CHANGED_EVENT } from '../../../../storage/storageEvents';
import { ExperimentRow } from './ExperimentRow';
import { SweepRows } from './SweepRows';
import './library.css';

export interface ExperimentLibraryProps {
  storage: LabStorage;
  /** The page's experiment, so the library follows it during a run. */
  state: ExperimentState;
  running: boolean;
  onOpen: (configHash: string) => void;
  /** Puts a copy of the config into the editor (the setup form decides how). */
  onDuplicate?: (config: ExperimentConfig) => void;
  /** Shows a sweep's comparison (the gap by model size) from its stored experiments. */
  onOpenSweep?: (name: string) => void;
}

/** Changes when a run starts, stops or is evaluated: then the library is read again (not on every step). */
function signatureOf(state: ExperimentState): string {
  return `${state.configHash}|${state.order.map((id) => `${state.runs[id].status}:${state.runs[id].evaluations.length}`).join(',')}`;
}

function liveStatuses(state: ExperimentState): Record<string, RunStatus> {
  const statuses: Record<string, RunStatus> = {};
  for (const id of state.order) {
    const s = state.runs[id].status;
    statuses[id] = s === 'pausing' ? 'running' : s === 'failed' ? 'paused' : s;
  }
  return statuses;
}

/**
 * The experiment library: every experiment stored in this browser with its model, arms, status, date and best
 * NDCG@10 per arm; open, duplicate, rename, delete (showing what it frees). A sweep is one entry with its
 * experiments inside. Visible during runs, and read again whenever a run starts, ends or is evaluated.
 */
export function ExperimentLibrary({ storage, state, running, onOpen, onDuplicate, onOpenSweep }: ExperimentLibraryProps) {
  const [entries, setEntries] = useState<LibraryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const signature = signatureOf(state);
  const live = useMemo(() => (state.configHash ? { configHash: state.configHash, statuses: liveStatuses(state) } : undefined), [signature]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    let current = true;
    loadLibrary(storage, live).then(
      (next) => current && setEntries(next),
      (e: Error) => current && setError(`The library could not be read: ${e.message}`),
    );
    return () => {
      current = false;
    };
  }, [storage, live, reloads]);
  useEffect(() => {
    const reload = () => setReloads((n) => n + 1);
    window.addEventListener(STORAGE_CHANGED_EVENT, reload);
    return () => window.removeEventListener(STORAGE_CHANGED_EVENT, reload);
  }, []);

  const changed = () => {
    setReloads((n) => n + 1);
    announceStorageChanged();
  };
  const actions = { storage, running, activeHash: running ? state.configHash : null, onOpen, onDuplicate, changed, setError };

  return (
    <section className="panel library" aria-label="Saved experiments">
      <h2>Experiment library</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {entries === null ? (
        <p className="muted">Reading the library…</p>
      ) : entries.length === 0 ? (
        <p className="muted" data-testid="library-empty">
          No experiments in this browser yet: start one and it appears here, with its status and best NDCG@10 per arm as it runs.
        </p>
      ) : (
        <table className="library-table" data-testid="library">
          <thead>
            <tr>
              <th scope="col">experiment</th>
              <th scope="col">model</th>
              <th scope="col">arms: best NDCG@10</th>
              <th scope="col">status</th>
              <th scope="col">saved</th>
              <th scope="col">actions</th>
            </tr>
          </thead>
          {entries.map((entry) =>
            entry.kind === 'experiment' ? (
              <tbody key={entry.experiment.configHash}>
                <ExperimentRow experiment={entry.experiment} {...actions} />
              </tbody>
            ) : (
              <SweepRows key={`sweep:${entry.name}`} entry={entry} onOpenSweep={onOpenSweep} {...actions} />
            ),
          )}
        </table>
      )}
    </section>
  );
}
