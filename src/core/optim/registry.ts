/**
 * The optimizers the lab knows: one descriptor each, in one list. Everything optimizer-specific derives
 * from it — the experiment schema's enum and per-arm settings, defaults, the optimizer-state format, the
 * CPU reference, the per-step uniform values of the fused kernel, labels, chart colours and advice.
 * Adding an optimizer is one descriptor here, its update kernel (src/gpu/optim/<name>.wgsl, listed in
 * src/gpu/optim/wgsl.ts, which the type checker keeps complete) and its golden test.
 *
 * Pure: no GPU code. The kernel side is the descriptor's `stepValues` (the order of the `StepValues`
 * struct its .wgsl declares) and `stateSlots` (bound at STATE_SLOT_BINDINGS).
 */
import { lionAdviceFor, lionArmWarnings, type ArmWarning } from './advice';
import type { OptimizerHyper, OptimizerSettingKey, OptimizerSettingValues } from './types';

/** beta: [0, 1); fraction: [0, 1]; nonNegative: ≥ 0; positive: > 0; boolean: true/false. */
export type SettingKind = 'beta' | 'fraction' | 'nonNegative' | 'positive' | 'boolean';

export interface SettingSpec {
  key: OptimizerSettingKey;
  kind: SettingKind;
  default: number | boolean;
  doc: string;
}

/** Per-parameter state buffers; 'm' is the first moment or momentum buffer (the goldens' `m`), 'v' the second moment. */
export type StateSlot = 'm' | 'v';
/** The WGSL binding of each state slot, in `stateSlots` order (bindings 0–3 and 6 are the shared ones, updateBindings.wgsl). */
export const STATE_SLOT_BINDINGS = [4, 5, 7, 8] as const;

/** How the CPU reference rounds: float32 emulation (`r` = Math.fround) or exact doubles. */
export interface ReferenceOps {
  r: (x: number) => number;
  /** a·b + c rounded once (PyTorch's fused `add_(x, alpha)`). */
  fma: (a: number, b: number, c: number) => number;
}

/** Updates element `i` of `param` and of each state slot in place, given the clipped gradient `g`. */
export type ReferenceElementUpdate = (param: Float64Array, state: readonly Float64Array[], i: number, g: number, decay: boolean) => void;

export interface LrWd {
  lr: number;
  weightDecay: number;
}

export interface OptimizerDescriptor<N extends string = string> {
  name: N;
  /** How the optimizer is written for people (tables, legends). */
  label: string;
  /** Chart colours of this optimizer's arms (the first arm gets the first). */
  colours: readonly string[];
  /** The update kernel's file in src/gpu/optim. */
  wgsl: string;
  /** What the reference implementation is. */
  reference: string;
  stateSlots: readonly StateSlot[];
  settings: readonly SettingSpec[];
  /** lr and weight decay of an arm that leaves them out, given the experiment's AdamW arm (or AdamW's defaults). */
  defaultLrWd(adamw: LrWd): LrWd;
  /** The per-step uniform of update number `step` (1-based): at most 12 values, in the order of the .wgsl's StepValues struct. */
  stepValues(hyper: OptimizerHyper, lr: number, step: number): number[];
  /** The CPU reference of update number `step`: scalars prepared once, then one call per element. */
  referenceUpdate(hyper: OptimizerHyper, lr: number, step: number, ops: ReferenceOps): ReferenceElementUpdate;
  /** Advice shown beside an arm of this optimizer, relative to the AdamW arm it is compared with. */
  advice?(adamw: LrWd): string;
  /** Honesty warnings about an arm of this optimizer set against that advice (experiments with an AdamW arm). */
  warnings?(arm: LrWd & OptimizerSettingValues, adamw: LrWd): ArmWarning[];
  /** Rules across settings, each naming the setting at fault. */
  constraints?(settings: OptimizerSettingValues): { key: OptimizerSettingKey; message: string }[];
}

/** lr and wd as commonly used to fine-tune MiniLM/BERT cross-encoders with AdamW. */
const ADAMW_LR_WD: LrWd = { lr: 2e-5, weightDecay: 0.01 };
/** Lion's lr is AdamW's divided by this and its wd AdamW's multiplied by it (its authors advise 3–10). */
export const LION_DEFAULT_FACTOR = 5;

/** x·factor without binary noise in the printed config (2e-5 / 5 is 4e-6, not 4.000000000000001e-6). */
export function scaledHyperparameter(x: number, factor: number): number {
  return Number((x * factor).toPrecision(12));
}

