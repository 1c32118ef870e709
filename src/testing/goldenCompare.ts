/**
 * The goldens' tolerances (issue 3): parameters within 1e-6 absolute; moments within 1e-5 relative,
 * or 1e-9 absolute near zero. Test-only: shared by the CPU-reference and GPU tests.
 */
export interface Mismatch {
  index: number;
  got: number;
  want: number;
}

export function paramMismatches(got: ArrayLike<number>, want: ArrayLike<number>, absTol = 1e-6): Mismatch[] {
  return collect(got, want, (g, w) => Math.abs(g - w) <= absTol);
}

export function momentMismatches(got: ArrayLike<number>, want: ArrayLike<number>, relTol = 1e-5, absTol = 1e-9): Mismatch[] {
  return collect(got, want, (g, w) => Math.abs(g - w) <= Math.max(relTol * Math.abs(w), absTol));
}

function collect(got: ArrayLike<number>, want: ArrayLike<number>, ok: (g: number, w: number) => boolean): Mismatch[] {
  if (got.length !== want.length) return [{ index: -1, got: got.length, want: want.length }];
  const out: Mismatch[] = [];
  for (let i = 0; i < want.length; i++) if (!ok(got[i], want[i])) out.push({ index: i, got: got[i], want: want[i] });
  return out.slice(0, 5);
}
