import type { AdapterFacts } from '../../../gpu/device';

export function AdapterPanel({ facts }: { facts: AdapterFacts }) {
  const name = [facts.vendor, facts.architecture, facts.description].filter(Boolean).join(' · ') || 'unnamed adapter';
  return (
    <section className="panel" aria-label="WebGPU adapter">
      <h2>WebGPU adapter</h2>
      <p data-testid="adapter-name">{name}</p>
      {facts.isSoftware && (
        <p className="warning" data-testid="adapter-software">
          This is a software (CPU) implementation of WebGPU. Everything works, but training is slow and timings are not GPU timings — use a browser on a machine
          with a GPU for real runs.
        </p>
      )}
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
    </section>
  );
}

function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}
