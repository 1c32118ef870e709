import { useEffect, useMemo, useState } from 'react';
import { bufferLimitProblems, estimateExperimentMemory, modelShapeOf, modelShapeOfConfig, type AdapterBufferLimits } from '../../../../core/experiment';
import type { ExperimentConfig } from '../../../../core/experiment/schema';
import { parseModelConfig } from '../../../../core/formats/hfConfig';
import type { KeptFolder } from './useModelFolder';

/** The adapter's buffer limits, read in the page (an adapter only, no device), for the memory check. */
function useAdapterLimits(): AdapterBufferLimits | null {
  const [limits, setLimits] = useState<AdapterBufferLimits | null>(null);
  useEffect(() => {
    void navigator.gpu
      ?.requestAdapter()
      .then(
        (adapter) =>
          adapter && setLimits({ maxBufferSize: adapter.limits.maxBufferSize, maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize }),
      )
      .catch(() => undefined);
  }, []);
  return limits;
}

/** GPU memory before the run starts, and a refusal when a single buffer is over the adapter's limits. */
export function useMemoryCheck(config: ExperimentConfig | null, keptFolder: KeptFolder) {
  const adapterLimits = useAdapterLimits();
  const folderConfigText = keptFolder?.configText ?? null;
  const folderPath = keptFolder?.path ?? null;
  const { estimate, memoryError } = useMemo(() => {
    try {
      const shape = config
        ? (modelShapeOf(config.model) ?? (folderConfigText ? modelShapeOfConfig(parseModelConfig(folderConfigText, `${folderPath}/config.json`)) : null))
        : null;
      return { estimate: config && shape ? estimateExperimentMemory(config, shape) : null, memoryError: null };
    } catch (error) {
      return { estimate: null, memoryError: (error as Error).message };
    }
  }, [config, folderConfigText, folderPath]);
  const limitProblems = estimate && adapterLimits ? bufferLimitProblems(estimate, adapterLimits) : [];
  return { estimate, memoryError, limitProblems };
}

export type MemoryEstimate = ReturnType<typeof useMemoryCheck>['estimate'];
