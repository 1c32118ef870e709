import { describe, expect, it } from 'vitest';
import { fixtureConfig, fixtureEvaluation, fixtureRun, fixtureSnapshot } from '../../testing/snapshots';
import { summarizeSnapshot } from './summary';
import { modelParameterCount, sweepMarkdown } from './sweepMarkdown';

describe('sweepMarkdown', () => {
  it('every row carries the model parameter count (the x of the gap-by-size chart)', async () => {
    const config = fixtureConfig();
    const values = (a: number) => ({ q1: a, q2: a / 2, q3: a / 4 });
    const evals = (a: number) => ['dl19', 'dl20'].map((set) => fixtureEvaluation(set, 3, { ndcg_cut_10: values(a), map: values(a) }));
    const snapshot = await fixtureSnapshot(config, [
      fixtureRun(config, 'adamw', 1, evals(0.4)),
      fixtureRun(config, 'adamw', 2, evals(0.5)),
      fixtureRun(config, 'lion', 1, evals(0.6)),
      fixtureRun(config, 'lion', 2, evals(0.2)),
    ]);
    const lines = sweepMarkdown('s', [{ id: 'L1-H8', model: config.model, summary: summarizeSnapshot(snapshot) }]).split('\n');
    expect(lines.find((l) => l.startsWith('| model'))).toMatch(/\| seeds \| parameters \|$/);
    const rows = lines.filter((l) => l.startsWith('| 1 layers × 8 hidden'));
    expect(rows).toHaveLength(2);
    // 1 layer, hidden 8, feed-forward 16, vocabulary 50, 16 positions, 2 token types: the BERT count by hand
    const h = 8;
    const i = 16;
    const count = 50 * h + 2 * h + 16 * h + 2 * h + (4 * (h * h + h) + 4 * h + (i * h + i) + (h * i + h)) + (h * h + h) + (h + 1);
    expect(modelParameterCount(config.model)).toBe(count);
    for (const row of rows) expect(row.endsWith(`| 2 | ${count} |`)).toBe(true);
    expect(modelParameterCount({ kind: 'local', path: 'models/x' })).toBeNull();
  });
});
