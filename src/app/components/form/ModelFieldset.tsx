import { useRef } from 'react';
import { ARCHITECTURE_FIELDS, MODEL_ARCHITECTURES, MODEL_SIZE_FIELDS, TINY_RANDOM_BERT, getAt, setAt } from '../../../core/experiment';
import { NumberControl, SelectControl, TextControl } from './controls';
import type { FormEditor } from './formEditor';
import { GroupNotes } from './notes';

const MODEL_KINDS = [
  { value: 'random', label: 'random init (family and size below)' },
  { value: 'hub', label: 'Hugging Face Hub' },
  { value: 'local', label: 'local folder' },
];
const MODEL_TEMPLATES: Record<string, () => object> = {
  random: () => ({ ...TINY_RANDOM_BERT }),
  hub: () => ({ kind: 'hub', id: '', revision: 'main' }),
  local: () => ({ kind: 'local', path: '' }),
};

export interface ModelFieldsetProps {
  editor: FormEditor;
  /** Parameters of the model, when known (from the memory estimate). */
  parameters: number | null;
  /** Switches the model's source (see useModelSwitch). */
  switchModel: (kind: string) => void;
}

/**
 * Switches the model to another source: a model of another kind is kept while this one is edited, so switching back
 * restores it (kept as long as the form is, not the fieldset).
 */
export function useModelSwitch({ at, set }: FormEditor) {
  const stash = useRef<Record<string, unknown>>({});
  return (kind: string) => {
    const model = at(['model']);
    const modelKind = at(['model', 'kind']);
    if (typeof modelKind === 'string') stash.current[modelKind] = model;
    set(['model'], stash.current[kind] ?? MODEL_TEMPLATES[kind]?.());
  };
}

/** The model: its source (random init, the Hub, a local folder) and, by source, its family and size, Hub id or folder. */
export function ModelFieldset({ editor: { at, set, editExperiment }, parameters, switchModel }: ModelFieldsetProps) {
  const modelKind = at(['model', 'kind']);
  const architecture = at(['model', 'architecture']);
  return (
    <fieldset>
      <legend>Model{parameters !== null ? ` (${parameters.toLocaleString('en')} parameters)` : ''}</legend>
      <GroupNotes k="model" />
      <SelectControl k="model.kind" label="source" value={modelKind} options={MODEL_KINDS} onCommit={switchModel} />
      {modelKind === 'random' && (
        <>
          <SelectControl
            k="model.architecture"
            label="family"
            value={architecture}
            options={MODEL_ARCHITECTURES.map((a) => ({ value: a, label: { bert: 'BERT / MiniLM', gte: 'GTE', modernbert: 'ModernBERT' }[a] }))}
            onCommit={(family) => {
              // Fields of the old family only would be refused by the schema: drop them.
              const foreign = Object.values(ARCHITECTURE_FIELDS)
                .flat()
                .filter((f) => !ARCHITECTURE_FIELDS[family as keyof typeof ARCHITECTURE_FIELDS]?.includes(f));
              editExperiment((e) =>
                setAt(e, ['model'], {
                  ...Object.fromEntries(Object.entries((getAt(e, ['model']) ?? {}) as object).filter(([key]) => !foreign.includes(key))),
                  architecture: family,
                }),
              );
            }}
          />
          <div className="setup-grid">
            {MODEL_SIZE_FIELDS.map((field) => (
              <NumberControl key={field} k={`model.${field}`} label={field} value={at(['model', field])} onCommit={(v) => set(['model', field], v)} />
            ))}
          </div>
        </>
      )}
      {modelKind === 'hub' && (
        <>
          <TextControl
            k="model.id"
            label="Hub id"
            value={at(['model', 'id'])}
            placeholder="microsoft/MiniLM-L12-H384-uncased"
            onCommit={(v) => set(['model', 'id'], v)}
          />
          <TextControl
            k="model.revision"
            label="revision (pin a commit)"
            value={at(['model', 'revision'])}
            placeholder="main"
            onCommit={(v) => set(['model', 'revision'], v)}
          />
        </>
      )}
      {modelKind === 'local' && (
        <TextControl
          k="model.path"
          label="local folder (its name)"
          value={at(['model', 'path'])}
          hint="pick or drop the folder below"
          onCommit={(v) => set(['model', 'path'], v)}
        />
      )}
    </fieldset>
  );
}
