/**
 * The family registry, enumerated: every registered family has its golden (fixtures/golden/tiny-<name>, a tiny
 * checkpoint with PyTorch's logits), config.json's dispatch finds it, its reader and writer round-trip, and its
 * parameter list is the golden checkpoint's (names and shapes) and counts the same for any number of layers.
 * A new family fails here until its golden is in place.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelShapeOf, modelShapeOfConfig, parameterCountOf } from '../experiment/memoryEstimate';
import { ARCHITECTURE_FIELDS, MODEL_ARCHITECTURES, modelSchema } from '../experiment/schema';
import { parseSafetensors } from '../formats/safetensors';
import { readShared, readSharedBytes, readSharedJson, sharedPath } from '../../testing/shared';
import {
  FAMILIES,
  FAMILY_NAMES,
  familyDescriptor,
  isFamilyName,
  modelDimsOf,
  modelFamilyOf,
  parameterCount,
  parameterCountOfDims,
  parameterSpecsOf,
  parseModelConfig,
  typeVocabSizeOf,
} from './registry';

const goldenFolder = (name: string) => `tiny-${name}`;

describe('the family registry', () => {
  it('names each family once, and the experiment schema offers exactly those', () => {
    expect(new Set(FAMILY_NAMES).size).toBe(FAMILIES.length);
    expect(new Set(FAMILIES.map((f) => f.hf.modelType)).size).toBe(FAMILIES.length);
    expect(new Set(FAMILIES.map((f) => f.hf.classPrefix)).size).toBe(FAMILIES.length);
    expect([...MODEL_ARCHITECTURES]).toEqual(FAMILY_NAMES);
    expect(Object.keys(ARCHITECTURE_FIELDS)).toEqual(FAMILY_NAMES);
    expect(isFamilyName('bert')).toBe(true);
    expect(isFamilyName('roberta')).toBe(false);
    expect(familyDescriptor('roberta')).toBeUndefined();
  });

  it('refuses an unknown model_type or architecture, naming every family', () => {
    expect(() => modelFamilyOf({ model_type: 'xlm-roberta' }, 'x/config.json')).toThrow(/^x\/config\.json: field 'model_type': "xlm-roberta" is not supported/);
    expect(() => modelFamilyOf({ architectures: ['RobertaModel'] })).toThrow(/field 'architectures': \["RobertaModel"\] is not a supported architecture/);
    const message = (() => {
      try {
        modelFamilyOf({ model_type: 'x' });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const family of FAMILIES) expect(message).toContain(family.hf.modelType);
  });

  describe.each(FAMILY_NAMES)('%s', (name) => {
    const family = familyDescriptor(name);
    const folder = goldenFolder(name);
    const goldenConfig = () => readSharedJson<Record<string, unknown>>('golden', folder, 'config.json');

    it(`has its golden in fixtures/golden/${folder}: config, weights and PyTorch's logits`, () => {
      for (const file of ['config.json', 'model.safetensors']) expect(existsSync(sharedPath('golden', folder, file)), file).toBe(true);
      const golden = readSharedJson<{ logits: number[]; grad_norms: Record<string, number> }>('golden', folder, 'golden.json');
      expect(golden.logits.length).toBeGreaterThan(0);
      expect(Object.keys(golden.grad_norms).length).toBeGreaterThan(0);
    });

    it("is what config.json's dispatch reads its golden config as, by model_type or by class name", () => {
      const json = goldenConfig();
      expect(json.model_type).toBe(family.hf.modelType);
      expect(modelFamilyOf(json)).toBe(name);
      expect(parseModelConfig(readShared('golden', folder, 'config.json'))).toEqual({ family: name, config: family.readConfig(json) });
      const { model_type: _type, ...withoutType } = json;
      for (const cls of [family.hf.sequenceClassification, `${family.hf.classPrefix}Model`]) {
        expect(modelFamilyOf({ ...withoutType, architectures: [cls] }), cls).toBe(name);
      }
      expect(family.hf.sequenceClassification).toMatch(new RegExp(`^${family.hf.classPrefix}For`));
    });

    it('reads back what its writer writes, with the golden class name and model type', () => {
      const json = goldenConfig();
      const config = family.readConfig(json);
      const written = family.writeConfig(config);
      expect(family.readConfig(JSON.parse(JSON.stringify(written)))).toEqual(config);
      expect(family.readConfig(JSON.stringify(written))).toEqual(config);
      expect(written.model_type).toBe(family.hf.modelType);
      expect(written.architectures).toEqual([family.hf.sequenceClassification]);
      if (json.architectures) expect(written.architectures).toEqual(json.architectures);
      expect('auto_map' in written).toBe(family.hf.remoteCode);
    });

    it("declares exactly the golden checkpoint's parameters (names, shapes), and counts them as the memory estimate does", () => {
      const model = parseModelConfig(goldenConfig());
      const specs = parameterSpecsOf(model);
      const checkpoint = parseSafetensors(readSharedBytes('golden', folder, 'model.safetensors'));
      expect(Object.fromEntries(specs.map((s) => [s.name, s.shape]))).toEqual(Object.fromEntries(checkpoint.entries.map((e) => [e.name, e.shape])));
      const count = parameterCount(specs);
      expect(parameterCountOf(modelShapeOfConfig(model))).toBe(count);
      expect(parameterCountOfDims(name, modelDimsOf(model))).toBe(count);
    });

    it('has the same parameters in every layer after the first, so the count extrapolates from two layers', () => {
      const dims = modelDimsOf(parseModelConfig(goldenConfig()));
      for (const numLayers of [1, 2, 3, 4, 7]) {
        expect(parameterCountOfDims(name, { ...dims, numLayers }), `${numLayers} layers`).toBe(parameterCount(family.parameterSpecs({ ...dims, numLayers })));
      }
    });

    it("a random-init spec's shape is the shape of the config it stands for (token types, HF defaults)", () => {
      const minimal = {
        model_type: family.hf.modelType,
        vocab_size: 100,
        hidden_size: 16,
        num_hidden_layers: 2,
        num_attention_heads: 2,
        intermediate_size: 24,
        pad_token_id: 0,
      };
      const model = parseModelConfig(minimal);
      expect(typeVocabSizeOf(model)).toBe(family.defaultTypeVocabSize ?? 0);
      const spec = {
        kind: 'random',
        architecture: name,
        layers: 2,
        hidden: 16,
        heads: 2,
        intermediate: 24,
        vocabSize: 100,
        maxPositions: model.config.maxPositions,
      } as const;
      expect(modelShapeOf(spec)).toEqual(modelShapeOfConfig(model));
    });

    it('names only random-init spec fields the experiment schema has', () => {
      const random = modelSchema.options.find((o) => 'architecture' in o.shape)!;
      for (const { field } of family.randomSpecFields) expect(Object.keys(random.shape), field).toContain(field);
    });
  });
});
