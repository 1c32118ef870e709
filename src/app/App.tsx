import type { AdapterFacts } from '../gpu/device';
import { LabPage } from './lab/LabPage';
import { useSmokeCheck } from './useLabWorker';

/**
 * The page: a compact status bar on top, then the lab's dashboard (LabPage). The status bar here is the
 * minimal one; the full one (GPU memory held, storage used/quota) mounts in the same slot.
 */
export function App() {
  const smoke = useSmokeCheck();
  return (
    <main>
      <header className="topbar">
        <div className="brand">
          <h1>Rerank Lab</h1>
          <p className="tagline">Fine-tune cross-encoder rerankers on WebGPU with Lion and AdamW, head to head.</p>
        </div>
        {/* STATUS BAR SLOT: src/app/status/StatusBar.tsx replaces <MinimalStatus> here. */}
        <MinimalStatus smoke={smoke} />
      </header>
      <LabPage />
    </main>
  );
}

function adapterName(facts: AdapterFacts): string {
  return [facts.vendor, facts.architecture, facts.description].filter(Boolean).join(' · ') || 'unnamed adapter';
}

function MinimalStatus({ smoke }: { smoke: ReturnType<typeof useSmokeCheck> }) {
  const facts = 'facts' in smoke ? smoke.facts : null;
  return (
    <section className="statusbar" aria-label="Status">
      {facts && (
        <span className="status-item">
          <span className="muted">adapter</span> <span data-testid="adapter-name">{adapterName(facts)}</span>
          {facts.isSoftware && (
            <span
              className="badge warning-badge"
              data-testid="adapter-software"
              title="A software (CPU) implementation of WebGPU: everything works, but training is slow and timings are not GPU timings — use a machine with a GPU for real runs."
            >
              software (CPU)
            </span>
          )}
        </span>
      )}
      <span className="status-item">
        <SmokeStatus state={smoke} />
      </span>
      {facts && (
        <details className="status-item adapter-details">
          <summary>adapter details</summary>
          <dl className="facts">
            <dt>runtime</dt>
            <dd>{facts.runtime}</dd>
            <dt>max buffer</dt>
            <dd>{formatBytes(facts.limits.maxBufferSize)}</dd>
            <dt>max storage binding</dt>
            <dd>{formatBytes(facts.limits.maxStorageBufferBindingSize)}</dd>
            <dt>invocations / workgroup</dt>
            <dd>{facts.limits.maxComputeInvocationsPerWorkgroup ?? '—'}</dd>
            <dt>features</dt>
            <dd>{facts.features.join(', ') || 'none'}</dd>
          </dl>
        </details>
      )}
    </section>
  );
}

function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
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
