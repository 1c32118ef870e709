/** A snapshot's downloads: a file handed to the browser, and the final reranked runs as one zip. */
import { strToU8, zipSync } from 'fflate';
import type { Snapshot } from '../../../core/snapshot/schema';
import type { RunMetadataMode } from '../../../core/snapshot/irMetadata';
import { trecRunFiles } from '../../../train/trecRun';

export function downloadBytes(bytes: Uint8Array | string, name: string, type: string) {
  const body = typeof bytes === 'string' ? bytes : (bytes as Uint8Array<ArrayBuffer>);
  const url = URL.createObjectURL(new Blob([body], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const fileSafe = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_');

/**
 * The final reranked run of every run × eval set, named as `npm run experiment` names them, zipped; each with its run
 * metadata (ir_metadata) in RUN.ir_metadata.yml beside it, or (`metadata: 'header'`) atop the run as `#` lines.
 */
export function trecRunsZip(snapshot: Snapshot, metadata: RunMetadataMode = 'sidecar'): Uint8Array {
  const runs = trecRunFiles(snapshot, { metadata, nameOf: (r, e) => `${fileSafe(`${r.arm}.seed-${r.seed}`)}.${fileSafe(e.evalSet)}.trec` });
  return zipSync(Object.fromEntries(Object.entries(runs).map(([name, text]) => [`runs/${name}`, strToU8(text)])), { level: 6 });
}
