import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../core/experiment/validate';
import { REPO_ROOT } from '../testing/shared';
import { tinyExperiment } from '../testing/tinyStudies';
import { BatchPlan, batchRows } from './batchPlan';
import { bytesSource } from './data/lines';

const triples = readFileSync(join(REPO_ROOT, 'public/data/splade_toy.triples.train.small.head100.tsv'));
const source = () => bytesSource(new Uint8Array(triples), 'triples.tsv');
const config = validateExperiment(tinyExperiment('plan', { batchSize: 6, steps: 40 }));

async function draw(plan: BatchPlan, steps: number) {
  const out = [];
  for (let i = 0; i < steps; i++) out.push(await plan.next());
  return out;
}

describe('BatchPlan', () => {
  it('draws the same batches for the same seed (every arm), other batches for another seed', async () => {
    const [a, b, c] = [new BatchPlan(config, source(), 1), new BatchPlan(config, source(), 1), new BatchPlan(config, source(), 2)];
    const [x, y, z] = await Promise.all([draw(a, 5), draw(b, 5), draw(c, 5)]);
    expect(x.map((p) => p.hash)).toEqual(y.map((p) => p.hash));
    expect(x.map((p) => p.rows)).toEqual(y.map((p) => p.rows));
    expect(z[0].hash).not.toBe(x[0].hash);
    expect(x.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    // a BCE batch of 6 rows from triples: 3 triples, each a positive then a negative row, labelled 1 and 0
    expect(x[0].examples).toHaveLength(3);
    expect(x[0].rows.labels).toEqual([1, 0, 1, 0, 1, 0]);
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('resumed from a cursor after k steps, continues with the batches and hashes of an uninterrupted plan (across epochs)', async () => {
    const whole = new BatchPlan(config, source(), 3);
    // 100 triples, 3 a step: step 34 starts the second epoch
    const reference = await draw(whole, 40);
    for (const k of [1, 7, 33, 34]) {
      const first = new BatchPlan(config, source(), 3);
      await draw(first, k);
      const cursor = JSON.parse(JSON.stringify(first.cursor())); // as a checkpoint stores it
      await first.close();
      const resumed = new BatchPlan(config, source(), 3, { cursor, step: k });
      const rest = await draw(resumed, 40 - k);
      expect(
        rest.map((p) => [p.step, p.hash]),
        `resumed after ${k}`,
      ).toEqual(reference.slice(k).map((p) => [p.step, p.hash]));
      expect(rest.map((p) => p.rows)).toEqual(reference.slice(k).map((p) => p.rows));
      await resumed.close();
    }
    await whole.close();
  });

  it('names the loss that cannot take the data', () => {
    expect(() => batchRows([{ kind: 'pair', query: 'q', passage: 'p', label: 1 }], { kind: 'listwise', negativesPerQuery: 1 })).toThrow(
      'the listwise loss needs query groups (triples), not labelled pairs',
    );
  });
});