const num = (hyper: OptimizerHyper, key: OptimizerSettingKey): number => {
  const value = hyper[key];
  if (typeof value !== 'number') throw new Error(`${hyper.name}: setting ${key} is missing`);
  return value;
};

const ADAMW: OptimizerDescriptor<'adamw'> = {
  name: 'adamw',
  label: 'AdamW',
  colours: ['#1f6fb2', '#5a9bd4', '#0b3d66'],
  wgsl: 'adamw.wgsl',
  reference: 'torch.optim.AdamW (amsgrad off)',
  stateSlots: ['m', 'v'],
  settings: [
    { key: 'beta1', kind: 'beta', default: 0.9, doc: 'first-moment decay' },
    { key: 'beta2', kind: 'beta', default: 0.999, doc: 'second-moment decay' },
    { key: 'eps', kind: 'positive', default: 1e-8, doc: 'added to the denominator' },
  ],
  defaultLrWd: () => ADAMW_LR_WD,
  stepValues(hyper, lr, step) {
    const beta1 = num(hyper, 'beta1');
    const beta2 = num(hyper, 'beta2');
    return [1 - lr * hyper.weightDecay, beta1, 1 - beta1, beta2, 1 - beta2, -lr / (1 - beta1 ** step), Math.sqrt(1 - beta2 ** step), num(hyper, 'eps')];
  },
  referenceUpdate(hyper, lr, step, { r, fma }) {
    // Python-side scalars are doubles that PyTorch casts to float32 when they meet a float32 tensor.
    const b1 = num(hyper, 'beta1');
    const b2 = num(hyper, 'beta2');
    const beta1 = r(b1);
    const beta2 = r(b2);
    const oneMinusBeta1 = r(1 - b1);
    const oneMinusBeta2 = r(1 - b2);
    const decayFactor = r(1 - lr * hyper.weightDecay);
    const stepSize = r(lr / (1 - b1 ** step));
    const bias2Sqrt = r(Math.sqrt(1 - b2 ** step));
    const eps = r(num(hyper, 'eps'));
    return (param, [m, v], i, g, decay) => {
      if (decay) param[i] = r(param[i] * decayFactor);
      m[i] = fma(g, oneMinusBeta1, r(beta1 * m[i]));
      v[i] = r(r(beta2 * v[i]) + r(r(oneMinusBeta2 * g) * g));
      const denom = r(r(r(Math.sqrt(v[i])) / bias2Sqrt) + eps);
      // addcdiv_: self + value · t1 / t2, in that order.
      param[i] = r(param[i] + r(r(-stepSize * m[i]) / denom));
    };
  },
};

const LION: OptimizerDescriptor<'lion'> = {
  name: 'lion',
  label: 'Lion',
  colours: ['#d1495b', '#f08a5d', '#8c1c2b'],
  wgsl: 'lion.wgsl',
  reference: 'the lion-pytorch update (Chen et al. 2023)',
  stateSlots: ['m'],
  settings: [
    { key: 'beta1', kind: 'beta', default: 0.9, doc: 'interpolation of the update direction' },
    { key: 'beta2', kind: 'beta', default: 0.99, doc: 'momentum decay' },
  ],
  // Its authors advise a learning rate 3–10× smaller and a weight decay 3–10× larger than AdamW's (advice.ts).
  defaultLrWd: (adamw) => ({
    lr: scaledHyperparameter(adamw.lr, 1 / LION_DEFAULT_FACTOR),
    weightDecay: scaledHyperparameter(adamw.weightDecay, LION_DEFAULT_FACTOR),
  }),
  stepValues(hyper, lr) {
    const beta1 = num(hyper, 'beta1');
    const beta2 = num(hyper, 'beta2');
    return [1 - lr * hyper.weightDecay, beta1, 1 - beta1, beta2, 1 - beta2, -lr];
  },
  referenceUpdate(hyper, lr, _step, { r, fma }) {
    const b1 = num(hyper, 'beta1');
    const b2 = num(hyper, 'beta2');
    const beta1 = r(b1);
    const beta2 = r(b2);
    const oneMinusBeta1 = r(1 - b1);
    const oneMinusBeta2 = r(1 - b2);
    const decayFactor = r(1 - lr * hyper.weightDecay);
    const lrR = r(lr);
    return (param, [m], i, g, decay) => {
      if (decay) param[i] = r(param[i] * decayFactor);
      param[i] = r(param[i] - lrR * Math.sign(fma(g, oneMinusBeta1, r(beta1 * m[i]))));
      m[i] = fma(g, oneMinusBeta2, r(beta2 * m[i]));
    };
  },
  advice: (adamw) => lionAdviceFor(adamw.lr, adamw.weightDecay).text,
  warnings: lionArmWarnings,
};

