/** The config.json writers: what they write reads back to the same config, with the goldens' class names and remote code map. */
import { describe, expect, it } from 'vitest';
import { readSharedJson } from '../../testing/shared';
import { bertConfigToHfJson, gteConfigToHfJson, modernBertConfigToHfJson, parseBertConfig, parseGteConfig, parseModernBertConfig } from './hfConfig';

describe('config.json writers', () => {
  it.each([
    ['tiny-bert', parseBertConfig, bertConfigToHfJson],
    ['tiny-gte', parseGteConfig, gteConfigToHfJson],
    ['tiny-modernbert', parseModernBertConfig, modernBertConfigToHfJson],
  ] as const)('%s: parse(write(config)) is the config, and the HF fields match the golden', (name, parse, write) => {
    const golden = readSharedJson<Record<string, unknown>>('golden', name, 'config.json');
    const config = (parse as (j: unknown) => object)(golden);
    const written = (write as (c: object) => Record<string, unknown>)(config);
    expect((parse as (j: unknown) => object)(JSON.parse(JSON.stringify(written)))).toEqual(config);
    // Every field transformers reads to build the classifier is written as the golden (made by HF) has it.
    for (const key of ['architectures', 'auto_map', 'model_type', 'num_labels', 'id2label', 'label2id', 'pad_token_id', 'hidden_size', 'num_hidden_layers']) {
      if (key in golden) expect(written[key], key).toEqual(golden[key]);
    }
  });
});
