// Deterministic gradient of an embedding lookup (the body of a tfjs WebGPUProgram; tfjs adds the bindings
// `dy` [tokens, width], `rowStart` [vocab + 1], `tokens` [tokens], the output and `uniforms`).
// The host sorts token positions by id (a counting sort), so row r's contributions are
// tokens[rowStart[r] .. rowStart[r + 1]) in ascending position order. Each invocation owns one output
// element and sums its contributions in that fixed order: no atomics, the same bits on every run, and
// rows no token used come out as exact zeros.
fn main(index : i32) {
  if (index < uniforms.size) {
    let width = uniforms.outShape.y;
    let row = index / width;
    let column = index - row * width;
    var total = 0.0;
    for (var j = rowStart[row]; j < rowStart[row + 1]; j = j + 1) {
      total = total + dy[tokens[j] * width + column];
    }
    setOutputAtIndex(index, total);
  }
}
