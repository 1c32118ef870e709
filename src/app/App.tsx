import { LabPage } from './pages/lab/LabPage';
import { useOpenedSnapshot } from './pages/viewer/openedSnapshot';
import { SnapshotOpener } from './pages/viewer/SnapshotOpener';
import { SnapshotViewer } from './pages/viewer/SnapshotViewer';
import { StatusBar } from './components/status/StatusBar';
import { useSmokeCheck } from './useLabWorker';

/** The page's sections, in the nav at the top (each an id in LabPage or below). */
const SECTIONS = [
  ['lab-experiment', 'Set up and run'],
  ['lab-library', 'Library'],
  ['lab-data', 'Data and PyTorch'],
  ['lab-snapshots', 'Snapshots'],
] as const;

/**
 * The page: the header with a one-line status bar (adapter, GPU memory held, storage; the adapter's facts one
 * click away) and the self-check, then the lab's dashboard — hidden, not unmounted, while a snapshot is viewed,
 * so a run in progress goes on.
 */
export function App() {
  const smoke = useSmokeCheck();
  const viewing = useOpenedSnapshot().opened !== null;
  return (
    <main>
      <header className="topbar">
        <div className="brand">
          <h1>Rerank Lab</h1>
          <p className="tagline">Fine-tune cross-encoder rerankers on WebGPU with Lion and AdamW, head to head.</p>
        </div>
        <div className="statusbar">
          <StatusBar facts={'facts' in smoke ? smoke.facts : null} error={smoke.status === 'error' ? smoke.message : undefined} />
          <span className="status-item">
            <SmokeStatus state={smoke} />
          </span>
        </div>
      </header>
      <nav className="lab-nav" aria-label="Lab sections">
        {SECTIONS.map(([id, label]) => (
          <a key={id} href={`#${id}`}>
            {label}
          </a>
        ))}
      </nav>
      <SnapshotViewer />
      <div hidden={viewing}>
        <LabPage />
      </div>
      <div id="lab-snapshots" className="lab-section">
        <SnapshotOpener />
      </div>
    </main>
  );
}

function SmokeStatus({ state }: { state: ReturnType<typeof useSmokeCheck> }) {
  switch (state.status) {
    case 'starting':
      return <span data-testid="smoke-status">Starting the lab worker and asking for a WebGPU device…</span>;
    case 'running':
      return <span data-testid="smoke-status">GPU self-check running in a Web Worker…</span>;
    case 'error':
      return (
        <span className="error" data-testid="smoke-status" role="alert">
          {state.message}
        </span>
      );
    case 'done': {
      const { check, ms } = state;
      return (
        <span
          data-testid="smoke-status"
          data-ok={check.ok}
          className={check.ok ? 'ok' : 'error'}
          title={`a·x + y in a Web Worker against the CPU, max |error| ${check.maxAbsError.toExponential(1)}`}
        >
          GPU self-check {check.ok ? 'passed' : 'FAILED'}: {check.n - check.mismatches}/{check.n} elements matched ({ms.toFixed(0)} ms)
          {!check.ok && '. This WebGPU implementation computes wrong results: do not trust training runs on it.'}
        </span>
      );
    }
  }
}
