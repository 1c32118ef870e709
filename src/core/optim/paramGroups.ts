/**
 * Which parameters get weight decay. Default: the Hugging Face Trainer's rule (get_decay_parameter_names),
 * applied to names: no decay on biases and on normalization weights (LayerNorm, RMSNorm, ModernBERT's
 * `norm`/`*_norm` modules); everything else — matrices and embeddings — decays.
 */
const NO_DECAY_PATTERNS = [/bias/, /layernorm/, /rmsnorm/, /(?:^|\.)norm(?:$|\.)/, /_norm(?:$|\.)/];

export function hfNoDecay(paramName: string): boolean {
  const lower = paramName.toLowerCase();
  return NO_DECAY_PATTERNS.some((pattern) => pattern.test(lower));
}

export interface ParamGroups {
  decay: string[];
  noDecay: string[];
}

export function splitParamGroups(names: readonly string[], noDecay: (name: string) => boolean = hfNoDecay): ParamGroups {
  const groups: ParamGroups = { decay: [], noDecay: [] };
  for (const name of names) (noDecay(name) ? groups.noDecay : groups.decay).push(name);
  return groups;
}
