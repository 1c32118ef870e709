// Gradient of the mean BCE with logits: (σ(x) − y) · dy / rows, PyTorch's BCEWithLogitsLoss gradient (σ computed
// without overflow on either side).
fn main(index : i32) {
  if (index < uniforms.size) {
    let x = logits[index];
    let e = exp(-abs(x));
    let sigmoid = select(e / (1.0 + e), 1.0 / (1.0 + e), x >= 0.0);
    setOutputAtIndex(index, (sigmoid - labels[index]) * dy[0] / f32(uniforms.size));
  }
}
