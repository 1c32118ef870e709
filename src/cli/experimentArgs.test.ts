import { describe, expect, it, vi } from 'vitest';
import { parseExperimentArgs } from './experimentCommand';

describe('npm run experiment arguments (node:util parseArgs)', () => {
  it('reads --config, --out, --quiet, --save-models, --fresh and --run-metadata, with or without "=" and npm\'s "--"', () => {
    expect(parseExperimentArgs(['--', '--config', 'study.json', '--out=out', '--save-models'])).toEqual({
      config: 'study.json',
      out: 'out',
      quiet: false,
      saveModels: true,
      fresh: false,
      runMetadata: 'sidecar',
    });
    expect(parseExperimentArgs(['--config=s.json', '--out', 'o', '--quiet', '--fresh', '--run-metadata', 'header'])).toEqual({
      config: 's.json',
      out: 'o',
      quiet: true,
      saveModels: false,
      fresh: true,
      runMetadata: 'header',
    });
  });

  it('refuses a --run-metadata it does not know (the usage, exit status 2)', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(() => parseExperimentArgs(['--config', 's.json', '--out', 'o', '--run-metadata', 'inline'])).toThrow('exit 2');
      expect(error.mock.calls[0]).toEqual(["experiment: option --run-metadata needs one of sidecar, header, none, got 'inline'"]);
    } finally {
      exit.mockRestore();
      error.mockRestore();
    }
  });
});
