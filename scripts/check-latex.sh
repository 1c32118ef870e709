#!/usr/bin/env bash
# Builds the comparison report's LaTeX with pdflatex: the Demo snapshot (or the snapshots given) reported with every
# test, each .tex compiled stand-alone. Outside the default test suite (it needs TeX Live:
# apt-get install -y --no-install-recommends texlive-latex-base texlive-latex-recommended).
#   bash scripts/check-latex.sh [SNAPSHOT.json.gz...]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pdflatex >/dev/null; then
  echo "check-latex: pdflatex not found; install it with: apt-get install -y --no-install-recommends texlive-latex-base texlive-latex-recommended" >&2
  exit 2
fi
snapshots=("$@")
[ ${#snapshots[@]} -gt 0 ] || snapshots=(fixtures/golden/demo-snapshot/snapshot.json.gz)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for test in ttest randomization tukey; do
  npx vite-node src/cli/report.ts -- "${snapshots[@]}" --test "$test" --format latex --out "$work/report-$test.tex"
  # -halt-on-error: any LaTeX error fails; the log is shown when it does
  if ! (cd "$work" && pdflatex -interaction=nonstopmode -halt-on-error "report-$test.tex" >"report-$test.out" 2>&1); then
    cat "$work/report-$test.out" >&2
    echo "check-latex: report-$test.tex did not compile" >&2
    exit 1
  fi
  warnings=$(grep -c '^LaTeX Warning\|^Overfull\|^Underfull' "$work/report-$test.log" || true)
  echo "check-latex: report-$test.tex compiled ($(stat -c %s "$work/report-$test.pdf") bytes of PDF, $warnings LaTeX/box warnings)"
done
