import { describe, expect, it } from 'vitest';
import { parseExperimentArgs } from './experimentCommand';

describe('npm run experiment arguments (node:util parseArgs)', () => {
  it('reads --config, --out, --quiet, --save-models and --fresh, with or without "=" and npm\'s "--"', () => {
    expect(parseExperimentArgs(['--', '--config', 'study.json', '--out=out', '--save-models'])).toEqual({
      config: 'study.json',
      out: 'out',
      quiet: false,
      saveModels: true,
      fresh: false,
    });
    expect(parseExperimentArgs(['--config=s.json', '--out', 'o', '--quiet', '--fresh'])).toEqual({
      config: 's.json',
      out: 'o',
      quiet: true,
      saveModels: false,
      fresh: true,
    });
  });
});
