import { useState } from 'react';
import { demoPreset } from '../../../../core/experiment';
import type { PRESETS } from './presets';

/**
 * The config text the setup edits, and the preset it came from: a preset picked replaces it, and so does a config put
 * into the editor from outside (the library's Duplicate: each new id replaces the text once).
 */
export function useConfigText(loaded: { config: unknown; id: number } | null) {
  const [presetId, setPresetId] = useState('demo');
  const [text, setText] = useState(() => JSON.stringify(loaded?.config ?? demoPreset(), null, 2));
  const [loadedId, setLoadedId] = useState(loaded?.id ?? null);
  if (loaded && loaded.id !== loadedId) {
    setLoadedId(loaded.id);
    setText(JSON.stringify(loaded.config, null, 2));
  }
  const pickPreset = (preset: (typeof PRESETS)[number]) => {
    setPresetId(preset.id);
    setText(JSON.stringify(preset.make(), null, 2));
  };
  return { presetId, pickPreset, text, setText };
}
