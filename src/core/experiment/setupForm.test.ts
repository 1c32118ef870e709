import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../testing/property';
import { honestyChecks } from './honesty';
import { formatPath } from './issues';
import { demoPreset, demoSizeSweepPreset } from './presets';
import { expandSweep } from './sweep';
import { validateExperiment } from './validate';
import {
  advisedLrWd,
  byControl,
  controlForPath,
  fieldPathText,
  fieldProblems,
  formControls,
  formRootOf,
  getAt,
  listFromText,
  newArm,
  numberFromText,
  parseFieldPath,
  setAt,
  withOptimizer,
} from './setupForm';

function problemsOf(input: unknown, validate: (x: unknown) => unknown = (x) => validateExperiment(x)) {
  try {
    validate(input);
  } catch (error) {
    return fieldProblems(error);
  }
  throw new Error('expected the config to be refused');
}

const demo = () => JSON.parse(JSON.stringify(demoPreset())) as Record<string, unknown>;

describe('field paths', () => {
  it('reads the paths the validator writes, and writes them back the same', () => {
    expect(parseFieldPath('arms[1].schedule.kind')).toEqual(['arms', 1, 'schedule', 'kind']);
    expect(parseFieldPath('evalSets[0].measures[2]')).toEqual(['evalSets', 0, 'measures', 2]);
    expect(parseFieldPath('model["odd key"]')).toEqual(['model', 'odd key']);
    expect(parseFieldPath('(top level)')).toEqual([]);
    for (const bad of ['.arms', 'arms..lr', 'arms[x]', 'arms[1', 'a b', '1abc']) expect(parseFieldPath(bad), bad).toBeNull();
  });

  it('parses every path issues.ts formats back to the same parts', () => {
    const part = fc.oneof(fc.nat(50), fc.string({ maxLength: 8 }));
    checkProperty(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (path) => {
        expect(parseFieldPath(formatPath(path))).toEqual(path);
        expect(fieldPathText(path)).toBe(formatPath(path));
      }),
    );
  });
});

describe('validator problems by field', () => {
  it('splits a refusal into one problem per field, with its path and message', () => {
    const config = demo();
    (config.arms as Record<string, unknown>[])[1].lr = -0.001;
    (config.evalSets as Record<string, unknown>[])[0].measures = ['ndcg_cut_10', 'map', 'bogus_measure'];
    const problems = problemsOf(config);
    expect(problems.map((p) => p.path).sort()).toEqual(['arms[1].lr', 'evalSets[0].measures[2]']);
    expect(problems.find((p) => p.path === 'arms[1].lr')!.message).toBe('expected a positive number (got -0.001)');
  });

  it('a JSON syntax error belongs to no field', () => {
    expect(problemsOf('{"name": }')).toEqual([{ path: null, message: expect.stringMatching(/^experiment\.json:1:10: not valid JSON/) as unknown as string }]);
    expect(fieldProblems(new Error('boom'))).toEqual([{ path: null, message: 'boom' }]);
  });
});

