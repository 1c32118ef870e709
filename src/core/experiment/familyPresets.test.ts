/** The presets over the three model families. */
import { describe, expect, it } from 'vitest';
import { estimateExperimentMemory } from './memoryEstimate';
import { demoFamilySweepPreset, familySeedStudyPreset, familySweepPreset, modelSizeSweepPreset } from './presets';
import { expandSweep } from './sweep';

describe('family presets', () => {
  it('the seed study covers MiniLM, GTE and ModernBERT from the Hub, each AdamW vs Lion at its own rates, 3 seeds, DL19 + DL20 at -l 2', () => {
    const experiments = expandSweep(familySeedStudyPreset({ triplesUrl: 'https://example.org/triples.tsv.gz' }));
    expect(experiments.map((e) => e.id)).toEqual(['seed-study/minilm-l12-h384', 'seed-study/gte-multilingual-base', 'seed-study/modernbert-base']);
    expect(experiments.map((e) => e.config.model)).toEqual([
      { kind: 'hub', id: 'microsoft/MiniLM-L12-H384-uncased', revision: 'main' },
      { kind: 'hub', id: 'Alibaba-NLP/gte-multilingual-base', revision: 'main' },
      { kind: 'hub', id: 'answerdotai/ModernBERT-base', revision: 'main' },
    ]);
    for (const { config } of experiments) {
      expect(config.arms.map((a) => [a.optimizer, a.lr, a.weightDecay])).toEqual([
        ['adamw', 2e-5, 0.01],
        ['lion', 4e-6, 0.05],
      ]);
      expect(config.seeds).toEqual([1, 2, 3]);
      expect(config.evalSets.map((e) => [e.name, e.relevanceLevel])).toEqual([
        ['dl19', 2],
        ['dl20', 2],
      ]);
      // Their shapes are known, so the page shows the memory before anything is downloaded.
      expect(estimateExperimentMemory(config)?.parameters).toBeGreaterThan(3e7);
    }
  });

  it('the family sweep, the size sweep of any family and the demo family sweep expand to valid experiments', () => {
    expect(expandSweep(familySweepPreset({ triplesUrl: 'https://example.org/t.tsv' })).map((e) => e.id)).toEqual([
      'family-sweep/L12-H384',
      'family-sweep/gte-L12-H384',
      'family-sweep/modernbert-L12-H384',
    ]);
    const sizes = expandSweep(modelSizeSweepPreset({ triplesUrl: 'https://example.org/t.tsv', architecture: 'modernbert', layers: [2], hiddens: [128, 256] }));
    expect(sizes.map((e) => [e.id, e.config.model])).toEqual([
      [
        'model-size-sweep/modernbert-L2-H128',
        { kind: 'random', architecture: 'modernbert', layers: 2, hidden: 128, heads: 4, intermediate: 192, vocabSize: 30522, maxPositions: 512 },
      ],
      [
        'model-size-sweep/modernbert-L2-H256',
        { kind: 'random', architecture: 'modernbert', layers: 2, hidden: 256, heads: 8, intermediate: 384, vocabSize: 30522, maxPositions: 512 },
      ],
    ]);
    expect(expandSweep(demoFamilySweepPreset()).map((e) => e.id)).toEqual([
      'demo-family-sweep/L2-H32',
      'demo-family-sweep/gte-L2-H32',
      'demo-family-sweep/modernbert-L2-H32',
    ]);
  });
});
