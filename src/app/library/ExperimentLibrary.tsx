import { useEffect, useId, useMemo, useState } from 'react';
import { estimateExperimentMemory } from '../../core/experiment/memoryEstimate';
import type { ExperimentConfig } from '../../core/experiment/schema';
import { formatBytes } from '../../core/limits';
import { loadLibrary, type LibraryEntry, type LibraryExperiment } from '../../storage/library';
import type { LabStorage, RunStatus, StorageFootprint } from '../../storage/stores';
import type { ExperimentState } from '../experiment/experimentController';
import { announceStorageChanged, STORAGE_CHANGED_EVENT } from '../../storage/storageEvents';
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

function checkpointEstimate(config: ExperimentConfig) {
  const estimate = estimateExperimentMemory(config);
  return (arm: string) => {
    const i = config.arms.findIndex((a) => a.name === arm);
    return estimate && i >= 0 ? estimate.parameterBytes + (estimate.optimizerStateBytes[i] ?? 0) : null;
  };
}

function footprintText(f: StorageFootprint): string {
  const parts = [`${f.runs} runs`, `${f.steps} curve points`, `${f.evaluations} evaluations`];
  if (f.checkpoints) parts.push(`${f.checkpoints} checkpoints`);
  if (f.savedModels) parts.push(`${f.savedModels} trained models`);
  return `frees about ${formatBytes(f.bytes)} (${parts.join(', ')})`;
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

interface RowActions {
  storage: LabStorage;
  running: boolean;
  activeHash: string | null;
  onOpen: (configHash: string) => void;
  onDuplicate?: (config: ExperimentConfig) => void;
  changed: () => void;
  setError: (message: string | null) => void;
}

function SweepRows({ entry, onOpenSweep, ...actions }: { entry: Extract<LibraryEntry, { kind: 'sweep' }>; onOpenSweep?: (name: string) => void } & RowActions) {
  const [open, setOpen] = useState(false);
  const toggleId = useId();
  const [confirm, setConfirm] = useState(false);
  const stored = entry.experiments.filter((e): e is LibraryExperiment => !('missing' in e));
  const finished = stored.filter((e) => e.status === 'finished').length;
  const active = stored.some((e) => e.configHash === actions.activeHash);
  return (
    <tbody className="library-sweep" data-testid={`library-sweep-${entry.name}`}>
      <tr>
        <th scope="row">
          <button type="button" id={toggleId} className="library-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {open ? '▾' : '▸'} sweep {entry.name}
          </button>
        </th>
        <td>{entry.experiments.length} experiments</td>
        <td />
        <td>
          {finished} of {entry.experiments.length} finished
        </td>
        <td>{new Date(entry.savedAt).toLocaleString()}</td>
        <td>
          {confirm ? (
            <span>
              Delete the sweep and its {stored.length} stored experiments?{' '}
              <button
                type="button"
                onClick={() =>
                  void actions.storage
                    .deleteSweep(entry.name)
                    .then(actions.changed)
                    .catch((e: Error) => actions.setError(e.message))
                }
              >
                Delete sweep
              </button>{' '}
              <button type="button" onClick={() => setConfirm(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <>
              {onOpenSweep && (
                <>
                  <button
                    type="button"
                    aria-describedby={toggleId}
                    disabled={finished === 0}
                    title={finished === 0 ? 'No experiment of it has finished yet' : 'The Lion − AdamW gap by model size, from its finished experiments'}
                    onClick={() => onOpenSweep(entry.name)}
                  >
                    Open comparison
                  </button>{' '}
                </>
              )}
              <button type="button" disabled={active} title={active ? 'One of its experiments is running' : undefined} onClick={() => setConfirm(true)}>
                Delete…
              </button>
            </>
          )}
        </td>
      </tr>
      {open &&
        entry.experiments.map((e) =>
          'missing' in e ? (
            <tr key={e.configHash} className="library-member">
              <th scope="row">{e.name}</th>
              <td colSpan={5} className="muted">
                not started yet
              </td>
            </tr>
          ) : (
            <ExperimentRow key={e.configHash} experiment={e} member {...actions} />
          ),
        )}
    </tbody>
  );
}

function ExperimentRow({
  experiment: e,
  member,
  storage,
  running,
  activeHash,
  onOpen,
  onDuplicate,
  changed,
  setError,
}: { experiment: LibraryExperiment; member?: boolean } & RowActions) {
  const [mode, setMode] = useState<{ kind: 'idle' } | { kind: 'rename'; text: string } | { kind: 'delete'; footprint: StorageFootprint | null }>({
    kind: 'idle',
  });
  const title = e.label ?? e.name;
  // buttons are named by what they do and described by the row's experiment (a name inside an accessible name
  // would make "Open e2e-resume" answer to "Resume")
  const nameId = useId();
  const isActive = e.configHash === activeHash;
  return (
    <tr className={member ? 'library-member' : undefined} data-testid={`library-${e.name}`}>
      <th scope="row">
        {mode.kind === 'rename' ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void storage
                .renameExperiment(e.configHash, mode.text)
                .then(() => {
                  setMode({ kind: 'idle' });
                  changed();
                })
                .catch((err: Error) => setError(err.message));
            }}
          >
            <input aria-label={`new name for ${title}`} value={mode.text} autoFocus onChange={(ev) => setMode({ kind: 'rename', text: ev.target.value })} />{' '}
            <button type="submit">Save name</button>{' '}
            <button type="button" onClick={() => setMode({ kind: 'idle' })}>
              Cancel
            </button>
          </form>
        ) : (
          <>
            <span className="library-name" id={nameId}>
              {title}
            </span>
            {e.label && <span className="muted"> ({e.name})</span>} <code title={e.configHash}>{e.configHash.slice(0, 8)}</code>
          </>
        )}
      </th>
      <td>{e.model}</td>
      <td>
        <ul className="library-arms">
          {e.arms.map((arm) => (
            <li key={arm.name}>
              <strong>{arm.name}</strong> <span className="muted">({arm.optimizer})</span>:{' '}
              {arm.best.length === 0
                ? 'not evaluated yet'
                : arm.best.map((b) => (
                    <span key={b.evalSet} className="library-best" title={`step ${b.step}, mean of ${b.seeds} seed${b.seeds === 1 ? '' : 's'}`}>
                      {b.evalSet} {b.ndcg10.toFixed(4)}
                    </span>
                  ))}
            </li>
          ))}
        </ul>
      </td>
      <td data-testid="library-status">
        {isActive ? 'running' : e.status}{' '}
        <span className="muted">
          ({e.runs.finished}/{e.runs.total} runs)
        </span>
      </td>
      <td>{new Date(e.savedAt).toLocaleString()}</td>
      <td className="library-actions">
        {mode.kind === 'delete' ? (
          <span role="group" aria-label={`delete ${title}`}>
            Delete {title}? {mode.footprint ? footprintText(mode.footprint) : 'counting what it frees…'}{' '}
            <button
              type="button"
              onClick={() =>
                void storage
                  .deleteExperiment(e.configHash)
                  .then(changed)
                  .catch((err: Error) => setError(err.message))
              }
            >
              Delete
            </button>{' '}
            <button type="button" onClick={() => setMode({ kind: 'idle' })}>
              Cancel
            </button>
          </span>
        ) : (
          <>
            <button
              type="button"
              aria-describedby={nameId}
              disabled={running}
              title={running ? 'Pause or stop the run first: opening another experiment ends it' : undefined}
              onClick={() => onOpen(e.configHash)}
            >
              Open
            </button>{' '}
            {onDuplicate && (
              <>
                <button type="button" aria-describedby={nameId} onClick={() => onDuplicate(e.config)}>
                  Duplicate
                </button>{' '}
              </>
            )}
            <button type="button" aria-describedby={nameId} onClick={() => setMode({ kind: 'rename', text: title })}>
              Rename
            </button>{' '}
            <button
              type="button"
              aria-describedby={nameId}
              disabled={isActive}
              title={isActive ? 'It is running: stop it first' : undefined}
              onClick={() => {
                setMode({ kind: 'delete', footprint: null });
                storage
                  .experimentFootprint(e.configHash, checkpointEstimate(e.config))
                  .then((footprint) => setMode((m) => (m.kind === 'delete' ? { kind: 'delete', footprint } : m)))
                  .catch((err: Error) => setError(err.message));
              }}
            >
              Delete…
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
