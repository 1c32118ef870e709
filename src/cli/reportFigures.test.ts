/**
 * writeFigures: the files a snapshot yields, named predictably, and what is in them — axis titles, a legend naming each
 * arm, and marks whose coordinates, read back through the axis ticks, are the numbers the core computes (the Demo
 * golden snapshot's summary, a sweep's known gaps, a tuning study's known dev scores); PNGs of the print size at 300 dpi.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { pngDpi, pngSize } from '../core/formats/png';
import { importSnapshot } from '../core/snapshot/io';
import type { Snapshot } from '../core/snapshot/schema';
import { summarizeSnapshot } from '../core/snapshot/summary';
import { twoSizeSweep, tuningDevScore, tuningStudySnapshot, SWEEP_GAPS } from '../testing/figureSnapshots';
import { readSharedBytes } from '../testing/shared';
import { writeFigures } from './reportFigures';

function svgOf(path: string): Document {
  return new JSDOM(readFileSync(path, 'utf8'), { contentType: 'image/svg+xml' }).window.document;
}

const texts = (svg: Document) => [...svg.querySelectorAll('text')].map((t) => t.textContent ?? '');
/** Each legend entry's label (a long one is drawn wrapped, a <text> per line). */
const legend = (svg: Document) =>
  [...svg.querySelectorAll('.figure-legend > g')].map((entry) => [...entry.querySelectorAll('text')].map((t) => t.textContent).join(' '));
/** The axis titles: x, then y. */
const axisTitles = (svg: Document) => ['.figure-x-label', '.figure-y-label'].map((title) => svg.querySelector(title)!.textContent);
const attr = (element: Element, name: string) => Number(element.getAttribute(name));

/** 500 → 500, 1k → 1000, 33.4M → 33 400 000: the compact tick labels of a parameter axis. */
function compact(label: string): number {
  const [, number, unit] = /^([\d.]+)([kMG]?)$/.exec(label)!;
  return Number(number) * ({ '': 1, k: 1e3, M: 1e6, G: 1e9 } as Record<string, number>)[unit];
}

/**
 * The value at a pixel coordinate of an axis, from its first and last tick label and their positions (ticks are drawn
 * where their values are, so two of them fix a linear axis; a log axis is linear in log10).
 */
function axisScale(svg: Document, axis: 'x' | 'y', log = false): (pixel: number) => number {
  const ticks = [...svg.querySelectorAll(`.recharts-${axis}Axis-tick-labels text`)].map((t) => ({
    at: attr(t, axis),
    value: log ? Math.log10(compact(t.textContent!)) : Number(t.textContent),
  }));
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  const [a, b] = [ticks[0], ticks[ticks.length - 1]];
  return (pixel) => {
    const value = a.value + ((pixel - a.at) * (b.value - a.value)) / (b.at - a.at);
    return log ? 10 ** value : value;
  };
}

