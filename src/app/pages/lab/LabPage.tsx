import { useEffect, useMemo, useRef, useState } from 'react';
import { LabStorage, type StoredExperiment } from '../../../storage/stores';
import { DataPanel } from './data/DataPanel';
import { ExperimentLibrary } from './library/ExperimentLibrary';
import { LazyDashboard, LazySnapshotResults, LazySweepResults, LazyTuningResults } from '../../components/results/lazy';
import { useOpenedSnapshot } from '../viewer/openedSnapshot';
import { usePublishGpuHoldings } from '../../components/status/gpuMemory';
import { ExperimentController, type StoredSweepView } from '../../experiment/experimentController';
import { ExperimentSetup } from './setup/ExperimentSetup';
import { browserEnvironment, createTrainWorker, faultInjection, faultPlan, pageKernels } from './labEnvironment';
import { chartRunsOf, tuningViewOf, useBatchedState } from './labState';
import { RunPanel } from './RunPanel';
import { TorchPanel } from './TorchPanel';
import { useFitToWindow } from './useFitToWindow';

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
  const { store: openedSnapshots } = useOpenedSnapshot();
  const [stored, setStored] = useState<StoredExperiment[]>([]);
  const [duplicated, setDuplicated] = useState<{ config: unknown; id: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // a sweep reopened from the library (its experiments' snapshots read back from IndexedDB)
  const [reopenedSweep, setReopenedSweep] = useState<StoredSweepView | null>(null);

  useEffect(() => void storage.deleteOrphanedCheckpointPayloads(), [storage]);

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
            {state.config && (
              <LazyDashboard
                runs={chartRuns}
                arms={chartArms}
                evalSets={state.config.evalSets}
                steps={state.config.steps}
                figures={{ experiment: state.config.name, loss: state.config.loss.kind }}
              />
            )}
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
