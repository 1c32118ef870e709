import { useId, useState } from 'react';
import { estimateExperimentMemory } from '../../../../core/experiment/memoryEstimate';
import type { ExperimentConfig } from '../../../../core/experiment/schema';
import { formatBytes } from '../../../../core/limits';
import type { LibraryExperiment } from '../../../../storage/library';
import type { LabStorage, StorageFootprint } from '../../../../storage/stores';

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

export interface RowActions {
  storage: LabStorage;
  running: boolean;
  activeHash: string | null;
  onOpen: (configHash: string) => void;
  onDuplicate?: (config: ExperimentConfig) => void;
  changed: () => void;
  setError: (message: string | null) => void;
}

export function ExperimentRow({
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
