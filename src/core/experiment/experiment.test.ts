import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../testing/shared';
import {
  BUNDLED,
  armLrSchedule,
  SchemaValidationError,
  canonicalJson,
  configHash,
  demoCrossYearPresets,
  demoPreset,
  expandRunMatrix,
  expandSweep,
  firstJsonSyntaxError,
  experimentSchema,
  honestyChecks,
  modelSizeSweepExperiments,
  modelSizeSweepPreset,
  pendingSweepRuns,
  seedStudyPreset,
  sha256Hex,
  validateExperiment,
  warmupStepsOf,
} from '.';
import type { ExperimentConfig } from '.';
import { lrAt } from '../optim/schedules';

const minimal = {
  schemaVersion: 1,
  name: 'study',
  model: { kind: 'hub', id: 'microsoft/MiniLM-L12-H384-uncased', revision: '0123456789abcdef0123456789abcdef01234567' },
  trainingData: { source: 'url', url: 'https://example.org/triples.tsv.gz', format: 'triples' },
  steps: 1000,
};

function problemsOf(input: unknown, fileName = 'experiment.json'): string[] {
  try {
    validateExperiment(input, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaValidationError);
    return (error as SchemaValidationError).problems;
  }
  throw new Error('expected the config to be rejected');
}

function withArms(arms: unknown[]): unknown {
  return { ...minimal, arms };
}

describe('experiment schema defaults', () => {
  it('fills an AdamW arm and a Lion arm with each optimizer’s advised settings', () => {
    const config = validateExperiment(minimal);
    expect(config.arms).toEqual([
      {
        name: 'adamw',
        optimizer: 'adamw',
        lr: 2e-5,
        weightDecay: 0.01,
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        schedule: { kind: 'linear', warmupFraction: 0.1 },
        clipNorm: 1,
      },
      { name: 'lion', optimizer: 'lion', lr: 4e-6, weightDecay: 0.05, beta1: 0.9, beta2: 0.99, schedule: { kind: 'linear', warmupFraction: 0.1 }, clipNorm: 1 },
    ]);
    expect(config.seeds).toEqual([1, 2, 3]);
    expect(config.loss).toEqual({ kind: 'bce', negativesPerQuery: 1 });
    expect(config.evalSets.map((e) => [e.name, e.relevanceLevel, e.rerankDepth])).toEqual([
      ['dl19', 2, 100],
      ['dl20', 2, 100],
    ]);
    expect(config.evalSets[0].qrels).toEqual({ source: 'bundled', path: BUNDLED.dl19.qrels });
    expect(config.evalSets[0].measures).toEqual(['ndcg_cut_10', 'map', 'mrr_cut_10', 'recall_100']);
  });

  it('derives Lion’s lr and wd from the AdamW arm (5× smaller lr, 5× larger wd)', () => {
    const config = validateExperiment(withArms([{ optimizer: 'adamw', lr: 3e-5, weightDecay: 0.02 }, { optimizer: 'lion' }]));
    expect(config.arms[1].lr).toBe(6e-6);
    expect(config.arms[1].weightDecay).toBe(0.1);
    expect(config.arms[1]).not.toHaveProperty('eps');
  });

  it('parses a parsed config to itself (snapshots re-validate stored configs)', () => {
    for (const config of [validateExperiment(minimal), demoPreset(), seedStudyPreset({ triplesUrl: 'https://example.org/t.tsv' })]) {
      expect(experimentSchema.parse(JSON.parse(JSON.stringify(config)))).toEqual(config);
    }
  });

  it('converts warmup fractions to steps', () => {
    expect(warmupStepsOf({ kind: 'linear', warmupFraction: 0.1 }, 1000)).toBe(100);
    expect(warmupStepsOf({ kind: 'cosine', warmupSteps: 7 }, 1000)).toBe(7);
    expect(validateExperiment(withArms([{ optimizer: 'adamw', schedule: { kind: 'constant' } }])).arms[0].schedule).toEqual({
      kind: 'constant',
      warmupSteps: 0,
    });
  });

  it('maps arms to the optimizer core’s LR schedules (lr at step 0, mid-warmup, after warmup, at the end)', () => {
    const [adamw, lion] = validateExperiment(withArms([{ optimizer: 'adamw' }, { optimizer: 'lion', schedule: { kind: 'constant' } }])).arms;
    const linear = armLrSchedule(adamw, 1000);
    expect(linear).toEqual({ kind: 'linear', peakLr: 2e-5, warmupSteps: 100, totalSteps: 1000 });
    expect([lrAt(0, linear), lrAt(50, linear), lrAt(100, linear), lrAt(1000, linear)]).toEqual([0, 1e-5, 2e-5, 0]);
    expect(armLrSchedule(lion, 1000)).toEqual({ kind: 'constant', peakLr: 4e-6 });
    expect(problemsOf(withArms([{ optimizer: 'adamw', schedule: { kind: 'constant', warmupSteps: 10 } }]))).toEqual([
      'experiment.json: arms[0].schedule.kind: a constant schedule has no warmup (as in Hugging Face); use "linear" or "cosine" for warmup',
    ]);
  });
});

