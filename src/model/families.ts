/**
 * The model of each registered family (core/families/registry.ts): how it is built at random init, how it is loaded
 * from a safetensors checkpoint, and how its checkpoints name their tensors. Keyed by family name, so the type checker
 * refuses a registered family without a model; the parameter list comes from the family's descriptor.
 */
import type { FamilyConfig, FamilyName } from '../core/families/registry';
import { BertCrossEncoder, bertCheckpointLayout } from './bert';
import type { CrossEncoder } from './crossEncoder';
import { GteCrossEncoder, gteCheckpointLayout } from './gte';
import { ModernBertCrossEncoder, modernBertCheckpointLayout } from './modernbert';
import type { CheckpointLayout, LoadReport } from './parameters';

export interface FamilyModel<C> {
  /** A model of any size with its family's HF initializer, reproducible from `seed`. */
  randomInit(config: C, seed: number): CrossEncoder;
  /** The model with weights from a safetensors file (missing head tensors initialised from `seed`). */
  fromSafetensors(config: C, bytes: Uint8Array, opts: { seed: number; source?: string }): { model: CrossEncoder; report: LoadReport };
  /** How its checkpoints name their tensors and which may be missing (fresh ones come from `seed`). */
  checkpointLayout(config: C, seed: number): CheckpointLayout;
}

export const FAMILY_MODELS: { readonly [N in FamilyName]: FamilyModel<FamilyConfig<N>> } = {
  bert: {
    randomInit: (config, seed) => BertCrossEncoder.randomInit(config, seed),
    fromSafetensors: (config, bytes, opts) => BertCrossEncoder.fromSafetensors(config, bytes, opts),
    checkpointLayout: bertCheckpointLayout,
  },
  gte: {
    randomInit: (config, seed) => GteCrossEncoder.randomInit(config, seed),
    fromSafetensors: (config, bytes, opts) => GteCrossEncoder.fromSafetensors(config, bytes, opts),
    checkpointLayout: gteCheckpointLayout,
  },
  modernbert: {
    randomInit: (config, seed) => ModernBertCrossEncoder.randomInit(config, seed),
    fromSafetensors: (config, bytes, opts) => ModernBertCrossEncoder.fromSafetensors(config, bytes, opts),
    checkpointLayout: modernBertCheckpointLayout,
  },
};

/** The model of `family`, its config type widened to every family's. */
export function familyModel(family: FamilyName): FamilyModel<FamilyConfig> {
  return FAMILY_MODELS[family];
}
