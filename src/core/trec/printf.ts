/** C printf number formatting, as trec_eval prints numbers and names measures (`%6.4f`, `%3.2f`). */

/**
 * C printf `%.{digits}f`: JavaScript's toFixed rounds exact halves up (away from zero), glibc rounds the
 * exact binary value half to even (0.03125 → "0.0312"; trec_eval prints such values). Only exact halves differ.
 */
export function formatFixed(value: number, digits: number): string {
  const rounded = value.toFixed(digits);
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) return rounded;
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
  return (value < 0 ? '-' : '') + magnitude;
}