/** The points of an SVG path made of M and L commands. */
function pathPoints(d: string): [number, number][] {
  return [...d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** The PNG is the SVG's size in inches at 300 dpi, and says 300 dpi. */
function expectPrintSize(png: string, svg: Document, widthInches: number) {
  const bytes = new Uint8Array(readFileSync(png));
  const root = svg.documentElement;
  expect(root.getAttribute('width')).toBe(`${widthInches}in`);
  const heightInches = Number(root.getAttribute('height')!.replace(/in$/, ''));
  expect(pngSize(bytes)).toEqual({ width: widthInches * 300, height: Math.round(heightInches * 300) });
  expect(pngDpi(bytes)).toBe(300);
}

describe('writeFigures on the Demo golden snapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'figures-demo-'));
  let demo: Snapshot;
  let written: string[];
  beforeAll(async () => {
    demo = await importSnapshot(readSharedBytes('golden/demo-snapshot/snapshot.json.gz'), 'demo.json.gz');
    written = await writeFigures([demo], dir, { columns: ['single', 'double'], measures: ['ndcg_cut_10', 'map'] });
  }, 120_000);

  it('writes curves (loss, each eval set × measure asked) and the per-query scatters, SVG and PNG, at both widths, and nothing else', () => {
    const stems = [
      'demo-curves-loss',
      ...['dl19', 'dl20'].flatMap((set) => [`demo-curves-ndcg_cut_10-${set}`, `demo-curves-map-${set}`]),
      'demo-scatter-ndcg_cut_10-dl19-lion-vs-adamw',
      'demo-scatter-ndcg_cut_10-dl20-lion-vs-adamw',
    ];
    const expected = stems.flatMap((s) => [s, `${s}-double`]).flatMap((s) => [`${s}.svg`, `${s}.png`]);
    expect(written.map((p) => p.slice(dir.length + 1)).sort()).toEqual(expected.sort());
    expect(readdirSync(dir).sort()).toEqual(expected.sort());
  });

  it('an evaluation curve: axis titles, a legend entry per arm, one dot per evaluated step at the mean over seeds, a bar over their min–max', () => {
    const svg = svgOf(join(dir, 'demo-curves-ndcg_cut_10-dl19.svg'));
    expect(axisTitles(svg)).toEqual(['training step', 'NDCG@10 on dl19']);
    expect(legend(svg)).toEqual(['adamw mean of 2 seeds; bar: min–max', 'lion mean of 2 seeds; bar: min–max']);
    expect(texts(svg)).toEqual(expect.arrayContaining(['0.44', '0.48', '0', '40']));
    expect(svg.querySelector('title')!.textContent).toBe('demo: NDCG@10 on dl19 by training step');
    expect(svg.querySelector('desc')!.textContent).toContain('the min–max over those seeds');
    const y = axisScale(svg, 'y');
    const x = axisScale(svg, 'x');
    const cells = summarizeSnapshot(demo).cells.filter((c) => c.evalSet === 'dl19' && c.measure === 'ndcg_cut_10');
    // summary.md: adamw 0.4613, lion 0.4582 on dl19
    expect(cells.map((c) => [c.arm, c.mean.toFixed(4)])).toEqual([
      ['adamw', '0.4613'],
      ['lion', '0.4582'],
    ]);
    const evaluatedSteps = new Set(demo.runs.flatMap((r) => r.evaluations.filter((e) => e.evalSet === 'dl19').map((e) => e.step)));
    for (const cell of cells) {
      const dots = [...svg.querySelectorAll(`circle.recharts-line-dot[name="${cell.arm} mean of 2 seeds"]`)];
      expect(dots).toHaveLength(evaluatedSteps.size);
      expect(x(attr(dots[0], 'cx'))).toBeCloseTo(40, 9);
      expect(y(attr(dots[0], 'cy'))).toBeCloseTo(cell.mean, 9);
    }
    // the two bars span each arm's seeds: the vertical line of each error bar, lowest and highest seed mean
    const bars = [...svg.querySelectorAll('.recharts-errorBar')].map((bar) => {
      const ys = [...bar.querySelectorAll('line')].flatMap((l) => [attr(l, 'y1'), attr(l, 'y2')]).map(y);
      return [Math.min(...ys), Math.max(...ys)];
    });
    expect(bars).toHaveLength(2);
    cells.forEach((cell, i) => {
      expect(bars[i][0]).toBeCloseTo(Math.min(...cell.seedMeans), 9);
      expect(bars[i][1]).toBeCloseTo(Math.max(...cell.seedMeans), 9);
    });
  });

  it('the loss curve: a point per step at the mean of the seeds’ loss, over a shaded min–max band', () => {
    const svg = svgOf(join(dir, 'demo-curves-loss.svg'));
    expect(axisTitles(svg)).toEqual(['training step', 'training loss (bce)']);
    expect(legend(svg)).toEqual(['adamw mean of 2 seeds, min–max band', 'lion mean of 2 seeds, min–max band']);
    const y = axisScale(svg, 'y');
    const x = axisScale(svg, 'x');
    const runs = demo.runs.filter((r) => r.arm === 'lion');
    const line = pathPoints(svg.querySelector('path.recharts-line-curve[name="lion mean of 2 seeds"]')!.getAttribute('d')!);
    expect(line).toHaveLength(demo.config.steps!);
    line.forEach(([px, py], i) => {
      expect(x(px)).toBeCloseTo(i + 1, 9);
      expect(y(py)).toBeCloseTo((runs[0].curve[i].loss + runs[1].curve[i].loss) / 2, 9);
    });
    const band = pathPoints(svg.querySelector('path.recharts-area-area[name="lion min–max over 2 seeds"]')!.getAttribute('d')!);
    expect(band).toHaveLength(2 * demo.config.steps!);
    expect(Math.max(...band.map(([, py]) => y(py)))).toBeCloseTo(Math.max(...runs.flatMap((r) => r.curve.map((p) => p.loss))), 9);
  });

  it('the per-query scatter: a dot per query at (adamw, lion), the diagonal, and both in the legend', () => {
    const svg = svgOf(join(dir, 'demo-scatter-ndcg_cut_10-dl20-lion-vs-adamw.svg'));
    expect(axisTitles(svg)).toEqual(['adamw NDCG@10', 'lion NDCG@10']);
    expect(legend(svg)).toEqual(['lion vs adamw: one dot per query (54)', 'y = x']);
    const x = axisScale(svg, 'x');
    const y = axisScale(svg, 'y');
    const finals = (arm: string) =>
      demo.runs.filter((r) => r.arm === arm).map((r) => r.evaluations.find((e) => e.evalSet === 'dl20' && e.step === 40)!.perQuery);
    const [adamw, lion] = [finals('adamw'), finals('lion')];
    const qids = Object.keys(adamw[0]).sort();
    const dots = [...svg.querySelectorAll('circle.figure-dot')];
    expect(dots).toHaveLength(qids.length);
    dots.forEach((dot, i) => {
      expect(x(attr(dot, 'cx'))).toBeCloseTo((adamw[0][qids[i]].ndcg_cut_10 + adamw[1][qids[i]].ndcg_cut_10) / 2, 9);
      expect(y(attr(dot, 'cy'))).toBeCloseTo((lion[0][qids[i]].ndcg_cut_10 + lion[1][qids[i]].ndcg_cut_10) / 2, 9);
    });
  });

  it('PNGs are the print size at 300 dpi: 3.5 in (1050 px) and 7 in (2100 px) wide', () => {
    expectPrintSize(join(dir, 'demo-curves-loss.png'), svgOf(join(dir, 'demo-curves-loss.svg')), 3.5);
    expectPrintSize(join(dir, 'demo-curves-loss-double.png'), svgOf(join(dir, 'demo-curves-loss-double.svg')), 7);
    expectPrintSize(join(dir, 'demo-scatter-ndcg_cut_10-dl19-lion-vs-adamw.png'), svgOf(join(dir, 'demo-scatter-ndcg_cut_10-dl19-lion-vs-adamw.svg')), 3.5);
  });
});

describe('writeFigures on a sweep and a tuning study', () => {
  it('a sweep adds the gap by parameter count per eval set: a dot per model at its gap, smaller model left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'figures-sweep-'));
    const written = (await writeFigures([await twoSizeSweep()], dir, { formats: ['svg'], measures: ['ndcg_cut_10'] })).map((p) => p.slice(dir.length + 1));
    expect(written.filter((p) => p.includes('-gap-'))).toEqual(['sw-gap-ndcg_cut_10-dl19.svg', 'sw-gap-ndcg_cut_10-dl20.svg']);
    // and each member's own figures, named after the member
    expect(written).toContain('sw_L1-H8-curves-ndcg_cut_10-dl19.svg');
    expect(written).toContain('sw_L1-H16-scatter-ndcg_cut_10-dl20-lion-vs-adamw.svg');
    const svg = svgOf(join(dir, 'sw-gap-ndcg_cut_10-dl19.svg'));
    expect(axisTitles(svg)).toEqual(['parameters (log scale)', 'Δ NDCG@10 (lion − adamw)']);
    expect(legend(svg)).toEqual(['lion − adamw: mean over queries; bar: 95 % bootstrap CI']);
    const x = axisScale(svg, 'x', true);
    const y = axisScale(svg, 'y');
    const dots = [...svg.querySelectorAll('circle.figure-dot')].map((d) => ({ parameters: x(attr(d, 'cx')), gap: y(attr(d, 'cy')) }));
    expect(dots.map((d) => d.gap)).toEqual([expect.closeTo(SWEEP_GAPS[8], 9), expect.closeTo(SWEEP_GAPS[16], 9)]);
    expect(dots[0].parameters).toBeLessThan(dots[1].parameters);
  });

  it('a tuning study adds the LR sensitivity: a dot per scored trial at its mean dev score over seeds; a plain experiment has neither', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'figures-tuning-'));
    const study = await tuningStudySnapshot();
    const written = await writeFigures([study], dir, { formats: ['svg'] });
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual(['lr-study-lr-sensitivity-ndcg_cut_10-dl19.svg']);
    const svg = svgOf(written[0]);
    expect(axisTitles(svg)).toEqual(['learning rate (log scale)', 'dev dl19 NDCG@10']);
    expect(legend(svg)).toEqual(['AdamW', 'Lion', 'mean over seeds; bar: min–max']);
    const y = axisScale(svg, 'y');
    const expected = ['adamw', 'lion'].flatMap((space) => [1, 2, 3].map((k) => (tuningDevScore(space, k, 1) + tuningDevScore(space, k, 2)) / 2));
    const drawn = [...svg.querySelectorAll('circle.figure-dot')].map((d) => y(attr(d, 'cy')));
    expect(drawn.sort()).toEqual(expected.sort().map((v) => expect.closeTo(v, 9)));

    const plain = await writeFigures([(await twoSizeSweep()).members[0]], mkdtempSync(join(tmpdir(), 'figures-plain-')), { formats: ['svg'] });
    expect(plain.filter((p) => /-(gap|lr-sensitivity)-/.test(p))).toEqual([]);
  });

  it('refuses two snapshots that would write the same files', async () => {
    const member = (await twoSizeSweep()).members[0];
    await expect(writeFigures([member, member], mkdtempSync(join(tmpdir(), 'figures-twice-')), { formats: ['svg'] })).rejects.toThrow(
      'two figures would both be sw_L1-H8-curves-loss: the snapshots share an experiment name',
    );
  });
});