describe('validateExperiment errors name the file and the field', () => {
  it('a negative learning rate', () => {
    expect(problemsOf(withArms([{ optimizer: 'adamw' }, { optimizer: 'lion', lr: -0.001 }]))).toEqual([
      'experiment.json: arms[1].lr: expected a positive number (got -0.001)',
    ]);
  });

  it('a string where a number belongs, and a missing field', () => {
    const { trainingData: _t, ...noData } = minimal;
    expect(problemsOf({ ...noData, batchSize: '64' }, 'my.json')).toEqual([
      'my.json: trainingData: missing: expected object',
      'my.json: batchSize: expected a number (got "64")',
    ]);
  });

  it('per-arm batch sizes cannot be expressed (batch size is experiment-level)', () => {
    expect(
      problemsOf(
        withArms([
          { optimizer: 'adamw', batchSize: 32 },
          { optimizer: 'lion', batchSize: 64 },
        ]),
      ),
    ).toEqual([
      'experiment.json: arms[0]: unknown field "batchSize" (check the spelling)',
      'experiment.json: arms[1]: unknown field "batchSize" (check the spelling)',
    ]);
  });

  it('an unknown model kind and an unknown optimizer', () => {
    expect(problemsOf({ ...minimal, model: { kind: 'onnx' } })).toEqual(['experiment.json: model.kind: expected "hub" or "local" or "random" (got "onnx")']);
    expect(problemsOf(withArms([{ optimizer: 'adagrad' }]))).toEqual([
      'experiment.json: arms[0].optimizer: expected "adamw" or "lion" or "sgd" (got "adagrad")',
    ]);
  });

  it('measures come from the measure registry: a typo fails here, naming the field and listing what is supported', () => {
    const evalSets = (measures: string[]) => [{ name: 'dl19', topics: 't.txt', qrels: 'q.txt', candidates: 'c.json', measures }];
    const problems = problemsOf({ ...minimal, evalSets: evalSets(['ndcg_cut_10', 'map', 'bogus_measure', 'P_010']) });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^experiment\.json: evalSets\[0\]\.measures\[2\]: unknown or unsupported measure 'bogus_measure' \(supported: .*map_cut_<k>.*mrr_cut_<k>\)$/,
    );
    expect(problems[1]).toMatch(/^experiment\.json: evalSets\[0\]\.measures\[3\]: unknown or unsupported measure 'P_010'/);
    expect(problemsOf({ ...minimal, evalSets: evalSets(['map', 'map']) })).toEqual(['experiment.json: evalSets[0].measures[1]: duplicate measure "map"']);
    const config = validateExperiment({ ...minimal, evalSets: evalSets(['map_cut_10', 'P_5', 'mrr_cut_10', 'iprec_at_recall_0.50', 'success_1']) });
    expect(config.evalSets[0].measures).toEqual(['map_cut_10', 'P_5', 'mrr_cut_10', 'iprec_at_recall_0.50', 'success_1']);
  });

  it('arms come from the optimizer registry: SGD with its defaults; settings of another optimizer are refused', () => {
    const [sgd] = validateExperiment(withArms([{ optimizer: 'sgd' }])).arms;
    expect(sgd).toEqual({
      name: 'sgd',
      optimizer: 'sgd',
      lr: 1e-3,
      weightDecay: 0,
      momentum: 0.9,
      dampening: 0,
      nesterov: false,
      schedule: { kind: 'linear', warmupFraction: 0.1 },
      clipNorm: 1,
    });
    expect(problemsOf(withArms([{ optimizer: 'sgd', beta1: 0.9, momentum: 1.5 }]))).toEqual([
      'experiment.json: arms[0].momentum: expected a number ≤ 1 (got 1.5)',
    ]);
    expect(
      problemsOf(
        withArms([
          { optimizer: 'sgd', beta1: 0.9 },
          { optimizer: 'adamw', momentum: 0.9 },
        ]),
      ),
    ).toEqual(['experiment.json: arms[0].beta1: SGD has no beta1; remove it', 'experiment.json: arms[1].momentum: AdamW has no momentum; remove it']);
    expect(problemsOf(withArms([{ optimizer: 'sgd', nesterov: true, dampening: 0.1 }]))).toEqual([
      'experiment.json: arms[0].nesterov: Nesterov momentum needs a momentum > 0 and zero dampening (as in torch.optim.SGD)',
    ]);
  });

  it('baselineArm: must name an arm; the default (first AdamW arm) is not stored, so spelling it out keeps the hash', async () => {
    const arms = [{ optimizer: 'adamw' }, { optimizer: 'lion' }, { optimizer: 'sgd' }];
    expect(problemsOf({ ...(withArms(arms) as object), baselineArm: 'nope' })).toEqual([
      'experiment.json: baselineArm: no arm is named "nope" (arms: adamw, lion, sgd)',
    ]);
    const implicit = validateExperiment(withArms(arms));
    const spelled = validateExperiment({ ...(withArms(arms) as object), baselineArm: 'adamw' });
    expect(spelled.baselineArm).toBeUndefined();
    expect(await configHash(spelled)).toBe(await configHash(implicit));
    const sgdBaseline = validateExperiment({ ...(withArms(arms) as object), baselineArm: 'sgd' });
    expect(sgdBaseline.baselineArm).toBe('sgd');
    expect(validateExperiment(sgdBaseline)).toEqual(sgdBaseline);
  });

  it('cross-field rules: steps xor epochs, unique names and seeds, heads divide hidden, no eps on Lion', () => {
    const { steps: _s, ...noSteps } = minimal;
    expect(problemsOf(noSteps)).toEqual(['experiment.json: steps: missing: give steps or epochs']);
    expect(problemsOf({ ...minimal, epochs: 1 })).toEqual(['experiment.json: steps: give steps or epochs, not both']);
    expect(problemsOf(withArms([{ optimizer: 'lion' }, { optimizer: 'lion', lr: 1e-6, eps: 1e-8 }]))).toEqual([
      'experiment.json: arms[1].eps: Lion has no eps; remove it',
      'experiment.json: arms[1].name: duplicate arm name "lion": give each arm its own name',
    ]);
    expect(problemsOf({ ...minimal, seeds: [1, 2, 1] })).toEqual(['experiment.json: seeds[2]: duplicate seed 1']);
    const tiny = { kind: 'random', architecture: 'bert', layers: 2, hidden: 30, heads: 4, intermediate: 64, vocabSize: 100, maxPositions: 64 };
    expect(problemsOf({ ...minimal, model: tiny, maxLength: 128 })).toEqual([
      'experiment.json: model.heads: hidden (30) must be a multiple of heads (4)',
      "experiment.json: maxLength: maxLength (128) exceeds the model's maxPositions (64)",
    ]);
  });

  it('warmup given twice, and warmup longer than the run', () => {
    expect(problemsOf(withArms([{ optimizer: 'adamw', schedule: { kind: 'linear', warmupFraction: 0.1, warmupSteps: 10 } }]))).toEqual([
      'experiment.json: arms[0].schedule.warmupSteps: give warmupFraction or warmupSteps, not both',
    ]);
    expect(problemsOf(withArms([{ optimizer: 'adamw', schedule: { kind: 'linear', warmupSteps: 5000 } }]))).toEqual([
      'experiment.json: arms[0].schedule.warmupSteps: warmup (5000) is longer than the run (1000 steps)',
    ]);
  });

  it('JSON syntax errors give the line and column; other schema versions are named', () => {
    for (const bad of ['{"a": 1,}', '[1 2]', '{"a": tru}', '{"a": "x\ty"}', '{"a": -}', '{} x', '{"a": 01}', '']) {
      expect(firstJsonSyntaxError(bad), bad).not.toBeNull();
      expect(() => JSON.parse(bad), bad).toThrow();
    }
    expect(firstJsonSyntaxError('{"a": 1,}')).toBe(8);
    for (const good of ['{"a": [1, -2.5e3, "x\\u00e9\\n", true, false, null, {}]}', ' [] ', '"s"', '0']) {
      expect(firstJsonSyntaxError(good), good).toBeNull();
    }
    expect(() => validateExperiment('{\n  "schemaVersion": 1,\n  "name": x\n}', 'bad.json')).toThrow(/^bad\.json:3:11: not valid JSON/);
    expect(problemsOf({ ...minimal, schemaVersion: 2 })).toEqual([
      'experiment.json: schemaVersion: this lab reads experiment schema version 1, the file says 2',
    ]);
  });
});

