/**
 * What the three cross-encoder families (BERT, GTE, ModernBERT) share apart from their forward pass: one tf.Variable
 * per HF parameter kept on the GPU, export/import of the weights by HF name, and loading a safetensors checkpoint
 * with a report of missing, unexpected and freshly initialised tensors. Each family supplies its parameter list
 * and the few checkpoint naming rules that differ.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseSafetensors, writeSafetensors, type SafetensorsLimits } from '../core/formats/safetensors';
import type { ParameterSpec } from '../core/families/types';
import { ensureOnGpu, readFloat32, writeFloat32InPlace } from './tensorIO';

/** A family's parameter list is pure data, declared with its descriptor (core/families). */
export type { ParameterSpec };

export interface LoadReport {
  /** Parameters the file did not have (all of them head tensors, else loading fails). */
  missing: string[];
  /** Tensors in the file the model has no use for (e.g. an MLM head `cls.*`, or layers beyond the config's). */
  unexpected: string[];
  /** The missing head tensors, initialised fresh with the seeded HF initializer. */
  initialisedFresh: string[];
  /** HF buffers that are not parameters (`embeddings.position_ids`), skipped as transformers skips them. */
  ignored: string[];
}

export interface NamedParameter {
  name: string;
  variable: tf.Variable;
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Variable names must be unique across live models; each family numbers its models on its own. */
const nextModelIdByPrefix = new Map<string, number>();

/** The parameters of one model, in HF order, and everything done to them by name. */
export abstract class ParameterStore {
  private readonly params: NamedParameter[];
  private readonly byName: Map<string, tf.Variable>;
  private disposed = false;

  /** `modelName` names the class in errors; `variablePrefix` prefixes the tf variable names (`bert0/…`). */
  protected constructor(
    private readonly modelName: string,
    variablePrefix: string,
    specs: readonly ParameterSpec[],
    values: ReadonlyMap<string, Float32Array>,
  ) {
    const id = nextModelIdByPrefix.get(variablePrefix) ?? 0;
    nextModelIdByPrefix.set(variablePrefix, id + 1);
    this.params = specs.map((spec) => {
      const initial = tf.tensor(values.get(spec.name)!, spec.shape, 'float32');
      // tf.variable shares the initial tensor's data; the tensor itself must be disposed.
      const variable = tf.variable(initial, true, `${variablePrefix}${id}/${spec.name}`);
      initial.dispose();
      ensureOnGpu(variable);
      return { name: spec.name, variable };
    });
    this.byName = new Map(this.params.map((p) => [p.name, p.variable]));
  }

  /** Parameters in HF order; the variables are the ones the optimizer updates in place. */
  parameters(): NamedParameter[] {
    this.assertLive();
    return this.params.slice();
  }

  parameterCount(): number {
    return this.params.reduce((n, p) => n + p.variable.size, 0);
  }

  /** Current weights by HF name, read from the GPU (what the optimizer wrote, not a stale cache). */
  async exportWeights(): Promise<Record<string, Float32Array>> {
    this.assertLive();
    const out: Record<string, Float32Array> = {};
    for (const { name, variable } of this.params) out[name] = await readFloat32(variable);
    return out;
  }

  /** A HF-compatible model.safetensors of the current weights (F32, HF names). */
  async exportSafetensors(): Promise<Uint8Array> {
    const weights = await this.exportWeights();
    const tensors = Object.fromEntries(this.params.map(({ name, variable }) => [name, { shape: variable.shape, data: weights[name] }]));
    return writeSafetensors(tensors, { format: 'pt' });
  }

  /** Overwrites every parameter in place (same variables, same GPU buffers); the set of names must match exactly. */
  importWeights(weights: Record<string, Float32Array>): void {
    this.assertLive();
    const unknown = Object.keys(weights).filter((n) => !this.byName.has(n));
    const absent = this.params.filter((p) => !(p.name in weights)).map((p) => p.name);
    if (unknown.length || absent.length) {
      throw new Error(`importWeights: missing ${absent.length ? absent.join(', ') : 'none'}; unexpected ${unknown.length ? unknown.join(', ') : 'none'}`);
    }
    for (const { name, variable } of this.params) {
      if (weights[name].length !== variable.size) {
        throw new Error(`importWeights: '${name}' has ${weights[name].length} values but the parameter ${shapeText(variable.shape)} has ${variable.size}`);
      }
    }
    for (const { name, variable } of this.params) writeFloat32InPlace(variable, weights[name]);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const { variable } of this.params) variable.dispose();
  }

