// Mean binary cross-entropy with logits over the batch, in one invocation summing the rows in order (a batch is
// at most a few hundred rows): max(x, 0) − x·y + log(1 + exp(−|x|)), with log(1 + ·) as tfjs's log1p computes it.
fn main(index : i32) {
  if (index == 0) {
    var total = 0.0;
    for (var r = 0; r < uniforms.rows; r = r + 1) {
      let x = logits[r];
      total = total + ((max(x, 0.0) - x * labels[r]) + log(1.0 + exp(-abs(x))));
    }
    setOutputAtIndex(0, total / f32(uniforms.rows));
  }
}
