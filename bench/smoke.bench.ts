// The smallest benchmark: the smoke kernel's round trip, to check the harness on an adapter.
import { acquireNodeGpu } from '../src/gpu/nodeGpu';
import { saxpyOnGpu } from '../src/gpu/smoke/saxpy';
import { parseNoBenchOptions } from './options';

export async function run(args: readonly string[] = []): Promise<object> {
  parseNoBenchOptions('smoke', args);
  const { device, facts } = await acquireNodeGpu();
  const n = 1 << 20;
  const x = new Float32Array(n).fill(1);
  const y = new Float32Array(n).fill(2);
  await saxpyOnGpu(device, 3, x, y);
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await saxpyOnGpu(device, 3, x, y);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { adapter: facts, elements: n, medianRoundTripMs: times[times.length >> 1] };
}
