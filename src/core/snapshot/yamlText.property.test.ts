/**
 * The hand-written YAML writer (yamlText.ts) against a YAML library: any mapping of strings (any characters, control
 * characters, quotes, YAML indicators and reserved words included), numbers and booleans, nested in mappings and
 * sequences, reads back equal with js-yaml (YAML 1.2); the same documents read back equal with PyYAML (YAML 1.1) where
 * a python3 with the yaml module is installed.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../testing/property';
import { yamlDocument, yamlNumber, type YamlValue } from './yamlText';

const load = (text: string): unknown => (jsYaml as { load(text: string): unknown }).load(text);

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('yes', 'No', 'on', 'null', '~', '- a', 'a: b', '#x', "'q'", '"q"', '', ' lead', 'trail ', '1e-8', '0x1F', '.inf', '\u0085', '\u2028'),
);
const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(1e-8, 2e21, 5e-324, -0.0002));
const keyText = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }),
  fc.constantFrom('research goal', 'schema-version', 'Yes', 'off', 'x:', 'a b '),
);

const { document } = fc.letrec<{ value: YamlValue; document: Record<string, YamlValue> }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, number, fc.boolean(), fc.array(tie('value'), { maxLength: 4 }), tie('document')),
  document: fc.dictionary(keyText, tie('value'), { maxKeys: 4 }) as fc.Arbitrary<Record<string, YamlValue>>,
}));

/** -0 reads back as 0 in YAML 1.1; compare numbers by value. */
const normal = (v: unknown): unknown =>
  Object.is(v, -0)
    ? 0
    : Array.isArray(v)
      ? v.map(normal)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normal(x)]))
        : v;

const pyYaml = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0);

describe('yamlDocument', () => {
  it('writes numbers as YAML 1.1 and 1.2 both read them', () => {
    expect([1e-8, 2e21, 0.0002, 40, -3.5e-7].map(yamlNumber)).toEqual(['1.0e-8', '2.0e+21', '0.0002', '40', '-3.5e-7']);
  });

  it('writes block mappings and sequences, quoting every string', () => {
    expect(yamlDocument({ 'research goal': { baseline: ['adamw.seed-1'], measures: [] }, yes: 1e-8, list: [{ a: 1, b: { c: true } }, [2]] })).toBe(
      [
        'research goal:',
        '  baseline:',
        '    - "adamw.seed-1"',
        '  measures: []',
        '"yes": 1.0e-8',
        'list:',
        '  - a: 1',
        '    b:',
        '      c: true',
        '  -',
        '    - 2',
        '',
      ].join('\n'),
    );
  });

  it('reads back equal with js-yaml (property)', async () => {
    await checkProperty(
      fc.property(document, (doc) => {
        expect(normal(load(yamlDocument(doc)))).toEqual(normal(JSON.parse(JSON.stringify(doc))));
      }),
      300,
    );
  });

  it.skipIf(!pyYaml)('reads back equal with PyYAML (YAML 1.1), 100 random documents at once', () => {
    const docs = fc.sample(document, { numRuns: 100, seed: 25 });
    const script = 'import json, sys, yaml\nfor text in json.load(sys.stdin): print(json.dumps(yaml.safe_load(text)))';
    const result = spawnSync(pyYaml!, ['-c', script], { input: JSON.stringify(docs.map(yamlDocument)), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const back = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(back.map(normal)).toEqual(docs.map((d) => normal(JSON.parse(JSON.stringify(d)))));
  });
});
