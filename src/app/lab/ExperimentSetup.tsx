import { useEffect, useMemo, useState } from 'react';
import { configHash, demoCrossYearPresets, demoPreset, demoSizeSweepPreset, expandSweep, honestyChecks, modelSizeSweepPreset, parseJsonText, seedStudyPreset, validateExperiment, type SweepExperiment } from '../../core/experiment';
import type { ExperimentConfig } from '../../core/experiment/schema';
import { ADAMW_DEFAULTS } from '../../core/experiment/defaults';
import { expandRunMatrix } from '../../core/experiment/runMatrix';
import { optimizerDescriptor } from '../../core/optim/registry';

/** The triples of the real studies are a file the user picks: the lab fetches nothing they did not choose. */
const PICKED_TRIPLES = { source: 'file', name: 'triples.train.small.tsv.gz', format: 'triples', encoding: 'tsv', shuffleBuffer: 10_000 } as const;

/** Presets shown as editable JSON: a preset is exactly what a user would get by writing the same config. */
const PRESETS: { id: string; label: string; make: () => object }[] = [
  { id: 'demo', label: 'Demo — tiny random BERT, bundled data (minutes on a CPU adapter)', make: demoPreset },
  ...demoCrossYearPresets().map((config) => ({ id: config.name, label: `Demo — ${config.description ?? config.name}`, make: () => config })),
  {
    id: 'seed-study',
    label: 'Seed study, done right — MiniLM-L12-H384 from the Hub, MS MARCO triples (needs a real GPU)',
    make: () => ({ ...seedStudyPreset({ triplesUrl: 'https://localhost/unused' }), trainingData: PICKED_TRIPLES }),
  },
  { id: 'demo-size-sweep', label: 'Demo sweep — three tiny model sizes, one after another (CPU adapter: tens of minutes)', make: demoSizeSweepPreset },
  {
    id: 'model-size-sweep',
    label: 'Model-size sweep — MiniLM shapes, 2–12 layers × hidden 128–384, seed-study protocol (needs a real GPU)',
    make: () => {
      const sweep = modelSizeSweepPreset({ triplesUrl: 'https://localhost/unused' });
      return { ...sweep, base: { ...sweep.base, trainingData: PICKED_TRIPLES } };
    },
  },
];

type Parsed =
  | { kind: 'experiment'; config: ExperimentConfig; error: null }
  | { kind: 'sweep'; name: string; experiments: SweepExperiment[]; config: ExperimentConfig; error: null }
  | { kind: null; config: null; error: string };

function parseConfigText(text: string): Parsed {
  try {
    const json = parseJsonText(text, 'experiment.json');
    if (json && typeof json === 'object' && (json as { kind?: unknown }).kind === 'sweep') {
      const experiments = expandSweep(json, 'sweep.json');
      return { kind: 'sweep', name: (json as { name: string }).name, experiments, config: experiments[0].config, error: null };
    }
    return { kind: 'experiment', config: validateExperiment(json, 'experiment.json'), error: null };
  } catch (error) {
    return { kind: null, config: null, error: (error as Error).message };
  }
}

/** Names of the files the config expects the user to pick (`file` references). */
export function filesNeeded(config: ExperimentConfig): string[] {
  const refs = [config.trainingData, ...config.evalSets.flatMap((e) => [e.topics, e.qrels, e.candidates])];
  return [...new Set(refs.flatMap((r) => (r.source === 'file' ? [r.name] : [])))];
}

export interface ExperimentSetupProps {
  onStart: (config: ExperimentConfig, hash: string, files: Record<string, File>) => void;
  onStartSweep: (name: string, experiments: SweepExperiment[], files: Record<string, File>) => void;
  disabled: boolean;
}

