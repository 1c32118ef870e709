import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LabStorage } from './stores';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('model folders and saved models in IndexedDB', () => {
  it('keeps a picked folder by content hash, finds the latest by name, and the same files hash the same', async () => {
    const storage = new LabStorage({ dbPrefix: `models-${Math.random().toString(36).slice(2)}` });
    const files = { 'config.json': bytes('{"model_type":"bert"}'), 'model.safetensors': bytes('weights'), 'vocab.txt': bytes('[PAD]\n') };
    const first = await storage.importLocalModel('MiniLM', files);
    expect(first.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await storage.importLocalModel('MiniLM', { ...files })).contentHash).toBe(first.contentHash);
    const changed = await storage.importLocalModel('MiniLM', { ...files, 'model.safetensors': bytes('other weights') });
    expect(changed.contentHash).not.toBe(first.contentHash);
    const found = await storage.findLocalModel('MiniLM');
    expect(found?.contentHash).toBe(changed.contentHash);
    expect(new TextDecoder().decode(found!.files['model.safetensors'])).toBe('other weights');
    expect(await storage.findLocalModel('other')).toBeUndefined();
  });

  it('keeps a finished run’s model until the run is deleted', async () => {
    const storage = new LabStorage({ dbPrefix: `saved-${Math.random().toString(36).slice(2)}` });
    await storage.saveModel({ runId: 'e/lion/seed-1', fileName: 'e.lion.seed-1.zip', bytes: bytes('zip') });
    expect((await storage.getSavedModel('e/lion/seed-1'))?.fileName).toBe('e.lion.seed-1.zip');
    await storage.deleteRun('e/lion/seed-1');
    expect(await storage.getSavedModel('e/lion/seed-1')).toBeUndefined();
  });
});
