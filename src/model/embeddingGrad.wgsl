// Deterministic gradient of an embedding lookup (the body of a tfjs WebGPUProgram). tfjs adds the bindings
// `dy` [tokens, width], `rows`, `segmentBegin`, `segmentEnd` [used rows], `tokens` [tokens], the output (a
// [vocab, width] tensor already filled with zeros) and `uniforms` (size = used rows × width).
// The host sorts token positions by id (a counting sort): used row u is embedding row rows[u], and its
// contributions are tokens[segmentBegin[u] .. segmentEnd[u]) in ascending position order. Each invocation owns
// one output element and sums its contributions in that fixed order: no atomics, the same bits on every run.
fn main(index : i32) {
  if (index < uniforms.size) {
    let width = uniforms.outShape.y;
    let used = index / width;
    let column = index - used * width;
    var total = 0.0;
    for (var j = segmentBegin[used]; j < segmentEnd[used]; j = j + 1) {
      total = total + dy[tokens[j] * width + column];
    }
    setOutputAtIndex(rows[used] * width + column, total);
  }
}
