/**
 * `npm run optim -- --trace FILE.json --out OUT.json`: runs the optimizer named in a trace (the format
 * of fixtures/golden/optim/*.json) through the fused WebGPU kernels and writes
 * { "steps": [ { "param": [...], "m": [...], "v": [...] } ] } in the same per-tensor layout.
 * Options: --layout per-tensor|flat (default per-tensor, as the tfjs layer runs).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseTraceText, TraceError } from '../core/optim';
import { acquireNodeGpu } from '../gpu/nodeGpu';
import { prepareFusedKernels } from '../gpu/optim/fmaProbe';
import { runTrace } from '../gpu/optim/runTrace';
import type { RawLayout } from '../gpu/optim/raw';

const USAGE = 'usage: npm run optim -- --trace FILE.json --out OUT.json [--layout per-tensor|flat]';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value. ${USAGE}`);
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const tracePath = option(args, '--trace');
  const outPath = option(args, '--out');
  const layout = (option(args, '--layout') ?? 'per-tensor') as RawLayout;
  if (!tracePath || !outPath) throw new Error(USAGE);
  if (layout !== 'per-tensor' && layout !== 'flat') throw new Error(`--layout must be per-tensor or flat, got ${layout}`);
  let text: string;
  try {
    text = readFileSync(tracePath, 'utf8');
  } catch (error) {
    throw new Error(`cannot read trace ${tracePath}: ${(error as Error).message}`);
  }
  const trace = parseTraceText(text, tracePath);
  const { device, facts } = await acquireNodeGpu();
  const fma = await prepareFusedKernels(device);
  const output = await runTrace(device, trace, layout);
  writeFileSync(outPath, `${JSON.stringify(output)}\n`);
  console.error(`optim: ${trace.optimizer}, ${trace.grads.length} steps, ${trace.sizes.length} tensors on ${facts.vendor || '?'} ${facts.architecture || ''} (${facts.description || 'no description'}), ${fma.mode} fma${fma.exact ? '' : ' (NOT exact on this adapter)'} → ${outPath}`);
  device.destroy();
}

main().catch((error: unknown) => {
  console.error(error instanceof TraceError ? error.message : `optim: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