export function ExperimentSetup({ onStart, onStartSweep, disabled }: ExperimentSetupProps) {
  const [files, setFiles] = useState<Record<string, File>>({});
  const [presetId, setPresetId] = useState('demo');
  const [text, setText] = useState(() => JSON.stringify(demoPreset(), null, 2));
  const [hashed, setHashed] = useState<{ config: ExperimentConfig; hash: string } | null>(null);

  const parsed = useMemo(() => parseConfigText(text), [text]);

  useEffect(() => {
    const config = parsed.config;
    if (config) void configHash(config).then((hash) => setHashed({ config, hash }));
  }, [parsed]);
  // The hash shown is always the current config's (a stale one is never displayed).
  const hash = hashed && hashed.config === parsed.config ? hashed.hash : null;

  const warnings = parsed.config ? honestyChecks(parsed.config) : [];
  // Each optimizer's advice from its registry descriptor, relative to the AdamW arm (or AdamW's defaults).
  const adamw = parsed.config?.arms.find((a) => a.optimizer === 'adamw') ?? ADAMW_DEFAULTS;
  const advice = [...new Set(parsed.config?.arms.map((a) => a.optimizer) ?? [])].flatMap((name) => {
    const text = optimizerDescriptor(name).advice?.({ lr: adamw.lr, weightDecay: adamw.weightDecay });
    return text ? [text] : [];
  });
  // Problems found by the checks that run before step 1 (files, vocabulary, sizes), for the text they were found in.
  const [preflightFailure, setPreflightFailure] = useState<{ text: string; message: string } | null>(null);
  const [checking, setChecking] = useState(false);
  const preflightMessage = preflightFailure && preflightFailure.text === text ? preflightFailure.message : null;
  const runs = parsed.config ? expandRunMatrix(parsed.config).length : 0;
  const needed = parsed.config ? filesNeeded(parsed.config) : [];
  const missing = needed.filter((name) => !files[name]);

  return (
    <section className="panel" aria-label="Experiment">
      <h2>Experiment</h2>
      <label className="row">
        Preset{' '}
        <select
          value={presetId}
          onChange={(e) => {
            const preset = PRESETS.find((p) => p.id === e.target.value)!;
            setPresetId(preset.id);
            setText(JSON.stringify(preset.make(), null, 2));
          }}
        >
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">
        Batch size, steps, data and evaluation are set once for the whole experiment, so every arm trains on the same batches
        for the same number of steps from the same initial weights; only the optimizer settings differ per arm.
      </p>
      <textarea className="config" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} aria-label="experiment config (JSON)" rows={18} />
      {parsed.error !== null ? (
        <pre className="error" role="alert" data-testid="config-error">
          {parsed.error}
        </pre>
      ) : (
        <p className="ok" data-testid="config-ok">
          Valid{parsed.kind === 'sweep' ? ` sweep of ${parsed.experiments.length} experiments (${parsed.experiments.map((e) => e.id.split('/').pop()).join(', ')}), each` : ''}: {runs} runs ({parsed.config.arms.length} arms × {parsed.config.seeds.length} seeds), {parsed.config.steps ?? '?'} steps each, batch{' '}
          {parsed.config.batchSize}; config hash {hash ? <code>{hash.slice(0, 12)}</code> : '…'}
        </p>
      )}
      {advice.map((line) => (
        <p className="advice" key={line}>
          {line}
        </p>
      ))}
      {preflightMessage !== null && (
        <pre className="error" role="alert" data-testid="preflight-error">
          {preflightMessage}
        </pre>
      )}
      {warnings.length > 0 && (
        <ul className="warnings" data-testid="honesty-warnings">
          {warnings.map((w) => (
            <li key={`${w.code}-${w.field}`}>
              <code>{w.field}</code>: {w.message}
            </li>
          ))}
        </ul>
      )}
      {needed.map((name) => (
        <label className="row" key={name}>
          Pick <code>{name}</code>:{' '}
          <input type="file" onChange={(e) => e.target.files?.[0] && setFiles({ ...files, [name]: e.target.files[0] })} />
        </label>
      ))}
      <button
        type="button"
        disabled={disabled || checking || !parsed.config || !hash || missing.length > 0}
        onClick={() => {
          // Nothing starts until the checks that can run before step 1 pass, for every experiment of a sweep.
          const configs = parsed.kind === 'sweep' ? parsed.experiments.map((e) => e.config) : parsed.config ? [parsed.config] : [];
          setChecking(true);
          // Loaded on Start: the checks pull in the tokenizer library, which the first paint does not need.
          void Promise.all([import('../../train/browserHost'), import('../../train/preflight')])
            .then(async ([{ browserHost }, { preflight, preflightError }]) => {
              const host = browserHost({ base: new URL(import.meta.env.BASE_URL, window.location.href).href, files });
              const results = await Promise.all(configs.map((config) => preflight(config, host)));
              const problems = results.flatMap((r) => r.problems);
              if (problems.length) return setPreflightFailure({ text, message: preflightError(problems).message });
              setPreflightFailure(null);
              if (parsed.kind === 'sweep') onStartSweep(parsed.name, parsed.experiments, files);
              else if (parsed.config && hash) onStart(parsed.config, hash, files);
            })
            .catch((error: unknown) => setPreflightFailure({ text, message: error instanceof Error ? error.message : String(error) }))
            .finally(() => setChecking(false));
        }}
      >
        {checking ? 'Checking…' : parsed.kind === 'sweep' ? 'Start sweep' : 'Start experiment'}
      </button>
    </section>
  );
}
