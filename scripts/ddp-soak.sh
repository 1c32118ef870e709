#!/usr/bin/env bash
# Soak test of the exported PyTorch project's two-rank DDP run (issue 22: a rank hung for good after the run was
# done, 2 times in 21). Not part of the test suite: it takes minutes.
#
#   bash scripts/ddp-soak.sh [--runs N] [--timeout S] [--dir PROJECT] [--standalone] [--evaluate] [--inject] [--keep]
#
# Exports the Demo project (configs/demo.json) to a temporary folder, or takes an exported PROJECT (its
# runs/ARM.seed-1.* are overwritten), then runs
#   python3 -m torch.distributed.run --redirects 1 --tee 1 --nproc_per_node=2 train.py --arm ARM --seed 1
# N times in a row (default 30; gloo on CPU), the arm alternating adamw / lion, each under a wall-clock limit of
# S seconds (default 120) so that a hang counts as a failure. A run passes when the launcher exits 0 and rank 0 wrote
# runs/ARM.seed-1.train.json. Prints each run's seconds, then "N passed, M failed"; exits 1 if any failed.
#
#   --standalone  launch with torchrun's --standalone (c10d rendezvous; rank 0 hosts the store) as the tests do,
#                 instead of the static rendezvous of the issue's command (the launcher hosts the store)
#   --evaluate    also run evaluate.py on 2 ranks after each training run (same limit; both must pass)
#   --inject      torch 1.13 only, needs gcc: LD_PRELOAD a shim that makes issue 22's race happen every time: gloo's
#                 worker threads hold each finished all_gather / barrier 500 ms longer before letting go of it, and
#                 wait 300 ms more before freeing a tensor whose decref needs the GIL. With the teardown of
#                 labtorch.finish_distributed every run still passes; with the old one (barrier, destroy_process_group,
#                 then DDP's Reducer freed with the GIL held at main()'s return) every run hangs.
#
# Python: RERANK_LAB_PYTHON, else python3 if it imports torch, else /usr/bin/python3 (Debian's python3-torch).
# Each run's logs stay under the work folder (printed at the start; kept on failure, removed after a clean soak
# unless --keep).
set -uo pipefail

runs=30
limit=120
project=''
standalone=0
evaluate=0
inject=0
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --timeout) limit="$2"; shift 2 ;;
    --dir) project="$2"; shift 2 ;;
    --standalone) standalone=1; shift ;;
    --evaluate) evaluate=1; shift ;;
    --inject) inject=1; shift ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "ddp-soak: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$runs$limit" in *[!0-9]*) echo "ddp-soak: --runs and --timeout take whole numbers" >&2; exit 2 ;; esac

repo="$(cd "$(dirname "$0")/.." && pwd)"
python=''
for candidate in "${RERANK_LAB_PYTHON:-}" python3 /usr/bin/python3; do
  if [ -n "$candidate" ] && "$candidate" -c 'import torch' 2>/dev/null; then python="$candidate"; break; fi
done
[ -n "$python" ] || { echo "ddp-soak: no python3 with torch: apt-get install -y python3-torch, or set RERANK_LAB_PYTHON" >&2; exit 2; }
torch_version="$("$python" -c 'import torch; print(torch.__version__)')"

work="$(mktemp -d "${TMPDIR:-/tmp}/rerank-lab-ddp-soak.XXXXXX")"
if [ -z "$project" ]; then
  project="$work/project"
  echo "ddp-soak: exporting the Demo project to $project"
  (cd "$repo" && npm run --silent export-torch -- --config configs/demo.json --out "$project") > "$work/export.log" 2>&1 ||
    { echo "ddp-soak: export failed:" >&2; tail -20 "$work/export.log" >&2; exit 2; }
fi
project="$(cd "$project" && pwd)"
[ -f "$project/train.py" ] && [ -f "$project/prepared/plan.json" ] || { echo "ddp-soak: $project is not an exported project (train.py, prepared/)" >&2; exit 2; }

preload=''
if [ "$inject" = 1 ]; then
  case "$torch_version" in 1.13*) ;; *) echo "ddp-soak: --inject knows torch 1.13's internals only; this is torch $torch_version" >&2; exit 2 ;; esac
  command -v gcc > /dev/null || { echo "ddp-soak: --inject needs gcc (apt-get install -y gcc)" >&2; exit 2; }
  cat > "$work/inject.c" << 'EOF'
/* Issue 22's race, every time (torch 1.13). A gloo worker thread runs a collective in AsyncWork::execute, signals its
   completion, returns to runLoop and only then lets go of the work; freeing a tensor whose Python object is already
   gone (the tensor owns it) takes the GIL. Both steps are delayed here, off the main thread. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *find(const char *a, const char *b, const char *sym) {
  /* Python loads torch's libraries RTLD_LOCAL: look them up by name (Debian's soname, then a wheel's). */
  void *h = dlopen(a, RTLD_LAZY | RTLD_NOLOAD);
  if (!h) h = dlopen(b, RTLD_LAZY | RTLD_NOLOAD);
  void *f = dlsym(h ? h : RTLD_NEXT, sym);
  if (!f) abort();
  return f;
}

