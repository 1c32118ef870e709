/**
 * trec_eval's `-m` specs (trec_eval.c, meas_init.c): `NAME` or `NAME.PARAMS`, split at the first '.'; NAME is a
 * measure or a nickname (official, set, all_trec). When a measure is named twice the first parameter list wins.
 * Long cutoffs are read like atol (`23.4` → 23), float cutoffs and parameters like atof; cutoffs are sorted and
 * must be distinct (long ones positive); gain pairs are `grade=gain` separated by ','. Where trec_eval fails
 * later or not at all (utility without 4 coefficients; parameters for a measure that takes none) this fails here.
 */
import { formatFixed } from '../printf';
import { MEASURES, NICKNAMES, OTHER_FORMAT_MEASURES } from './registry';
import { MeasureSpecError, type GainPair, type MeasureDefinition, type SelectedMeasure } from './types';

export function atol(text: string): number {
  const match = /^\s*[+-]?\d+/.exec(text);
  return match ? Number(match[0]) : 0;
}

export function atof(text: string): number {
  const match = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text);
  return match ? Number(match[0]) : 0;
}

/** Every name `-m` accepts, for error messages. */
export function supportedSpecNames(): string {
  return [...MEASURES.map((m) => m.name), ...Object.keys(NICKNAMES)].join(', ');
}

function parseCutoffs(definition: MeasureDefinition, params: string): number[] {
  const values = params.split(',').map(definition.params === 'long' ? atol : atof);
  values.sort((a, b) => a - b);
  if (definition.params === 'long' && values[0] <= 0) {
    throw new MeasureSpecError(`measure '${definition.name}.${params}': cutoffs must be positive`);
  }
  for (let i = 1; i < values.length; i++) {
    if (values[i] === values[i - 1]) throw new MeasureSpecError(`measure '${definition.name}.${params}': duplicate cutoffs`);
  }
  return values;
}

/** `grade=gain,...`: each ','-separated part holds exactly one '=' (get_param_pairs); the grade is read like atol. */
function parseGainPairs(name: string, params: string): GainPair[] {
  const parts = params.split(',');
  if (parts.some((part) => part.split('=').length !== 2)) {
    throw new MeasureSpecError(`measure '${name}.${params}': malformed gain parameters (expected grade=gain,grade=gain,...)`);
  }
  return parts.map((part) => {
    const [grade, gain] = part.split('=');
    return { grade: atol(grade), gain: atof(gain) };
  });
}

/** trec_eval names float cutoffs `%s_%3.2f` in a buffer of strlen(name) + 10 bytes, so long ones are cut short. */
function floatCutoffName(name: string, cutoff: number): string {
  return `${name}_${formatFixed(cutoff, 2)}`.slice(0, name.length + 9);
}

function select(definition: MeasureDefinition, params: string | undefined): SelectedMeasure {
  const { name } = definition;
  const selected: SelectedMeasure = { definition, cutoffs: [], floats: [], gains: [], names: [name] };
  switch (definition.params) {
    case undefined:
      if (params !== undefined) throw new MeasureSpecError(`measure '${name}' takes no parameters (got '${name}.${params}')`);
      return selected;
    case 'long':
    case 'float': {
      const cutoffs = params === undefined ? [...definition.defaults!] : parseCutoffs(definition, params);
      const names = cutoffs.map((c) => (definition.params === 'long' ? `${name}_${c}` : floatCutoffName(name, c)));
      return { ...selected, cutoffs, names };
    }
    case 'floats': {
      const floats = params === undefined ? [...definition.defaults!] : params.split(',').map(atof);
      if (name === 'utility' && floats.length !== 4) {
        throw new MeasureSpecError(
          `measure 'utility.${params}': needs 4 coefficients (relevant retrieved, non-relevant retrieved, relevant missed, non-relevant missed)`,
        );
      }
      return { ...selected, floats, names: params === undefined ? [name] : [`${name}_${params}`] };
    }
    case 'gains':
      return params === undefined ? selected : { ...selected, gains: parseGainPairs(name, params), names: [`${name}_${params}`] };
  }
}

/** Resolves trec_eval measure specs (`-m` arguments) into the selected measures, in trec_eval's print order. */
export function selectMeasures(specs: readonly string[]): SelectedMeasure[] {
  const marked = new Set<string>();
  const params = new Map<string, string>();
  for (const spec of specs.length > 0 ? specs : ['official']) {
    const dot = spec.indexOf('.');
    const name = dot >= 0 ? spec.slice(0, dot) : spec;
    if (dot >= 0) {
      const p = spec.slice(dot + 1);
      if (p.length === 0) throw new MeasureSpecError(`measure '${spec}': empty parameter list`);
      if (!params.has(name)) params.set(name, p);
    }
    if (Object.hasOwn(NICKNAMES, name)) NICKNAMES[name].forEach((m) => marked.add(m));
    else if (MEASURES.some((m) => m.name === name)) marked.add(name);
    else if (OTHER_FORMAT_MEASURES.includes(name)) {
      throw new MeasureSpecError(
        `measure '${name}' needs trec_eval's preference or judgment-group input (-R), which is not supported (supported: ${supportedSpecNames()})`,
      );
    } else throw new MeasureSpecError(`unknown or unsupported measure '${name}' (supported: ${supportedSpecNames()})`);
  }
  return MEASURES.filter((m) => marked.has(m.name)).map((m) => select(m, params.get(m.name)));
}
