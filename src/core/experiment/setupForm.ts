/**
 * The setup form's model: the page's experiment form edits the config's JSON value (what the user wrote, not the
 * resolved config), one field path at a time, so every field the form does not show — advanced settings, fields a
 * newer schema adds, another experiment kind's — survives a round trip untouched. Validator problems and honesty
 * warnings name field paths (`arms[1].lr`); `controlForPath` says which form control shows each one.
 *
 * Pure: no DOM. The React side is src/app/components/form/SetupForm.tsx.
 */
import { SchemaValidationError } from './issues';
import { DEFAULT_EVAL_SETS } from './schema';
import { adamwLrWdDefaults, allSettings, isOptimizerName, optimizerDescriptor, type LrWd, type OptimizerName } from '../optim/registry';

export type PathPart = string | number;
export type FieldPath = readonly PathPart[];

/** `arms[1].schedule.kind` → `['arms', 1, 'schedule', 'kind']` (the inverse of issues.ts's formatPath); null when it is not a path. */
export function parseFieldPath(text: string): PathPart[] | null {
  if (text === '(top level)') return [];
  const parts: PathPart[] = [];
  const token = /^(?:\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  let rest = text;
  while (rest.length) {
    const match = token.exec(rest);
    // A leading dot only between parts; a bare name only first.
    if (!match || (match[1] !== undefined && (parts.length === 0) === rest.startsWith('.'))) return null;
    if (match[1] !== undefined) parts.push(match[1]);
    else if (match[2] !== undefined) parts.push(Number(match[2]));
    else parts.push(JSON.parse(match[3]) as string);
    rest = rest.slice(match[0].length);
  }
  return parts;
}

/** The canonical text of a path, as the validator writes it (`arms[1].lr`). */
export function fieldPathText(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

export interface FieldProblem {
  /** The field's path as the validator names it, null for problems of the whole file (JSON syntax). */
  path: string | null;
  message: string;
}

/**
 * Splits a validation failure into one problem per line, each with its field path: the lines read
 * `FILE: PATH: message` (issues.ts). A sweep's lines end in ` (experiment ID)`, and a problem of its base repeats
 * once per experiment: the field shows it once.
 */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof SchemaValidationError)) return [{ path: null, message: error instanceof Error ? error.message : String(error) }];
  const prefix = `${error.fileName}: `;
  const seen = new Set<string>();
  return error.problems.flatMap((line) => {
    const body = line.startsWith(prefix) ? line.slice(prefix.length) : line;
    const colon = body.indexOf(': ');
    const candidate = colon > 0 ? body.slice(0, colon) : null;
    const problem =
      candidate !== null && parseFieldPath(candidate) !== null
        ? { path: candidate, message: body.slice(colon + 2).replace(/ \(experiment [^()]*\)$/, '') }
        : { path: null, message: body };
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [problem];
  });
}

/**
 * The form control that shows a problem at `path`: the control whose key is the path itself or, failing that, its
 * longest prefix (`evalSets[0].measures[2]` → `evalSets[0].measures`, `model.ropeTheta` → `model` when the form has
 * no control for it). `root` is where the form's experiment sits in the document (`['base']` for a sweep); paths
 * outside it, and paths no control covers, give null (the JSON editor's problem list still shows them).
 */
export function controlForPath(path: string, controls: ReadonlySet<string>, root: FieldPath = []): string | null {
  const parts = parseFieldPath(path);
  if (parts === null || parts.length < root.length || root.some((part, i) => parts[i] !== part)) return null;
  const own = parts.slice(root.length);
  for (let n = own.length; n > 0; n--) {
    const key = fieldPathText(own.slice(0, n));
    if (controls.has(key)) return key;
  }
  return null;
}

