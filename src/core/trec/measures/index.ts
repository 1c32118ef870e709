/** The measure registry and everything derived from it; see registry.ts. */
export { MEASURES, NICKNAMES } from './registry';
export { selectMeasures, supportedSpecNames } from './select';
export {
  aggregationOf,
  DEPTH_MEASURES,
  parseMeasureName,
  measureLabel,
  measurePasses,
  supportedMeasureNames,
  type DepthMeasure,
  type NamedMeasure,
  type MeasurePass,
} from './names';
export {
  MeasureSpecError,
  MIN_GEO_MEAN,
  NOT_IN_POOL,
  POOLED_UNJUDGED,
  type Aggregation,
  type GainPair,
  type MeasureContext,
  type MeasureDefinition,
  type ParamKind,
  type RankedJudgments,
  type SelectedMeasure,
} from './types';
