// Probability (b, h, i, j) from its score and query row i's statistics (max, Σ exp): softmax without [seq, seq].
fn probability(score : f32, statsAt : i32) -> f32 {
  return exp(score - stats[statsAt]) / stats[statsAt + 1];
}
