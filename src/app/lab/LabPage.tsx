import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { LabStorage, type StoredExperiment } from '../../storage/stores';
import { DataPanel } from '../data/DataPanel';
import { ExperimentLibrary } from '../library/ExperimentLibrary';
import { LazyDashboard, LazySnapshotResults, LazySweepResults, LazyTuningResults } from '../results/lazy';
import { useOpenedSnapshot } from '../snapshots/openedSnapshot';
import { usePublishGpuHoldings } from '../status/gpuMemory';
import type { ChartRun } from './Charts';
import { ExperimentController, runRecordFromLive, type EnvironmentOf, type ExperimentState, type StoredSweepView } from '../experiment/experimentController';
import { ExperimentSetup } from './ExperimentSetup';
import { RunPanel } from './RunPanel';
import { TorchPanel } from './TorchPanel';
import type { TuningView } from './TuningResults';
import type { RunRecord } from '../../core/snapshot/schema';
import { parseKernelPath, type KernelPath } from '../../model/kernels/kernelPath';
import { faultPlanFromQuery, type FaultPlan } from '../../train/faults';

const createTrainWorker = (name: string) => new Worker(new URL('../../../workers/train.worker.ts', import.meta.url), { type: 'module', name });
/** `?kernels=tfjs|own` picks the kernel path of fresh runs (default `own`), so the page can compare the two. */
function pageKernelPath(): KernelPath {
  const asked = new URLSearchParams(location.search).get('kernels');
  if (asked === null) return 'own';
  try {
    return parseKernelPath(asked, '?kernels');
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}; training on the default, own`);
    return 'own';
  }
}
const pageKernels = pageKernelPath();
const browserEnvironment: EnvironmentOf = (adapter) => ({
  adapter,
  runtime: { kind: 'browser', userAgent: navigator.userAgent },
  app: { version: __APP_VERSION__, commit: __APP_COMMIT__ },
  kernels: pageKernels,
});

function chartRunsOf(state: ExperimentState): ChartRun[] {
  return state.order.map((id) => {
    const run = state.runs[id];
    return { runId: id, arm: run.spec.arm.name, optimizer: run.spec.arm.optimizer, seed: run.spec.seed, curve: run.curve, evaluations: run.evaluations };
  });
}

/** How often the page redraws during a run: workers send an event per step; React renders at most this often. */
const RENDER_INTERVAL_MS = 250;

/**
 * The controller's state, batched: a run's step, evaluation and progress events arrive many times a second
 * across workers; the page renders the latest state at most every RENDER_INTERVAL_MS (and at once after a
 * quiet spell), so the main thread stays free for input.
 */
function useBatchedState(controller: ExperimentController): ExperimentState {
  const [state, setState] = useState(controller.getState);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const flush = () => {
      timer = null;
      last = performance.now();
      setState(controller.getState());
    };
    const unsubscribe = controller.subscribe(() => {
      if (timer !== null) return;
      const wait = Math.max(0, RENDER_INTERVAL_MS - (performance.now() - last));
      timer = setTimeout(flush, wait);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [controller]);
  return state;
}

/**
 * Fits the setup column to the part of the window below its top, so its foot (validity and Start) is in view at any
 * scroll position: at the top of the page the header takes some of the window, once scrolled the column sticks under
 * the nav. Set on scroll and resize, straight on the element (no React render).
 */
function useFitToWindow(ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const fit = () => {
      const element = ref.current;
      if (!element) return;
      if (getComputedStyle(element).position !== 'sticky') return void (element.style.maxHeight = '');
      element.style.maxHeight = `${Math.max(200, window.innerHeight - Math.max(0, element.getBoundingClientRect().top))}px`;
    };
    fit();
    window.addEventListener('scroll', fit, { passive: true });
    window.addEventListener('resize', fit);
    return () => {
      window.removeEventListener('scroll', fit);
      window.removeEventListener('resize', fit);
    };
  }, [ref]);
}

/** A tuning study's view: the trials that have ended so far (live), or all of them once the final runs began. */
function tuningViewOf(state: ExperimentState): TuningView | null {
  const { tuning } = state;
  if (!tuning) return null;
  if (tuning.trials) return { expanded: tuning.expanded, trials: tuning.trials, phase: tuning.phase };
  const ended = state.order.map((id) => runRecordFromLive(state.runs[id])).filter((r): r is RunRecord => r !== null);
  return { expanded: tuning.expanded, trials: ended, phase: tuning.phase };
}

/**
 * `?debug=faults` shows fault-injection controls (used by the e2e tests; handy to see recovery work), and
 * `&loseDeviceAt=N&holdAt=N` inject faults at a chosen step of every run (src/train/faults.ts).
 */
function pageFaultPlan(): FaultPlan | null {
  try {
    return faultPlanFromQuery(globalThis.location?.search ?? '');
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}; no faults are injected`);
    return null;
  }
}
const faultPlan = pageFaultPlan();
const faultInjection = faultPlan !== null;

