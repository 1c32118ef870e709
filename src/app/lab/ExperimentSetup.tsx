import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import {
  bufferLimitProblems,
  configHash,
  demoCrossYearPresets,
  demoFamilySweepPreset,
  demoPreset,
  demoSizeSweepPreset,
  estimateExperimentMemory,
  expandSweep,
  expandTuningStudy,
  fairDemoPreset,
  fairMiniLmPreset,
  finalExperiment,
  isTuningStudy,
  tuningHonestyChecks,
  familySeedStudyPreset,
  fieldProblems,
  formRootOf,
  familySweepPreset,
  formatBytes,
  honestyChecks,
  modelShapeOf,
  modelShapeOfConfig,
  modelSizeSweepPreset,
  parseJsonText,
  validateExperiment,
  type AdapterBufferLimits,
  type FieldProblem,
  type SweepExperiment,
  type TuningStudy,
} from '../../core/experiment';
import { SetupForm } from '../setup/SetupForm';
import { parseModelConfig } from '../../core/formats/hfConfig';
import type { ExperimentConfig } from '../../core/experiment/schema';
import { ADAMW_DEFAULTS } from '../../core/experiment/defaults';
import { MODEL_FOLDER_FILES } from '../../train/localModel';
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
    label: 'Seed study, done right — MiniLM-L12-H384, gte-multilingual-base and ModernBERT-base from the Hub, MS MARCO triples (needs a real GPU)',
    make: () => {
      const sweep = familySeedStudyPreset({ triplesUrl: 'https://localhost/unused' });
      return { ...sweep, base: { ...sweep.base, trainingData: PICKED_TRIPLES } };
    },
  },
  { id: 'demo-size-sweep', label: 'Demo sweep — three tiny model sizes, one after another (CPU adapter: tens of minutes)', make: demoSizeSweepPreset },
  { id: 'demo-family-sweep', label: 'Demo family sweep — tiny random BERT, GTE and ModernBERT (CPU adapter: tens of minutes)', make: demoFamilySweepPreset },
  {
    id: 'family-sweep',
    label: 'Family sweep — BERT, GTE and ModernBERT at MiniLM-L12-H384’s shape, random init, seed-study protocol (needs a real GPU)',
    make: () => {
      const sweep = familySweepPreset({ triplesUrl: 'https://localhost/unused' });
      return { ...sweep, base: { ...sweep.base, trainingData: PICKED_TRIPLES } };
    },
  },
  {
    id: 'fair-demo',
    label: 'Fair tuning (Demo) — 4 learning rates per optimizer on DL19, the best of each on DL20 (minutes on a CPU adapter)',
    make: fairDemoPreset,
  },
  {
    id: 'fair-minilm-l12',
    label: 'Fair tuning (MiniLM-L12) — 8 trials per optimizer on DL19, the best of each on DL20 with 3 seeds, MS MARCO triples (needs a real GPU)',
    make: () => {
      const study = fairMiniLmPreset({ triplesUrl: 'https://localhost/unused' });
      return { ...study, base: { ...study.base, trainingData: PICKED_TRIPLES } };
    },
  },
  {
    id: 'model-size-sweep',
    label: 'Model-size sweep — MiniLM shapes, 2–12 layers × hidden 128–384, seed-study protocol (needs a real GPU)',
    make: () => {
      const sweep = modelSizeSweepPreset({ triplesUrl: 'https://localhost/unused' });
      return { ...sweep, base: { ...sweep.base, trainingData: PICKED_TRIPLES } };
    },
  },
];

type Parsed = (
  | { kind: 'experiment'; config: ExperimentConfig; error: null }
  | { kind: 'sweep'; name: string; experiments: SweepExperiment[]; config: ExperimentConfig; error: null }
  | { kind: 'tuning'; study: unknown; expanded: TuningStudy; config: ExperimentConfig; error: null }
  | { kind: null; config: null; error: string }
) & {
  /** The JSON value as written (what the form edits), absent when the text is not JSON. */
  document?: unknown;
  /** The validator's problems, one per field. */
  problems: FieldProblem[];
};

