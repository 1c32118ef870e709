import { useEffect, useId, useState } from 'react';
import { formatBytes } from '../../../core/limits';
import type { AdapterFacts } from '../../../gpu/device';
import { onStorageChanged } from '../../../storage/storageEvents';
import { AdapterPanel } from './AdapterPanel';
import { adapterSummary } from './adapterSummary';
import { useGpuHoldings } from './gpuMemory';
import './status.css';

function useStorageEstimate(): { usage: number; quota: number } | null | 'unavailable' {
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | null | 'unavailable'>(() =>
    typeof navigator.storage?.estimate === 'function' ? null : 'unavailable',
  );
  useEffect(() => {
    if (typeof navigator.storage?.estimate !== 'function') return;
    let live = true;
    const update = () =>
      void navigator.storage.estimate().then(
        (e) => live && setEstimate({ usage: e.usage ?? 0, quota: e.quota ?? 0 }),
        () => live && setEstimate('unavailable'),
      );
    update();
    const timer = setInterval(update, 10_000);
    // whatever stores or deletes data says so, and the figure follows at once
    const stopListening = onStorageChanged(update);
    return () => {
      live = false;
      clearInterval(timer);
      stopListening();
    };
  }, []);
  return estimate;
}

/**
 * One line at the top of the page: the adapter (its full facts one click away), the GPU memory the lab's
 * training workers hold, and this site's IndexedDB use against its quota.
 */
export function StatusBar({ facts, error }: { facts: AdapterFacts | null | undefined; error?: string }) {
  const [open, setOpen] = useState(false);
  const gpu = useGpuHoldings();
  const storage = useStorageEstimate();
  const detailsId = useId();
  return (
    <section className="status-bar" aria-label="Status">
      <div className="status-items">
        <span data-testid="status-adapter">
          <span className="status-key">GPU</span> {facts ? adapterSummary(facts) : error ? 'no WebGPU adapter' : 'asking for an adapter…'}
        </span>
        {facts && (
          <button type="button" className="status-link" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen((o) => !o)}>
            {open ? 'Hide adapter details' : 'Adapter details'}
          </button>
        )}
        <span data-testid="status-gpu-memory">
          <span className="status-key">GPU memory held</span>{' '}
          {gpu.workers === 0
            ? 'none (no run in progress)'
            : `${gpu.bytes === null ? 'unknown until the first step (model shape not known to the page)' : gpu.measured ? formatBytes(gpu.bytes) : `≈ ${formatBytes(gpu.bytes)} (estimated until the first step)`} by ${gpu.workers} training worker${gpu.workers === 1 ? '' : 's'}`}
        </span>
        <span data-testid="status-storage">
          <span className="status-key">Storage</span>{' '}
          {storage === null
            ? '…'
            : storage === 'unavailable'
              ? 'unknown (this browser does not say)'
              : `${formatBytes(storage.usage)} of ${formatBytes(storage.quota)} (${storage.quota ? ((100 * storage.usage) / storage.quota).toFixed(1) : '0'} %)`}
        </span>
      </div>
      {facts && open && (
        <div id={detailsId}>
          <AdapterPanel facts={facts} />
        </div>
      )}
    </section>
  );
}
