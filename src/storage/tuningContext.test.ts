import { afterEach, describe, expect, it, vi } from 'vitest';
import { recalledTuning, rememberTuning } from './tuningContext';

/** localStorage as a Map (Node has none). */
function fakeLocalStorage() {
  const items = new Map<string, string>();
  const storage = { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) };
  vi.stubGlobal('localStorage', storage);
  return items;
}

afterEach(() => vi.unstubAllGlobals());

describe('the tuning context', () => {
  it('is stored under the experiment’s config hash as { study, phase }, the format earlier versions wrote', () => {
    const items = fakeLocalStorage();
    rememberTuning('abc', { name: 'study' }, 'final');
    expect([...items]).toEqual([['rerank-lab-tuning-study/abc', '{"study":{"name":"study"},"phase":"final"}']]);
    items.set('rerank-lab-tuning-study/old', '{"study":{"name":"earlier"},"phase":"tuning"}');
    expect(recalledTuning('old')).toEqual({ study: { name: 'earlier' }, phase: 'tuning' });
    expect(recalledTuning('abc')).toEqual({ study: { name: 'study' }, phase: 'final' });
  });

  it('is none for another experiment, an unreadable entry or no localStorage, and a failed write is no error', () => {
    const items = fakeLocalStorage();
    expect(recalledTuning('other')).toBeNull();
    items.set('rerank-lab-tuning-study/bad', '{not json');
    expect(recalledTuning('bad')).toBeNull();
    vi.stubGlobal('localStorage', {
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(() => rememberTuning('abc', {}, 'tuning')).not.toThrow();
    vi.stubGlobal('localStorage', undefined);
    expect(recalledTuning('abc')).toBeNull();
    expect(() => rememberTuning('abc', {}, 'tuning')).not.toThrow();
  });
});
