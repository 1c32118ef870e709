/**
 * The typed message protocol between the page and the lab's Web Workers. Both sides import this file,
 * so a message that one side sends and the other does not understand is a type error.
 */
import type { AdapterFacts, NoWebGpuReason } from '../gpu/device';
import type { SmokeCheck } from '../gpu/smoke/saxpy';

export type WorkerCommand = { type: 'smoke'; n: number; a: number };

export type WorkerEvent =
  | { type: 'adapter'; facts: AdapterFacts }
  | { type: 'smoke-result'; check: SmokeCheck; ms: number }
  | { type: 'error'; message: string; reason?: NoWebGpuReason | 'internal' };
