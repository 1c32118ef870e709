import { formatBytes } from '../../../../core/experiment';
import type { ExperimentConfig } from '../../../../core/experiment/schema';
import type { MemoryEstimate } from './useMemoryCheck';

/** The GPU memory a seed's arms take at once, from the model's shape; or why it could not be estimated. */
export function MemoryEstimateNote({
  config,
  estimate,
  memoryError,
}: {
  config: ExperimentConfig | null;
  estimate: MemoryEstimate;
  memoryError: string | null;
}) {
  return (
    <>
      {estimate && (
        <p className="muted" data-testid="memory-estimate">
          GPU memory ≈ <strong>{formatBytes(estimate.totalBytes)}</strong> with the {estimate.perArmBytes.length} arms of a seed training at once:{' '}
          {estimate.parameters.toLocaleString('en')} parameters ({formatBytes(estimate.parameterBytes)} of weights, as much for gradients), optimizer state{' '}
          {config!.arms.map((a, i) => `${a.name} ${formatBytes(estimate.optimizerStateBytes[i])}`).join(', ')}, activations{' '}
          {formatBytes(estimate.activationBytes)} per arm; largest single buffer: {estimate.largestBuffers[0].what},{' '}
          {formatBytes(estimate.largestBuffers[0].bytes)}.
        </p>
      )}
      {memoryError && <p className="error">{memoryError}</p>}
    </>
  );
}
