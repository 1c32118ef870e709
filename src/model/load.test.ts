import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readShared, sharedPath } from '../testing/shared';
import { BertCrossEncoder } from './bert';
import { useCpuBackend } from '../testing/cpuBackend';
import { GteCrossEncoder } from './gte';
import { crossEncoderFromFiles, modelFamilyOf } from './load';
import { ModernBertCrossEncoder } from './modernbert';

beforeAll(useCpuBackend);

describe('choosing the model family from config.json', () => {
  it('maps model_type to the family, BERT when absent, and refuses others by field', () => {
    expect(modelFamilyOf({ model_type: 'bert' })).toBe('bert');
    expect(modelFamilyOf({ hidden_size: 8 })).toBe('bert');
    expect(modelFamilyOf({ model_type: 'new' })).toBe('gte');
    expect(modelFamilyOf({ model_type: 'modernbert' })).toBe('modernbert');
    expect(() => modelFamilyOf({ model_type: 'xlm-roberta' }, 'x/config.json')).toThrow(/x\/config\.json: field 'model_type': "xlm-roberta" is not supported/);
  });

  it.each([
    ['tiny-bert', BertCrossEncoder],
    ['tiny-gte', GteCrossEncoder],
    ['tiny-modernbert', ModernBertCrossEncoder],
  ] as const)('loads %s into its class with nothing missing or unexpected', (name, type) => {
    const { model, report } = crossEncoderFromFiles(readShared('golden', name, 'config.json'), readFileSync(sharedPath('golden', name, 'model.safetensors')), {
      seed: 0,
    });
    expect(model).toBeInstanceOf(type);
    expect(report).toEqual({ missing: [], unexpected: [], initialisedFresh: [], ignored: [] });
    model.dispose();
  });
});
