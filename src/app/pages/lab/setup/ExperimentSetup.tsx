/**
 * The experiment's setup: a preset or a config written as JSON (and edited through the form beside it), checked as
 * it is typed (schema, honesty, GPU memory), the files and model folder it needs, and Start behind the checks that
 * run before step 1. Its parts: the config text and its checks (useConfigText, useParsedConfig, useFormDocument),
 * the model folder (useModelFolder), the memory check (useMemoryCheck), Start (usePreflight, StartBar).
 */
import { useState } from 'react';
import type { SweepExperiment } from '../../../../core/experiment';
import type { ExperimentConfig } from '../../../../core/experiment/schema';
import { expandRunMatrix } from '../../../../core/experiment/runMatrix';
import { ConfigColumns } from './ConfigColumns';
import { MemoryEstimateNote } from './MemoryEstimateNote';
import { ModelFolderPicker } from './ModelFolderPicker';
import { filesNeeded } from './parseConfig';
import { PresetPicker } from './PresetPicker';
import { StartBar } from './StartBar';
import { useConfigText } from './useConfigText';
import { useFormDocument } from './useFormDocument';
import { useMemoryCheck } from './useMemoryCheck';
import { useModelFolder, type LocalModelStore } from './useModelFolder';
import { useParsedConfig } from './useParsedConfig';
import { usePreflight } from './usePreflight';

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

export function ExperimentSetup({ onStart, onStartSweep, onStartTuning, disabled, localModels, loaded = null }: ExperimentSetupProps) {
  const [files, setFiles] = useState<Record<string, File>>({});
  const { presetId, pickPreset, text, setText } = useConfigText(loaded);
  const { parsed, catchingUp, hash, warnings, advice } = useParsedConfig(text);
  const { formDocument, formRoot, onFormEdit } = useFormDocument(parsed, setText);
  const { checking, preflightMessage, start } = usePreflight(parsed, text, hash, files, localModels, { onStart, onStartSweep, onStartTuning });
  const runs = parsed.config ? expandRunMatrix(parsed.config).length : 0;
  const needed = parsed.config ? filesNeeded(parsed.config) : [];
  const missing = needed.filter((name) => !files[name]);

  // A local model folder: picked or dropped once, then kept in IndexedDB under its content hash.
  const localPath = parsed.config?.model.kind === 'local' ? parsed.config.model.path : null;
  const { keptFolder, folderError, setFolderError, importFolder } = useModelFolder(localPath, localModels);

  // GPU memory before the run starts, and a refusal when a single buffer is over the adapter's limits.
  const { estimate, memoryError, limitProblems } = useMemoryCheck(parsed.config, keptFolder);

  return (
    <section className="panel setup-panel" aria-label="Experiment">
      <h2>Experiment</h2>
      <PresetPicker presetId={presetId} onPick={pickPreset} />
      <p className="muted">
        Batch size, steps, data and evaluation are set once for the whole experiment, so every arm trains on the same batches for the same number of steps from
        the same initial weights; only the optimizer settings differ per arm.
      </p>
      <ConfigColumns
        parsed={parsed}
        text={text}
        onText={setText}
        formDocument={formDocument}
        formRoot={formRoot}
        onFormEdit={onFormEdit}
        warnings={warnings}
        advice={advice}
        parameters={estimate?.parameters ?? null}
      />
      <ModelFolderPicker localPath={localPath} keptFolder={keptFolder} folderError={folderError} setFolderError={setFolderError} importFolder={importFolder} />
      <MemoryEstimateNote config={parsed.config} estimate={estimate} memoryError={memoryError} />
      {needed.map((name) => (
        <label className="row" key={name}>
          Pick <code>{name}</code>: <input type="file" onChange={(e) => e.target.files?.[0] && setFiles({ ...files, [name]: e.target.files[0] })} />
        </label>
      ))}
      {/* Whether the config is valid, and Start, stay in view at the foot of the setup column however far it scrolls. */}
      <StartBar
        parsed={parsed}
        runs={runs}
        hash={hash}
        preflightMessage={preflightMessage}
        limitProblems={limitProblems}
        checking={checking}
        disabled={
          disabled || checking || catchingUp || !parsed.config || !hash || missing.length > 0 || (localPath !== null && !keptFolder) || limitProblems.length > 0
        }
        onStart={start}
      />
    </section>
  );
}
