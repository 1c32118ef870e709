// Probability (b, h, i, j) from its score and query row i's statistics (max, Σ exp): softmax without [seq, seq].
fn probabilityOf(score : f32, rowMax : f32, rowTotal : f32) -> f32 {
  return exp(score - rowMax) / rowTotal;
}
