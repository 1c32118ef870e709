/**
 * The sign of NaN, which trec_eval prints (`nan`, `-nan`) and which C on x86-64 decides: a NaN made from numbers
 * (0/0, ∞ − ∞) is the "default NaN", sign set; arithmetic on a NaN returns that NaN (the first operand's, if both
 * are). JavaScript engines follow their machine, or make NaN positive when storing it in some arrays, so the
 * evaluation sets signs explicitly with these helpers and prints what trec_eval prints on x86-64 anywhere.
 */

const bytes = new DataView(new ArrayBuffer(8));

/** Whether the sign bit is set (true for -0 and for x86's default NaN). */
export function signBit(value: number): boolean {
  bytes.setFloat64(0, value);
  return (bytes.getUint8(0) & 0x80) !== 0;
}

/** A quiet NaN with the given sign. */
export function signedNaN(negative: boolean): number {
  bytes.setUint32(0, negative ? 0xfff80000 : 0x7ff80000);
  bytes.setUint32(4, 0);
  return bytes.getFloat64(0);
}

/** x86-64's default NaN: what 0/0 gives in C there (`-nan`). */
export const DEFAULT_NAN = signedNaN(true);

/** `result` of an operation on a and b, with the NaN x86-64 would give: a's if a is NaN, else b's, else the default. */
export function x86(result: number, a: number, b: number): number {
  if (!Number.isNaN(result)) return result;
  if (Number.isNaN(a)) return signedNaN(signBit(a));
  if (Number.isNaN(b)) return signedNaN(signBit(b));
  return DEFAULT_NAN;
}
