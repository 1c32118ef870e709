// Trace validation: the goldens parse; each malformed field gives an error that names it.
import { describe, expect, it } from 'vitest';
import { readShared } from '../../testing/shared';
import { parseTrace, parseTraceText, TraceError } from './trace';

const goodText = readShared('golden', 'optim', 'adamw.json');

// Mutable JSON for breaking one field at a time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function good(): Json {
  return JSON.parse(goodText) as Json;
}

describe('parseTrace', () => {
  it('reads both goldens', () => {
    const trace = parseTraceText(goodText, 'adamw.json');
    expect(trace.optimizer).toBe('adamw');
    expect(trace.sizes).toEqual([1000, 111, 1, 4099]);
    expect(trace.grads.length).toBe(12);
    expect(trace.hyper).toMatchObject({ beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, clipNorm: null });
    expect(parseTraceText(readShared('golden', 'optim', 'lion.json')).optimizer).toBe('lion');
    expect(parseTraceText(readShared('golden', 'optim', 'sgd.json')).hyper).toMatchObject({
      name: 'sgd',
      momentum: 0.9,
      dampening: 0,
      nesterov: false,
      weightDecay: 1e-4,
    });
  });

  const cases: [string, (t: Json) => void, RegExp][] = [
    ['missing optimizer', (t) => delete t.optimizer, /`optimizer`/],
    ['unknown optimizer', (t) => (t.optimizer = 'adagrad'), /`optimizer`/],
    ['a setting of another optimizer only', (t) => (t.optimizer = 'sgd'), /`hyper\.momentum`.*required for sgd/],
    ['missing hyper', (t) => delete t.hyper, /`hyper`/],
    ['lr not a list', (t) => (t.hyper.lr = 0.1), /`hyper\.lr`/],
    ['negative lr', (t) => (t.hyper.lr[4] = -1), /`hyper\.lr\[4\]`/],
    ['lr shorter than steps', (t) => t.hyper.lr.pop(), /`hyper\.lr`.*11 values.*12 steps/],
    ['beta1 = 1', (t) => (t.hyper.beta1 = 1), /`hyper\.beta1`/],
    ['beta2 a string', (t) => (t.hyper.beta2 = '0.999'), /`hyper\.beta2`/],
    ['eps missing for adamw', (t) => delete t.hyper.eps, /`hyper\.eps`.*required/],
    ['weight_decay missing', (t) => delete t.hyper.weight_decay, /`hyper\.weight_decay`/],
    ['shape not integral', (t) => (t.shapes[1] = [37, 2.5]), /`shapes\[1\]\[1\]`/],
    ['empty shape', (t) => (t.shapes[1] = [0, 3]), /`shapes\[1\]`/],
    ['param0 tensor count', (t) => t.param0.pop(), /`param0`.*3 tensors/],
    ['param0 wrong length', (t) => t.param0[1].pop(), /`param0\[1\]`.*110 values.*111/],
    ['param0 value null', (t) => (t.param0[3][7] = null), /`param0\[3\]\[7\]`/],
    ['no steps', (t) => (t.steps = []), /`steps`/],
    ['grads missing', (t) => delete t.steps[2].grads, /`steps\[2\]\.grads`/],
    ['grads tensor count', (t) => t.steps[5].grads.pop(), /`steps\[5\]\.grads`.*3 tensors/],
    ['grads wrong length', (t) => t.steps[7].grads[3].push(0), /`steps\[7\]\.grads\[3\]`.*4100 values.*4099/],
  ];
  it.each(cases)('%s', (_label, mutate, message) => {
    const trace = good();
    mutate(trace);
    expect(() => parseTrace(trace, 'bad.json')).toThrow(TraceError);
    expect(() => parseTrace(trace, 'bad.json')).toThrow(message);
    expect(() => parseTrace(trace, 'bad.json')).toThrow(/^bad\.json: field/);
  });

  it('non-finite hyperparameters (1e999 parses as Infinity) name the field', () => {
    const text = goodText.replace('"beta1": 0.9', '"beta1": 1e999').replace('"beta1":0.9', '"beta1":1e999');
    expect(text).not.toBe(goodText);
    expect(() => parseTraceText(text, 'inf.json')).toThrow(/inf\.json: field `hyper\.beta1`: .*Infinity/);
    const lr = good();
    lr.hyper.lr[0] = Number.POSITIVE_INFINITY;
    expect(() => parseTrace(lr, 'x')).toThrow(/`hyper\.lr\[0\]`.*Infinity/);
  });

  it('invalid JSON names the file', () => {
    expect(() => parseTraceText('{"optimizer": ', 'broken.json')).toThrow(/broken\.json: field `\(root\)`: is not valid JSON/);
  });
});
