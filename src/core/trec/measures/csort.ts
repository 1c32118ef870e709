/**
 * C library behaviour trec_eval's results depend on when its comparators are not total orders:
 * glibc's qsort (a top-down merge sort, first half n/2, ties taken from the left) and C's (int) conversion
 * of a double difference.
 */

/** glibc qsort's merge sort; returns a new array. Stable, and with a non-transitive comparator it orders as glibc does. */
export function cMergeSort<T>(items: readonly T[], compare: (a: T, b: T) => number): T[] {
  if (items.length <= 1) return [...items];
  const half = Math.floor(items.length / 2);
  const left = cMergeSort(items.slice(0, half), compare);
  const right = cMergeSort(items.slice(half), compare);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) out.push(compare(left[i], right[j]) <= 0 ? left[i++] : right[j++]);
  while (i < left.length) out.push(left[i++]);
  while (j < right.length) out.push(right[j++]);
  return out;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** `(int) d` on x86-64: truncation toward zero; NaN and values out of range become INT_MIN. */
export function cIntDifference(d: number): number {
  const t = Math.trunc(d);
  return t >= INT_MIN && t <= INT_MAX ? t : INT_MIN;
}
