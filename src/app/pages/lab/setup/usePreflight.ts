import { useState } from 'react';
import { finalExperiment } from '../../../../core/experiment';
import type { ExperimentSetupProps } from './ExperimentSetup';
import type { Parsed } from './parseConfig';
import type { LocalModelStore } from './useModelFolder';

type Starts = Pick<ExperimentSetupProps, 'onStart' | 'onStartSweep' | 'onStartTuning'>;

/**
 * Start, behind the checks that run before step 1 (files, vocabulary, sizes) for every experiment of a sweep or
 * study; their problems are kept with the text they were found in.
 */
export function usePreflight(
  parsed: Parsed,
  text: string,
  hash: string | null,
  files: Record<string, File>,
  localModels: LocalModelStore,
  { onStart, onStartSweep, onStartTuning }: Starts,
) {
  // Problems found by the checks that run before step 1 (files, vocabulary, sizes), for the text they were found in.
  const [preflightFailure, setPreflightFailure] = useState<{ text: string; message: string } | null>(null);
  const [checking, setChecking] = useState(false);
  const preflightMessage = preflightFailure && preflightFailure.text === text ? preflightFailure.message : null;

  const start = () => {
    // Nothing starts until the checks that can run before step 1 pass, for every experiment of a sweep.
    const configs =
      parsed.kind === 'sweep'
        ? parsed.experiments.map((e) => e.config)
        : parsed.kind === 'tuning'
          ? // The final runs are checked too, with each space's first trial standing in for the selection.
            [
              parsed.config,
              finalExperiment(
                parsed.expanded,
                parsed.expanded.spaces.map((s) => `${s.name}-t1`),
              ),
            ]
          : parsed.config
            ? [parsed.config]
            : [];
    setChecking(true);
    // Loaded on Start: the checks pull in the tokenizer library, which the first paint does not need.
    void Promise.all([import('../../../../train/browserHost'), import('../../../../train/preflight')])
      .then(async ([{ browserHost }, { preflight, preflightError }]) => {
        const host = browserHost({ base: new URL(import.meta.env.BASE_URL, window.location.href).href, files, localModels });
        const results = await Promise.all(configs.map((config) => preflight(config, host)));
        const problems = results.flatMap((r) => r.problems);
        if (problems.length) return setPreflightFailure({ text, message: preflightError(problems).message });
        setPreflightFailure(null);
        if (parsed.kind === 'sweep') onStartSweep(parsed.name, parsed.experiments, files);
        else if (parsed.kind === 'tuning') onStartTuning?.(parsed.study, files);
        else if (parsed.config && hash) onStart(parsed.config, hash, files);
      })
      .catch((error: unknown) => setPreflightFailure({ text, message: error instanceof Error ? error.message : String(error) }))
      .finally(() => setChecking(false));
  };

  return { checking, preflightMessage, start };
}
