/**
 * summary.md: the tables the headless runner writes and the UI shows, rendered from a `SnapshotSummary`.
 * Fixed formatting (4 decimals, p below 0.0001 as "<0.0001"), so the same snapshot always renders the
 * same bytes.
 */
import { SUMMARY_MEASURES } from '../experiment/defaults';
import { optimizerLabel } from '../optim/registry';
import { measureLabel } from '../trec/measures';
import type { Comparison, SnapshotSummary } from './summary';

export { measureLabel };
const SUMMARY_KEYS = new Set(SUMMARY_MEASURES.map((m) => m.key));

/** `Lion − AdamW`: the optimizers compared, by their registry labels. */
export function comparisonTitle(comparisons: readonly Pick<Comparison, 'treatmentOptimizer' | 'baselineOptimizer'>[]): string {
  const treatments = [...new Set(comparisons.map((c) => optimizerLabel(c.treatmentOptimizer)))];
  const baselines = [...new Set(comparisons.map((c) => optimizerLabel(c.baselineOptimizer)))];
  return `${treatments.join(', ')} − ${baselines.join(', ')}`;
}

type ArmPair = Pick<Comparison, 'treatment' | 'treatmentOptimizer' | 'baseline' | 'baselineOptimizer'>;

/** Arm names are spelled out where the title does not say them: several pairs, or arms not named after their optimizers. */
export function comparisonArms(c: ArmPair, all: readonly ArmPair[]): string {
  const pairs = new Set(all.map((x) => `${x.treatment}\u0000${x.baseline}`));
  return pairs.size === 1 && c.treatment === c.treatmentOptimizer && c.baseline === c.baselineOptimizer ? '' : ` (${c.treatment} − ${c.baseline})`;
}

export function fixed4(x: number): string {
  return Number.isFinite(x) ? x.toFixed(4) : String(x);
}
export function signed4(x: number): string {
  return Number.isFinite(x) && x >= 0 ? `+${x.toFixed(4)}` : fixed4(x);
}
export function pValue4(p: number): string {
  return Number.isFinite(p) && p < 0.0001 ? '<0.0001' : fixed4(p);
}

function orderedMeasures(measures: Iterable<string>): string[] {
  const present = new Set(measures);
  const known = SUMMARY_MEASURES.map((m) => m.key).filter((m) => present.has(m));
  return [...known, ...[...present].filter((m) => !SUMMARY_KEYS.has(m))];
}

export function summaryMarkdown(summary: SnapshotSummary): string {
  const lines: string[] = [];
  lines.push(`# ${summary.experiment}`, '');
  lines.push(`Config hash \`${summary.configHash}\`.`, '');
  lines.push(summary.seedCombination, '');

  const evalSets = [...new Set(summary.cells.map((c) => c.evalSet))];
  for (const evalSet of evalSets) {
    const cells = summary.cells.filter((c) => c.evalSet === evalSet);
    const measures = orderedMeasures(cells.map((c) => c.measure));
    lines.push(`## ${evalSet} (binary measures at relevance ≥ ${cells[0].relevanceLevel}, trec_eval -l ${cells[0].relevanceLevel})`, '');
    lines.push(`| arm | optimizer | seeds | queries | ${measures.map(measureLabel).join(' | ')} |`);
    lines.push(`|---|---|---|---|${measures.map(() => '---|').join('')}`);
    for (const arm of [...new Set(cells.map((c) => c.arm))]) {
      const armCells = cells.filter((c) => c.arm === arm);
      const values = measures.map((m) => {
        const cell = armCells.find((c) => c.measure === m);
        if (!cell) return '—';
        return cell.seedStd === null ? fixed4(cell.mean) : `${fixed4(cell.mean)} ± ${fixed4(cell.seedStd)}`;
      });
      lines.push(`| ${arm} | ${optimizerLabel(armCells[0].optimizer)} | ${armCells[0].seeds.length} | ${armCells[0].queries} | ${values.join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push('Values are means over seeds ± the sample standard deviation over seeds.', '');

  if (summary.comparisons.length) {
    const title = comparisonTitle(summary.comparisons);
    lines.push(`## ${title}`, '');
    lines.push(
      `| eval set | measure | ${title} | 95 % CI | t-test p | randomization p | Holm p (t-test) | Holm p (randomization) | wins / ties / losses | queries | seeds |`,
    );
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
    const ordered = [...summary.comparisons].sort((a, b) => {
      const setOrder = evalSets.indexOf(a.evalSet) - evalSets.indexOf(b.evalSet);
      if (setOrder) return setOrder;
      const measures = orderedMeasures(summary.comparisons.map((c) => c.measure));
      return measures.indexOf(a.measure) - measures.indexOf(b.measure);
    });
    for (const c of ordered) {
      const arms = comparisonArms(c, summary.comparisons);
      lines.push(
        `| ${c.evalSet} | ${measureLabel(c.measure)}${arms} | ${signed4(c.meanDifference)} | [${signed4(c.ci95.low)}, ${signed4(c.ci95.high)}] | ${pValue4(c.tTest.p)} | ${pValue4(c.randomizationP)} | ${pValue4(c.holmTTestP)} | ${pValue4(c.holmRandomizationP)} | ${c.wins} / ${c.ties} / ${c.losses} | ${c.queries} | ${c.seeds.length} |`,
      );
    }
    lines.push('');
  }
  if (summary.excludedRuns.length) {
    lines.push('## Runs left out', '');
    for (const run of summary.excludedRuns) lines.push(`- \`${run.runId}\`: ${run.reason}`);
    lines.push('');
  }
  if (summary.notes.length) {
    lines.push('## Notes', '');
    for (const note of summary.notes) lines.push(`- ${note}`);
    lines.push('');
  }
  return lines.join('\n');
}
