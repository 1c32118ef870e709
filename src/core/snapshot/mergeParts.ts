/**
 * The pieces merge.ts is built from: the refusal it throws (naming the file, the run and the field), the first
 * difference between two values (for those messages), and the union of ordered lists that keeps every input's order
 * (so the arms and seeds of halves of one experiment merge back into the experiment's own order).
 */

/** Why snapshots cannot be merged: `file` (and `run`, where one run is at fault) and the field that decides it. */
export class MergeRefusal extends Error {
  override readonly name = 'MergeRefusal';
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
    readonly run?: string,
  ) {
    super(message);
  }
}

/** A value as a message shows it: JSON, shortened; `absent` for undefined. */
export function shown(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export interface Difference {
  /** `.steps`, `.evalSets[0].rerankDepth`, `[3]` ('' when the values themselves differ). */
  path: string;
  a: unknown;
  b: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The first place (keys in sorted order, arrays by index) where `a` and `b` differ; null when they are equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): Difference | null {
  if (Object.is(a, b)) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return a.length === b.length ? null : { path: `${path}.length`, a: a.length, b: b.length };
  }
  if (isRecord(a) && isRecord(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const d = firstDifference(a[key], b[key], `${path}.${key}`);
      if (d) return d;
    }
    return null;
  }
  return { path, a, b };
}

export interface OrderedList<T> {
  /** Who gave this order (the file, for messages). */
  label: string;
  items: readonly T[];
}

/**
 * Every item of every list once, in an order that keeps each list's own order; where the lists leave it open, the
 * smaller item (by `compare`) first. The same lists in any order give the same union. Two lists that order two items
 * differently have no such union: a MergeRefusal naming both, at `field`.
 */
export function orderedUnion<T extends string | number>(lists: readonly OrderedList<T>[], compare: (a: T, b: T) => number, field: string): T[] {
  const after = new Map<T, Set<T>>();
  const before = new Map<T, number>();
  for (const { items } of lists) {
    items.forEach((item, i) => {
      if (!after.has(item)) after.set(item, new Set());
      if (!before.has(item)) before.set(item, 0);
      const next = items[i + 1];
      if (next !== undefined && !after.get(item)!.has(next)) {
        after.get(item)!.add(next);
        before.set(next, (before.get(next) ?? 0) + 1);
      }
    });
  }
  const out: T[] = [];
  const ready = [...before].filter(([, n]) => n === 0).map(([item]) => item);
  while (ready.length) {
    ready.sort(compare);
    const item = ready.shift()!;
    out.push(item);
    for (const next of after.get(item)!) {
      const left = before.get(next)! - 1;
      before.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  if (out.length < before.size) throw orderConflict(lists, field);
  return out;
}

function orderConflict<T>(lists: readonly OrderedList<T>[], field: string): MergeRefusal {
  for (let i = 0; i < lists.length; i++) {
    for (let j = i + 1; j < lists.length; j++) {
      const position = new Map(lists[j].items.map((item, k) => [item, k]));
      const common = lists[i].items.filter((item) => position.has(item));
      for (let k = 1; k < common.length; k++) {
        if (position.get(common[k])! < position.get(common[k - 1])!) {
          const pair = (x: T, y: T) => `${shown(x)} before ${shown(y)}`;
          return new MergeRefusal(
            lists[j].label,
            field,
            `${lists[j].label}: ${field}: ${pair(common[k], common[k - 1])} here, ${pair(common[k - 1], common[k])} in ${lists[i].label}: one experiment lists them in one order`,
          );
        }
      }
    }
  }
  // No two lists disagree, yet together they go round in a circle (x before y, y before z, z before x).
  const labels = lists.map((l) => l.label);
  return new MergeRefusal(
    labels[labels.length - 1] ?? '',
    field,
    `${field}: the orders in ${labels.join(', ')} together go round in a circle: one experiment lists them in one order`,
  );
}