/**
 * torch.optim.SGD: L2 weight decay added to the gradient (decay group only), momentum buffer
 * b ← μ·b + (1 − dampening)·d (b = d at the first step), Nesterov d ← d + μ·b, then p ← p − lr·d.
 */
const SGD: OptimizerDescriptor<'sgd'> = {
  name: 'sgd',
  label: 'SGD',
  colours: ['#2a9d4b', '#7cc48a', '#1b5e2f'],
  wgsl: 'sgd.wgsl',
  reference: 'torch.optim.SGD (momentum, dampening, L2 weight decay, Nesterov)',
  stateSlots: ['m'],
  settings: [
    { key: 'momentum', kind: 'fraction', default: 0.9, doc: 'momentum factor (0: no buffer)' },
    { key: 'dampening', kind: 'fraction', default: 0, doc: "dampening of the gradient's share of the buffer" },
    { key: 'nesterov', kind: 'boolean', default: false, doc: 'Nesterov momentum' },
  ],
  // Plain SGD needs far larger steps than Adam-type optimizers; wd is L2 here (coupled), torch's default 0.
  defaultLrWd: () => ({ lr: 1e-3, weightDecay: 0 }),
  stepValues(hyper, lr, step) {
    const momentum = num(hyper, 'momentum');
    const first = step === 1;
    // The first step copies the gradient into the buffer: b = 0·b + 1·d (the buffer starts at zero).
    return [-lr, hyper.weightDecay, first ? 0 : momentum, first ? 1 : 1 - num(hyper, 'dampening'), momentum, hyper.nesterov ? 1 : 0, momentum !== 0 ? 1 : 0];
  },
  referenceUpdate(hyper, lr, step, { r, fma }) {
    const momentumValue = num(hyper, 'momentum');
    const momentum = r(momentumValue);
    const bufferScale = step === 1 ? 0 : momentum;
    const gradScale = step === 1 ? 1 : r(1 - num(hyper, 'dampening'));
    const weightDecay = r(hyper.weightDecay);
    const negLr = r(-lr);
    const nesterov = hyper.nesterov === true;
    return (param, [m], i, g, decay) => {
      let d = g;
      if (decay && hyper.weightDecay !== 0) d = fma(param[i], weightDecay, g);
      if (momentumValue !== 0) {
        m[i] = fma(d, gradScale, r(bufferScale * m[i]));
        d = nesterov ? fma(m[i], momentum, d) : m[i];
      }
      param[i] = fma(d, negLr, param[i]);
    };
  },
  // torch.optim.SGD refuses these too.
  constraints: (s) =>
    s.nesterov === true && (s.momentum === 0 || s.dampening !== 0)
      ? [{ key: 'nesterov', message: 'Nesterov momentum needs a momentum > 0 and zero dampening (as in torch.optim.SGD)' }]
      : [],
};

/** Every optimizer the lab knows, in the order menus and tables list them. */
export const OPTIMIZERS = [ADAMW, LION, SGD] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number]['name'];
export const OPTIMIZER_NAMES = OPTIMIZERS.map((o) => o.name) as [OptimizerName, ...OptimizerName[]];

/**
 * The reference optimizer: by default every other arm is compared with the first arm that uses it (the baseline arm),
 * and the others' advice (Lion's lr ÷ 5, wd × 5) is relative to its settings. The one place its name is written.
 */
export const REFERENCE_OPTIMIZER: OptimizerName = 'adamw';

/** The first arm of the reference optimizer, if any. */
export function referenceArmOf<A extends { optimizer: string }>(arms: readonly A[]): A | undefined {
  return arms.find((a) => a.optimizer === REFERENCE_OPTIMIZER);
}

export function isOptimizerName(name: unknown): name is OptimizerName {
  return typeof name === 'string' && (OPTIMIZER_NAMES as string[]).includes(name);
}

export function optimizerDescriptor(name: OptimizerName): OptimizerDescriptor<OptimizerName>;
export function optimizerDescriptor(name: string): OptimizerDescriptor<OptimizerName> | undefined;
export function optimizerDescriptor(name: string): OptimizerDescriptor<OptimizerName> | undefined {
  return OPTIMIZERS.find((o) => o.name === name);
}