describe('controlForPath', () => {
  const controls = formControls(demo());
  it.each([
    ['arms[1].lr', 'arms[1].lr'],
    ['arms[0].beta2', 'arms[0].beta2'],
    ['arms[1].schedule.warmupSteps', 'arms[1].schedule.warmupSteps'],
    ['arms[1].momentum', 'arms[1]'],
    ['evalSets[0].measures[2]', 'evalSets[0].measures'],
    ['evalSets[1].qrels', 'evalSets[1]'],
    ['seeds[1]', 'seeds'],
    ['model.heads', 'model.heads'],
    ['model.ropeTheta', 'model'],
    ['trainingData.path', 'trainingData.path'],
    ['loss.kind', 'loss.kind'],
    ['steps', 'steps'],
    ['baselineArm', 'baselineArm'],
  ])('%s → %s', (path, control) => expect(controlForPath(path, controls)).toBe(control));

  it.each(['(top level)', 'description', 'not a path', 'arms.1'])('%s → no control', (path) => expect(controlForPath(path, controls)).toBeNull());
  // A problem at an item the form has no row for (none, here) lands on the list.
  it.each([
    ['arms[7].lr', 'arms'],
    ['evalSets[5].name', 'evalSets'],
  ])('%s → %s', (path, control) => expect(controlForPath(path, controls)).toBe(control));

  it('maps a sweep base’s problems to the form and leaves the models list to the JSON', () => {
    const sweep = JSON.parse(JSON.stringify(demoSizeSweepPreset())) as Record<string, Record<string, unknown>>;
    (sweep.base.arms as Record<string, unknown>[])[0].lr = 'fast';
    const root = formRootOf(sweep);
    expect(root).toEqual({ kind: 'sweep', root: ['base'] });
    const baseControls = formControls(sweep.base, { sweepBase: true });
    expect(baseControls.has('model.kind')).toBe(false);
    // The base's problem once (not once per experiment), at its control.
    expect(
      byControl(
        problemsOf(sweep, (x) => expandSweep(x)),
        baseControls,
        ['base'],
      ),
    ).toEqual(new Map([['arms[0].lr', [{ path: 'base.arms[0].lr', message: 'expected a number (got "fast")' }]]]));
    const badModel = setAt(setAt(sweep, ['base', 'arms', 0, 'lr'], 1e-3), ['models', 0, 'model', 'layers'], 0);
    expect(
      byControl(
        problemsOf(badModel, (x) => expandSweep(x)),
        baseControls,
        ['base'],
      ),
    ).toEqual(new Map([[null, [{ path: 'models[0].model.layers', message: 'expected a number ≥ 1 (got 0)' }]]]));
  });

  it('puts every honesty warning of a careless study beside a control', () => {
    const config = demo();
    config.seeds = [1];
    config.evalSets = [{ ...(config.evalSets as object[])[0], relevanceLevel: 1 }];
    (config.arms as Record<string, unknown>[])[1].lr = (config.arms as Record<string, unknown>[])[0].lr;
    config.model = { kind: 'hub', id: 'microsoft/MiniLM-L12-H384-uncased', revision: 'main' };
    const warnings = honestyChecks(validateExperiment(config));
    expect(warnings.map((w) => w.code).sort()).toEqual(
      ['lion-lr-not-smaller', 'single-eval-set', 'single-seed', 'trec-dl-relevance-level', 'unpinned-hub-revision'].sort(),
    );
    const controls = formControls(config);
    expect(Object.fromEntries(warnings.map((w) => [w.code, controlForPath(w.field, controls)]))).toEqual({
      'lion-lr-not-smaller': 'arms[1].lr',
      'single-eval-set': 'evalSets',
      'single-seed': 'seeds',
      'trec-dl-relevance-level': 'evalSets[0].relevanceLevel',
      'unpinned-hub-revision': 'model.revision',
    });
  });

  it('lists the controls of the model kind and optimizers in the config', () => {
    const config = { model: { kind: 'hub', id: 'x' }, arms: [{ optimizer: 'sgd' }], trainingData: { source: 'url' } };
    let controls = formControls(config);
    expect(controls.has('model.id') && controls.has('model.revision') && !controls.has('model.layers')).toBe(true);
    expect(controls.has('arms[0].momentum') && controls.has('arms[0].nesterov') && !controls.has('arms[0].beta1')).toBe(true);
    expect(controls.has('trainingData.url') && !controls.has('trainingData.path')).toBe(true);
    // Left out, arms and evaluation sets are the schema's defaults, and the form shows those.
    controls = formControls({ model: { kind: 'local', path: 'm' } });
    expect(controls.has('model.path')).toBe(true);
    expect(controls.has('arms[1].beta2') && controls.has('evalSets[1].measures')).toBe(true);
  });
});

