/**
 * The page's storage-change signal: whatever stores or deletes data announces it, and whatever shows stored
 * data (the status bar's storage figure, the library, the data panel) listens, so each follows at once rather
 * than at its next poll. It lives with the stores it reports on, so a panel that writes need not import another
 * panel to say so. A plain window event: the page side only (workers do not see it).
 */

/** Fired on window by whatever stores or deletes data. */
export const STORAGE_CHANGED_EVENT = 'rerank-lab:storage-changed';

/** Says that stored data changed (a store or a delete finished). */
export const announceStorageChanged = () => window.dispatchEvent(new Event(STORAGE_CHANGED_EVENT));

/** Calls `listener` whenever stored data changed; returns the unsubscribe. */
export function onStorageChanged(listener: () => void): () => void {
  window.addEventListener(STORAGE_CHANGED_EVENT, listener);
  return () => window.removeEventListener(STORAGE_CHANGED_EVENT, listener);
}
