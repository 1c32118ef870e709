import { getAt, listFromText, setAt, textOfList } from '../../../core/experiment';
import { CheckControl, NumberControl, SelectControl, TextControl } from './controls';
import type { FormEditor } from './formEditor';

/** The training run, the same for every arm: batch size, steps or epochs, length, loss, seeds, evaluation and checkpoints. */
export function RunFieldset({ editor: { at, set, editExperiment } }: { editor: FormEditor }) {
  return (
    <fieldset>
      <legend>Training run (the same for every arm)</legend>
      <div className="setup-grid">
        <NumberControl k="batchSize" label="batch size" value={at(['batchSize'])} placeholder="32" onCommit={(v) => set(['batchSize'], v)} />
        <NumberControl
          k="steps"
          label="steps"
          value={at(['steps'])}
          placeholder={at(['epochs']) === undefined ? 'give steps or epochs' : undefined}
          onCommit={(v) => set(['steps'], v)}
        />
        <NumberControl k="epochs" label="epochs (instead of steps)" value={at(['epochs'])} onCommit={(v) => set(['epochs'], v)} />
        <NumberControl k="maxLength" label="max length (tokens)" value={at(['maxLength'])} placeholder="256" onCommit={(v) => set(['maxLength'], v)} />
        <SelectControl
          k="loss.kind"
          label="loss"
          value={typeof at(['loss']) === 'string' ? at(['loss']) : (at(['loss', 'kind']) ?? 'bce')}
          options={['bce', 'listwise', 'ranknet']}
          onCommit={(v) => editExperiment((e) => setAt(e, ['loss'], setAt(typeof getAt(e, ['loss']) === 'object' ? getAt(e, ['loss']) : {}, ['kind'], v)))}
        />
        <TextControl
          k="seeds"
          label="seeds"
          value={at(['seeds'])}
          placeholder="1, 2, 3"
          fromText={(t) => listFromText(t)}
          toText={textOfList}
          onCommit={(v) => set(['seeds'], v)}
        />
        <NumberControl
          k="evaluateEvery"
          label="evaluate every (steps; 0: at the end)"
          value={at(['evaluateEvery'])}
          placeholder="0"
          onCommit={(v) => set(['evaluateEvery'], v)}
        />
        <CheckControl
          k="evaluateAtStart"
          label="also evaluate before the first step"
          value={at(['evaluateAtStart'])}
          placeholder={false}
          onCommit={(v) => set(['evaluateAtStart'], v)}
        />
        <NumberControl
          k="checkpointEvery"
          label="checkpoint every (steps; 0: never)"
          value={at(['checkpointEvery'])}
          placeholder="100"
          onCommit={(v) => set(['checkpointEvery'], v)}
        />
      </div>
    </fieldset>
  );
}
