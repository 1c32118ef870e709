/**
 * `npm run optim -- --trace FILE.json --out OUT.json`: runs the optimizer named in a trace (the format
 * of fixtures/golden/optim/*.json) through the fused WebGPU kernels and writes
 * { "steps": [ { "param": [...], "m": [...], "v": [...] } ] } in the same per-tensor layout.
 * Options: --layout per-tensor|flat (default per-tensor, as the tfjs layer runs). FILE may be gzipped
 * (fixtures/golden/optim/*.json.gz); it is read whole up to INPUT_LIMITS.wholeFileBytes.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseTraceText, TraceError } from '../core/optim';
import { acquireNodeGpu } from '../gpu/nodeGpu';
import { prepareFusedKernels } from '../gpu/optim/fmaProbe';
import { runTrace } from '../gpu/optim/runTrace';
import type { RawLayout } from '../gpu/optim/raw';
import { readInputText } from './readInput';

const USAGE = 'usage: npm run optim -- --trace FILE.json[.gz] --out OUT.json [--layout per-tensor|flat]';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2).filter((a) => a !== '--'),
      options: { trace: { type: 'string' }, out: { type: 'string' }, layout: { type: 'string', default: 'per-tensor' } },
      strict: true,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
  const { trace: tracePath, out: outPath } = values;
  const layout = values.layout as RawLayout;
  if (!tracePath || !outPath) throw new Error(USAGE);
  if (layout !== 'per-tensor' && layout !== 'flat') throw new Error(`--layout must be per-tensor or flat, got ${layout}`);
  const trace = parseTraceText(readInputText(tracePath, 'wholeFileBytes', 'the trace'), tracePath);
  const { device, facts } = await acquireNodeGpu();
  const fma = await prepareFusedKernels(device);
  const output = await runTrace(device, trace, layout);
  writeFileSync(outPath, `${JSON.stringify(output)}\n`);
  console.error(
    `optim: ${trace.optimizer}, ${trace.grads.length} steps, ${trace.sizes.length} tensors on ${facts.vendor || '?'} ${facts.architecture || ''} (${facts.description || 'no description'}), ${fma.mode} fma${fma.exact ? '' : ' (NOT exact on this adapter)'} → ${outPath}`,
  );
  device.destroy();
}

main().catch((error: unknown) => {
  console.error(error instanceof TraceError ? error.message : `optim: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