function parseConfigText(text: string): Parsed {
  let document: unknown = undefined;
  try {
    const json = parseJsonText(text, 'experiment.json');
    document = json;
    if (json && typeof json === 'object' && (json as { kind?: unknown }).kind === 'sweep') {
      const experiments = expandSweep(json, 'sweep.json');
      return { kind: 'sweep', name: (json as { name: string }).name, experiments, config: experiments[0].config, error: null, document, problems: [] };
    }
    if (isTuningStudy(json)) {
      const expanded = expandTuningStudy(json, 'tuning.json');
      return { kind: 'tuning', study: json, expanded, config: expanded.tuning, error: null, document, problems: [] };
    }
    return { kind: 'experiment', config: validateExperiment(json, 'experiment.json'), error: null, document, problems: [] };
  } catch (error) {
    return { kind: null, config: null, error: (error as Error).message, document, problems: fieldProblems(error) };
  }
}

/** Names of the files the config expects the user to pick (`file` references). */
export function filesNeeded(config: ExperimentConfig): string[] {
  const refs = [config.trainingData, ...config.evalSets.flatMap((e) => [e.topics, e.qrels, e.candidates])];
  return [...new Set(refs.flatMap((r) => (r.source === 'file' ? [r.name] : [])))];
}

/** Where picked model folders are kept (IndexedDB, by content hash), found by the folder name the config names. */
export interface LocalModelStore {
  findLocalModel(folderName: string): Promise<{ contentHash: string; files: Record<string, Uint8Array> } | undefined>;
  importLocalModel(folderName: string, files: Record<string, Uint8Array>): Promise<{ contentHash: string }>;
}

export interface ExperimentSetupProps {
  onStart: (config: ExperimentConfig, hash: string, files: Record<string, File>) => void;
  onStartSweep: (name: string, experiments: SweepExperiment[], files: Record<string, File>) => void;
  /** A tuning study (optional, so the form works without it). */
  onStartTuning?: (study: unknown, files: Record<string, File>) => void;
  disabled: boolean;
  localModels: LocalModelStore;
  /** A config put into the editor from outside (the library's Duplicate): each new id replaces the text once. */
  loaded?: { config: unknown; id: number } | null;
}

/** Every file of what was dropped, walking into dropped folders. */
async function filesFromDrop(data: DataTransfer): Promise<File[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => Boolean(e));
  if (entries.length === 0) return [...data.files];
  const files: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      files.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child);
    }
  };
  for (const entry of entries) await walk(entry);
  return files;
}

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

