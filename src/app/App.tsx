import { AdapterPanel } from './AdapterPanel';
import { LabPage } from './lab/LabPage';
import { useOpenedSnapshot } from './snapshots/openedSnapshot';
import { SnapshotOpener } from './snapshots/SnapshotOpener';
import { SnapshotViewer } from './snapshots/SnapshotViewer';
import { StatusBar } from './status/StatusBar';
import { useSmokeCheck } from './useLabWorker';

export function App() {
  const smoke = useSmokeCheck();
  const viewing = useOpenedSnapshot().opened !== null;
  return (
    <main>
      <header>
        <h1>Rerank Lab</h1>
        <p className="tagline">Fine-tune cross-encoder rerankers on WebGPU with Lion and AdamW, head to head.</p>
      </header>
      <StatusBar facts={'facts' in smoke ? smoke.facts : null} error={smoke.status === 'error' ? smoke.message : undefined} />
      {'facts' in smoke && smoke.facts && <AdapterPanel facts={smoke.facts} />}
      <section className="panel" aria-label="GPU self-check">
        <h2>GPU self-check</h2>
        <SmokeStatus state={smoke} />
      </section>
      <SnapshotViewer />
      <div hidden={viewing}>
        <LabPage />
      </div>
      <SnapshotOpener />
    </main>
  );
}

function SmokeStatus({ state }: { state: ReturnType<typeof useSmokeCheck> }) {
  switch (state.status) {
    case 'starting':
      return <p data-testid="smoke-status">Starting the lab worker and asking for a WebGPU device…</p>;
    case 'running':
      return <p data-testid="smoke-status">Running the check kernel in a Web Worker…</p>;
    case 'error':
      return (
        <p className="error" data-testid="smoke-status" role="alert">
          {state.message}
        </p>
      );
    case 'done': {
      const { check, ms } = state;
      return (
        <p data-testid="smoke-status" data-ok={check.ok} className={check.ok ? 'ok' : 'error'}>
          {check.ok ? 'passed' : 'FAILED'}: a·x + y on {check.n} elements in a Web Worker matched the CPU in {check.n - check.mismatches}/{check.n} elements
          (max |error| {check.maxAbsError.toExponential(1)}, {ms.toFixed(0)} ms).
          {!check.ok && ' This WebGPU implementation computes wrong results: do not trust training runs on it.'}
        </p>
      );
    }
  }
}
