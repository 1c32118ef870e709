/** The two optimizers the lab compares, and the hyperparameters both share (pure data, no functions). */
export type OptimizerName = 'adamw' | 'lion';

export interface OptimizerHyper {
  name: OptimizerName;
  beta1: number;
  beta2: number;
  /** AdamW only; ignored by Lion. */
  eps: number;
  weightDecay: number;
  /** Max global gradient norm (PyTorch clip_grad_norm_ semantics); null turns clipping off. */
  clipNorm: number | null;
}

/** torch.optim.AdamW defaults, HF Trainer's wd 0.01 and max_grad_norm 1.0. */
export const ADAMW_HYPER: OptimizerHyper = { name: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, clipNorm: 1.0 };

/**
 * lion-pytorch defaults for the betas. Its authors advise a weight decay 3–10× AdamW's (see advice.ts);
 * 0.1 is 10× the AdamW default here and meant to be replaced by the user's choice.
 */
export const LION_HYPER: OptimizerHyper = { name: 'lion', beta1: 0.9, beta2: 0.99, eps: 0, weightDecay: 0.1, clipNorm: 1.0 };

/** Added to the norm before dividing, exactly as torch.nn.utils.clip_grad_norm_ does. */
export const CLIP_EPS = 1e-6;

/** The factor gradients are multiplied by: min(1, maxNorm / (norm + 1e-6)), or 1 without clipping. */
export function clipScale(gradNorm: number, clipNorm: number | null): number {
  if (clipNorm == null) return 1;
  return Math.min(1, clipNorm / (gradNorm + CLIP_EPS));
}

export function assertValidHyper(hyper: OptimizerHyper, where = 'optimizer settings'): void {
  const bad = (field: string, why: string) => {
    throw new Error(`${where}: ${field} ${why}`);
  };
  if (hyper.name !== 'adamw' && hyper.name !== 'lion') bad('name', `must be "adamw" or "lion", got ${JSON.stringify(hyper.name)}`);
  for (const field of ['beta1', 'beta2'] as const) {
    const value = hyper[field];
    if (!Number.isFinite(value) || value < 0 || value >= 1) bad(field, `must be a finite number in [0, 1), got ${value}`);
  }
  if (!Number.isFinite(hyper.weightDecay) || hyper.weightDecay < 0) bad('weightDecay', `must be a finite number ≥ 0, got ${hyper.weightDecay}`);
  if (hyper.name === 'adamw' && (!Number.isFinite(hyper.eps) || hyper.eps <= 0)) bad('eps', `must be a finite number > 0, got ${hyper.eps}`);
  if (hyper.clipNorm != null && (!Number.isFinite(hyper.clipNorm) || hyper.clipNorm <= 0)) {
    bad('clipNorm', `must be a finite number > 0 or null (off), got ${hyper.clipNorm}`);
  }
}