  /** The variable of a parameter the family's spec list declares. */
  protected param(name: string): tf.Variable {
    return this.byName.get(name)!;
  }

  protected assertLive(): void {
    if (this.disposed) throw new Error(`${this.modelName}: used after dispose()`);
  }
}

/** How one family's checkpoints name their tensors, and what may be missing from them. */
export interface CheckpointLayout {
  /** Maps a file's tensor name onto the model's (a missing model prefix, old LayerNorm names). */
  canonicalName(fileName: string): string;
  /** HF buffers that are not parameters, skipped by canonical name. */
  isIgnoredBuffer?(canonicalName: string): boolean;
  /** Tensors a checkpoint may lack; they are initialised fresh. */
  isHead(name: string): boolean;
  initialValues(spec: ParameterSpec): Float32Array;
  /** Appended to a shape mismatch error, e.g. the config fields that imply the shape. */
  shapeHint?: string;
  /** Appended after "missing for config.json" when encoder tensors are missing. */
  missingHint?: string;
}

const FLOAT_DTYPES = new Set(['F32', 'F16', 'BF16']);

/**
 * Reads the values of every parameter in `specs` from a safetensors checkpoint (with `checkOnly`, checks names,
 * shapes and dtypes from the header without reading any value). A missing head tensor is initialised
 * fresh; any other missing tensor, a shape the config does not imply, or two file tensors for one parameter is an
 * error naming them.
 */
export function valuesFromSafetensors(
  specs: readonly ParameterSpec[],
  bytes: Uint8Array,
  layout: CheckpointLayout,
  opts: { source?: string; limits?: Partial<SafetensorsLimits>; checkOnly?: boolean },
): { values: Map<string, Float32Array>; report: LoadReport } {
  const source = opts.source ?? 'model.safetensors';
  const file = parseSafetensors(bytes, source, opts.limits);
  const expected = new Set(specs.map((s) => s.name));
  const report: LoadReport = { missing: [], unexpected: [], initialisedFresh: [], ignored: [] };
  const fileNameOf = new Map<string, string>();
  for (const name of file.names()) {
    const canonical = layout.canonicalName(name);
    if (layout.isIgnoredBuffer?.(canonical)) report.ignored.push(name);
    else if (!expected.has(canonical)) report.unexpected.push(name);
    else if (fileNameOf.has(canonical))
      throw new Error(`${source}: tensors '${fileNameOf.get(canonical)}' and '${name}' are the same parameter '${canonical}'`);
    else fileNameOf.set(canonical, name);
  }
  const values = new Map<string, Float32Array>();
  const missingEncoder: string[] = [];
  for (const spec of specs) {
    const fileName = fileNameOf.get(spec.name);
    if (fileName === undefined) {
      report.missing.push(spec.name);
      if (layout.isHead(spec.name)) {
        report.initialisedFresh.push(spec.name);
        values.set(spec.name, layout.initialValues(spec));
      } else {
        missingEncoder.push(spec.name);
      }
      continue;
    }
    const shape = file.entry(fileName).shape;
    if (shapeText(shape) !== shapeText(spec.shape)) {
      throw new Error(
        `${source}: tensor '${fileName}' has shape ${shapeText(shape)} but config.json implies ${shapeText(spec.shape)}${layout.shapeHint ?? ''}`,
      );
    }
    if (!opts.checkOnly) values.set(spec.name, file.readFloat32(fileName));
    else if (!FLOAT_DTYPES.has(file.entry(fileName).dtype))
      throw new Error(`${source}: tensor '${fileName}' has dtype ${file.entry(fileName).dtype}; only F32, F16 and BF16 can be loaded`);
  }
  if (missingEncoder.length > 0 && [...fileNameOf.keys()].every((name) => layout.isHead(name)) && report.unexpected.length > 0) {
    // Not one encoder tensor matched: the two files describe different models, which a list of missing names hides.
    throw new Error(
      `${source}: none of its ${report.unexpected.length} tensors ('${report.unexpected[0]}', …) is a parameter of the model config.json describes ` +
        `(e.g. '${missingEncoder[0]}'): config.json and model.safetensors come from different models or families`,
    );
  }
  if (missingEncoder.length > 0) {
    const shown = missingEncoder
      .slice(0, 5)
      .map((n) => `'${n}'`)
      .join(', ');
    throw new Error(
      `${source}: ${missingEncoder.length} encoder tensor(s) missing for config.json${layout.missingHint ?? ''}: ${shown}` +
        (missingEncoder.length > 5 ? ', …' : ''),
    );
  }
  return { values, report };
}
