// The headless runner refuses a config whose problems can be found before training, all of them at once and
// each naming its field, without touching the GPU or writing anything.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoPreset } from '../core/experiment';
import { SchemaValidationError } from '../core/experiment/issues';
import { runHeadless } from './experimentCommand';
import { REPO_ROOT } from '../testing/shared';

function writeConfig(dir: string, change: (c: Record<string, unknown>) => void): string {
  const config = JSON.parse(JSON.stringify(demoPreset())) as Record<string, unknown>;
  change(config);
  const path = join(dir, 'bad.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe('npm run experiment refuses before step 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-'));

  it('a bad measure: the schema names evalSets[i].measures[j] and lists the supported measures', async () => {
    const config = writeConfig(dir, (c) => {
      (c.evalSets as { measures: string[] }[])[1].measures = ['ndcg_cut_10', 'map_cut_10', 'bogus_measure'];
    });
    const error = await runHeadless({ config, out: join(dir, 'out1'), quiet: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaValidationError);
    expect((error as SchemaValidationError).problems).toEqual([
      expect.stringMatching(/bad\.json: evalSets\[1\]\.measures\[2\]: unknown or unsupported measure 'bogus_measure' \(supported: .*map_cut_<k>/),
    ]);
    expect(existsSync(join(dir, 'out1'))).toBe(false);
  });

  it('a missing file, a missing training file, a vocabulary mismatch and an odd BCE batch: every problem at once', async () => {
    const config = writeConfig(dir, (c) => {
      (c.evalSets as { qrels: unknown }[])[0].qrels = 'data/no-such-qrels.txt';
      c.trainingData = { source: 'file', name: 'missing-triples.tsv', format: 'triples' };
      (c.model as { vocabSize: number }).vocabSize = 1000;
      c.batchSize = 7;
    });
    const error = await runHeadless({ config, out: join(dir, 'out2'), quiet: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaValidationError);
    const problems = (error as SchemaValidationError).problems;
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/bad\.json: evalSets\[0\]\.qrels: .*no-such-qrels\.txt: cannot read \(ENOENT\)/);
    expect(problems[1]).toMatch(/bad\.json: trainingData: .*missing-triples\.tsv/);
    expect(problems[2]).toMatch(/bad\.json: model\.vocabSize: .*vocab_size 1000 is smaller than the tokenizer's 30522 tokens/);
    expect(problems[3]).toMatch(/bad\.json: batchSize: batchSize 7: BCE on triples/);
    expect(existsSync(join(dir, 'out2'))).toBe(false);
  });

  it('a tuning study that selects and reports on the same set: refused naming the field, before anything is written', async () => {
    const study = JSON.parse(readFileSync(join(REPO_ROOT, 'configs/fair-demo.json'), 'utf8')) as { testSets: { name: string }[]; devSet: object };
    study.testSets = [{ ...study.devSet, name: 'dl19-as-test' }];
    const path = join(dir, 'same-set.json');
    writeFileSync(path, JSON.stringify(study));
    const error = await runHeadless({ config: path, out: join(dir, 'out-tuning'), quiet: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaValidationError);
    expect((error as SchemaValidationError).problems).toEqual([
      `${path}: testSets[0].topics: the same topics file as devSet (dl19): a study must select on one set and report on another (e.g. dev DL19, test DL20)`,
    ]);
    expect(existsSync(join(dir, 'out-tuning'))).toBe(false);
  });
});
