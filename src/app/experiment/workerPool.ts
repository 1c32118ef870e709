/**
 * The training workers of the page: one per running run, and those of cleanly ended runs kept for the next run
 * of the same model shape. A new worker gets a new GPU device and compiles every tfjs pipeline again (about 35 s
 * of a first step on SwiftShader); a kept one has them. Kept workers are keyed by model, batch and length
 * (`workerShapeKey`), so tfjs's buffer pool in a kept worker fits the next run's tensors.
 *
 * It only hands out, keeps and terminates workers; what they are told and what their events mean is the run
 * scheduler's.
 */
import type { ExperimentConfig } from '../../core/experiment/schema';
import type { WorkerCommand } from '../../train/protocol';

export type WorkerFactory = (name: string) => Worker;

/** What a kept worker must match to take a run: the model, batch and length of the experiment. */
export function workerShapeKey(config: ExperimentConfig | null): string {
  return config ? JSON.stringify([config.model, config.batchSize, config.maxLength]) : '';
}

export class WorkerPool {
  private readonly running = new Map<string, Worker>();
  private kept: { worker: Worker; key: string }[] = [];

  constructor(private readonly createWorker: WorkerFactory) {}

  /** The worker of a running run. */
  workerOf(runId: string): Worker | undefined {
    return this.running.get(runId);
  }

  /** The running runs and their workers. */
  runningWorkers(): [runId: string, worker: Worker][] {
    return [...this.running];
  }

  /** Sends a command to every running run's worker. */
  broadcast(command: WorkerCommand): void {
    for (const worker of this.running.values()) worker.postMessage(command);
  }

  /**
   * A worker for a run: a kept one of shape `key` if there is one, else a new one. The run's previous worker (one
   * whose device was lost) is terminated, and so are kept workers of another shape (their buffers fit nothing now).
   */
  take(runId: string, key: string): Worker {
    this.running.get(runId)?.terminate();
    for (const idle of this.kept) if (idle.key !== key) idle.worker.terminate();
    this.kept = this.kept.filter((idle) => idle.key === key);
    const worker = this.kept.pop()?.worker ?? this.createWorker(`train ${runId}`);
    this.running.set(runId, worker);
    return worker;
  }

  /**
   * Ends a run's hold on its worker. With `keep` (the run ended cleanly) the worker is kept for the next run of
   * shape `keep.key`, unless `keep.atMost` are kept already; any other is terminated.
   */
  retire(runId: string, keep: { key: string; atMost: number } | null = null): void {
    const worker = this.running.get(runId);
    this.running.delete(runId);
    if (!worker) return;
    if (keep && this.kept.length < keep.atMost) {
      worker.onmessage = null;
      worker.onerror = null;
      this.kept.push({ worker, key: keep.key });
    } else worker.terminate();
  }

  /** Terminates the running runs' workers (a new experiment starts, or one is restored). */
  terminateRunning(): void {
    for (const worker of this.running.values()) worker.terminate();
    this.running.clear();
  }

  /** Terminates every worker, kept ones too (the page goes away). */
  terminateAll(): void {
    this.terminateRunning();
    for (const { worker } of this.kept) worker.terminate();
    this.kept = [];
  }
}
