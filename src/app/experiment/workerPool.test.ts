import { describe, expect, it } from 'vitest';
import { WorkerPool } from './workerPool';

class FakeWorker {
  terminated = false;
  onmessage: unknown = () => {};
  onerror: unknown = () => {};
  posted: unknown[] = [];
  constructor(readonly name: string) {}
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  terminate() {
    this.terminated = true;
  }
}

function pool() {
  const created: FakeWorker[] = [];
  const workers = new WorkerPool((name) => {
    const worker = new FakeWorker(name);
    created.push(worker);
    return worker as unknown as Worker;
  });
  return { workers, created };
}

describe('the worker pool', () => {
  it('keeps a cleanly ended run’s worker for the next run of the same shape, without its handlers', () => {
    const { workers, created } = pool();
    const first = workers.take('e/adamw/seed-1', 'shape-a') as unknown as FakeWorker;
    expect(first.name).toBe('train e/adamw/seed-1');
    workers.retire('e/adamw/seed-1', { key: 'shape-a', atMost: 2 });
    expect(first).toMatchObject({ terminated: false, onmessage: null, onerror: null });
    expect(workers.workerOf('e/adamw/seed-1')).toBeUndefined();
    expect(workers.take('e/adamw/seed-2', 'shape-a')).toBe(first);
    expect(created).toHaveLength(1);
  });

  it('terminates kept workers of another shape, and keeps no more than asked', () => {
    const { workers, created } = pool();
    for (const run of ['a', 'b', 'c']) workers.take(run, 'small');
    for (const run of ['a', 'b', 'c']) workers.retire(run, { key: 'small', atMost: 2 });
    expect(created.map((w) => w.terminated)).toEqual([false, false, true]);
    const bigger = workers.take('d', 'big');
    expect(created.slice(0, 2).every((w) => w.terminated)).toBe(true);
    expect(bigger).toBe(created[3]);
  });

  it('replaces a run’s worker when the run takes another (its device was lost), and terminates a failed run’s', () => {
    const { workers, created } = pool();
    workers.take('r', 'k');
    workers.take('r', 'k');
    expect(created.map((w) => w.terminated)).toEqual([true, false]);
    workers.retire('r');
    expect(created[1].terminated).toBe(true);
  });

  it('sends a command to every running worker, and terminates them all, kept ones too', () => {
    const { workers, created } = pool();
    workers.take('a', 'k');
    workers.take('b', 'k');
    workers.broadcast({ type: 'pause' });
    expect(created.map((w) => w.posted)).toEqual([[{ type: 'pause' }], [{ type: 'pause' }]]);
    expect(workers.runningWorkers().map(([runId]) => runId)).toEqual(['a', 'b']);
    workers.retire('a', { key: 'k', atMost: 2 });
    workers.terminateRunning();
    expect(created.map((w) => w.terminated)).toEqual([false, true]);
    workers.terminateAll();
    expect(created.map((w) => w.terminated)).toEqual([true, true]);
  });
});
