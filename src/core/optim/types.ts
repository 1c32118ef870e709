/**
 * The hyperparameters every optimizer shares (weight decay, clipping) and the optimizer-specific settings
 * by name (pure data, no functions). Which settings an optimizer reads, their defaults and ranges are its
 * descriptor's business (registry.ts); OptimizerName is the list of registered names.
 */
import type { OptimizerName } from './registry';

export type { OptimizerName };

/**
 * Every optimizer-specific setting any registered optimizer reads; a descriptor lists the keys it uses.
 * A new optimizer with a setting no other one has adds its key here.
 */
export interface OptimizerSettingValues {
  /** AdamW, Lion. */
  beta1?: number;
  beta2?: number;
  /** AdamW. */
  eps?: number;
  /** SGD: momentum factor (0 turns the buffer off), dampening, Nesterov momentum. */
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
}
export type OptimizerSettingKey = keyof OptimizerSettingValues;

export interface OptimizerHyper extends OptimizerSettingValues {
  name: OptimizerName;
  weightDecay: number;
  /** Max global gradient norm (PyTorch clip_grad_norm_ semantics); null turns clipping off. */
  clipNorm: number | null;
}

/** Added to the norm before dividing, exactly as torch.nn.utils.clip_grad_norm_ does. */
export const CLIP_EPS = 1e-6;

/** The factor gradients are multiplied by: min(1, maxNorm / (norm + 1e-6)), or 1 without clipping. */
export function clipScale(gradNorm: number, clipNorm: number | null): number {
  if (clipNorm == null) return 1;
  return Math.min(1, clipNorm / (gradNorm + CLIP_EPS));
}
