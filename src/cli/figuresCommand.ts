/**
 * `npm run figures -- SNAPSHOT.json.gz... --out DIR`: every figure the snapshots yield (training and evaluation curves,
 * per-query scatters; a sweep's gap by parameter count; a tuning study's LR sensitivity) as SVG and 300 dpi PNG, drawn
 * by the page's own charts (reportFigures.ts). Snapshots are untrusted: read like `npm run summarize` reads them.
 */
import { importAnySnapshot } from '../core/snapshot/io';
import type { AnySnapshot } from '../core/snapshot/schema';
import type { FigureColumn } from '../app/components/charts/printLayout';
import { parseCommandLine } from './args';
import { readStoredFile } from './readInput';
import { writeFigures, type FigureFormat, type FigureOptions } from './reportFigures';

export const FIGURES_USAGE = `usage: npm run figures -- SNAPSHOT.json.gz... --out DIR [options]
  --out DIR              where the figures go (created if missing)
  --width W              single (3.5 in, default), double (7 in) or both (double-column files end in -double)
  --format F             svg, png or both (default)
  --dpi N                PNG resolution (default 300)
  --measure M            curves of this measure only (trec_eval name, e.g. ndcg_cut_10; repeatable); default: every one evaluated
  --seeds S              mean (a mean line over a min–max band per arm, default) or each (a line per seed)
  --smoothing W          EMA weight for the training loss in [0, 1) (default 0: as recorded)`;

const COLUMNS: Record<string, FigureColumn[]> = { single: ['single'], double: ['double'], both: ['single', 'double'] };
const FORMATS: Record<string, FigureFormat[]> = { svg: ['svg'], png: ['png'], both: ['svg', 'png'] };

export interface FiguresArgs {
  snapshots: string[];
  out: string;
  options: FigureOptions;
}

export function parseFiguresArgs(argv: readonly string[]): FiguresArgs {
  const line = parseCommandLine(argv, {
    usage: FIGURES_USAGE,
    options: {
      out: { type: 'string' },
      width: { type: 'string' },
      format: { type: 'string' },
      dpi: { type: 'string' },
      measure: { type: 'string', multiple: true },
      seeds: { type: 'string' },
      smoothing: { type: 'string' },
    },
    positionals: [1, 256],
  });
  const smoothing = line.values.smoothing === undefined ? 0 : Number(line.values.smoothing);
  if (!(/^(0|0?\.\d+)$/.test(line.values.smoothing ?? '0') && smoothing < 1))
    line.fail(`option --smoothing needs a number in [0, 1), got '${line.values.smoothing}'`);
  return {
    snapshots: line.positionals,
    out: line.required('out'),
    options: {
      columns: COLUMNS[line.oneOf('width', ['single', 'double', 'both'], 'single')],
      formats: FORMATS[line.oneOf('format', ['svg', 'png', 'both'], 'both')],
      dpi: line.positiveInteger('dpi', 300),
      ...(line.values.measure ? { measures: line.values.measure } : {}),
      seedMode: line.oneOf('seeds', ['mean', 'each'], 'mean') === 'each' ? 'seeds' : 'mean',
      smoothing,
    },
  };
}

/** Reads every snapshot first (a bad one stops the command before anything is drawn), then writes the figures. */
export async function runFigures(args: FiguresArgs): Promise<string[]> {
  const snapshots: AnySnapshot[] = [];
  for (const path of args.snapshots) snapshots.push(await importAnySnapshot(readStoredFile(path, 'snapshotFileBytes', 'the snapshot'), path));
  return writeFigures(snapshots, args.out, args.options);
}
