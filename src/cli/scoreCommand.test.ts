import { describe, expect, it } from 'vitest';
import { parseScoreArgs } from './scoreCommand';

describe('npm run score arguments', () => {
  it('reads both forms, with defaults', () => {
    expect(parseScoreArgs(['--', '--model', 'm', '--input', 'in.json', '--out', 'o.json'])).toMatchObject({
      model: 'm',
      input: 'in.json',
      out: 'o.json',
      batchSize: 32,
    });
    expect(
      parseScoreArgs([
        '--model=m',
        '--pairs',
        'p.tsv',
        '--tokenizer',
        'vocab.txt',
        '--max-length',
        '128',
        '--run-tag',
        'x',
        '--out',
        'run',
        '--batch-size',
        '8',
      ]),
    ).toMatchObject({
      pairs: 'p.tsv',
      tokenizer: 'vocab.txt',
      maxLength: 128,
      runTag: 'x',
      batchSize: 8,
    });
  });
  it.each([
    [['--model', 'm', '--out', 'o'], /exactly one of --input and --pairs/],
    [['--model', 'm', '--input', 'a', '--pairs', 'b', '--out', 'o'], /exactly one of --input and --pairs/],
    [['--input', 'a', '--out', 'o'], /--model and --out are required/],
    [['--model', 'm', '--input', 'a', '--out', 'o', '--batch-size', '0'], /--batch-size needs a positive integer, got '0'/],
    [['--model', 'm', '--input', 'a', '--out', 'o', '--tokenizer', 't'], /go with --pairs/],
    [['--model', 'm', '--input', 'a', '--out', 'o', '--verbose'], /Unknown option '--verbose'[\s\S]*usage:/],
    [['--model', 'm', '--input', 'a', '--out'], /^option --out needs a value\nusage:/],
    [['--model', 'm', '--input', 'a', '--out', 'o', 'extra'], /Unexpected argument 'extra'/],
  ])('rejects %j', (args, message) => {
    expect(() => parseScoreArgs(args)).toThrow(message);
  });
});
