import shaderSource from './saxpy.wgsl?raw';

const WORKGROUP_SIZE = 64;

/** The CPU reference the GPU result is checked against (float32 rounding, as the GPU does it). */
export function saxpyOnCpu(a: number, x: Float32Array, y: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  const a32 = Math.fround(a);
  for (let i = 0; i < x.length; i++) out[i] = Math.fround(Math.fround(a32 * x[i]) + y[i]);
  return out;
}

/** Runs saxpy.wgsl on `device` and reads the result back. */
export async function saxpyOnGpu(device: GPUDevice, a: number, x: Float32Array, y: Float32Array): Promise<Float32Array> {
  if (x.length !== y.length) throw new Error(`saxpy: x has ${x.length} elements but y has ${y.length}`);
  const n = x.length;
  const bytes = n * 4;
  const storage = (data: Float32Array) => {
    const buffer = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, data as Float32Array<ArrayBuffer>);
    return buffer;
  };
  const params = device.createBuffer({ size: 8, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const paramBytes = new ArrayBuffer(8);
  new Uint32Array(paramBytes, 0, 1)[0] = n;
  new Float32Array(paramBytes, 4, 1)[0] = a;
  device.queue.writeBuffer(params, 0, paramBytes);
  const xBuffer = storage(x);
  const yBuffer = storage(y);
  const out = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const readback = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });

  const pipeline = device.createComputePipeline({
    layout: 'auto',
    compute: { module: device.createShaderModule({ code: shaderSource }), entryPoint: 'main' },
  });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [params, xBuffer, yBuffer, out].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(Math.ceil(n / WORKGROUP_SIZE));
  pass.end();
  encoder.copyBufferToBuffer(out, 0, readback, 0, bytes);
  device.queue.submit([encoder.finish()]);
  await readback.mapAsync(GPUMapMode.READ);
  const result = new Float32Array(readback.getMappedRange().slice(0));
  readback.unmap();
  for (const b of [params, xBuffer, yBuffer, out, readback]) b.destroy();
  return result;
}

export interface SmokeCheck {
  n: number;
  mismatches: number;
  maxAbsError: number;
  ok: boolean;
}

/** Deterministic inputs of size n, the GPU result, and an element-by-element comparison. */
export async function runSmokeCheck(device: GPUDevice, n = 1000, a = 2.5): Promise<SmokeCheck> {
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.sin(i) * 10;
    y[i] = (i % 7) - 3.25;
  }
  const gpu = await saxpyOnGpu(device, a, x, y);
  const cpu = saxpyOnCpu(a, x, y);
  let mismatches = 0;
  let maxAbsError = 0;
  for (let i = 0; i < n; i++) {
    const err = Math.abs(gpu[i] - cpu[i]);
    // GPUs may fuse a*x+y into one FMA: allow one float32 ulp of the result, nothing more.
    const ulp = Math.max(Math.abs(cpu[i]) * 2 ** -23, 2 ** -126);
    if (!(err <= ulp)) mismatches++;
    maxAbsError = Math.max(maxAbsError, err);
  }
  return { n, mismatches, maxAbsError, ok: mismatches === 0 && gpu.length === n };
}
