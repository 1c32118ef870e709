/**
 * Axis ticks a reader can tell apart: "nice" values (1, 2, 2.5 or 5 × 10^k) spanning the data, and labels
 * with just enough digits that no two ticks print alike — a flat loss near 0.6931 gets 0.69310, 0.69312, …
 * instead of 0.693 three times, and a learning rate of 2e-4 prints as 2e-4, not a clipped 0.000200.
 * Pure: the charts pass the result to Recharts as explicit ticks, domain and formatter.
 */

export interface Axis {
  /** The axis' extent (the first and last tick). */
  domain: [number, number];
  ticks: number[];
  /** One label per tick, all distinct. */
  labels: string[];
}

const NICE_STEPS = [1, 2, 2.5, 5, 10];

/** The nice step nearest above `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const mantissa = rough / power;
  return (NICE_STEPS.find((s) => s >= mantissa - 1e-9) ?? 10) * power;
}

/** Rounds away the binary noise of k × step (0.30000000000000004 → 0.3). */
function clean(value: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(value.toFixed(Math.min(digits, 20)));
}

/**
 * About `target` nice ticks covering [min, max]. Equal or non-finite bounds still give a valid axis
 * (a constant series gets a small span around its value).
 */
export function linearAxis(min: number, max: number, target = 5): Axis {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    min = 0;
    max = 1;
  }
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.01;
    min -= pad;
    max += pad;
  }
  // a span below float resolution at this magnitude cannot be ticked: widen it to a readable one
  const resolution = Math.max(Math.abs(min), Math.abs(max)) * 1e-9;
  if (max - min < resolution) {
    min -= resolution;
    max += resolution;
  }
  const step = niceStep((max - min) / Math.max(1, target - 1));
  let first = Math.floor(min / step + 1e-9);
  let last = Math.ceil(max / step - 1e-9);
  // the cleaned end ticks must still enclose the data
  if (clean(first * step, step) > min) first--;
  if (clean(last * step, step) < max) last++;
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(clean(k * step, step));
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks, labels: formatTicks(ticks) };
}

/**
 * Ticks for a logarithmic axis over positive [min, max]: every power of ten inside, with 2× and 5× between
 * them when the span is under three decades (so a 1.6k–33M parameter axis still has several labels).
 */
export function logAxis(min: number, max: number, format: (value: number) => string = formatCompact): Axis {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) {
    min = 1;
    max = 10;
  }
  if (min > max) [min, max] = [max, min];
  const low = Math.floor(Math.log10(min) + 1e-9);
  let high = Math.ceil(Math.log10(max) - 1e-9);
  if (high === low) high = low + 1;
  const multiples = high - low < 3 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let p = low; p <= high; p++) {
    for (const m of multiples) {
      const value = Number((m * 10 ** p).toPrecision(12));
      if (p === high && m > 1) continue;
      ticks.push(value);
    }
  }
  const labels = ticks.map(format);
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks, labels: labels.every((l, i) => labels.indexOf(l) === i) ? labels : formatTicks(ticks) };
}

function fixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** "2e-4", "1.5e+6": exponential without trailing zeros in the mantissa. */
function exponential(value: number, decimals: number): string {
  const [mantissa, exponent] = value.toExponential(decimals).split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return `${trimmed}e${exponent.replace('+', '')}`;
}

/**
 * Labels for ticks: each the shortest text that reads back as its tick, so labels are exact and, ticks
 * being distinct, distinct too. Fixed notation while the values sit in [1e-3, 1e6); exponential beyond
 * (learning rates, tiny gradient norms). Zero prints as "0".
 */
export function formatTicks(ticks: readonly number[]): string[] {
  const nonZero = ticks.filter((t) => t !== 0).map(Math.abs);
  const largest = nonZero.length ? Math.max(...nonZero) : 0;
  const smallest = nonZero.length ? Math.min(...nonZero) : 0;
  const useExponential = nonZero.length > 0 && (largest >= 1e6 || smallest < 1e-3);
  const labels = ticks.map((t) => {
    if (t === 0) return '0';
    for (let digits = 0; digits <= 15; digits++) {
      const label = useExponential
        ? exponential(t, digits)
        : fixed(t, digits)
            .replace(/(\.\d*?)0+$/, '$1')
            .replace(/\.$/, '');
      if (Math.abs(Number(label) - t) <= 1e-9 * Math.abs(t)) return label;
    }
    return String(t);
  });
  return new Set(labels).size === labels.length ? labels : ticks.map((t) => String(t));
}

/** 997057 → "997k", 33_400_000 → "33.4M": counts such as parameters, for log axes and tables. */
export function formatCompact(value: number): string {
  const units: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, unit] of units) {
    if (Math.abs(value) >= size) return `${Number((value / size).toPrecision(3))}${unit}`;
  }
  return String(Number(value.toPrecision(3)));
}

/** A value for tooltips and tables: 4 significant digits, exponential when tiny or huge. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs < 1e-3 || abs >= 1e6 ? exponential(value, 3) : String(Number(value.toPrecision(4)));
}

/** Width in pixels a vertical axis needs for these labels (so long ones are not clipped). */
export function axisWidth(labels: readonly string[], charWidth = 7, padding = 14): number {
  return padding + charWidth * Math.max(1, ...labels.map((l) => l.length));
}
