#!/usr/bin/env bash
# Prepares the benchmarks for a GPU machine without network (the device tool): bundles each benchmark into one
# Node ESM file and packs Node + Dawn + the Vulkan loaders with them, using the GPU machine's pack.sh from the
# development environment's reference folder (RERANK_LAB_SHARED, its gpu/pack.sh; not part of this repository).
# Then, on the device:
#   mkdir -p /tmp/c && tar -xJf .gpucarry/out/carry.txz -C /tmp/c && \
#   bash /tmp/c/run.sh node .gpucarry/bench-optim.mjs > $OUT/optim.json && \
#   bash /tmp/c/run.sh node .gpucarry/bench-model.mjs --layers=12 --hidden=384 --heads=12 --batch=16 --seq=128 > $OUT/model.json && \
#   bash /tmp/c/run.sh node .gpucarry/bench-train.mjs --shape=minilm-l12 --batch=32 --seq=128 > $OUT/train.json && \
#   bash /tmp/c/run.sh node .gpucarry/bench-score.mjs --shape=minilm-l12 > $OUT/score.json
# with carry [".gpucarry/out"]. .gpucarry/ is git-ignored. A benchmark without its bench/NAME.bench.ts in this
# checkout is left out, with a note (score's arrives on its own branch).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${RERANK_LAB_SHARED:-}" ] || [ ! -f "$RERANK_LAB_SHARED/gpu/pack.sh" ]; then
  echo "prepare-gpu-run: set RERANK_LAB_SHARED to the folder that holds gpu/pack.sh (the GPU machine's packer, outside this repository)" >&2
  exit 2
fi
mkdir -p .gpucarry
bundles=()
for bench in optim model metrics train score; do
  if [ ! -f "bench/$bench.bench.ts" ]; then
    echo "prepare-gpu-run: no bench/$bench.bench.ts in this checkout: $bench left out" >&2
    continue
  fi
  node scripts/bundle-node.mjs bench "$bench" ".gpucarry/bench-$bench.mjs"
  bundles+=(".gpucarry/bench-$bench.mjs")
done
command -v cpio >/dev/null || { echo "prepare-gpu-run: pack.sh needs cpio: apt-get install -y cpio" >&2; exit 2; }
rm -rf .gpucarry/out
bash "$RERANK_LAB_SHARED/gpu/pack.sh" .gpucarry/out "${bundles[@]}"
