/** Test-only: tfjs on its CPU backend, for unit tests of model code that need no GPU. */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

export async function useCpuBackend(): Promise<typeof tf> {
  await tf.setBackend('cpu');
  if (tf.getBackend() !== 'cpu') throw new Error('tfjs cpu backend did not start');
  return tf;
}
