import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { axisWidth, formatCompact, formatTicks, formatValue, linearAxis, logAxis } from './ticks';

describe('linearAxis', () => {
  it('a flat loss near ln 2 gets distinct labels, not 0.693 three times', () => {
    const axis = linearAxis(0.69311, 0.69318);
    expect(new Set(axis.labels).size).toBe(axis.labels.length);
    expect(axis.labels).toEqual(['0.6931', '0.69312', '0.69314', '0.69316', '0.69318']);
    expect(axis.domain).toEqual([0.6931, 0.69318]);
  });

  it('learning rates print in exponential notation with every tick distinct', () => {
    const axis = linearAxis(0, 2e-4);
    expect(axis.ticks).toEqual([0, 5e-5, 1e-4, 1.5e-4, 2e-4]);
    expect(axis.labels).toEqual(['0', '5e-5', '1e-4', '1.5e-4', '2e-4']);
  });

  it('ordinary ranges get round ticks with the fewest digits', () => {
    expect(linearAxis(0, 1).labels).toEqual(['0', '0.25', '0.5', '0.75', '1']);
    expect(linearAxis(3, 97).labels).toEqual(['0', '25', '50', '75', '100']);
    expect(linearAxis(-0.3, 0.3).labels).toEqual(['-0.4', '-0.2', '0', '0.2', '0.4']);
  });

  it('a constant series and non-finite bounds still give an axis', () => {
    expect(linearAxis(5, 5).ticks.length).toBeGreaterThan(1);
    expect(linearAxis(0, 0).labels).toEqual(['-1', '-0.5', '0', '0.5', '1']);
    expect(linearAxis(Number.NaN, 1).domain).toEqual([0, 1]);
  });

  it('any finite range: ticks cover the data, ascend, and print distinctly (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 1e-9, max: 1e9, noNaN: true }), (low, span) => {
        const high = low + span;
        fc.pre(high > low && Number.isFinite(high));
        const axis = linearAxis(low, high);
        expect(axis.domain[0]).toBeLessThanOrEqual(low);
        expect(axis.domain[1]).toBeGreaterThanOrEqual(high);
        for (let i = 1; i < axis.ticks.length; i++) expect(axis.ticks[i]).toBeGreaterThan(axis.ticks[i - 1]);
        expect(new Set(axis.labels).size).toBe(axis.labels.length);
        expect(axis.ticks.length).toBeGreaterThanOrEqual(2);
        expect(axis.ticks.length).toBeLessThanOrEqual(12);
      }),
      { numRuns: 300 },
    );
  });
});

describe('logAxis', () => {
  it('parameter counts from 1.6k to 33M: powers of ten, compact labels', () => {
    const axis = logAxis(1600, 33_400_000);
    expect(axis.ticks).toEqual([1e3, 1e4, 1e5, 1e6, 1e7, 1e8]);
    expect(axis.labels).toEqual(['1k', '10k', '100k', '1M', '10M', '100M']);
  });

  it('under three decades it adds 2× and 5× ticks', () => {
    expect(logAxis(300_000, 1_200_000).labels).toEqual(['100k', '200k', '500k', '1M', '2M', '5M', '10M']);
  });
});

describe('formatting', () => {
  it('formatTicks never prints a non-zero tick as 0 and drops -0', () => {
    expect(formatTicks([-0, 0.001, 0.002])).toEqual(['0', '0.001', '0.002']);
    expect(formatTicks([1e-5, 2e-5])).toEqual(['1e-5', '2e-5']);
    expect(formatTicks([1e6, 2e6])).toEqual(['1e6', '2e6']);
  });

  it('formatCompact and formatValue', () => {
    expect(formatCompact(997_057)).toBe('997k');
    expect(formatCompact(33_400_000)).toBe('33.4M');
    expect(formatCompact(420)).toBe('420');
    expect(formatValue(0.693147)).toBe('0.6931');
    expect(formatValue(2e-4)).toBe('2e-4');
    expect(formatValue(Number.NaN)).toBe('NaN');
  });

  it('axisWidth grows with the longest label', () => {
    expect(axisWidth(['0', '1.5e-4'])).toBe(14 + 7 * 6);
    expect(axisWidth(['0.69310'])).toBeGreaterThan(axisWidth(['1']));
  });
});
