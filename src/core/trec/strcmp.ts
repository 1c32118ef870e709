/**
 * C `strcmp` order on UTF-8 bytes, which trec_eval uses for query order and score-tie breaking.
 * UTF-8 byte order equals Unicode code point order; JavaScript's `<` compares UTF-16 code units, which
 * differs only when a surrogate (U+D800–DFFF, part of a code point above U+FFFF) meets U+E000–FFFF.
 */
export function strcmp(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) return codePointRank(x) - codePointRank(y);
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Orders U+E000–FFFF below surrogates (which stand for code points ≥ U+10000). */
function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