describe('editing the JSON value', () => {
  it('replaces one field and keeps every other field, unknown ones included, in their order', () => {
    const config: Record<string, unknown> = { ...demo(), futureField: { keep: [1, 2] } };
    const edited = setAt(config, ['arms', 1, 'lr'], 3e-4) as typeof config;
    expect(getAt(edited, ['arms', 1, 'lr'])).toBe(3e-4);
    expect(Object.keys(edited)).toEqual(Object.keys(config));
    expect(JSON.stringify(setAt(edited, ['arms', 1, 'lr'], getAt(config, ['arms', 1, 'lr'])))).toBe(JSON.stringify(config));
    expect(config.arms).not.toBe(edited.arms);
    expect(config.evalSets).toBe(edited.evalSets);
  });

  it('removes a field, or a list item, given undefined', () => {
    expect(setAt({ a: 1, b: { c: 2, d: 3 } }, ['b', 'c'], undefined)).toEqual({ a: 1, b: { d: 3 } });
    expect(setAt({ seeds: [1, 2, 3] }, ['seeds', 1], undefined)).toEqual({ seeds: [1, 3] });
    expect(setAt({ a: 'bce' }, ['a', 'kind'], 'listwise')).toEqual({ a: { kind: 'listwise' } });
  });

  it('setting a value and setting the old one back gives the same JSON text, for any document and path', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    checkProperty(
      fc.property(
        json,
        fc.array(fc.oneof(fc.constantFrom('a', 'b', 'arms'), fc.nat(3)), { maxLength: 4 }),
        fc.jsonValue({ maxDepth: 2 }),
        (doc, path, value) => {
          const old = getAt(doc, path);
          fc.pre(old !== undefined && path.length > 0);
          const edited = setAt(doc, path, value);
          expect(getAt(edited, path)).toEqual(value);
          expect(JSON.stringify(setAt(edited, path, old))).toBe(JSON.stringify(doc));
        },
      ),
    );
  });

  it('reads typed numbers, and keeps what is not one for the validator to name', () => {
    expect(numberFromText('2e-4')).toBe(0.0002);
    expect(numberFromText(' 3 ')).toBe(3);
    expect(numberFromText('.5')).toBe(0.5);
    expect(numberFromText('')).toBeUndefined();
    for (const text of ['1e-', 'abc', '0x10', 'Infinity', '1,5']) expect(numberFromText(text)).toBe(text);
    expect(listFromText('1, 2 3,,')).toEqual([1, 2, 3]);
    expect(listFromText(' ')).toBeUndefined();
    const config = setAt(demo(), ['arms', 1, 'lr'], numberFromText('1e-'));
    expect(problemsOf(config)).toEqual([{ path: 'arms[1].lr', message: 'expected a number (got "1e-")' }]);
  });

  it('gives the form root of experiments and sweeps, and leaves other kinds to the JSON editor', () => {
    expect(formRootOf(demo())).toEqual({ kind: 'experiment', root: [] });
    expect(formRootOf({ kind: 'tuning', study: {} })).toMatchObject({ kind: 'unsupported', reason: expect.stringContaining('"tuning"') as unknown as string });
    expect(formRootOf([1])).toMatchObject({ kind: 'unsupported' });
  });
});

describe('arms', () => {
  it('Lion’s advice is ÷5 lr and ×5 wd of the first AdamW arm, and applying it clears the Lion honesty warnings', () => {
    const config = demo();
    const arms = config.arms as Record<string, unknown>[];
    arms[0] = { ...arms[0], lr: 1e-3, weightDecay: 0.02 };
    arms[1] = { ...arms[1], lr: 1e-3, weightDecay: 0.02 };
    const advice = advisedLrWd('lion', arms)!;
    expect(advice).toEqual({ lr: 2e-4, weightDecay: 0.1 });
    expect(honestyChecks(validateExperiment(config)).map((w) => w.code)).toEqual(expect.arrayContaining(['lion-lr-not-smaller', 'lion-wd-not-larger']));
    const applied = setAt(setAt(config, ['arms', 1, 'lr'], advice.lr), ['arms', 1, 'weightDecay'], advice.weightDecay);
    expect(honestyChecks(validateExperiment(applied)).filter((w) => w.field.startsWith('arms'))).toEqual([]);
    // AdamW itself advises nothing; no valid AdamW arm: AdamW's defaults (2e-5, 0.01).
    expect(advisedLrWd('adamw', arms)).toBeNull();
    expect(advisedLrWd('lion', [{ optimizer: 'adamw', lr: 'oops' }])).toEqual({ lr: 4e-6, weightDecay: 0.05 });
  });

  it('switching an arm’s optimizer drops the settings the new one lacks and keeps the rest', () => {
    const arm = { name: 'a', optimizer: 'adamw', lr: 1e-3, beta1: 0.8, eps: 1e-6, clipNorm: null, note: 'mine' };
    expect(withOptimizer(arm, 'lion')).toEqual({ name: 'a', optimizer: 'lion', lr: 1e-3, beta1: 0.8, clipNorm: null, note: 'mine' });
    expect(withOptimizer(arm, 'sgd')).toEqual({ name: 'a', optimizer: 'sgd', lr: 1e-3, clipNorm: null, note: 'mine' });
    const config = setAt(demo(), ['arms', 0], withOptimizer((demo().arms as object[])[0], 'sgd'));
    expect(validateExperiment(config).arms[0].optimizer).toBe('sgd');
  });

  it('a new arm gets a name no arm has', () => {
    expect(newArm([{ optimizer: 'lion' }, { name: 'lion-2', optimizer: 'lion' }], 'lion')).toEqual({ name: 'lion-3', optimizer: 'lion' });
    expect(newArm(undefined, 'adamw')).toEqual({ name: 'adamw', optimizer: 'adamw' });
  });
});