/** Groups problems (or warnings) by the control that shows them; those no control covers go under null. */
export function byControl<T extends { path: string | null }>(
  items: readonly T[],
  controls: ReadonlySet<string>,
  root: FieldPath = [],
): Map<string | null, T[]> {
  const out = new Map<string | null, T[]>();
  for (const item of items) {
    const key = item.path === null ? null : controlForPath(item.path, controls, root);
    out.set(key, [...(out.get(key) ?? []), item]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- editing the JSON value

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function getAt(root: unknown, path: FieldPath): unknown {
  let value = root;
  for (const part of path) {
    if (typeof part === 'number' ? !Array.isArray(value) : !isRecord(value)) return undefined;
    value = (value as Record<PathPart, unknown>)[part];
  }
  return value;
}

/**
 * `root` with the value at `path` replaced (undefined removes the field; in a list, the item). Copies only the
 * objects along the path, keeps every other field and the order of the keys (a replaced key stays where it was).
 */
export function setAt(root: unknown, path: FieldPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const list = Array.isArray(root) ? [...(root as unknown[])] : [];
    const next = setAt(list[head], rest, value);
    if (next === undefined && rest.length === 0) list.splice(head, 1);
    else list[head] = next;
    return list;
  }
  const object: Record<string, unknown> = isRecord(root) ? { ...root } : {};
  const next = setAt(object[head], rest, value);
  if (next === undefined) delete object[head];
  else object[head] = next;
  return object;
}

// ---------------------------------------------------------------------------------------------- where the experiment is

export type FormRoot = { kind: 'experiment'; root: FieldPath } | { kind: 'sweep'; root: FieldPath } | { kind: 'unsupported'; reason: string };

/** Which part of the document the form edits: the experiment itself, or a sweep's `base`; another kind is left to the JSON editor. */
export function formRootOf(document: unknown): FormRoot {
  if (!isRecord(document)) return { kind: 'unsupported', reason: 'the config is not a JSON object' };
  if (document.kind === undefined) return { kind: 'experiment', root: [] };
  if (document.kind === 'sweep')
    return isRecord(document.base) ? { kind: 'sweep', root: ['base'] } : { kind: 'unsupported', reason: 'the sweep has no base object' };
  return { kind: 'unsupported', reason: `the form edits experiments and sweeps; a config of kind ${JSON.stringify(document.kind)} is edited as JSON` };
}

// ---------------------------------------------------------------------------------------------- values typed into fields

/**
 * What a number field's text puts into the JSON: a number when it reads as one, nothing when empty (the schema's
 * default then applies), else the text itself — so the validator names the field and the value (`expected a number
 * (got "1e-")`) instead of the form swallowing it.
 */
export function numberFromText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed) && Number.isFinite(value) ? value : trimmed;
}

/** The text a field shows for a JSON value (numbers as JavaScript prints them; other values as JSON). */
export function textOfValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** A list typed as `1, 2, 3` (commas or spaces): each item a number where it reads as one. */
export function listFromText(text: string, item: (part: string) => unknown = numberFromText): unknown[] | undefined {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  return parts.length ? parts.map(item) : undefined;
}

export function textOfList(value: unknown): string {
  return Array.isArray(value) ? value.map(textOfValue).join(', ') : textOfValue(value);
}

// ---------------------------------------------------------------------------------------------- arms

/** The AdamW lr and wd the schema derives other arms' defaults from: the first AdamW arm's (when they are valid), else AdamW's defaults. */
export function adamwReference(arms: unknown): LrWd {
  const defaults = adamwLrWdDefaults();
  const first = Array.isArray(arms) ? arms.find((a) => isRecord(a) && a.optimizer === 'adamw') : undefined;
  if (!isRecord(first)) return defaults;
  const lr = typeof first.lr === 'number' && first.lr > 0 ? first.lr : defaults.lr;
  const weightDecay = typeof first.weightDecay === 'number' && first.weightDecay >= 0 ? first.weightDecay : defaults.weightDecay;
  return { lr, weightDecay };
}

/** The lr and wd an arm's optimizer advises beside the experiment's AdamW arm (Lion: ÷5 and ×5), or null when it advises none. */
export function advisedLrWd(optimizer: unknown, arms: unknown): LrWd | null {
  if (!isOptimizerName(optimizer) || optimizer === 'adamw') return null;
  const descriptor = optimizerDescriptor(optimizer);
  if (!descriptor.advice) return null;
  return descriptor.defaultLrWd(adamwReference(arms));
}

/** The arm switched to another optimizer: settings the new one lacks are dropped (the schema refuses them), the rest kept. */
export function withOptimizer(arm: unknown, optimizer: OptimizerName): Record<string, unknown> {
  const own = new Set<string>(optimizerDescriptor(optimizer).settings.map((s) => s.key));
  const others = new Set<string>(allSettings().keys());
  const source = isRecord(arm) ? arm : {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'optimizer') out.optimizer = optimizer;
    else if (!others.has(key) || own.has(key)) out[key] = value;
  }
  if (!('optimizer' in out)) out.optimizer = optimizer;
  return out;
}

