import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gpuForTests } from '../testing/gpu';
import { readSharedJson, sharedPath } from '../testing/shared';
import { parseScoreArgs, runScore } from './scoreCommand';

const available = await gpuForTests();

describe.skipIf(!available)('npm run score on WebGPU', () => {
  const dir = mkdtempSync(join(tmpdir(), 'score-'));
  const model = sharedPath('golden/tiny-bert');

  it.each(['tiny-bert', 'tiny-gte', 'tiny-modernbert'])("--input %s/golden.json writes PyTorch's logits", async (name) => {
    const folder = sharedPath('golden', name);
    const out = join(dir, `${name}.json`);
    await runScore(parseScoreArgs(['--model', folder, '--input', join(folder, 'golden.json'), '--out', out, '--batch-size', '4']));
    const { logits } = JSON.parse(readFileSync(out, 'utf8')) as { logits: number[] };
    const expected = readSharedJson<{ logits: number[] }>('golden', name, 'golden.json').logits;
    expect(logits).toHaveLength(6);
    logits.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-4));
  });

  it('--pairs writes a TREC run whose scores do not depend on batching or padding', async () => {
    const pairs = join(dir, 'pairs.tsv');
    writeFileSync(
      pairs,
      'q1\td1\twhat is the capital of france\tparis is the capital and largest city of france\nq1\td2\twhat is the capital of france\tbananas are yellow\nq2\td7\thow tall is everest\teverest is 8849 metres high\n',
    );
    const vocab = sharedPath('data/bert/bert-base-uncased-vocab.txt');
    const scoresOf = async (batchSize: string) => {
      const out = join(dir, `run${batchSize}.trec`);
      await runScore(parseScoreArgs(['--model', model, '--pairs', pairs, '--tokenizer', vocab, '--max-length', '64', '--batch-size', batchSize, '--out', out]));
      const lines = readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(' '));
      expect(lines.map((l) => l.slice(0, 4).concat(l[5]))).toContainEqual(['q2', 'Q0', 'd7', '1', 'rerank-lab']);
      expect(lines).toHaveLength(3);
      return new Map(lines.map((l) => [`${l[0]}/${l[2]}`, Number(l[4])]));
    };
    const together = await scoresOf('3');
    const alone = await scoresOf('1');
    for (const [key, score] of together) expect(Math.abs(score - alone.get(key)!)).toBeLessThan(1e-5);
  });
});