/**
 * The lab as a dashboard: on the left what to run (setup, the experiments and data kept in this browser,
 * snapshots), on the right what is running and what came out (runs with per-arm controls, the live charts,
 * results, the sweep).
 */
export function LabPage() {
  const storage = useMemo(() => new LabStorage(), []);
  const controller = useMemo(() => new ExperimentController(storage, createTrainWorker, browserEnvironment, pageKernels, faultPlan), [storage]);
  useEffect(() => () => controller.dispose(), [controller]);
  const state = useBatchedState(controller);
  const setupColumn = useRef<HTMLDivElement>(null);
  useFitToWindow(setupColumn);
  usePublishGpuHoldings(state);
  const [now, setNow] = useState(() => performance.now());
  const { store: openedSnapshots } = useOpenedSnapshot();
  const [stored, setStored] = useState<StoredExperiment[]>([]);
  const [duplicated, setDuplicated] = useState<{ config: unknown; id: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // a sweep reopened from the library (its experiments' snapshots read back from IndexedDB)
  const [reopenedSweep, setReopenedSweep] = useState<StoredSweepView | null>(null);

  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 1000);
    void storage.deleteOrphanedCheckpointPayloads();
    return () => clearInterval(timer);
  }, [storage]);

  const running = state.order.some((id) => ['running', 'pausing'].includes(state.runs[id].status));
  const snapshot = useMemo(() => controller.snapshot(state), [controller, state]);
  const chartRuns = useMemo(() => chartRunsOf(state), [state]);
  const chartArms = useMemo(() => state.config?.arms.map((a) => ({ name: a.name, optimizer: a.optimizer })) ?? [], [state.config]);
  // Picked evaluation files are kept in IndexedDB, but the (possibly multi-gigabyte) training file is not.
  const picked = controller.pickedFiles();
  const missingFiles = state.config?.trainingData.source === 'file' && !picked.includes(state.config.trainingData.name) ? [state.config.trainingData.name] : [];
  const tuningView = useMemo(() => tuningViewOf(state), [state]);
  // The experiments the PyTorch panel can export: the open one and every saved one (read again as runs start and end).
  useEffect(() => void storage.listExperiments().then(setStored), [storage, state.configHash, running]);

  return (
    <div className="lab">
      {error && (
        <p className="error banner" role="alert">
          {error}
        </p>
      )}
      {/* The experiment: its setup on the left (its own scroll, Start always in view), what runs and came out on the right. */}
      <section id="lab-experiment" className="lab-grid lab-section" aria-label="Set up and run">
        <div className="lab-side" ref={setupColumn}>
          <ExperimentSetup
            disabled={running}
            localModels={storage}
            loaded={duplicated}
            onStart={(config, hash, files) => {
              openedSnapshots.close();
              setReopenedSweep(null);
              controller.start(config, hash, files).catch((e: Error) => setError(e.message));
            }}
            onStartSweep={(name, experiments, files) => {
              openedSnapshots.close();
              setReopenedSweep(null);
              controller.startSweep(name, experiments, files).catch((e: Error) => setError(e.message));
            }}
            onStartTuning={(study, files) => {
              openedSnapshots.close();
              setReopenedSweep(null);
              controller.startTuning(study, files).catch((e: Error) => setError(e.message));
            }}
          />
        </div>
        <div className="lab-main">
          <>
            {!state.config && !reopenedSweep && (
              <section className="panel empty" aria-label="Getting started">
                <h2>No experiment yet</h2>
                <p className="muted">
                  Pick a preset or write a config on the left and press Start: each arm trains in its own worker, and its loss, learning rate, gradient norm,
                  throughput and evaluation measures stream in here. Or open a saved experiment or a snapshot.
                </p>
              </section>
            )}
            {reopenedSweep && (
              <>
                <LazySweepResults name={reopenedSweep.name} total={reopenedSweep.total} finished={reopenedSweep.finished} />
                <div className="row">
                  <button type="button" className="secondary" onClick={() => setReopenedSweep(null)}>
                    Close the sweep {reopenedSweep.name}
                  </button>
                </div>
              </>
            )}
            <RunPanel
              state={state}
              now={now}
              missingFiles={missingFiles}
              onPickFile={(name, file) => controller.pickFiles({ [name]: file })}
              onPause={() => controller.pause()}
              onResume={() => controller.resume()}
              onStop={() => controller.stop()}
              onPauseArm={(arm) => controller.pauseArm(arm)}
              onResumeArm={(arm) => controller.resumeArm(arm)}
              onStopArm={(arm) => controller.stopArm(arm)}
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
              onRelease={faultInjection ? () => controller.release() : undefined}
            />
            {state.config && <LazyDashboard runs={chartRuns} arms={chartArms} evalSets={state.config.evalSets} steps={state.config.steps} />}
            {snapshot && <LazySnapshotResults snapshot={snapshot} />}
            {tuningView && <LazyTuningResults view={tuningView} />}
            {state.sweep && state.sweep.finished.length > 0 && state.sweep.name !== reopenedSweep?.name && (
              <LazySweepResults name={state.sweep.name} total={state.sweep.experiments.length} finished={state.sweep.finished} />
            )}
          </>
        </div>
      </section>
      {/* What this browser keeps, at full width: the experiments (a wide table), then the data, PyTorch and the log. */}
      <section id="lab-library" className="lab-section" aria-label="Library">
        <ExperimentLibrary
          storage={storage}
          state={state}
          running={running}
          onOpen={(configHash) => {
            setReopenedSweep(null);
            void controller.restore(configHash).catch((e: Error) => setError(e.message));
          }}
          onOpenSweep={(name) => {
            openedSnapshots.close();
            void controller
              .storedSweep(name)
              .then(setReopenedSweep)
              .catch((e: Error) => setError(e.message));
          }}
          onDuplicate={(config) => setDuplicated((d) => ({ config: { ...config, name: `${config.name}-copy` }, id: (d?.id ?? 0) + 1 }))}
        />
      </section>
      <div id="lab-data" className="lab-row lab-section">
        <DataPanel storage={storage} />
        <TorchPanel
          experiments={[
            ...(state.config && state.configHash ? [{ configHash: state.configHash, config: state.config }] : []),
            ...stored.filter((s) => s.configHash !== state.configHash),
          ]}
          files={controller.pickedFileMap()}
          hostOptions={{ datasets: storage, localModels: storage }}
          onOpen={(snapshot) => openedSnapshots.show(snapshot, { kind: 'file', name: `${snapshot.config.name} (PyTorch import)` })}
        />
        {state.log.length > 0 && (
          <details className="panel">
            <summary>Log ({state.log.length})</summary>
            <pre className="log">{state.log.join('\n')}</pre>
          </details>
        )}
      </div>
    </div>
  );
}
