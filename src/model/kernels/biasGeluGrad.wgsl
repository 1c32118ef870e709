// (bias +) GELU backward to its input (and the bias, through biasGeluColumnSum), one invocation per element:
// dy · GELU'(x), x = z + biasAt(col). erf form: ½ (1 + erf(x/√2)) + ½ x · (2/√π) e^(−x²/2) / √2, as tfjs's
// autodiff of the erf chain gives it; tanh form: ½ (1 + t) + ½ x (1 − t²) √(2/π) (1 + 3 · 0.044715 x²).
fn main(index : i32) {
  if (index < uniforms.size) {
    let col = index % uniforms.cols;
    let x = z[index] + biasAt(col);
    var slope = 0.0;
    if (uniforms.tanhForm != 0) {
      // Clamped where tanh is ±1 in float32 (1 − t² is 0 there), so no inf · 0 can make a NaN.
      let xc = clamp(x, -20.0, 20.0);
      let t = tanhStable(0.7978845608028654 * (xc + 0.044715 * xc * xc * xc));
      slope = 0.5 * (1.0 + t) + 0.5 * xc * (1.0 - t * t) * 0.7978845608028654 * (1.0 + 3.0 * 0.044715 * xc * xc);
    } else {
      let u = x * 0.7071067811865476;
      slope = 0.5 * (geluErf(u) + 1.0) + (x * 0.5) * (1.1283791670955126 * exp(-(u * u))) * 0.7071067811865476;
    }
    setOutputAtIndex(index, dy[index] * slope);
  }
}
