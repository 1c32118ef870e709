/**
 * Figures from the page: the Demo golden snapshot opened in the viewer, a chart's "Download figure" gives an SVG sized
 * in inches (with the chart's axis titles and a legend entry per arm) and a PNG of the print size at 300 dpi, drawn by
 * the browser. No training here: the snapshot is prebuilt.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { pngDpi, pngSize } from '../src/core/formats/png';
import { sharedPath } from '../src/testing/shared';

const DEMO = sharedPath('golden/demo-snapshot/snapshot.json.gz');

test('a chart of an opened snapshot downloads as an SVG figure and as a 300 dpi PNG at either column width', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto('./');
  await page.getByLabel('open snapshot').setInputFiles(DEMO);
  const chart = page.getByTestId('chart-dl19-ndcg_cut_10');
  await expect(chart.locator('.recharts-line-dot')).toHaveCount(2);

  const [svgDownload] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: 'Download figure as SVG' }).click()]);
  expect(svgDownload.suggestedFilename()).toBe('demo-curves-ndcg_cut_10-dl19.svg');
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  const root = /<svg [^>]*>/.exec(svg)![0];
  expect(root).toContain('width="3.5in"');
  const heightInches = Number(/height="([\d.]+)in"/.exec(root)![1]);
  const [, viewWidth, viewHeight] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(root)!.map(Number);
  // the user unit is the point: 3.5 in = 252 pt
  expect([viewWidth, viewHeight]).toEqual([252, Math.round(heightInches * 72)]);
  expect(svg).toContain('>training step</text>');
  expect(svg).toContain('>NDCG@10 on dl19</text>');
  expect(svg).toContain('>adamw mean of 2 seeds; bar: min–max</text>');
  expect(svg).toContain('>lion mean of 2 seeds; bar: min–max</text>');
  // one evaluation (step 40) per arm: one dot each
  expect(svg.match(/class="recharts-dot recharts-line-dot"/g)).toHaveLength(2);

  await chart.getByLabel('figure width').selectOption('double');
  const [doubleSvg] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: 'Download figure as SVG' }).click()]);
  expect(doubleSvg.suggestedFilename()).toBe('demo-curves-ndcg_cut_10-dl19-double.svg');
  const doubleRoot = /<svg [^>]*>/.exec(readFileSync(await doubleSvg.path(), 'utf8'))![0];
  expect(doubleRoot).toContain('width="7in"');
  const doubleHeight = Number(/viewBox="0 0 504 ([\d.]+)"/.exec(doubleRoot)![1]);
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: 'Download figure as PNG (300 dpi)' }).click()]);
  expect(pngDownload.suggestedFilename()).toBe('demo-curves-ndcg_cut_10-dl19-double.png');
  const png = new Uint8Array(readFileSync(await pngDownload.path()));
  // 7 in × the figure's height in inches, at 300 dpi
  expect(pngSize(png)).toEqual({ width: 7 * 300, height: Math.round((doubleHeight / 72) * 300) });
  expect(pngDpi(png)).toBe(300);

  // the per-query scatter and its PNG at one column
  const scatter = page.getByTestId('scatter-dl19-lion');
  const [scatterPng] = await Promise.all([page.waitForEvent('download'), scatter.getByRole('button', { name: 'Download figure as PNG (300 dpi)' }).click()]);
  expect(scatterPng.suggestedFilename()).toBe('demo-scatter-ndcg_cut_10-dl19-lion-vs-adamw.png');
  expect(pngSize(new Uint8Array(readFileSync(await scatterPng.path()))).width).toBe(3.5 * 300);
  expect(problems).toEqual([]);
});
