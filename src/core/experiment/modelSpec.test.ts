/** The model part of the experiment schema: random init of every family, family fields, local folders. */
import { describe, expect, it } from 'vitest';
import { FAMILY_NAMES } from '../families/registry';
import { SchemaValidationError } from './issues';
import { validateExperiment } from './validate';

const base = {
  schemaVersion: 1,
  name: 'model-spec',
  trainingData: { source: 'bundled', path: 'data/t.tsv', format: 'triples' },
  steps: 10,
  maxLength: 32,
};
const random = (architecture: string, extra: Record<string, unknown> = {}) => ({
  kind: 'random',
  architecture,
  layers: 2,
  hidden: 32,
  heads: 4,
  intermediate: 48,
  vocabSize: 30522,
  maxPositions: 64,
  ...extra,
});
const problems = (model: unknown) => {
  try {
    validateExperiment({ ...base, model }, 'e.json');
    return [];
  } catch (error) {
    if (error instanceof SchemaValidationError) return error.problems;
    throw error;
  }
};

describe('model spec', () => {
  it('accepts random init of every family, with or without its own fields', () => {
    for (const architecture of FAMILY_NAMES) expect(validateExperiment({ ...base, model: random(architecture) }).model).toMatchObject({ architecture });
    const modern = validateExperiment({
      ...base,
      model: random('modernbert', { localAttention: 8, globalAttnEveryNLayers: 2, pooling: 'mean', globalRopeTheta: 1e5 }),
    });
    expect(modern.model).toMatchObject({ localAttention: 8, pooling: 'mean' });
    expect(validateExperiment({ ...base, model: random('gte', { ropeTheta: 20000, ropeNtkFactor: 8, typeVocabSize: 1 }) }).model).toMatchObject({
      ropeNtkFactor: 8,
    });
  });

  it('refuses a field of another family, an odd RoPE head size, and unknown fields, by name', () => {
    expect(problems(random('bert', { pooling: 'mean' }))).toEqual(['e.json: model.pooling: pooling is not a bert setting (it belongs to modernbert)']);
    expect(problems(random('modernbert', { ropeTheta: 1 }))).toEqual(['e.json: model.ropeTheta: ropeTheta is not a modernbert setting (it belongs to gte)']);
    expect(problems(random('gte', { hidden: 36, heads: 4 }))[0]).toMatch(/model\.heads: hidden \/ heads \(9\) must be even: gte rotates pairs/);
    expect(problems(random('bert', { hidden: 36, heads: 4 }))).toEqual([]);
    expect(problems(random('roberta'))[0]).toMatch(/^e\.json: model\.architecture: /);
  });

  it('a local model is a folder path', () => {
    expect(validateExperiment({ ...base, model: { kind: 'local', path: 'models/MiniLM-L12-H384' } }).model).toEqual({
      kind: 'local',
      path: 'models/MiniLM-L12-H384',
    });
    expect(problems({ kind: 'local' })[0]).toMatch(/model\.path/);
  });
});
