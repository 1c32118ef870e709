import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { configHash, honestyChecks, tuningHonestyChecks } from '../../../../core/experiment';
import { ADAMW_DEFAULTS } from '../../../../core/experiment/defaults';
import type { ExperimentConfig } from '../../../../core/experiment/schema';
import { optimizerDescriptor, referenceArmOf } from '../../../../core/optim/registry';
import { parseConfigText } from './parseConfig';

/** The config text as checked: parsed and validated, its hash, its honesty warnings and each optimizer's advice. */
export function useParsedConfig(text: string) {
  const [hashed, setHashed] = useState<{ config: ExperimentConfig; hash: string } | null>(null);

  // The checks (schema, honesty, memory, the form's re-render) follow the text at a lower priority than typing: a
  // keystroke in the JSON shows at once, and a check overtaken by a newer keystroke is dropped, not finished. (The
  // form's text boxes also wait for a pause in typing before they change the text.)
  const checkedText = useDeferredValue(text);
  const parsed = useMemo(() => parseConfigText(checkedText), [checkedText]);
  // In the browser's performance timeline (and counted by the form's e2e test): one mark per config checked and shown.
  useEffect(() => void performance.mark('rerank-lab: config checked'), [parsed]);
  const catchingUp = checkedText !== text;

  useEffect(() => {
    const config = parsed.config;
    if (config) void configHash(config).then((hash) => setHashed({ config, hash }));
  }, [parsed]);
  // The hash shown is always the current config's (a stale one is never displayed).
  const hash = hashed && hashed.config === parsed.config ? hashed.hash : null;

  // Memoised on the parsed config: the page re-renders every second, and the form on each keystroke.
  const warnings = useMemo(
    () => (parsed.kind === 'tuning' ? tuningHonestyChecks(parsed.expanded) : parsed.config ? honestyChecks(parsed.config) : []),
    [parsed],
  );
  // Each optimizer's advice from its registry descriptor, relative to the reference arm (or the reference's defaults).
  const advice = useMemo(() => {
    const adamw = (parsed.config && referenceArmOf(parsed.config.arms)) ?? ADAMW_DEFAULTS;
    return [...new Set(parsed.config?.arms.map((a) => a.optimizer) ?? [])].flatMap((name) => {
      const text = optimizerDescriptor(name).advice?.({ lr: adamw.lr, weightDecay: adamw.weightDecay });
      return text ? [text] : [];
    });
  }, [parsed.config]);

  return { parsed, catchingUp, hash, warnings, advice };
}
