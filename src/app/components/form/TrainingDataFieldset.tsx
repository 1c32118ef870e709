import { TRAINING_LOCATION, getAt, setAt } from '../../../core/experiment';
import { NumberControl, SelectControl, TextControl } from './controls';
import type { FormEditor } from './formEditor';
import { GroupNotes } from './notes';

const TRAINING_LOCATION_LABELS: Record<string, string> = { bundled: 'path under the lab’s data', url: 'URL', file: 'file name (pick it below)' };

/** The training data: where it comes from (bundled, a URL, a picked file), its format, encoding and shuffle buffer. */
export function TrainingDataFieldset({ editor: { at, set, editExperiment } }: { editor: FormEditor }) {
  const trainingSource = String(at(['trainingData', 'source']) ?? '');
  return (
    <fieldset>
      <legend>Training data</legend>
      <GroupNotes k="trainingData" />
      <SelectControl
        k="trainingData.source"
        label="source"
        value={trainingSource}
        options={['bundled', 'url', 'file']}
        onCommit={(source) => {
          editExperiment((e) => {
            const common = Object.entries((getAt(e, ['trainingData']) ?? {}) as object).filter(([key]) => !['source', 'path', 'url', 'name'].includes(key));
            return setAt(e, ['trainingData'], { source, [TRAINING_LOCATION[source]]: '', ...Object.fromEntries(common) });
          });
        }}
      />
      {TRAINING_LOCATION[trainingSource] && (
        <TextControl
          k={`trainingData.${TRAINING_LOCATION[trainingSource]}`}
          label={TRAINING_LOCATION_LABELS[trainingSource]}
          value={at(['trainingData', TRAINING_LOCATION[trainingSource]])}
          onCommit={(v) => set(['trainingData', TRAINING_LOCATION[trainingSource]], v)}
        />
      )}
      <div className="setup-grid">
        <SelectControl
          k="trainingData.format"
          label="format"
          value={at(['trainingData', 'format'])}
          options={[
            { value: 'triples', label: 'triples (query, positive, negative)' },
            { value: 'pairs', label: 'pairs (query, passage, label)' },
          ]}
          onCommit={(v) => set(['trainingData', 'format'], v)}
        />
        <SelectControl
          k="trainingData.encoding"
          label="encoding"
          value={at(['trainingData', 'encoding']) ?? 'tsv'}
          options={['tsv', 'jsonl']}
          onCommit={(v) => set(['trainingData', 'encoding'], v)}
        />
        <NumberControl
          k="trainingData.shuffleBuffer"
          label="shuffle buffer"
          value={at(['trainingData', 'shuffleBuffer'])}
          placeholder="10000"
          onCommit={(v) => set(['trainingData', 'shuffleBuffer'], v)}
        />
      </div>
    </fieldset>
  );
}