#define EXECUTE "_ZN4c10d16ProcessGroupGloo9AsyncWork7executeEN3c1013intrusive_ptrIS1_NS2_6detail34intrusive_target_default_null_typeIS1_EEEE"
void _ZN4c10d16ProcessGroupGloo9AsyncWork7executeEN3c1013intrusive_ptrIS1_NS2_6detail34intrusive_target_default_null_typeIS1_EEEE(void **work) {
  static void (*real)(void **);
  if (!real) real = (void (*)(void **))find("libtorch_cpu.so.1.13", "libtorch_cpu.so", EXECUTE);
  void **vtable = *(void ***)*work;               /* the work's class name: vtable[-1] is its type_info */
  const char *name = ((const char **)vtable[-1])[1];
  int hold = strstr(name, "AsyncAllgatherWork") || strstr(name, "AsyncBarrierWork");
  real(work);
  if (hold) usleep(500 * 1000);
}

#define FREE_PYOBJ "_ZN3c1010TensorImpl23destroy_pyobj_if_neededEv"
void _ZN3c1010TensorImpl23destroy_pyobj_if_neededEv(void *self) {
  static void (*real)(void *);
  if (!real) real = (void (*)(void *))find("libc10.so.1.13", "libc10.so", FREE_PYOBJ);
  /* TensorImpl's tagged PyObject* sits at offset 0x40 in 1.13; bit 0 = the tensor owns its Python object */
  if (((*(unsigned long *)((char *)self + 0x40)) & 1) && syscall(SYS_gettid) != getpid()) usleep(300 * 1000);
  real(self);
}
EOF
  gcc -O2 -shared -fPIC -o "$work/inject.so" "$work/inject.c" -ldl || { echo "ddp-soak: could not build the --inject shim" >&2; exit 2; }
  preload="$work/inject.so"
fi

launcher=("$python" -m torch.distributed.run --redirects 1 --tee 1)
[ "$standalone" = 1 ] && launcher+=(--standalone)
echo "ddp-soak: $runs runs of 2 gloo ranks, ${limit} s each at most; torch $torch_version ($python); project $project; logs under $work$([ "$inject" = 1 ] && echo '; --inject')"

# One launch: the launcher's output in $log, its logs in $logs; echoes "STATUS SECONDS".
launch() {
  local logs="$1" log="$2"
  shift 2
  local start end rc
  start=$(date +%s.%N)
  (cd "$project" && OMP_NUM_THREADS=1 LD_PRELOAD="$preload" timeout --kill-after=15 "$limit" "${launcher[@]}" --log_dir "$logs" --nproc_per_node=2 "$@") > "$log" 2>&1
  rc=$?
  end=$(date +%s.%N)
  echo "$rc $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
}

passed=0
failed=0
times=()
for i in $(seq 1 "$runs"); do
  arm=adamw
  [ $((i % 2)) = 0 ] && arm=lion
  rm -f "$project/runs/$arm.seed-1.train.json"
  read -r rc seconds < <(launch "$work/logs-$i-train" "$work/run-$i-train.log" train.py --arm "$arm" --seed 1)
  what="train $seconds s"
  verdict=ok
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    verdict="FAILED: still running after $limit s (a hang), killed"
  elif [ "$rc" != 0 ]; then
    verdict="FAILED: exit status $rc"
  elif [ ! -f "$project/runs/$arm.seed-1.train.json" ]; then
    verdict="FAILED: no runs/$arm.seed-1.train.json"
  fi
  total="$seconds"
  if [ "$verdict" = ok ] && [ "$evaluate" = 1 ]; then
    read -r rc seconds < <(launch "$work/logs-$i-evaluate" "$work/run-$i-evaluate.log" evaluate.py --arm "$arm" --seed 1)
    what="$what, evaluate $seconds s"
    total=$(awk -v a="$total" -v b="$seconds" 'BEGIN { printf "%.1f", a + b }')
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
      verdict="FAILED: evaluate.py still running after $limit s (a hang), killed"
    elif [ "$rc" != 0 ]; then
      verdict="FAILED: evaluate.py exit status $rc"
    fi
  fi
  times+=("$total")
  if [ "$verdict" = ok ]; then
    passed=$((passed + 1))
    echo "run $i/$runs $arm: ok ($what)"
  else
    failed=$((failed + 1))
    echo "run $i/$runs $arm: $verdict ($what); output: $work/run-$i-*.log, rank logs: $work/logs-$i-*"
  fi
done

stats=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1; s += $1 } END { printf "min %.1f s, median %.1f s, max %.1f s, total %.0f s", v[1], v[int((NR + 1) / 2)], v[NR], s }')
echo "seconds per run: ${times[*]}"
echo "($stats)"
echo "$passed passed, $failed failed"
if [ "$failed" = 0 ] && [ "$keep" = 0 ]; then rm -rf "$work"; fi
[ "$failed" = 0 ]