/** The name an arm gets in the summary: its `name`, else its optimizer's. */
export function armNameOf(arm: unknown): string | null {
  if (!isRecord(arm)) return null;
  if (typeof arm.name === 'string') return arm.name;
  return typeof arm.optimizer === 'string' ? arm.optimizer : null;
}

/** A new arm of `optimizer` with a name no other arm has (`lion`, `lion-2`, …). */
export function newArm(arms: unknown, optimizer: OptimizerName): Record<string, unknown> {
  const taken = new Set((Array.isArray(arms) ? arms : []).map(armNameOf));
  let name: string = optimizer;
  for (let n = 2; taken.has(name); n++) name = `${optimizer}-${n}`;
  return { name, optimizer };
}

// ---------------------------------------------------------------------------------------------- what the form shows

/** The arms the form shows: the config's, or the two the schema puts in when `arms` is left out. */
export function shownArms(experiment: unknown): unknown[] {
  const arms = getAt(experiment, ['arms']);
  return Array.isArray(arms) ? arms : [{ optimizer: 'adamw' }, { optimizer: 'lion' }];
}

/** The evaluation sets the form shows: the config's, or the schema's defaults (TREC DL 2019 and 2020) when `evalSets` is left out. */
export function shownEvalSets(experiment: unknown): unknown[] {
  const sets = getAt(experiment, ['evalSets']);
  return Array.isArray(sets) ? sets : DEFAULT_EVAL_SETS;
}

export const MODEL_SIZE_FIELDS = ['layers', 'hidden', 'heads', 'intermediate', 'vocabSize', 'maxPositions'] as const;
export const TRAINING_LOCATION: Record<string, string> = { bundled: 'path', url: 'url', file: 'name' };
export const RUN_FIELDS = ['batchSize', 'steps', 'epochs', 'maxLength', 'evaluateEvery', 'evaluateAtStart', 'checkpointEvery'] as const;

/**
 * The keys (field paths, relative to the experiment) of every control the form shows for this experiment, groups
 * included (`model`, `arms[1]`, …: a problem at a field the form does not show lands on its group). `sweepBase`:
 * the experiment is a sweep's base, which has no name or model (each model of the sweep sets them).
 */
export function formControls(experiment: unknown, { sweepBase = false } = {}): Set<string> {
  const keys: string[] = ['trainingData', 'trainingData.source', 'trainingData.format', 'trainingData.encoding', 'trainingData.shuffleBuffer'];
  if (!sweepBase) {
    keys.push('name', 'model', 'model.kind');
    const kind = getAt(experiment, ['model', 'kind']);
    if (kind === 'random') keys.push('model.architecture', ...MODEL_SIZE_FIELDS.map((f) => `model.${f}`));
    if (kind === 'hub') keys.push('model.id', 'model.revision');
    if (kind === 'local') keys.push('model.path');
  }
  const location = TRAINING_LOCATION[String(getAt(experiment, ['trainingData', 'source']))];
  if (location) keys.push(`trainingData.${location}`);
  keys.push('evalSets');
  shownEvalSets(experiment).forEach((_, i) => keys.push(...['', '.name', '.rerankDepth', '.relevanceLevel', '.measures'].map((f) => `evalSets[${i}]${f}`)));
  keys.push('arms', 'baselineArm');
  shownArms(experiment).forEach((arm, i) => {
    const optimizer = getAt(arm, ['optimizer']);
    const settings = isOptimizerName(optimizer) ? optimizerDescriptor(optimizer).settings.map((s) => `.${s.key}`) : [];
    const fields = [
      '',
      '.name',
      '.optimizer',
      '.lr',
      '.weightDecay',
      ...settings,
      '.schedule.kind',
      '.schedule.warmupFraction',
      '.schedule.warmupSteps',
      '.clipNorm',
    ];
    keys.push(...fields.map((f) => `arms[${i}]${f}`));
  });
  keys.push(...RUN_FIELDS, 'loss.kind', 'seeds');
  return new Set(keys);
}
