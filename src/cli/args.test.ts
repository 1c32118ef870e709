import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flagName, parseCommandLine, UsageError, type OptionSpecs } from './args';

const USAGE = 'usage: demo [--shape NAME] [--batch N] [--scale F] [--baseline] FILE';
const options = {
  shape: { type: 'string' },
  batch: { type: 'string' },
  scale: { type: 'string' },
  level: { type: 'string' },
  baseline: { type: 'boolean' },
  tag: { type: 'string', multiple: true },
} as const satisfies OptionSpecs;
const parse = (argv: string[], positionals: number | [number, number] = [0, 1]) => parseCommandLine(argv, { usage: USAGE, options, positionals });

/** The UsageError `run` throws. */
function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('no error thrown');
}

describe('parseCommandLine (node:util parseArgs, strict, for every CLI)', () => {
  it('reads --name value and --name=value alike, booleans, repeated options and positionals', () => {
    const spaced = parse(['--shape', 'minilm-l6', '--batch', '4', '--baseline', '--tag', 'a', '--tag=b', 'file.txt']);
    const joined = parse(['--shape=minilm-l6', '--batch=4', '--baseline', '--tag=a', '--tag', 'b', 'file.txt']);
    expect(spaced.values).toEqual({ shape: 'minilm-l6', batch: '4', baseline: true, tag: ['a', 'b'] });
    expect(joined.values).toEqual(spaced.values);
    expect(joined.positionals).toEqual(['file.txt']);
    // A value may hold '=' and may be empty in either form.
    expect(parse(['--shape', 'a=b']).values.shape).toBe('a=b');
    expect(parse(['--shape=a=b']).values.shape).toBe('a=b');
    expect(parse(['--shape=']).values.shape).toBe('');
  });

  it("drops npm's bare -- wherever it is", () => {
    expect(parse(['--', '--shape', 'x', 'f']).values).toEqual({ shape: 'x' });
    expect(parse(['--shape', 'x', '--', 'f', '--']).positionals).toEqual(['f']);
    expect(parse(['--', '--', '--baseline']).values).toEqual({ baseline: true });
  });

  it('names an unknown option, with the known ones', () => {
    const error = usageError(() => parse(['--shape', 'x', '--shap', 'y']));
    expect(error.problem).toBe("Unknown option '--shap' (known: --shape, --batch, --scale, --level, --baseline, --tag, --help)");
    expect(error.message).toBe(`${error.problem}\n${USAGE}`);
    expect(error.help).toBe(false);
    expect(() => parse(['--shap=y'])).toThrow(/^Unknown option '--shap' \(known: --shape,/);
    expect(() => parse(['-x'])).toThrow(/^Unknown option '-x' /);
  });

  it('names an option that needs a value and has none', () => {
    expect(() => parse(['f', '--shape'])).toThrow(/^option --shape needs a value\nusage: demo/);
    expect(() => parse(['--shape', '--batch', '4'])).toThrow(/^option --shape needs a value, got the option-like '--batch' \(write --shape=--batch if/);
    expect(() => parse(['--scale', '-1'])).toThrow(/write --scale=-1 if that is the value/);
    expect(parse(['--scale=-1']).values.scale).toBe('-1');
  });

  it('names a flag given a value', () => {
    expect(() => parse(['--baseline=yes'])).toThrow(/^option --baseline takes no value, got 'yes'\nusage/);
  });

  it('names an argument a command without positionals does not take; a wrong count is the usage alone', () => {
    expect(() => parse(['--shape', 'x', 'extra'], 0)).toThrow(/^Unexpected argument 'extra' \(this command takes options only: --shape,/);
    expect(usageError(() => parse(['a', 'b'])).message).toBe(USAGE);
    expect(usageError(() => parse([], 1)).message).toBe(USAGE);
    expect(parse(['a', 'b', 'c'], [2, 3]).positionals).toEqual(['a', 'b', 'c']);
  });

  it('converts numbers, naming the option and the text', () => {
    const command = parse(['--batch', '16', '--scale', '0.25', '--level=-2']);
    expect(command.positiveInteger('batch', 8)).toBe(16);
    expect(command.positiveNumber('scale', 1)).toBe(0.25);
    expect(command.integer('level', 1)).toBe(-2);
    // Absent: the fallback, or undefined without one.
    expect(parse([]).positiveInteger('batch', 8)).toBe(8);
    expect(parse([]).positiveInteger('batch')).toBeUndefined();
    expect(parse([]).positiveNumber('scale')).toBeUndefined();
    for (const bad of ['x', '0', '-3', '1.5', '', ' 4', '4x', '1e3']) {
      expect(() => parse([`--batch=${bad}`]).positiveInteger('batch', 8)).toThrow(`option --batch needs a positive integer, got '${bad}'\n${USAGE}`);
    }
    for (const bad of ['x', '0', '-1', '', 'Infinity', '1e999', '0x10']) {
      expect(() => parse([`--scale=${bad}`]).positiveNumber('scale', 1)).toThrow(`option --scale needs a positive number, got '${bad}'`);
    }
    expect(parse(['--scale=1e-3']).positiveNumber('scale', 1)).toBe(0.001);
    expect(() => parse(['--level=two']).integer('level', 1)).toThrow("option --level needs an integer, got 'two'");
  });

  it('takes one of a set of words, naming them', () => {
    const shapes = ['tiny', 'minilm-l6'] as const;
    expect(parse(['--shape', 'tiny']).oneOf('shape', shapes, 'minilm-l6')).toBe('tiny');
    expect(parse([]).oneOf('shape', shapes, 'minilm-l6')).toBe('minilm-l6');
    expect(parse([]).oneOf('shape', shapes)).toBeUndefined();
    expect(() => parse(['--shape=huge']).oneOf('shape', shapes)).toThrow(/^option --shape needs one of tiny, minilm-l6, got 'huge'\nusage/);
  });

  it('requires an option, given and not empty', () => {
    expect(parse(['--shape', 'x']).required('shape')).toBe('x');
    expect(() => parse([]).required('shape')).toThrow(/^option --shape is required\nusage/);
    expect(() => parse(['--shape=']).required('shape')).toThrow(/^option --shape needs a value\nusage/);
    expect(() => parse([]).fail('--a and --b go together')).toThrow(`--a and --b go together\n${USAGE}`);
  });

  it('answers --help and -h with the usage', () => {
    for (const argv of [['--help'], ['-h'], ['--', '--shape', 'x', '--help']]) {
      const error = usageError(() => parse(argv));
      expect(error.help).toBe(true);
      expect(error.message).toBe(USAGE);
    }
    // Not when the command has an option -h of its own.
    const own = parseCommandLine(['-h', '3'], { usage: USAGE, options: { height: { type: 'string', short: 'h' } } });
    expect(own.values).toEqual({ height: '3' });
  });

  it('reads short options as trec_eval writes them: grouped, values attached or apart, messages in the short form', () => {
    const short = {
      q: { type: 'boolean', short: 'q' },
      c: { type: 'boolean', short: 'c' },
      l: { type: 'string', short: 'l' },
      m: { type: 'string', short: 'm', multiple: true },
    } as const;
    const command = parseCommandLine(['-qc', '-l2', '-mP.5', '-m', 'map', 'a', 'b'], { usage: USAGE, options: short, positionals: 2 });
    expect(command.values).toEqual({ q: true, c: true, l: '2', m: ['P.5', 'map'] });
    expect(command.integer('l', 1)).toBe(2);
    expect(flagName('l', short.l)).toBe('-l');
    expect(() => parseCommandLine(['-qx', 'a', 'b'], { usage: USAGE, options: short, positionals: 2 })).toThrow(
      /^Unknown option '-x' \(known: -q, -c, -l, -m, --help\)/,
    );
    expect(() => parseCommandLine(['a', 'b', '-l'], { usage: USAGE, options: short, positionals: 2 })).toThrow(/^option -l needs a value\n/);
    expect(() => parseCommandLine(['-l', '-1', 'a', 'b'], { usage: USAGE, options: short, positionals: 2 })).toThrow(/write -l-1 if that is the value/);
  });

  it('--name value and --name=value parse alike for any option name and value of safe characters', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).filter((n) => n !== 'help');
    const value = fc.stringMatching(/^([A-Za-z0-9._/:,+=@%~][A-Za-z0-9._/:,+=@%~-]{0,20})?$/);
    fc.assert(
      fc.property(name, value, fc.boolean(), (n, v, dashes) => {
        const spec = { usage: USAGE, options: { [n]: { type: 'string' }, flag: { type: 'boolean' } } as OptionSpecs, positionals: [0, 1] as const };
        const lead = dashes ? ['--'] : [];
        const apart = parseCommandLine([...lead, `--${n}`, v, '--flag'], spec);
        const joined = parseCommandLine([`--${n}=${v}`, ...lead, '--flag'], spec);
        expect(apart.values).toEqual(joined.values);
        expect(apart.values[n]).toBe(v);
        expect(apart.positionals).toEqual(joined.positionals);
      }),
    );
  });
});
