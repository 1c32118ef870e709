import { useId, useState } from 'react';
import { formatBytes } from '../../../core/limits';
import { useOpenedSnapshot } from './openedSnapshot';
import { SnapshotMerger } from './SnapshotMerger';

/**
 * Open a snapshot: pick a file, type a URL, or paste a share link (dropping a file anywhere on the page works
 * too, see PageDrop). Errors name the file and what was wrong; nothing stored is touched.
 */
export function SnapshotOpener() {
  const { busy, error, store } = useOpenedSnapshot();
  const [url, setUrl] = useState('');
  const urlId = useId();
  return (
    <section className="panel snapshot-opener" aria-label="Open a snapshot">
      <h2>Snapshots</h2>
      <div className="row">
        <label>
          Open a snapshot file:{' '}
          <input
            type="file"
            accept=".gz,.json"
            aria-label="open snapshot"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void store.openFile(file);
            }}
          />
        </label>
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const text = url.trim();
          if (!text) return;
          if (text.includes('#snapshot=')) void store.openShareFragment(text.slice(text.indexOf('#')));
          else void store.openUrl(text);
        }}
      >
        <label htmlFor={urlId}>or a URL or share link:</label>{' '}
        <input
          id={urlId}
          type="url"
          placeholder="https://…/study.snapshot.json.gz"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          aria-describedby={`${urlId}-note`}
        />{' '}
        <button type="submit" disabled={!url.trim()}>
          Open URL
        </button>
      </form>
      <p className="muted" id={`${urlId}-note`}>
        Or drop a .json.gz anywhere on the page. Snapshots from anyone are checked before anything is shown: at most {formatBytes(64 * 2 ** 20)} stored, capped
        while inflating (gzip bombs are refused), and limited in arms, runs, queries and points.
      </p>
      {busy && (
        <p role="status" data-testid="snapshot-progress">
          {busy.what}… {busy.total ? <progress max={busy.total} value={busy.bytes} aria-label="reading the snapshot" /> : null} {formatBytes(busy.bytes)}
          {busy.total ? ` of ${formatBytes(busy.total)}` : ''}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="snapshot-error">
          {error}
        </p>
      )}
      <SnapshotMerger />
    </section>
  );
}
