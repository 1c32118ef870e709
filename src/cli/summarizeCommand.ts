/**
 * `npm run summarize -- SNAPSHOT.json.gz [--out summary.md]`: any snapshot's summary.md, recomputed from its
 * per-query values (the same summarizeSnapshot + summaryMarkdown the runner and the page use), headless.
 * The snapshot is untrusted: its size on disk, inflated size and counts are checked before anything is built.
 */
import { writeFileSync } from 'node:fs';
import { importSnapshot, studySummaryMarkdown } from '../core/snapshot';
import { parseCommandLine } from './args';
import { readStoredFile } from './readInput';

export const SUMMARIZE_USAGE = 'usage: npm run summarize -- SNAPSHOT.json.gz [--out summary.md]';

export interface SummarizeOptions {
  snapshot: string;
  out?: string;
}

export function parseSummarizeArgs(argv: string[]): SummarizeOptions {
  const { values, positionals } = parseCommandLine(argv, { usage: SUMMARIZE_USAGE, options: { out: { type: 'string' } }, positionals: 1 });
  return { snapshot: positionals[0]!, out: values.out };
}

/** summary.md of the snapshot; written to `out` when given. */
export async function runSummarize(options: SummarizeOptions): Promise<string> {
  const bytes = readStoredFile(options.snapshot, 'snapshotFileBytes', 'the snapshot');
  // A tuning study's snapshot gets its sensitivity table, selection and time to target before the final summary.
  const markdown = studySummaryMarkdown(await importSnapshot(bytes, options.snapshot));
  if (options.out !== undefined) writeFileSync(options.out, markdown);
  return markdown;
}
