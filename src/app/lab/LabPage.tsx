import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { SUMMARY_MEASURES } from '../../core/experiment/defaults';
import type { Snapshot } from '../../core/snapshot';
import { LabStorage, type StoredExperiment } from '../../storage/stores';
import { CurveChart, MetricChart, type ChartRun } from './Charts';
import { ExperimentController, type EnvironmentOf, type ExperimentState } from './experimentController';
import { ExperimentSetup } from './ExperimentSetup';
import { RunPanel } from './RunPanel';
import { SnapshotImport, SnapshotResults } from './SnapshotPanel';
import { SweepResults } from './SweepResults';
import { TuningResults, type TuningView } from './TuningResults';
import { expandTuningStudy } from '../../core/experiment/tuning';
import { runRecordFromLive } from './experimentController';
import type { RunRecord } from '../../core/snapshot/schema';

const createTrainWorker = (name: string) => new Worker(new URL('../../../workers/train.worker.ts', import.meta.url), { type: 'module', name });
const browserEnvironment: EnvironmentOf = (adapter) => ({
  adapter,
  runtime: { kind: 'browser', userAgent: navigator.userAgent },
  app: { version: __APP_VERSION__, commit: __APP_COMMIT__ },
});

function chartRunsOf(state: ExperimentState): ChartRun[] {
  return state.order.map((id) => {
    const run = state.runs[id];
    return { runId: id, arm: run.spec.arm.name, optimizer: run.spec.arm.optimizer, seed: run.spec.seed, curve: run.curve, evaluations: run.evaluations };
  });
}

function chartRunsOfSnapshot(snapshot: Snapshot): ChartRun[] {
  return snapshot.runs.map((run) => ({
    runId: run.runId,
    arm: run.arm,
    optimizer: snapshot.config.arms.find((a) => a.name === run.arm)?.optimizer ?? 'adamw',
    seed: run.seed,
    curve: run.curve,
    evaluations: run.evaluations,
  }));
}

export function Curves({ runs, evalSets }: { runs: ChartRun[]; evalSets: string[] }) {
  if (runs.every((r) => r.curve.length === 0)) return null;
  return (
    <section className="panel" aria-label="Curves">
      <h2>Curves</h2>
      <div className="charts">
        <CurveChart runs={runs} title="training loss (EMA 0.8)" value={(p) => p.loss} smoothing={0.8} />
        <CurveChart runs={runs} title="gradient norm (before clipping)" value={(p) => p.gradNorm} />
        <CurveChart runs={runs} title="learning rate" value={(p) => p.lr} />
        {evalSets.flatMap((evalSet) =>
          SUMMARY_MEASURES.map((m) => <MetricChart key={`${evalSet}-${m.key}`} runs={runs} evalSet={evalSet} measure={m.key} label={m.label} />),
        )}
      </div>
    </section>
  );
}

/** A tuning study's view: the trials that have ended so far (live), or all of them once the final runs began. */
function tuningViewOf(state: ExperimentState): TuningView | null {
  const { tuning } = state;
  if (!tuning) return null;
  if (tuning.trials) return { expanded: tuning.expanded, trials: tuning.trials, phase: tuning.phase };
  const ended = state.order.map((id) => runRecordFromLive(state.runs[id])).filter((r): r is RunRecord => r !== null);
  return { expanded: tuning.expanded, trials: ended, phase: tuning.phase };
}

function tuningViewOfSnapshot(snapshot: Snapshot): TuningView | null {
  if (!snapshot.tuning) return null;
  return { expanded: expandTuningStudy(snapshot.tuning.study, 'tuning.study'), trials: snapshot.tuning.runs, phase: 'final' };
}

/** `?debug=faults` shows fault-injection controls (used by the e2e tests; handy to see recovery work). */
const faultInjection = new URLSearchParams(globalThis.location?.search ?? '').get('debug') === 'faults';

