/**
 * A figure as a standalone SVG file, in the browser and in Node alike: the PrintFigure is rendered with react-dom into
 * a detached element of `document` (the page's own, or a jsdom document in Node), synchronously — Recharts 3 lays a
 * chart out over several renders through its store, and flushSync runs them all before it returns —, then its SVG is
 * serialized as XML, sized in inches. react-dom/server cannot do this: Recharts 3 draws nothing on the server
 * (recharts issue #5997), since its axes and series register in effects that server rendering never runs.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { POINTS_PER_INCH, PRINT, type FigureColumn } from '../charts/printLayout';
import type { FigureSpec } from './figureSpecs';
import { PrintFigure } from './PrintFigure';

export interface FigureSvg {
  /** The SVG file's text. */
  text: string;
  /** Its size in points (1/72 in). */
  width: number;
  height: number;
}

const inches = (points: number) => Number((points / POINTS_PER_INCH).toFixed(4));

/** The PNG's size in pixels at `dpi`: the figure's size in inches times the dpi, rounded as resvg rounds it. */
export function figurePixels(svg: Pick<FigureSvg, 'width' | 'height'>, dpi: number): { width: number; height: number } {
  return { width: Math.round((svg.width / POINTS_PER_INCH) * dpi), height: Math.round((svg.height / POINTS_PER_INCH) * dpi) };
}

/** The file name (without extension) of a figure at a column's width: the stem, `-double` added at 7 in. */
export function figureFileName(stem: string, column: FigureColumn): string {
  return column === 'single' ? stem : `${stem}-double`;
}

export function renderFigureSvg(spec: FigureSpec, column: FigureColumn, document: Document): FigureSvg {
  const container = document.createElement('div');
  const root = createRoot(container);
  try {
    flushSync(() => root.render(<PrintFigure spec={spec} column={column} />));
    const drawn = container.querySelector('svg');
    if (!drawn) throw new Error(`the figure ${spec.stem} drew nothing`);
    return standalone(drawn, document);
  } finally {
    root.unmount();
  }
}

/** The chart's SVG as a file: sized in inches over a viewBox in points, on white, with the print font, without the page's focus handling. */
function standalone(drawn: SVGSVGElement, document: Document): FigureSvg {
  const svg = drawn.cloneNode(true) as SVGSVGElement;
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  for (const name of ['style', 'class', 'role', 'tabindex']) svg.removeAttribute(name);
  for (const focusable of svg.querySelectorAll('[tabindex]')) {
    focusable.removeAttribute('tabindex');
    focusable.removeAttribute('style');
  }
  svg.setAttribute('width', `${inches(width)}in`);
  svg.setAttribute('height', `${inches(height)}in`);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('font-family', PRINT.fontFamily);
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [name, value] of Object.entries({ width: String(width), height: String(height), fill: '#ffffff' })) background.setAttribute(name, value);
  const description = svg.querySelector('desc');
  svg.insertBefore(background, description ? description.nextSibling : svg.firstChild);
  const serializer = new (document.defaultView as Window & typeof globalThis).XMLSerializer();
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${serializer.serializeToString(svg)}\n`, width, height };
}
