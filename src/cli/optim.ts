/**
 * `npm run optim -- --trace FILE.json --out OUT.json`: runs the optimizer named in a trace (the format
 * of fixtures/golden/optim/*.json) through the fused WebGPU kernels and writes
 * { "steps": [ { "param": [...], "m": [...], "v": [...] } ] } in the same per-tensor layout.
 * Options: --layout per-tensor|flat (default per-tensor, as the tfjs layer runs). FILE may be gzipped
 * (fixtures/golden/optim/*.json.gz); it is read whole up to INPUT_LIMITS.wholeFileBytes.
 */
import { writeFileSync } from 'node:fs';
import { parseTraceText, TraceError } from '../core/optim';
import { acquireNodeGpu } from '../gpu/nodeGpu';
import { prepareFusedKernels } from '../gpu/optim/fmaProbe';
import { runTrace } from '../gpu/optim/runTrace';
import type { RawLayout } from '../gpu/optim/raw';
import { parseCommandLine, UsageError } from './args';
import { readInputText } from './readInput';

const USAGE = 'usage: npm run optim -- --trace FILE.json[.gz] --out OUT.json [--layout per-tensor|flat]';

async function main(): Promise<void> {
  const command = parseCommandLine(process.argv.slice(2), {
    usage: USAGE,
    options: { trace: { type: 'string' }, out: { type: 'string' }, layout: { type: 'string' } },
  });
  const tracePath = command.required('trace');
  const outPath = command.required('out');
  const layout = command.oneOf<RawLayout>('layout', ['per-tensor', 'flat'], 'per-tensor');
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
  if (error instanceof UsageError && error.help) return console.log(error.usage);
  console.error(error instanceof TraceError ? error.message : `optim: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
