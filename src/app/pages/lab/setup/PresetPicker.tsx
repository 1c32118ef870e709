import { PRESETS } from './presets';

/** The preset picker: a preset replaces the config text. */
export function PresetPicker({ presetId, onPick }: { presetId: string; onPick: (preset: (typeof PRESETS)[number]) => void }) {
  return (
    <label className="preset-picker">
      Preset
      <select
        value={presetId}
        onChange={(e) => {
          const preset = PRESETS.find((p) => p.id === e.target.value)!;
          onPick(preset);
        }}
      >
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
    </label>
  );
}
