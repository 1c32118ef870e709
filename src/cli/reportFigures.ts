/**
 * Figures for papers, headless: every figure a snapshot yields (src/app/components/figures/snapshotFigures.ts) drawn by
 * the page's own chart components, written as SVG (sized in inches) and PNG (at `dpi`, with its pHYs chunk saying so).
 *
 * - The SVG: the same React tree the page's "Download figure" renders, rendered with react-dom into a jsdom document
 *   (Recharts 3 draws nothing through react-dom/server; see renderFigure.tsx). While it renders, `window` and
 *   `document` are jsdom's globals, as react-dom reads them there; they are put back after.
 * - The PNG: the SVG rasterised by resvg (@resvg/resvg-js, prebuilt native binaries, nothing fetched) with DejaVu Sans
 *   (Debian's fonts-dejavu-core), found through fontconfig (`fc-match`); where fontconfig is missing, resvg's own
 *   scan of the system fonts.
 *
 * File names: `<stem>.svg` / `<stem>.png` at single-column width (3.5 in), `<stem>-double.*` at double-column (7 in);
 * the stems are the figure's (`<experiment>-curves-ndcg_cut_10-dl19`, `<sweep>-gap-ndcg_cut_10-dl19`, …).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unstable_IdlePriority, unstable_scheduleCallback } from 'scheduler';
import { withPngDpi } from '../core/formats/png';
import type { AnySnapshot } from '../core/snapshot/schema';
import type { FigureColumn } from '../app/components/charts/printLayout';
import { figureFileName, figurePixels, renderFigureSvg, type FigureSvg } from '../app/components/figures/renderFigure';
import { figuresOfSnapshot, type SnapshotFigureOptions } from '../app/components/figures/snapshotFigures';

export type FigureFormat = 'svg' | 'png';

export interface FigureOptions extends SnapshotFigureOptions {
  /** Widths to draw every figure at: single column (3.5 in, the default) and/or double column (7 in). */
  columns?: readonly FigureColumn[];
  /** Default both. */
  formats?: readonly FigureFormat[];
  /** PNG resolution, dots per inch. Default 300. */
  dpi?: number;
}

export const PRINT_FONT_FAMILY = 'DejaVu Sans';

/** The print font's file and family as fontconfig resolves them; null without fontconfig. */
function printFont(): { file: string; family: string } | null {
  try {
    const [file, family] = execFileSync('fc-match', ['-f', '%{file}\n%{family[0]}', PRINT_FONT_FAMILY], { encoding: 'utf8' }).split('\n');
    return file ? { file, family: family || PRINT_FONT_FAMILY } : null;
  } catch {
    return null;
  }
}

async function rasterizer(dpi: number) {
  const { Resvg } = await import('@resvg/resvg-js');
  const font = printFont();
  const fontOptions = font
    ? { loadSystemFonts: false, fontFiles: [font.file], defaultFontFamily: font.family, sansSerifFamily: font.family }
    : { loadSystemFonts: true, defaultFontFamily: PRINT_FONT_FAMILY };
  return (svg: FigureSvg): Uint8Array => {
    const png = new Resvg(svg.text, { fitTo: { mode: 'width', value: figurePixels(svg, dpi).width }, font: fontOptions }).render().asPng();
    return withPngDpi(new Uint8Array(png), dpi);
  };
}

type Globals = { window?: unknown; document?: unknown };

/**
 * Resolves once React's scheduler has run every task queued so far: each commit queues one more (a passive-effects
 * flush, already done by then, which reads `window.event` first), and the globals must outlive them. An idle-priority
 * task runs after every task of a higher priority (the scheduler orders tasks by expiry, and idle tasks never expire).
 */
function schedulerDrained(): Promise<void> {
  return new Promise((resolve) => unstable_scheduleCallback(unstable_IdlePriority, () => resolve()));
}

/** Runs `draw` with jsdom's window and document as globals (react-dom reads them), restoring what was there. */
async function withJsdom<T>(draw: (document: Document) => T): Promise<T> {
  const { JSDOM } = await import('jsdom');
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  const globals = globalThis as Globals;
  const before = { window: globals.window, document: globals.document };
  globals.window = window;
  globals.document = window.document;
  try {
    const result = draw(window.document);
    await schedulerDrained();
    return result;
  } finally {
    globals.window = before.window;
    globals.document = before.document;
    if (before.window === undefined) delete globals.window;
    if (before.document === undefined) delete globals.document;
    window.close();
  }
}

/** Writes every figure of every snapshot into `dir` (created if missing); returns the paths written, in order. */
export async function writeFigures(snapshots: readonly AnySnapshot[], dir: string, options: FigureOptions = {}): Promise<string[]> {
  const columns = options.columns?.length ? options.columns : (['single'] as const);
  const formats = options.formats?.length ? options.formats : (['svg', 'png'] as const);
  const dpi = options.dpi ?? 300;
  if (!(Number.isInteger(dpi) && dpi > 0)) throw new Error(`dpi must be a positive whole number, got ${dpi}`);
  const figures = snapshots.flatMap((snapshot) =>
    figuresOfSnapshot(snapshot, options).flatMap((spec) => columns.map((column) => ({ spec, column, name: figureFileName(spec.stem, column) }))),
  );
  const seen = new Set<string>();
  for (const { name } of figures) {
    if (seen.has(name)) throw new Error(`two figures would both be ${name}: the snapshots share an experiment name`);
    seen.add(name);
  }
  const toPng = formats.includes('png') ? await rasterizer(dpi) : null;
  const drawn = await withJsdom((document) => figures.map(({ spec, column, name }) => ({ name, svg: renderFigureSvg(spec, column, document) })));
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const { name, svg } of drawn) {
    if (formats.includes('svg')) {
      written.push(join(dir, `${name}.svg`));
      writeFileSync(written[written.length - 1], svg.text);
    }
    if (toPng) {
      written.push(join(dir, `${name}.png`));
      writeFileSync(written[written.length - 1], toPng(svg));
    }
  }
  return written;
}
