/** C printf number formatting, as trec_eval prints numbers and names measures (`%6.4f`, `%3.2f`). */

import { signBit } from './nan';

/**
 * C printf `%.{digits}f` (glibc): exact binary halves round to even (0.03125 → "0.0312"; toFixed would round
 * them up, and trec_eval prints such values), -0 keeps its sign, NaN and infinities print as `nan`, `-nan`,
 * `inf`, `-inf` (a NaN's sign is its sign bit; see nan.ts).
 */
export function formatFixed(value: number, digits: number): string {
  const sign = signBit(value) ? '-' : '';
  if (Number.isNaN(value)) return `${sign}nan`;
  if (!Number.isFinite(value)) return `${sign}inf`;
  if (value === 0) return sign + (0).toFixed(digits);
  const rounded = value.toFixed(digits);
  if (Math.abs(value) >= 1e21) return rounded;
  // toFixed(100) is the exact decimal expansion of any double that can sit exactly on a half at <= 20 digits.
  const exact = Math.abs(value).toFixed(100);
  const point = exact.indexOf('.');
  const tail = exact.slice(point + 1 + digits);
  if (tail[0] !== '5' || !/^50*$/.test(tail)) return rounded;
  // Exact half: round half to even on the kept digits.
  const kept = exact.slice(0, point + 1 + digits).replace(/\.$/, '');
  const lastDigit = Number(kept[kept.length - 1]);
  const down = lastDigit % 2 === 0;
  const magnitude = down ? kept : (Math.abs(value) + 0.5 * 10 ** -digits).toFixed(digits);
  return sign + magnitude;
}

/** C printf `%{width}.{digits}f`: formatFixed right-aligned in `width` characters. */
export function formatFixedWidth(value: number, width: number, digits: number): string {
  return formatFixed(value, digits).padStart(width);
}
