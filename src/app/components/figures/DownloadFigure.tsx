/**
 * "Download figure" beside a chart: the chart as a figure for a paper (the same figure `npm run figures` writes), at one
 * column (3.5 in) or two (7 in) wide, as SVG or as a 300 dpi PNG. The PNG is drawn in the page: the SVG as an image on
 * a canvas of the print size, then tagged with its dpi.
 */
import { useId, useState } from 'react';
import { withPngDpi } from '../../../core/formats/png';
import type { FigureColumn } from '../charts/printLayout';
import { downloadBytes } from '../results/snapshotFiles';
import type { FigureSpec } from './figureSpecs';
import { figureFileName, figurePixels, renderFigureSvg, type FigureSvg } from './renderFigure';

export const FIGURE_DPI = 300;

/** The SVG drawn on a canvas of its print size at `dpi`, as PNG bytes with a pHYs chunk saying the dpi. */
export async function figurePng(svg: FigureSvg, dpi: number): Promise<Uint8Array> {
  const { width, height } = figurePixels(svg, dpi);
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width, height });
    canvas.getContext('2d')!.drawImage(image, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the browser could not encode the PNG');
    return withPngDpi(new Uint8Array(await blob.arrayBuffer()), dpi);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** `figure` is called on a click only: a chart that is never downloaded builds no figure. */
export function DownloadFigure({ figure }: { figure: () => FigureSpec }) {
  const [column, setColumn] = useState<FigureColumn>('single');
  const [problem, setProblem] = useState<string | null>(null);
  const widthId = useId();
  const save = async (format: 'svg' | 'png') => {
    setProblem(null);
    try {
      const spec = figure();
      const svg = renderFigureSvg(spec, column, document);
      const name = figureFileName(spec.stem, column);
      if (format === 'svg') downloadBytes(svg.text, `${name}.svg`, 'image/svg+xml');
      else downloadBytes(await figurePng(svg, FIGURE_DPI), `${name}.png`, 'image/png');
    } catch (error) {
      setProblem(`Could not make the figure: ${(error as Error).message}`);
    }
  };
  return (
    <span className="figure-download" role="group" aria-label="Download figure">
      <label htmlFor={widthId}>figure</label>
      <select
        id={widthId}
        aria-label="figure width"
        title="figure width: one column (3.5 in) or two (7 in) of a two-column paper"
        value={column}
        onChange={(e) => setColumn(e.target.value as FigureColumn)}
      >
        <option value="single">3.5 in</option>
        <option value="double">7 in</option>
      </select>
      <button type="button" className="link" aria-label="Download figure as SVG" onClick={() => void save('svg')}>
        SVG
      </button>
      <button type="button" className="link" aria-label={`Download figure as PNG (${FIGURE_DPI} dpi)`} onClick={() => void save('png')}>
        PNG
      </button>
      {problem && (
        <span className="error" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
