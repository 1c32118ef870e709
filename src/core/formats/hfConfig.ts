/**
 * Hugging Face `config.json` for the cross-encoder families: each family's reader and writer lives with its
 * descriptor in core/families/ (bert.ts, gte.ts, modernbert.ts), and the one dispatch on `model_type` loops over the
 * family registry (core/families/registry.ts). This module gathers them under the name callers know.
 */
export { ConfigError } from '../families/hfJson';
export { bertConfig, bertConfigToHfJson, parseBertConfig, type BertConfig } from '../families/bert';
export { gteConfigToHfJson, parseGteConfig, type GteConfig } from '../families/gte';
export { modernBertConfigToHfJson, parseModernBertConfig, type ModernBertConfig } from '../families/modernbert';
export { modelFamilyOf, parseModelConfig, type ModelConfig, type ModelFamily } from '../families/registry';
