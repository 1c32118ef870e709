import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { SUMMARY_MEASURES } from '../../core/experiment/defaults';
import { LabStorage } from '../../storage/stores';
import { ExperimentLibrary } from '../library/ExperimentLibrary';
import { DataPanel } from '../data/DataPanel';
import { CurveChart, MetricChart, type ChartRun } from './Charts';
import { ExperimentController, type EnvironmentOf, type ExperimentState } from './experimentController';
import { ExperimentSetup } from './ExperimentSetup';
import { RunPanel } from './RunPanel';
import { SnapshotResults } from './SnapshotPanel';
import { useOpenedSnapshot } from '../snapshots/openedSnapshot';
import { usePublishGpuHoldings } from '../status/gpuMemory';
import { SweepResults } from './SweepResults';

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

/** `?debug=faults` shows fault-injection controls (used by the e2e tests; handy to see recovery work). */
const faultInjection = new URLSearchParams(globalThis.location?.search ?? '').get('debug') === 'faults';

export function LabPage() {
  const storage = useMemo(() => new LabStorage(), []);
  const controller = useMemo(() => new ExperimentController(storage, createTrainWorker, browserEnvironment), [storage]);
  useEffect(() => () => controller.dispose(), [controller]);
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  usePublishGpuHoldings(state);
  const [now, setNow] = useState(() => performance.now());
  const { opened, store: openedSnapshots } = useOpenedSnapshot();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 1000);
    void storage.deleteOrphanedCheckpointPayloads();
    return () => clearInterval(timer);
  }, [storage]);

  const running = state.order.some((id) => ['running', 'pausing'].includes(state.runs[id].status));
  const snapshot = useMemo(() => controller.snapshot(state), [controller, state]);
  // Picked evaluation files are kept in IndexedDB, but the (possibly multi-gigabyte) training file is not.
  const picked = controller.pickedFiles();
  const missingFiles = state.config?.trainingData.source === 'file' && !picked.includes(state.config.trainingData.name) ? [state.config.trainingData.name] : [];
  // The viewer (App) shows an opened snapshot; the lab's own results step aside meanwhile.
  const shown = opened?.snapshot ?? null;

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
          openedSnapshots.close();
          controller.start(config, hash, files).catch((e: Error) => setError(e.message));
        }}
        onStartSweep={(name, experiments, files) => {
          openedSnapshots.close();
          controller.startSweep(name, experiments, files).catch((e: Error) => setError(e.message));
        }}
      />
      <ExperimentLibrary
        storage={storage}
        state={state}
        running={running}
        onOpen={(configHash) => void controller.restore(configHash).catch((e: Error) => setError(e.message))}
      />
      <DataPanel storage={storage} />
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
      {state.log.length > 0 && (
        <details className="panel">
          <summary>Log ({state.log.length})</summary>
          <pre className="log">{state.log.join('\n')}</pre>
        </details>
      )}
    </>
  );
}