export function ExperimentSetup({ onStart, onStartSweep, onStartTuning, disabled, localModels, loaded = null }: ExperimentSetupProps) {
  const [files, setFiles] = useState<Record<string, File>>({});
  const [presetId, setPresetId] = useState('demo');
  const [text, setText] = useState(() => JSON.stringify(loaded?.config ?? demoPreset(), null, 2));
  const [loadedId, setLoadedId] = useState(loaded?.id ?? null);
  if (loaded && loaded.id !== loadedId) {
    setLoadedId(loaded.id);
    setText(JSON.stringify(loaded.config, null, 2));
  }
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
  // Each optimizer's advice from its registry descriptor, relative to the AdamW arm (or AdamW's defaults).
  const advice = useMemo(() => {
    const adamw = parsed.config?.arms.find((a) => a.optimizer === 'adamw') ?? ADAMW_DEFAULTS;
    return [...new Set(parsed.config?.arms.map((a) => a.optimizer) ?? [])].flatMap((name) => {
      const text = optimizerDescriptor(name).advice?.({ lr: adamw.lr, weightDecay: adamw.weightDecay });
      return text ? [text] : [];
    });
  }, [parsed.config]);

  // The form edits the last config text that was JSON; while the text is not JSON it shows that one, read-only.
  const [formDocument, setFormDocument] = useState<unknown>(parsed.document);
  if (parsed.document !== undefined && parsed.document !== formDocument) setFormDocument(parsed.document);
  const formRoot = useMemo(() => formRootOf(formDocument), [formDocument]);
  const onFormEdit = useCallback(
    (update: (document: unknown) => unknown) =>
      setText((current) => {
        try {
          return JSON.stringify(update(JSON.parse(current)), null, 2);
        } catch {
          return current; // not JSON (the form is read-only then)
        }
      }),
    [],
  );
  // Problems found by the checks that run before step 1 (files, vocabulary, sizes), for the text they were found in.
  const [preflightFailure, setPreflightFailure] = useState<{ text: string; message: string } | null>(null);
  const [checking, setChecking] = useState(false);
  const preflightMessage = preflightFailure && preflightFailure.text === text ? preflightFailure.message : null;
  const runs = parsed.config ? expandRunMatrix(parsed.config).length : 0;
  const needed = parsed.config ? filesNeeded(parsed.config) : [];
  const missing = needed.filter((name) => !files[name]);

  // A local model folder: picked or dropped once, then kept in IndexedDB under its content hash.
  const localPath = parsed.config?.model.kind === 'local' ? parsed.config.model.path : null;
  const [folder, setFolder] = useState<{ path: string; contentHash: string; configText: string | null } | null>(null);
  const [folderError, setFolderError] = useState<string | null>(null);
  useEffect(() => {
    if (!localPath) return;
    void localModels.findLocalModel(localPath).then((found) =>
      setFolder(
        found
          ? {
              path: localPath,
              contentHash: found.contentHash,
              configText: found.files['config.json'] ? new TextDecoder().decode(found.files['config.json']) : null,
            }
          : null,
      ),
    );
  }, [localPath, localModels]);
  const keptFolder = folder && folder.path === localPath ? folder : null;
  const importFolder = async (picked: File[]) => {
    if (!localPath) return;
    setFolderError(null);
    const wanted = picked.filter((f) => (MODEL_FOLDER_FILES as readonly string[]).includes(f.name));
    const lacking = ['config.json', 'model.safetensors'].filter((name) => !wanted.some((f) => f.name === name));
    if (!wanted.some((f) => f.name === 'tokenizer.json' || f.name === 'vocab.txt')) lacking.push('tokenizer.json (or vocab.txt)');
    if (lacking.length) {
      setFolderError(
        `${localPath}: ${lacking.join(', ')} not found among the picked files; a Hugging Face model folder needs config.json, model.safetensors and tokenizer.json (or vocab.txt)`,
      );
      return;
    }
    const record = Object.fromEntries(await Promise.all(wanted.map(async (f) => [f.name, new Uint8Array(await f.arrayBuffer())] as const)));
    const { contentHash } = await localModels.importLocalModel(localPath, record);
    setFolder({ path: localPath, contentHash, configText: new TextDecoder().decode(record['config.json']) });
  };

  // GPU memory before the run starts, and a refusal when a single buffer is over the adapter's limits.
  const adapterLimits = useAdapterLimits();
  const folderConfigText = keptFolder?.configText ?? null;
  const folderPath = keptFolder?.path ?? null;
  const { estimate, memoryError } = useMemo(() => {
    try {
      const shape = parsed.config
        ? (modelShapeOf(parsed.config.model) ?? (folderConfigText ? modelShapeOfConfig(parseModelConfig(folderConfigText, `${folderPath}/config.json`)) : null))
        : null;
      return { estimate: parsed.config && shape ? estimateExperimentMemory(parsed.config, shape) : null, memoryError: null };
    } catch (error) {
      return { estimate: null, memoryError: (error as Error).message };
    }
  }, [parsed.config, folderConfigText, folderPath]);
  const limitProblems = estimate && adapterLimits ? bufferLimitProblems(estimate, adapterLimits) : [];

  return (
    <section className="panel setup-panel" aria-label="Experiment">
      <h2>Experiment</h2>
      <label className="preset-picker">
        Preset
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
        Batch size, steps, data and evaluation are set once for the whole experiment, so every arm trains on the same batches for the same number of steps from
        the same initial weights; only the optimizer settings differ per arm.
      </p>
      <div className="setup-columns">
        {formRoot.kind === 'unsupported' ? (
          <p className="muted" data-testid="setup-form-unsupported">
            No form for this config: {formRoot.reason}.
          </p>
        ) : (
          <div>
            {parsed.document === undefined && (
              <p className="muted" data-testid="setup-form-paused">
                The JSON is not valid JSON: the form shows the last valid text, read-only, until it is fixed.
              </p>
            )}
            <SetupForm
              document={formDocument}
              onEdit={onFormEdit}
              root={formRoot.root}
              problems={parsed.problems}
              warnings={warnings}
              resolved={parsed.config}
              parameters={estimate?.parameters ?? null}
              readOnly={parsed.document === undefined}
            />
          </div>
        )}
        <div className="setup-json">
          <label htmlFor="experiment-config-json" className="muted">
            JSON (everything, including what the form does not show)
          </label>
          <textarea
            id="experiment-config-json"
            className="config"
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label="experiment config (JSON)"
            rows={18}
          />
          {advice.map((line) => (
            <p className="advice" key={line}>
              {line}
            </p>
          ))}
          {warnings.length > 0 && (
            <ul className="warnings" data-testid="honesty-warnings">
              {warnings.map((w) => (
                <li key={`${w.code}-${w.field}`}>
                  <code>{w.field}</code>: {w.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {localPath && (
        <div
          className="row dropzone"
          data-testid="model-folder"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            void filesFromDrop(e.dataTransfer)
              .then(importFolder)
              .catch((error: Error) => setFolderError(error.message));
          }}
        >
          Model folder <code>{localPath}</code>:{' '}
          {keptFolder ? (
            <span className="ok" data-testid="model-folder-kept">
              kept in this browser (<code>{keptFolder.contentHash.slice(0, 12)}</code>)
            </span>
          ) : (
            'pick it, or drop it (or its files) here'
          )}{' '}
          <input
            type="file"
            aria-label="model folder"
            multiple
            {...{ webkitdirectory: '' }}
            onChange={(e) => e.target.files && void importFolder([...e.target.files]).catch((error: Error) => setFolderError(error.message))}
          />
          <input
            type="file"
            aria-label="model files"
            multiple
            onChange={(e) => e.target.files && void importFolder([...e.target.files]).catch((error: Error) => setFolderError(error.message))}
          />
        </div>
      )}
      {folderError && (
        <p className="error" role="alert">
          {folderError}
        </p>
      )}
      {estimate && (
        <p className="muted" data-testid="memory-estimate">
          GPU memory ≈ <strong>{formatBytes(estimate.totalBytes)}</strong> with the {estimate.perArmBytes.length} arms of a seed training at once:{' '}
          {estimate.parameters.toLocaleString('en')} parameters ({formatBytes(estimate.parameterBytes)} of weights, as much for gradients), optimizer state{' '}
          {parsed.config!.arms.map((a, i) => `${a.name} ${formatBytes(estimate.optimizerStateBytes[i])}`).join(', ')}, activations{' '}
          {formatBytes(estimate.activationBytes)} per arm; largest single buffer: {estimate.largestBuffers[0].what},{' '}
          {formatBytes(estimate.largestBuffers[0].bytes)}.
        </p>
      )}
      {memoryError && <p className="error">{memoryError}</p>}
      {needed.map((name) => (
        <label className="row" key={name}>
          Pick <code>{name}</code>: <input type="file" onChange={(e) => e.target.files?.[0] && setFiles({ ...files, [name]: e.target.files[0] })} />
        </label>
      ))}
      {/* Whether the config is valid, and Start, stay in view at the foot of the setup column however far it scrolls. */}
      <div className="start-bar" data-testid="start-bar">
        {parsed.error !== null ? (
          <pre className="error" role="alert" data-testid="config-error">
            {parsed.error}
          </pre>
        ) : (
          <p className="ok" data-testid="config-ok">
            Valid
            {parsed.kind === 'sweep'
              ? ` sweep of ${parsed.experiments.length} experiments (${parsed.experiments.map((e) => e.id.split('/').pop()).join(', ')}), each`
              : parsed.kind === 'tuning'
                ? ` tuning study: ${parsed.expanded.study.budget} trials per optimizer on ${parsed.config.evalSets[0].name}, then the best of each with ${parsed.expanded.study.finalSeeds.length} seeds on ${parsed.expanded.study.testSets.map((t) => String(t.name)).join(', ')}; the trials`
                : ''}
            : {runs} runs ({parsed.config.arms.length} arms × {parsed.config.seeds.length} seeds), {parsed.config.steps ?? '?'} steps each, batch{' '}
            {parsed.config.batchSize}; config hash {hash ? <code>{hash.slice(0, 12)}</code> : '…'}
          </p>
        )}
        {preflightMessage !== null && (
          <pre className="error" role="alert" data-testid="preflight-error">
            {preflightMessage}
          </pre>
        )}
        {limitProblems.length > 0 && (
          <ul className="error" role="alert" data-testid="memory-refusal">
            {limitProblems.map((p) => (
              <li key={p.message}>{p.message}</li>
            ))}
          </ul>
        )}
        <button
          type="button"
          disabled={
            disabled ||
            checking ||
            catchingUp ||
            !parsed.config ||
            !hash ||
            missing.length > 0 ||
            (localPath !== null && !keptFolder) ||
            limitProblems.length > 0
          }
          onClick={() => {
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
            void Promise.all([import('../../train/browserHost'), import('../../train/preflight')])
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
          }}
        >
          {checking ? 'Checking…' : parsed.kind === 'sweep' ? 'Start sweep' : parsed.kind === 'tuning' ? 'Start tuning study' : 'Start experiment'}
        </button>
      </div>
    </section>
  );
}