export function optimizerLabel(name: string): string {
  return optimizerDescriptor(name)?.label ?? name;
}

/** The optimizer-specific settings' defaults. */
export function defaultSettings(name: OptimizerName): OptimizerSettingValues {
  return Object.fromEntries(optimizerDescriptor(name).settings.map((s) => [s.key, s.default])) as OptimizerSettingValues;
}

/** The settings of `name` found in `values` (an arm, a trace), dropping any other optimizer's. */
export function ownSettings(name: OptimizerName, values: OptimizerSettingValues): OptimizerSettingValues {
  return Object.fromEntries(
    optimizerDescriptor(name).settings.flatMap((s) => (values[s.key] !== undefined ? [[s.key, values[s.key]]] : [])),
  ) as OptimizerSettingValues;
}

/** Every setting key of every optimizer with its kind (a key means the same in every optimizer that has it). */
export function allSettings(): Map<OptimizerSettingKey, SettingKind> {
  const out = new Map<OptimizerSettingKey, SettingKind>();
  for (const o of OPTIMIZERS) {
    for (const s of o.settings) {
      const seen = out.get(s.key);
      if (seen && seen !== s.kind) throw new Error(`optimizer registry: setting ${s.key} is ${seen} in one optimizer and ${s.kind} in ${o.name}`);
      out.set(s.key, s.kind);
    }
  }
  return out;
}

/** The reference-free defaults of an optimizer: its settings, AdamW's lr/wd relation, clipping at 1.0 (HF Trainer). */
export function defaultHyper(name: OptimizerName): OptimizerHyper {
  return { name, ...defaultSettings(name), weightDecay: optimizerDescriptor(name).defaultLrWd(ADAMW_LR_WD).weightDecay, clipNorm: 1.0 };
}

/** torch.optim.AdamW defaults with HF Trainer's wd 0.01 and max_grad_norm 1.0. */
export const ADAMW_HYPER: OptimizerHyper = defaultHyper('adamw');
/** lion-pytorch betas; weight decay 5× AdamW's (its authors advise 3–10×, advice.ts). */
export const LION_HYPER: OptimizerHyper = defaultHyper('lion');

/** AdamW's default lr and weight decay, the reference other optimizers' defaults derive from. */
export function adamwLrWdDefaults(): LrWd {
  return { ...ADAMW_LR_WD };
}

/** Why `value` is not a valid value of a setting of `kind`, or null. */
export function settingProblem(kind: SettingKind, value: unknown): string | null {
  if (kind === 'boolean') return typeof value === 'boolean' ? null : `must be true or false, got ${JSON.stringify(value)}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a finite number, got ${String(value)}`;
  if (kind === 'beta' && !(value >= 0 && value < 1)) return `must be a finite number in [0, 1), got ${value}`;
  if (kind === 'fraction' && !(value >= 0 && value <= 1)) return `must be a finite number in [0, 1], got ${value}`;
  if (kind === 'nonNegative' && !(value >= 0)) return `must be a finite number ≥ 0, got ${value}`;
  if (kind === 'positive' && !(value > 0)) return `must be a finite number > 0, got ${value}`;
  return null;
}

export function assertValidHyper(hyper: OptimizerHyper, where = 'optimizer settings'): void {
  const bad = (field: string, why: string) => {
    throw new Error(`${where}: ${field} ${why}`);
  };
  const descriptor = optimizerDescriptor(hyper.name as string);
  if (!descriptor) return bad('name', `must be one of ${OPTIMIZER_NAMES.map((n) => JSON.stringify(n)).join(', ')}, got ${JSON.stringify(hyper.name)}`);
  for (const setting of descriptor.settings) {
    const problem = settingProblem(setting.kind, hyper[setting.key]);
    if (problem) bad(setting.key, problem);
  }
  for (const c of descriptor.constraints?.(hyper) ?? []) bad(c.key, c.message);
  if (!Number.isFinite(hyper.weightDecay) || hyper.weightDecay < 0) bad('weightDecay', `must be a finite number ≥ 0, got ${hyper.weightDecay}`);
  if (hyper.clipNorm != null && (!Number.isFinite(hyper.clipNorm) || hyper.clipNorm <= 0)) {
    bad('clipNorm', `must be a finite number > 0 or null (off), got ${hyper.clipNorm}`);
  }
}
