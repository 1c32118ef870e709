/**
 * Runs one of our WGSL kernels as a tfjs WebGPU program, so it is queued in order with tfjs's own dispatches
 * and its output is an ordinary tfjs tensor (tracked by tidy, pooled on dispose). The program object is the
 * shape tfjs-backend-webgpu 4.22's `runWebGPUProgram` expects; tfjs prepends the bindings, the `uniforms`
 * struct and helpers such as `setOutputAtIndex` to `userCode`.
 */
import * as tf from '@tensorflow/tfjs-core';

const WORKGROUP_SIZE = 64;

export interface UniformValue {
  type: 'int32' | 'uint32' | 'float32';
  data: number[];
}

interface ProgramBackend {
  runWebGPUProgram(program: object, inputs: tf.TensorInfo[], outputDtype: tf.DataType, uniforms?: UniformValue[], output?: tf.TensorInfo): tf.TensorInfo;
}

/** tfjs's WebGPU backend when it is the active one, else null (callers then use a tfjs-ops fallback). */
export function activeWebGpuBackend(): ProgramBackend | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const backend = tf.backend() as unknown as Partial<ProgramBackend>;
  return typeof backend.runWebGPUProgram === 'function' ? (backend as ProgramBackend) : null;
}

/** A flat elementwise-dispatched program: one invocation per output element, `main(index)` in userCode. */
class FlatProgram {
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP_SIZE, 1, 1];
  readonly size = true;
  constructor(
    readonly shaderKey: string,
    readonly outputShape: number[],
    readonly variableNames: string[],
    private readonly userCode: string,
    readonly uniforms?: string,
  ) {
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    const elements = outputShape.reduce((a, b) => a * b, 1);
    this.dispatch = [Math.ceil(elements / WORKGROUP_SIZE), 1, 1];
  }
  getUserCode(): string {
    return this.userCode;
  }
}

export interface FlatProgramSpec {
  key: string;
  /** One invocation per element of this shape (`uniforms.size` is its element count). */
  outputShape: number[];
  inputs: Record<string, tf.Tensor>;
  userCode: string;
  uniforms?: { declaration: string; values: UniformValue[] };
  /**
   * Write into this existing tensor instead of a new one (`uniforms.outShape` is then its shape): for kernels
   * that update a few elements of a buffer tfjs has already filled.
   */
  writeInto?: tf.Tensor;
}

export function runFlatProgram(backend: ProgramBackend, spec: FlatProgramSpec): tf.Tensor {
  const names = Object.keys(spec.inputs);
  const program = new FlatProgram(spec.key, spec.outputShape, names, spec.userCode, spec.uniforms?.declaration);
  const info = backend.runWebGPUProgram(
    program,
    names.map((n) => spec.inputs[n]),
    'float32',
    spec.uniforms?.values,
    spec.writeInto,
  );
  return spec.writeInto ?? tf.engine().makeTensorFromTensorInfo(info);
}

/**
 * A program dispatched as a grid of workgroups (`main()` with no index): the shader reads tfjs's `workgroupId`,
 * `localId` and `localIndex` itself and writes `result[...]` directly. For tiled kernels (matmul, attention)
 * where one invocation computes several outputs. Inputs may be read as vec4 (`components`).
 */
class GridProgram {
  readonly dispatchLayout: { x: number[]; y: number[]; z: number[] };
  readonly size = false;
  readonly variableComponents: number[];
  readonly outputComponent: number;
  constructor(
    readonly shaderKey: string,
    readonly outputShape: number[],
    readonly variableNames: string[],
    private readonly userCode: string,
    readonly workgroupSize: [number, number, number],
    readonly dispatch: [number, number, number],
    components: number[],
    outputComponent: number,
    readonly uniforms?: string,
  ) {
    // A non-flat layout: tfjs then calls main() and leaves indexing to the shader.
    this.dispatchLayout = { x: [0], y: outputShape.length > 1 ? [1] : [], z: [] };
    this.variableComponents = components;
    this.outputComponent = outputComponent;
  }
  getUserCode(): string {
    return this.userCode;
  }
}

export interface GridProgramSpec {
  key: string;
  outputShape: number[];
  inputs: Record<string, tf.Tensor>;
  userCode: string;
  workgroupSize: [number, number, number];
  dispatch: [number, number, number];
  /** Vector width each input is read with (1 or 4), in `inputs` order; default 1. */
  components?: number[];
  /** Vector width of `result` (1 or 4); default 1. */
  outputComponent?: number;
  uniforms?: { declaration: string; values: UniformValue[] };
}

export function runGridProgram(backend: ProgramBackend, spec: GridProgramSpec): tf.Tensor {
  const names = Object.keys(spec.inputs);
  const program = new GridProgram(
    spec.key,
    spec.outputShape,
    names,
    spec.userCode,
    spec.workgroupSize,
    spec.dispatch,
    spec.components ?? names.map(() => 1),
    spec.outputComponent ?? 1,
    spec.uniforms?.declaration,
  );
  const info = backend.runWebGPUProgram(
    program,
    names.map((n) => spec.inputs[n]),
    'float32',
    spec.uniforms?.values,
  );
  return tf.engine().makeTensorFromTensorInfo(info);
}