describe('honestyChecks', () => {
  const codes = (config: ExperimentConfig) => honestyChecks(config).map((w) => w.code);

  it('the defaults and the seed study with a pinned revision raise nothing', () => {
    expect(honestyChecks(validateExperiment(minimal))).toEqual([]);
    expect(codes(seedStudyPreset({ triplesUrl: 'https://example.org/t.tsv', revision: 'a'.repeat(40) }))).toEqual([]);
    expect(codes(seedStudyPreset({ triplesUrl: 'https://example.org/t.tsv' }))).toEqual(['unpinned-hub-revision']);
  });

  it('Lion at AdamW’s lr and wd, relevance level 1 on DL19, one eval set, one seed', () => {
    const config = validateExperiment({
      ...minimal,
      arms: [
        { optimizer: 'adamw', lr: 2e-5, weightDecay: 0.01 },
        { optimizer: 'lion', lr: 2e-5, weightDecay: 0.01, beta2: 0.999 },
      ],
      evalSets: [{ name: 'dl19', topics: BUNDLED.dl19.topics, qrels: BUNDLED.dl19.qrels, candidates: BUNDLED.dl19.candidates, relevanceLevel: 1 }],
      seeds: [7],
    });
    const warnings = honestyChecks(config);
    expect(warnings.map((w) => [w.code, w.field])).toEqual([
      ['lion-lr-not-smaller', 'arms[1].lr'],
      ['lion-wd-not-larger', 'arms[1].weightDecay'],
      ['lion-beta2-adamw-default', 'arms[1].beta2'],
      ['single-eval-set', 'evalSets'],
      ['trec-dl-relevance-level', 'evalSets[0].relevanceLevel'],
      ['single-seed', 'seeds'],
    ]);
    expect(warnings[0].message).toMatch(/AdamW's learning rate.*3–10× smaller/);
  });

  it('relevance level 1 on a set that is not TREC DL is not flagged; arms that differ in schedule are', () => {
    const config = validateExperiment({
      ...minimal,
      evalSets: [
        { name: 'mine', topics: 'a.txt', qrels: 'q.txt', candidates: 'c.json', relevanceLevel: 1 },
        { name: 'dev', topics: 'b.txt', qrels: 'dl20/qrels.txt', candidates: 'c.json', relevanceLevel: 1 },
      ],
      arms: [{ optimizer: 'adamw' }, { optimizer: 'lion', schedule: { kind: 'cosine', warmupFraction: 0.1 } }],
    });
    expect(codes(config)).toEqual(['arms-differ-beyond-optimizer', 'trec-dl-relevance-level']);
    expect(honestyChecks(config)[1].field).toBe('evalSets[1].relevanceLevel');
  });

  it('Lion far below the advised range, no Lion arm', () => {
    expect(codes(validateExperiment(withArms([{ optimizer: 'adamw' }, { optimizer: 'lion', lr: 1e-7 }])))).toEqual(['lion-lr-far-smaller']);
    expect(codes(validateExperiment(withArms([{ optimizer: 'adamw' }])))).toEqual(['no-head-to-head']);
  });
});

describe('configHash', () => {
  it('is SHA-256 of the canonical JSON (checked with node:crypto)', async () => {
    const config = validateExperiment(minimal);
    const expected = createHash('sha256').update(canonicalJson(config), 'utf8').digest('hex');
    expect(await configHash(config)).toBe(expected);
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('canonical JSON sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('the same study written two ways hashes the same; a different lr does not', async () => {
    const spelled = validateExperiment({
      ...minimal,
      steps: 1000,
      seeds: [1, 2, 3],
      arms: [
        { optimizer: 'adamw', lr: 2e-5, name: 'adamw' },
        { optimizer: 'lion', weightDecay: 0.05 },
      ],
    });
    const reordered = JSON.parse(JSON.stringify(validateExperiment(minimal)), (_k, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    );
    const base = await configHash(validateExperiment(minimal));
    expect(await configHash(spelled)).toBe(base);
    expect(await configHash(reordered)).toBe(base);
    expect(await configHash(validateExperiment(withArms([{ optimizer: 'adamw', lr: 3e-5 }, { optimizer: 'lion' }])))).not.toBe(base);
  });
});

describe('run matrix and sweeps', () => {
  it('arm × seed, seed-major, with ids from names', () => {
    const runs = expandRunMatrix(validateExperiment(minimal));
    expect(runs.map((r) => r.runId)).toEqual([
      'study/adamw/seed-1',
      'study/lion/seed-1',
      'study/adamw/seed-2',
      'study/lion/seed-2',
      'study/adamw/seed-3',
      'study/lion/seed-3',
    ]);
    expect(expandRunMatrix(validateExperiment(minimal))).toEqual(runs);
  });

  it('the model-size sweep expands to MiniLM shapes 2–12 layers × hidden 128–384 with equal training for every model', () => {
    const experiments = modelSizeSweepExperiments({ triplesUrl: 'https://example.org/t.tsv' });
    expect(experiments.map((e) => e.id)).toEqual([2, 4, 6, 12].flatMap((l) => [128, 256, 384].map((h) => `model-size-sweep/L${l}-H${h}`)));
    const l12 = experiments.find((e) => e.id.endsWith('L12-H384'))!.config;
    expect(l12.model).toEqual({
      kind: 'random',
      architecture: 'bert',
      layers: 12,
      hidden: 384,
      heads: 12,
      intermediate: 1536,
      vocabSize: 30522,
      maxPositions: 512,
    });
    expect(new Set(experiments.map((e) => JSON.stringify([e.config.batchSize, e.config.steps, e.config.arms, e.config.seeds, e.config.evalSets]))).size).toBe(
      1,
    );
    expect(l12.name).toBe('model-size-sweep/L12-H384');
    expect(expandSweep(JSON.parse(JSON.stringify(modelSizeSweepPreset({ triplesUrl: 'https://example.org/t.tsv' }))))).toEqual(experiments);
  });

  it('resumes: finished runs are skipped, order kept', () => {
    const experiments = modelSizeSweepExperiments({ triplesUrl: 'https://example.org/t.tsv', layers: [2], hiddens: [128, 256], seeds: [1] });
    const finished = new Set(['model-size-sweep/L2-H128/adamw/seed-1', 'model-size-sweep/L2-H128/lion/seed-1']);
    expect(pendingSweepRuns(experiments, finished).map((r) => r.runId)).toEqual([
      'model-size-sweep/L2-H256/adamw/seed-1',
      'model-size-sweep/L2-H256/lion/seed-1',
    ]);
  });

  it('sweep errors point at the sweep’s own fields', () => {
    const sweep = modelSizeSweepPreset({ triplesUrl: 'https://example.org/t.tsv', layers: [2], hiddens: [128] });
    const bad = { ...sweep, base: { ...sweep.base, batchSize: 0 }, models: [...sweep.models, { model: { ...sweep.models[0].model, heads: 3, layers: 4 } }] };
    expect(() => expandSweep(bad, 'sweep.json')).toThrow(SchemaValidationError);
    try {
      expandSweep(bad, 'sweep.json');
    } catch (error) {
      expect((error as SchemaValidationError).problems).toEqual([
        'sweep.json: base.batchSize: expected a number ≥ 1 (got 0) (experiment model-size-sweep/L2-H128)',
        'sweep.json: base.batchSize: expected a number ≥ 1 (got 0) (experiment model-size-sweep/L4-H128)',
      ]);
    }
    expect(() => expandSweep({ ...bad, base: sweep.base }, 'sweep.json')).toThrow(
      'sweep.json: models[1].model.heads: hidden (128) must be a multiple of heads (3) (experiment model-size-sweep/L4-H128)',
    );
    expect(() => expandSweep({ ...sweep, base: { ...sweep.base, name: 'x' } }, 'sweep.json')).toThrow(
      'sweep.json: base.name: set by the sweep; remove it from base',
    );
  });
});

describe('presets', () => {
  it('demo: tiny random BERT, bundled triples, DL19 and DL20 at -l 2, two seeds', () => {
    const demo = demoPreset();
    expect(demo.model).toMatchObject({ kind: 'random', layers: 2, hidden: 32, heads: 2, intermediate: 64, vocabSize: 30522 });
    expect(demo.maxLength).toBe(48);
    expect(demo.seeds).toEqual([1, 2]);
    expect(demo.arms.map((a) => [a.optimizer, a.lr, a.weightDecay])).toEqual([
      ['adamw', 1e-3, 0.01],
      ['lion', 2e-4, 0.05],
    ]);
    expect([demo.steps, demo.batchSize, demo.evalSets.map((e) => e.rerankDepth)]).toEqual([40, 8, [10, 10]]);
    expect(demo.trainingData).toMatchObject({ source: 'bundled', path: BUNDLED.triplesSample, format: 'triples' });
    expect(demo.evalSets.map((e) => [e.name, e.relevanceLevel])).toEqual([
      ['dl19', 2],
      ['dl20', 2],
    ]);
    expect(honestyChecks(demo).map((w) => w.code)).toEqual(['few-seeds']);
  });

  it('demo across years trains on one year and evaluates on the other', () => {
    const [a, b] = demoCrossYearPresets();
    expect([a.trainingData, a.evalSets.map((e) => e.name)]).toEqual([
      { source: 'bundled', path: BUNDLED.dl19.judgedPairs, format: 'pairs', encoding: 'tsv', shuffleBuffer: 10000 },
      ['dl20'],
    ]);
    expect(b.evalSets.map((e) => e.name)).toEqual(['dl19']);
  });

  it('seed study: MiniLM-L12-H384, BCE, batch 64, AdamW 2e-5/0.01 vs Lion 4e-6/0.05 β(0.9,0.99), 10 % linear warmup, 3 seeds', () => {
    const study = seedStudyPreset({ triplesUrl: 'https://example.org/triples.train.small.tsv.gz' });
    expect(study.model).toEqual({ kind: 'hub', id: 'microsoft/MiniLM-L12-H384-uncased', revision: 'main' });
    expect([study.batchSize, study.loss.kind, study.seeds]).toEqual([64, 'bce', [1, 2, 3]]);
    const [adamw, lion] = study.arms;
    expect([adamw.lr, adamw.weightDecay, adamw.beta1, adamw.beta2]).toEqual([2e-5, 0.01, 0.9, 0.999]);
    expect([lion.lr, lion.weightDecay, lion.beta1, lion.beta2]).toEqual([4e-6, 0.05, 0.9, 0.99]);
    expect(adamw.lr / lion.lr).toBeGreaterThanOrEqual(3);
    expect(adamw.lr / lion.lr).toBeLessThanOrEqual(10);
    expect(lion.schedule).toEqual({ kind: 'linear', warmupFraction: 0.1 });
    expect(study.evalSets.map((e) => [e.name, e.relevanceLevel])).toEqual([
      ['dl19', 2],
      ['dl20', 2],
    ]);
  });

  it('every bundled path names a file in public/', () => {
    const paths: string[] = [...Object.values(BUNDLED.dl19), ...Object.values(BUNDLED.dl20), BUNDLED.triplesSample, BUNDLED.bertVocab];
    expect(paths).toHaveLength(10);
    for (const path of paths) expect(existsSync(`${REPO_ROOT}/public/${path}`), path).toBe(true);
  });
});
