// C [M, N] = op(A) · B (+ bias [N]), with op(A) = A [M, K] or Aᵀ for A [K, M] (the host prepends aAt, epilogue,
// ROWS, COLS and workgroupSizeX, and expands the #unroll lines: unroll.ts), B [K, N] row-major and read as vec4
// along N, C written as vec4.
// An invocation computes a ROWS × (4 · COLS) block of C. On CPU adapters every load inside the k loop costs about
// as much as a gather, whatever its address, while the multiply-adds are nearly free: per k this block loads
// ROWS + 4 · COLS values for 4 · ROWS · COLS products, so the block is as large as stays in registers (16 × 8
// measured fastest on lavapipe, 1.5× the 8 × 4 block). Every output sums k = 0 … K−1 in order, as tfjs's matMul
// does, so both give the same bits.
fn main() {
  let n4 = i32(workgroupId.x * workgroupSizeX + localId.x) * COLS;
  let m0 = i32(workgroupId.y) * ROWS;
  if (n4 >= uniforms.n4) {
    return;
  }
  #unroll r c: var acc{r}_{c} = vec4<f32>();
  for (var k = 0; k < uniforms.k; k = k + 1) {
    #unroll c: let b{c} = B[k * uniforms.n4 + min(n4 + {c}, uniforms.n4 - 1)];
    #unroll r: let a{r} = aAt(min(m0 + {r}, uniforms.m - 1), k);
    #unroll r c: acc{r}_{c} = acc{r}_{c} + a{r} * b{c};
  }
  #unroll r c: if (m0 + {r} < uniforms.m && n4 + {c} < uniforms.n4) { result[(m0 + {r}) * uniforms.n4 + n4 + {c}] = epilogue(acc{r}_{c}, n4 + {c}); }
}
