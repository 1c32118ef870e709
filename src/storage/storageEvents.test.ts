import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceStorageChanged, onStorageChanged, STORAGE_CHANGED_EVENT } from './storageEvents';

afterEach(() => vi.unstubAllGlobals());

describe('the storage-changed signal', () => {
  it('reaches every listener until it unsubscribes, as the window event the page has always used', () => {
    vi.stubGlobal('window', new EventTarget());
    const heard: string[] = [];
    const stop = onStorageChanged(() => heard.push('subscribed'));
    window.addEventListener(STORAGE_CHANGED_EVENT, () => heard.push('window'));
    expect(STORAGE_CHANGED_EVENT).toBe('rerank-lab:storage-changed');
    announceStorageChanged();
    stop();
    announceStorageChanged();
    expect(heard).toEqual(['subscribed', 'window', 'window']);
  });
});
