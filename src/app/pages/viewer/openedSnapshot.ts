/**
 * The snapshot the page is viewing, if any, and where it came from: a picked or dropped file, a URL the user
 * typed, or a share link (`#snapshot=…`, read on load and whenever the fragment changes). One store per page;
 * React reads it through useOpenedSnapshot. Every source goes through the capped readers of
 * core/snapshot (size before and while inflating, counts, schema, config hash).
 */
import { useEffect, useSyncExternalStore } from 'react';
import { readAnySnapshot } from '../../../core/snapshot/open';
import type { AnySnapshot } from '../../../core/snapshot/schema';
import { decodeShareLink, shareFragmentOf, type ShareOmission } from '../../../core/snapshot/share';

export type SnapshotSource = { kind: 'file' | 'drop'; name: string } | { kind: 'url'; url: string } | { kind: 'link'; omitted: ShareOmission[] };

export interface OpenedSnapshot {
  /** One experiment's snapshot or a sweep's. */
  snapshot: AnySnapshot;
  source: SnapshotSource;
}

export interface OpenedSnapshotState {
  opened: OpenedSnapshot | null;
  /** What is being read now (a progress line), or null. */
  busy: { what: string; bytes: number; total: number | null } | null;
  error: string | null;
}

/** An async iterable over a ReadableStream that cancels the stream when the reader stops early (a refusal). */
export async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

export class OpenedSnapshotStore {
  private state: OpenedSnapshotState = { opened: null, busy: null, error: null };
  private readonly listeners = new Set<() => void>();
  private attempt = 0;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getState = () => this.state;

  private set(patch: Partial<OpenedSnapshotState>) {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Runs one open; a later open supersedes an earlier one still reading. */
  private async open(what: string, total: number | null, read: (onProgress: (bytes: number) => void) => Promise<OpenedSnapshot>): Promise<boolean> {
    const attempt = ++this.attempt;
    this.set({ busy: { what, bytes: 0, total }, error: null });
    try {
      const opened = await read((bytes) => attempt === this.attempt && this.set({ busy: { what, bytes, total } }));
      if (attempt !== this.attempt) return false;
      this.set({ opened, busy: null, error: null });
      return true;
    } catch (error) {
      if (attempt === this.attempt) this.set({ busy: null, error: (error as Error).message });
      return false;
    }
  }

  openFile(file: File, kind: 'file' | 'drop' = 'file'): Promise<boolean> {
    return this.open(`Reading ${file.name}`, file.size, async (onProgress) => ({
      snapshot: await readAnySnapshot(chunksOf(file.stream()), file.name, { declaredBytes: file.size, onProgress }),
      source: { kind, name: file.name },
    }));
  }

  /** Fetches a snapshot from a URL the user chose: no credentials, capped by Content-Length and by what arrives. */
  openUrl(text: string): Promise<boolean> {
    return this.open(`Fetching ${text}`, null, async (onProgress) => {
      let url: URL;
      try {
        url = new URL(text, globalThis.location?.href);
      } catch {
        throw new Error(`${text}: not a URL`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${text}: only http and https addresses can be opened`);
      let response: Response;
      try {
        response = await fetch(url, { credentials: 'omit', cache: 'no-store' });
      } catch (error) {
        throw new Error(
          `${url.href}: the download failed (${(error as Error).message}); the server may not allow other sites to read it (CORS) — download the file and open it instead`,
        );
      }
      if (!response.ok || !response.body) throw new Error(`${url.href}: the server answered ${response.status} ${response.statusText}`.trim());
      const declared = response.headers.get('content-length');
      const name = decodeURIComponent(url.pathname.split('/').pop() || url.host);
      const snapshot = await readAnySnapshot(chunksOf(response.body), name, {
        declaredBytes: declared !== null && /^\d+$/.test(declared) ? Number(declared) : null,
        onProgress,
      });
      return { snapshot, source: { kind: 'url', url: url.href } };
    });
  }

  /** Opens the share link in `hash` (location.hash); false when there is none. */
  openShareFragment(hash: string): Promise<boolean> {
    const encoded = shareFragmentOf(hash);
    if (encoded === null) return Promise.resolve(false);
    return this.open('Reading the share link', null, async () => {
      const { snapshot, omitted } = await decodeShareLink(encoded);
      return { snapshot, source: { kind: 'link', omitted } };
    });
  }

  /** Shows a snapshot the page built itself (e.g. imported PyTorch results), already checked. */
  show(snapshot: AnySnapshot, source: SnapshotSource): void {
    this.attempt++;
    this.set({ opened: { snapshot, source }, busy: null, error: null });
  }

  /** Back to the lab: forgets the snapshot and drops a share link from the address bar. */
  close(): void {
    this.attempt++;
    if (shareFragmentOf(globalThis.location?.hash ?? '') !== null) history.replaceState(history.state, '', location.pathname + location.search);
    this.set({ opened: null, busy: null, error: null });
  }

  dismissError(): void {
    this.set({ error: null });
  }
}

export const openedSnapshots = new OpenedSnapshotStore();

let listening = false;
/** Opens a share link in the address bar now and whenever the fragment changes (a link pasted into this tab). */
function listenToShareLinks() {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  void openedSnapshots.openShareFragment(location.hash);
  window.addEventListener('hashchange', () => void openedSnapshots.openShareFragment(location.hash));
}

/** The snapshot being viewed (`opened`: `{ snapshot, source }`), reading progress, the last error, and the actions. */
export function useOpenedSnapshot() {
  useEffect(listenToShareLinks, []);
  const state = useSyncExternalStore(openedSnapshots.subscribe, openedSnapshots.getState);
  return { ...state, store: openedSnapshots };
}
