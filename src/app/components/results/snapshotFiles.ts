/** A snapshot's downloads: a file handed to the browser, and the final reranked runs as one zip. */
import { strToU8, zipSync } from 'fflate';
import type { Snapshot } from '../../../core/snapshot/schema';
import { formatTrecRun } from '../../../train/trecRun';

export function downloadBytes(bytes: Uint8Array | string, name: string, type: string) {
  const body = typeof bytes === 'string' ? bytes : (bytes as Uint8Array<ArrayBuffer>);
  const url = URL.createObjectURL(new Blob([body], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const fileSafe = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_');

/** The final reranked run of every run × eval set, named as `npm run experiment` names them, zipped. */
export function trecRunsZip(snapshot: Snapshot): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const record of snapshot.runs) {
    for (const evaluation of record.evaluations.filter((e) => e.step === record.stop.step)) {
      const tag = `${record.arm}.seed-${record.seed}`;
      files[`runs/${fileSafe(tag)}.${fileSafe(evaluation.evalSet)}.trec`] = strToU8(formatTrecRun(evaluation.run, tag));
    }
  }
  return zipSync(files, { level: 6 });
}
