import {
  demoCrossYearPresets,
  demoFamilySweepPreset,
  demoPreset,
  demoSizeSweepPreset,
  fairDemoPreset,
  fairMiniLmPreset,
  familySeedStudyPreset,
  familySweepPreset,
  modelSizeSweepPreset,
} from '../../../../core/experiment';

/** The triples of the real studies are a file the user picks: the lab fetches nothing they did not choose. */
const PICKED_TRIPLES = { source: 'file', name: 'triples.train.small.tsv.gz', format: 'triples', encoding: 'tsv', shuffleBuffer: 10_000 } as const;

/** Presets shown as editable JSON: a preset is exactly what a user would get by writing the same config. */
export const PRESETS: { id: string; label: string; make: () => object }[] = [
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