export function LabPage() {
  const storage = useMemo(() => new LabStorage(), []);
  const controller = useMemo(() => new ExperimentController(storage, createTrainWorker, browserEnvironment), [storage]);
  useEffect(() => () => controller.dispose(), [controller]);
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  const [now, setNow] = useState(() => performance.now());
  const [stored, setStored] = useState<StoredExperiment[]>([]);
  const [opened, setOpened] = useState<Snapshot | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 1000);
    void storage.deleteOrphanedCheckpointPayloads().then(() => storage.listExperiments().then(setStored));
    return () => clearInterval(timer);
  }, [storage]);

  const running = state.order.some((id) => ['running', 'pausing'].includes(state.runs[id].status));
  const snapshot = useMemo(() => controller.snapshot(state), [controller, state]);
  // Picked evaluation files are kept in IndexedDB, but the (possibly multi-gigabyte) training file is not.
  const picked = controller.pickedFiles();
  const missingFiles = state.config?.trainingData.source === 'file' && !picked.includes(state.config.trainingData.name) ? [state.config.trainingData.name] : [];
  const shown = opened ?? null;
  const tuningView = useMemo(() => tuningViewOf(state), [state]);
  const openedTuningView = useMemo(() => (opened ? tuningViewOfSnapshot(opened) : null), [opened]);

  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ExperimentSetup
        disabled={running}
        localModels={storage}
        onStart={(config, hash, files) => {
          setOpened(null);
          controller.start(config, hash, files).catch((e: Error) => setError(e.message));
        }}
        onStartSweep={(name, experiments, files) => {
          setOpened(null);
          controller.startSweep(name, experiments, files).catch((e: Error) => setError(e.message));
        }}
        onStartTuning={(study, files) => {
          setOpened(null);
          controller.startTuning(study, files).catch((e: Error) => setError(e.message));
        }}
      />
      {!running && stored.length > 0 && (
        <section className="panel" aria-label="Saved experiments">
          <h2>Saved in this browser</h2>
          <ul>
            {stored.map((s) => (
              <li key={s.configHash}>
                {s.config.name} <code>{s.configHash.slice(0, 12)}</code> ({new Date(s.savedAt).toLocaleString()}){' '}
                <button type="button" onClick={() => controller.restore(s.configHash).catch((e: Error) => setError(e.message))}>
                  Open
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <RunPanel
        state={state}
        now={now}
        missingFiles={missingFiles}
        onPickFile={(name, file) => controller.pickFiles({ [name]: file })}
        onPause={() => controller.pause()}
        onResume={() => controller.resume()}
        onStop={() => controller.stop()}
        onDownloadModel={(runId) =>
          void storage
            .getSavedModel(runId)
            .then((saved) => {
              if (!saved) throw new Error(`The trained model of ${runId} is not in this browser's storage (it is saved when a run finishes).`);
              const url = URL.createObjectURL(new Blob([saved.bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
              const link = Object.assign(document.createElement('a'), { href: url, download: saved.fileName });
              link.click();
              setTimeout(() => URL.revokeObjectURL(url), 10_000);
            })
            .catch((e: Error) => setError(e.message))
        }
        onLoseDevice={faultInjection ? () => controller.loseDevices() : undefined}
      />
      {!shown && state.config && <Curves runs={chartRunsOf(state)} evalSets={state.config.evalSets.map((e) => e.name)} />}
      {!shown && snapshot && <SnapshotResults snapshot={snapshot} />}
      {!shown && state.sweep && state.sweep.finished.length > 0 && <SweepResults sweep={state.sweep} />}
      {!shown && tuningView && <TuningResults view={tuningView} />}
      <section className="panel" aria-label="Open a snapshot">
        <h2>Snapshots</h2>
        <SnapshotImport onOpen={setOpened} />
      </section>
      {shown && (
        <>
          <Curves runs={chartRunsOfSnapshot(shown)} evalSets={shown.config.evalSets.map((e) => e.name)} />
          {openedTuningView && <TuningResults view={openedTuningView} />}
          <SnapshotResults snapshot={shown} />
        </>
      )}
      {state.log.length > 0 && (
        <details className="panel">
          <summary>Log ({state.log.length})</summary>
          <pre className="log">{state.log.join('\n')}</pre>
        </details>
      )}
    </>
  );
}
