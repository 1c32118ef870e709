/**
 * Optimizer traces: the format of fixtures/golden/optim/*.json, read by `npm run optim`.
 * { optimizer, hyper: { lr: [per step], weight_decay, and the optimizer's settings by their registry keys
 *   (beta1, beta2, eps for AdamW; momentum, dampening, nesterov for SGD) }, shapes, param0, steps: [{ grads }] }
 * Expected states (steps[].param/m/v) may be present; they are not read here.
 * Every problem is reported with the field it is in, e.g. `steps[3].grads[1]`.
 */
import { z } from 'zod';
import { OPTIMIZER_NAMES, optimizerDescriptor, settingProblem } from './registry';
import type { OptimizerHyper, OptimizerName, OptimizerSettingValues } from './types';

export interface Trace {
  optimizer: OptimizerName;
  /** Learning rate of each step, in order. */
  lr: number[];
  hyper: OptimizerHyper;
  shapes: number[][];
  sizes: number[];
  param0: Float32Array[];
  grads: Float32Array[][];
}

export interface TraceOutput {
  steps: { param: number[][]; m: number[][]; v?: number[][] }[];
}

export class TraceError extends Error {
  override readonly name = 'TraceError';
  constructor(
    readonly source: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${source}: field \`${field}\`: ${detail}`);
  }
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const numberList = z.array(finite);

const traceSchema = z
  .object({
    optimizer: z.enum(OPTIMIZER_NAMES),
    // The optimizer's own settings are checked against its descriptor below.
    hyper: z
      .object({
        lr: z.array(finite.refine((x) => x >= 0, 'must be ≥ 0')).min(1),
        weight_decay: finite.refine((x) => x >= 0, 'must be ≥ 0'),
      })
      .loose(),
    shapes: z.array(z.array(z.number().int().nonnegative())).min(1),
    param0: z.array(numberList),
    steps: z.array(z.object({ grads: z.array(numberList) }).loose()).min(1),
  })
  .loose();

function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(root)';
}

/** Validates a parsed trace and converts it; throws TraceError naming the first bad field. */
export function parseTrace(json: unknown, source = 'trace'): Trace {
  const parsed = traceSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TraceError(source, fieldName(issue.path), issue.message);
  }
  const data = parsed.data;
  const fail = (field: string, detail: string): never => {
    throw new TraceError(source, field, detail);
  };
  const settings: OptimizerSettingValues = {};
  for (const setting of optimizerDescriptor(data.optimizer).settings) {
    const value = (data.hyper as Record<string, unknown>)[setting.key];
    if (value === undefined) fail(`hyper.${setting.key}`, `is required for ${data.optimizer}`);
    const problem = settingProblem(setting.kind, value);
    if (problem) fail(`hyper.${setting.key}`, problem);
    Object.assign(settings, { [setting.key]: value });
  }
  const sizes = data.shapes.map((shape) => shape.reduce((a, b) => a * b, 1));
  sizes.forEach((size, i) => size === 0 && fail(`shapes[${i}]`, `has no elements (${JSON.stringify(data.shapes[i])})`));
  if (data.param0.length !== sizes.length) fail('param0', `has ${data.param0.length} tensors but shapes has ${sizes.length}`);
  data.param0.forEach(
    (p, i) => p.length !== sizes[i] && fail(`param0[${i}]`, `has ${p.length} values but shapes[${i}] ${JSON.stringify(data.shapes[i])} needs ${sizes[i]}`),
  );
  if (data.hyper.lr.length !== data.steps.length) fail('hyper.lr', `has ${data.hyper.lr.length} values but there are ${data.steps.length} steps`);
  data.steps.forEach((step, t) => {
    if (step.grads.length !== sizes.length) fail(`steps[${t}].grads`, `has ${step.grads.length} tensors but shapes has ${sizes.length}`);
    step.grads.forEach(
      (g, i) =>
        g.length !== sizes[i] && fail(`steps[${t}].grads[${i}]`, `has ${g.length} values but shapes[${i}] ${JSON.stringify(data.shapes[i])} needs ${sizes[i]}`),
    );
  });
  const hyper: OptimizerHyper = {
    name: data.optimizer,
    ...settings,
    weightDecay: data.hyper.weight_decay,
    // Traces are the optimizer alone, as in the goldens: every tensor decays and nothing is clipped.
    clipNorm: null,
  };
  return {
    optimizer: data.optimizer,
    lr: data.hyper.lr,
    hyper,
    shapes: data.shapes,
    sizes,
    param0: data.param0.map((p) => Float32Array.from(p)),
    grads: data.steps.map((s) => s.grads.map((g) => Float32Array.from(g))),
  };
}

/** Parses JSON text first, reporting a syntax error with the source name. */
export function parseTraceText(text: string, source = 'trace'): Trace {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TraceError(source, '(root)', `is not valid JSON (${(error as Error).message})`);
  }
  return parseTrace(json, source);
}
