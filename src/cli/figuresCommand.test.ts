import { describe, expect, it } from 'vitest';
import { FIGURES_USAGE, parseFiguresArgs } from './figuresCommand';

describe('npm run figures: the command line', () => {
  it('defaults: single column, SVG and PNG at 300 dpi, every measure, mean with a band, no smoothing', () => {
    expect(parseFiguresArgs(['--', 'a.json.gz', 'b.json.gz', '--out', 'figs'])).toEqual({
      snapshots: ['a.json.gz', 'b.json.gz'],
      out: 'figs',
      options: { columns: ['single'], formats: ['svg', 'png'], dpi: 300, seedMode: 'mean', smoothing: 0 },
    });
  });

  it('reads every option', () => {
    const args = parseFiguresArgs([
      's.json',
      '--out=o',
      '--width',
      'both',
      '--format',
      'png',
      '--dpi',
      '600',
      '--measure',
      'map',
      '--measure',
      'ndcg_cut_10',
      '--seeds',
      'each',
      '--smoothing',
      '0.6',
    ]);
    expect(args.options).toEqual({
      columns: ['single', 'double'],
      formats: ['png'],
      dpi: 600,
      measures: ['map', 'ndcg_cut_10'],
      seedMode: 'seeds',
      smoothing: 0.6,
    });
  });

  it('says what is wrong, then the usage', () => {
    const problem = (argv: string[]) => {
      try {
        parseFiguresArgs(argv);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(problem(['s.json'])).toBe(`option --out is required\n${FIGURES_USAGE}`);
    expect(problem(['--out', 'o'])).toBe(FIGURES_USAGE);
    expect(problem(['s.json', '--out', 'o', '--width', 'wide'])).toBe(`option --width needs one of single, double, both, got 'wide'\n${FIGURES_USAGE}`);
    expect(problem(['s.json', '--out', 'o', '--smoothing', '1'])).toBe(`option --smoothing needs a number in [0, 1), got '1'\n${FIGURES_USAGE}`);
    expect(problem(['s.json', '--out', 'o', '--dpi', '0'])).toBe(`option --dpi needs a positive integer, got '0'\n${FIGURES_USAGE}`);
  });
});
