import { useState } from 'react';
import { exportSnapshot } from '../../../core/snapshot/io';
import { encodeShareLink, SHARE_LINK_MAX_BYTES } from '../../../core/snapshot/share';
import { isSweepSnapshot, type AnySnapshot } from '../../../core/snapshot/schema';
import { formatBytes } from '../../../core/limits';

/** A file name from a config name of unknown origin (a snapshot from a stranger names itself). */
export function safeFileName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'snapshot';
}

export function downloadBytes(bytes: Uint8Array, name: string, type = 'application/gzip') {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const pageAddress = () => location.href.replace(/#.*$/, '');

/**
 * Export the snapshot (an experiment's or a sweep's) as .json.gz, or copy a link that carries it in the URL
 * fragment (never sent to a server). A study too large for a link says so and offers the file.
 */
export function ShareControls({ snapshot }: { snapshot: AnySnapshot }) {
  // kept with the snapshot it encodes: a new snapshot (a run ended, another file opened) hides an old link
  const [shown, setShown] = useState<{ of: AnySnapshot; link: ReturnType<typeof encodeShareLink>; copied: string | null } | null>(null);
  const link = shown?.of === snapshot ? shown.link : null;
  const copied = shown?.of === snapshot ? shown.copied : null;
  const sweep = isSweepSnapshot(snapshot);
  const fileName = sweep ? `${safeFileName(snapshot.sweep.name)}.sweep.snapshot.json.gz` : `${safeFileName(snapshot.config.name)}.snapshot.json.gz`;
  const exportFile = () => downloadBytes(exportSnapshot(snapshot), fileName);
  return (
    <div className="share-controls">
      <div className="row">
        <button type="button" onClick={exportFile}>
          {sweep ? 'Export sweep snapshot (.json.gz)' : 'Export snapshot (.json.gz)'}
        </button>{' '}
        <button
          type="button"
          onClick={async () => {
            const encoded = encodeShareLink(snapshot, pageAddress());
            setShown({ of: snapshot, link: encoded, copied: null });
            if (!encoded.ok) return;
            const copied = await navigator.clipboard.writeText(encoded.url).then(
              () => 'Copied to the clipboard.',
              () => 'The browser did not allow copying: select the link below and copy it.',
            );
            setShown((s) => (s?.link === encoded ? { ...s, copied } : s));
          }}
        >
          {sweep ? 'Copy sweep share link' : 'Copy share link'}
        </button>
      </div>
      {link?.ok && (
        <div className="share-link" data-testid="share-link">
          <label>
            Share link ({formatBytes(link.bytes)} of {formatBytes(SHARE_LINK_MAX_BYTES)}
            {link.omitted.includes('trec-runs') ? '; without the reranked TREC runs, which only the file carries' : ''}):{' '}
            <input type="text" readOnly value={link.url} aria-label="share link" onFocus={(e) => e.currentTarget.select()} />
          </label>
          <p className="muted" role="status">
            {copied} The snapshot travels in the link&apos;s fragment (after #), which browsers never send to a server: whoever opens it recomputes every number
            from the per-query values inside.
          </p>
        </div>
      )}
      {link && !link.ok && (
        <p className="warning" data-testid="share-too-large" role="status">
          {link.message}{' '}
          <button type="button" onClick={exportFile}>
            Download {fileName}
          </button>
        </p>
      )}
    </div>
  );
}
