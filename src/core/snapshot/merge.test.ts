/**
 * Merging snapshots (merge.ts): the Demo golden snapshot (fixtures/golden/demo-snapshot, 2 arms × 2 seeds, made by
 * `npm run experiment`) cut into the pieces two or three machines would have made merges back into the Demo — the same
 * config, config hash, runs and recomputed summary — with each run's origin recorded; and every refusal names its file,
 * run and field.
 */
import { describe, expect, it } from 'vitest';
import { readSharedBytes } from '../../testing/shared';
import { fixtureConfig, fixtureEvaluation, fixtureRun, fixtureSnapshot, fixtureSweepMemberConfig, fixtureSweepSnapshot } from '../../testing/snapshots';
import { pieceOf, withoutProvenance } from '../../testing/mergeParts';
import { configHash } from '../experiment/hash';
import { validateExperiment } from '../experiment/validate';
import { importSnapshot } from './io';
import { mergeSnapshots, MergeRefusal, type MergeInput } from './merge';
import type { RunRecord, Snapshot, SweepSnapshot } from './schema';
import { summarizeSnapshot } from './summary';

const OPTIONS = { app: { version: '0.1.0', commit: 'merge-test' }, createdAt: new Date('2026-02-01T00:00:00Z') };
const demo = await importSnapshot(readSharedBytes('golden/demo-snapshot/snapshot.json.gz'), 'demo.json.gz');
const HASH = (c: string) => c.repeat(64);

async function merged(inputs: MergeInput[]): Promise<{ snapshot: Snapshot; warnings: string[] }> {
  const result = await mergeSnapshots(inputs, OPTIONS);
  return { snapshot: result.snapshot as Snapshot, warnings: result.warnings };
}

async function refusal(inputs: MergeInput[]): Promise<MergeRefusal> {
  const error = await mergeSnapshots(inputs, OPTIONS).catch((e: unknown) => e);
  if (!(error instanceof MergeRefusal)) throw new Error(`expected a MergeRefusal, got ${String(error)}`);
  return error;
}

const withRuns = (snapshot: Snapshot, change: (run: RunRecord) => RunRecord): Snapshot => ({ ...snapshot, runs: snapshot.runs.map(change) });

describe('merging the Demo cut into pieces', () => {
  it('seed 1 on one machine, seed 2 on another: the Demo again, with the same summary, each run saying where it came from', async () => {
    const one = await pieceOf(demo, (r) => r.seed === 1);
    const two = await pieceOf(demo, (r) => r.seed === 2);
    expect(one.config.seeds).toEqual([1]);
    expect(one.configHash).not.toBe(demo.configHash);
    const { snapshot, warnings } = await merged([
      { file: 'seed-2.json.gz', snapshot: two },
      { file: 'seed-1.json.gz', snapshot: one },
    ]);
    expect(warnings).toEqual([]);
    expect(snapshot.configHash).toBe(demo.configHash);
    expect(withoutProvenance(snapshot)).toEqual(withoutProvenance(demo));
    expect(summarizeSnapshot(snapshot)).toEqual(summarizeSnapshot(demo));
    expect(snapshot.runs.map((r) => [r.runId, r.origin?.file])).toEqual([
      ['demo/adamw/seed-1', 'seed-1.json.gz'],
      ['demo/lion/seed-1', 'seed-1.json.gz'],
      ['demo/adamw/seed-2', 'seed-2.json.gz'],
      ['demo/lion/seed-2', 'seed-2.json.gz'],
    ]);
    expect(snapshot.runs[0].origin).toEqual({
      file: 'seed-1.json.gz',
      runtime: 'node',
      adapter: 'mesa · software · llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1',
      kernels: 'tfjs',
    });
    expect(snapshot.merge).toEqual({
      app: OPTIONS.app,
      sources: [
        { file: 'seed-1.json.gz', createdAt: demo.createdAt, configHash: one.configHash, environment: demo.environment },
        { file: 'seed-2.json.gz', createdAt: demo.createdAt, configHash: two.configHash, environment: demo.environment },
      ],
    });
    expect(snapshot.environment).toEqual(demo.environment);
    expect(snapshot.createdAt).toBe('2026-02-01T00:00:00.000Z');
  });

  it('one arm per machine: the batches of each seed are checked across the machines; unrecorded initial weights are a warning', async () => {
    const { snapshot, warnings } = await merged([
      { file: 'lion.json.gz', snapshot: await pieceOf(demo, (r) => r.arm === 'lion') },
      { file: 'adamw.json.gz', snapshot: await pieceOf(demo, (r) => r.arm === 'adamw') },
    ]);
    expect(summarizeSnapshot(snapshot)).toEqual(summarizeSnapshot(demo));
    expect(warnings).toEqual([
      'lion.json.gz: compared every arm with lion; the merged study compares with adamw',
      "seed 1: the initial weights of demo/adamw/seed-1, demo/lion/seed-1 cannot be checked against the other inputs' (made before runs recorded initialWeightsHash)",
      "seed 2: the initial weights of demo/adamw/seed-2, demo/lion/seed-2 cannot be checked against the other inputs' (made before runs recorded initialWeightsHash)",
    ]);
  });

  it('a merged snapshot merges again: (A + B) + C is A + B + C, origins and sources kept', async () => {
    const a = await pieceOf(demo, (r) => r.seed === 1 && r.arm === 'adamw');
    const b = await pieceOf(demo, (r) => r.seed === 1 && r.arm === 'lion');
    const c = await pieceOf(demo, (r) => r.seed === 2);
    const ab = (
      await merged([
        { file: 'a.json.gz', snapshot: a },
        { file: 'b.json.gz', snapshot: b },
      ])
    ).snapshot;
    const twice = await merged([
      { file: 'ab.json.gz', snapshot: ab },
      { file: 'c.json.gz', snapshot: c },
    ]);
    const once = await merged([
      { file: 'c.json.gz', snapshot: c },
      { file: 'b.json.gz', snapshot: b },
      { file: 'a.json.gz', snapshot: a },
    ]);
    expect(twice.snapshot).toEqual(once.snapshot);
    expect(once.snapshot.merge!.sources.map((s) => s.file)).toEqual(['a.json.gz', 'b.json.gz', 'c.json.gz']);
    expect(withoutProvenance(once.snapshot)).toEqual(withoutProvenance(demo));
  });

  it('takes a run that two inputs both hold when the records are identical', async () => {
    const { snapshot } = await merged([
      { file: 'all.json.gz', snapshot: demo },
      { file: 'seed-1.json.gz', snapshot: await pieceOf(demo, (r) => r.seed === 1) },
    ]);
    expect(withoutProvenance(snapshot)).toEqual(withoutProvenance(demo));
    expect(snapshot.runs.every((r) => r.origin?.file === 'all.json.gz')).toBe(true);
  });
});

describe('refusals name the file, the run and the field', () => {
  const halves = async () => [await pieceOf(demo, (r) => r.seed === 1), await pieceOf(demo, (r) => r.seed === 2)] as const;

  it('a config that differs in anything but seeds and arms', async () => {
    const [one, two] = await halves();
    const config = validateExperiment({ ...two.config, steps: 41 }, 'edited');
    const error = await refusal([
      { file: 'a.json.gz', snapshot: one },
      { file: 'b.json.gz', snapshot: { ...two, config, configHash: await configHash(config) } },
    ]);
    expect([error.file, error.field]).toEqual(['b.json.gz', 'config.steps']);
    expect(error.message).toBe('b.json.gz: config.steps: 41 here, 40 in a.json.gz: only the seeds and the arms may differ between snapshots of one experiment');
  });

  it('an arm of one name with other settings', async () => {
    const [one, two] = await halves();
    const config = validateExperiment({ ...two.config, arms: [two.config.arms[0], { ...two.config.arms[1], lr: 3e-4 }] }, 'edited');
    const error = await refusal([
      { file: 'a.json.gz', snapshot: one },
      { file: 'b.json.gz', snapshot: { ...two, config, configHash: await configHash(config) } },
    ]);
    expect([error.file, error.field]).toEqual(['b.json.gz', 'config.arms[1].lr']);
    expect(error.message).toContain('(arm lion): 0.0003 here, 0.0002 in a.json.gz');
  });

  it('runs of one seed with different batches', async () => {
    const adamw = await pieceOf(demo, (r) => r.arm === 'adamw');
    const lion = withRuns(await pieceOf(demo, (r) => r.arm === 'lion'), (r) =>
      r.seed === 2 ? { ...r, batchHashes: r.batchHashes.map((h, i) => (i === 7 ? '0123456789abcdef' : h)) } : r,
    );
    const error = await refusal([
      { file: 'adamw.json.gz', snapshot: adamw },
      { file: 'lion.json.gz', snapshot: lion },
    ]);
    expect([error.file, error.run, error.field]).toEqual(['lion.json.gz', 'demo/lion/seed-2', 'batchHashes[7]']);
    expect(error.message).toBe(
      `lion.json.gz: run demo/lion/seed-2: batchHashes[7] is 0123456789abcdef, but adamw.json.gz's run demo/adamw/seed-2 has ${demo.runs[2].batchHashes[7]} at step 8: the same seed sees the same batches on every arm and machine`,
    );
  });

  it('runs of one seed that started from different weights; other seeds may differ', async () => {
    const stamp = (snapshot: Snapshot, hashes: Record<number, string>) => withRuns(snapshot, (r) => ({ ...r, initialWeightsHash: hashes[r.seed] }));
    const adamw = stamp(await pieceOf(demo, (r) => r.arm === 'adamw'), { 1: HASH('a'), 2: HASH('b') });
    const fine = await merged([
      { file: 'adamw.json.gz', snapshot: adamw },
      { file: 'lion.json.gz', snapshot: stamp(await pieceOf(demo, (r) => r.arm === 'lion'), { 1: HASH('a'), 2: HASH('b') }) },
    ]);
    expect(fine.snapshot.runs.map((r) => r.initialWeightsHash)).toEqual([HASH('a'), HASH('a'), HASH('b'), HASH('b')]);
    expect(fine.warnings.some((w) => w.includes('initial weights'))).toBe(false);
    const error = await refusal([
      { file: 'adamw.json.gz', snapshot: adamw },
      { file: 'lion.json.gz', snapshot: stamp(await pieceOf(demo, (r) => r.arm === 'lion'), { 1: HASH('a'), 2: HASH('c') }) },
    ]);
    expect([error.file, error.run, error.field]).toEqual(['lion.json.gz', 'demo/lion/seed-2', 'initialWeightsHash']);
    expect(error.message).toBe(
      "lion.json.gz: run demo/lion/seed-2: initialWeightsHash cccccccccccc…, but adamw.json.gz's run demo/adamw/seed-2 started from bbbbbbbbbbbb…: every run of seed 2 starts from the same weights",
    );
  });

  it('a model spec with a fixed init seed: every run starts from the same weights, whatever its seed', async () => {
    const config = fixtureConfig({ model: { ...fixtureConfig().model, seed: 9 } });
    const run = (arm: string, seed: number, hash: string) => ({ ...fixtureRun(config, arm, seed, []), initialWeightsHash: hash });
    const error = await refusal([
      { file: 'a.json.gz', snapshot: await fixtureSnapshot(config, [run('adamw', 1, HASH('d'))]) },
      { file: 'b.json.gz', snapshot: await fixtureSnapshot(config, [run('adamw', 2, HASH('e'))]) },
    ]);
    expect([error.run, error.field]).toEqual(['fixture/adamw/seed-2', 'initialWeightsHash']);
    expect(error.message).toContain('the model spec fixes one init seed, so every run starts from the same weights');
  });

  it('mixed precisions', async () => {
    const [one, two] = await halves();
    const error = await refusal([
      { file: 'a.json.gz', snapshot: one },
      { file: 'b.json.gz', snapshot: withRuns(two, (r) => (r.arm === 'lion' ? { ...r, precision: 'bfloat16' } : r)) },
    ]);
    expect([error.file, error.run, error.field]).toEqual(['b.json.gz', 'demo/lion/seed-2', 'precision']);
    expect(error.message).toBe(
      "b.json.gz: run demo/lion/seed-2: precision bfloat16, but a.json.gz's run demo/adamw/seed-1 trained in float32: precisions are not mixed in one study",
    );
  });

  it('one arm × seed in two inputs with different records', async () => {
    const [one] = await halves();
    const rerun = withRuns(one, (r) => (r.arm === 'lion' ? { ...r, curve: r.curve.map((p, i) => (i === 2 ? { ...p, ms: p.ms + 1 } : p)) } : r));
    const error = await refusal([
      { file: 'a.json.gz', snapshot: one },
      { file: 'b.json.gz', snapshot: rerun },
    ]);
    expect([error.file, error.run, error.field]).toEqual(['b.json.gz', 'demo/lion/seed-1', 'runs.demo/lion/seed-1.curve[2].ms']);
    expect(error.message).toMatch(
      /^b\.json\.gz: run demo\/lion\/seed-1 is also in a\.json\.gz, with other results \(curve\[2\]\.ms: [\d.]+ here, [\d.]+ there\)/,
    );
  });

  it('seeds listed in orders that contradict each other', async () => {
    const config = fixtureConfig({ seeds: [1, 2] });
    const swapped = fixtureConfig({ seeds: [2, 1] });
    const error = await refusal([
      { file: 'a.json.gz', snapshot: await fixtureSnapshot(config, [fixtureRun(config, 'adamw', 1, [])]) },
      { file: 'b.json.gz', snapshot: await fixtureSnapshot(swapped, [fixtureRun(swapped, 'adamw', 2, [])]) },
    ]);
    expect([error.file, error.field]).toEqual(['b.json.gz', 'config.seeds']);
    expect(error.message).toBe('b.json.gz: config.seeds: 2 before 1 here, 1 before 2 in a.json.gz: one experiment lists them in one order');
  });

  it('two different baseline arms', async () => {
    const a = fixtureConfig({ baselineArm: 'lion', seeds: [1] });
    const b = fixtureConfig({ seeds: [2], arms: [{ optimizer: 'adamw' }, { optimizer: 'lion' }, { optimizer: 'sgd' }], baselineArm: 'sgd' });
    const error = await refusal([
      { file: 'a.json.gz', snapshot: await fixtureSnapshot(a, []) },
      { file: 'b.json.gz', snapshot: await fixtureSnapshot(b, []) },
    ]);
    expect([error.file, error.field]).toEqual(['b.json.gz', 'config.baselineArm']);
  });

  it("a tuning study's snapshot, a sweep with a single experiment, two inputs of one name, fewer than two", async () => {
    const [one, two] = await halves();
    const tuning = { ...two, tuning: { study: {}, runs: [] } };
    expect(
      (
        await refusal([
          { file: 'a.json.gz', snapshot: one },
          { file: 'b.json.gz', snapshot: tuning },
        ])
      ).field,
    ).toBe('tuning');
    const sweep = fixtureSweepSnapshot('sw', 1, [await fixtureSnapshot(fixtureSweepMemberConfig('sw', 8), [])]);
    const mixed = await refusal([
      { file: 'a.json.gz', snapshot: one },
      { file: 'b.json.gz', snapshot: sweep },
    ]);
    expect([mixed.file, mixed.field, mixed.message]).toEqual([
      'a.json.gz',
      'kind',
      "a.json.gz: one experiment's snapshot, but b.json.gz is a sweep's: merge sweeps with sweeps",
    ]);
    const same = await refusal([
      { file: 'x.json.gz', snapshot: one },
      { file: 'x.json.gz', snapshot: two },
    ]);
    expect([same.file, same.field]).toEqual(['x.json.gz', 'file']);
    expect((await refusal([{ file: 'x.json.gz', snapshot: one }])).field).toBe('inputs');
  });
});

describe('warnings', () => {
  it('say when kernels or adapters differ, naming the files', async () => {
    const [one, two] = [await pieceOf(demo, (r) => r.seed === 1), await pieceOf(demo, (r) => r.seed === 2)];
    const own = { ...two, environment: { ...two.environment, kernels: 'own' as const, adapter: { ...two.environment.adapter, description: 'NVIDIA H100' } } };
    const { warnings } = await merged([
      { file: 'a.json.gz', snapshot: one },
      { file: 'b.json.gz', snapshot: own },
    ]);
    expect(warnings).toEqual([
      'the runs were computed by different kernels: tfjs (a.json.gz); own (b.json.gz); their numbers compare, their curves are not bit for bit alike',
      'the runs trained on different adapters or runtimes: node: mesa · software · llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1 (a.json.gz); node: mesa · software · NVIDIA H100 (b.json.gz)',
    ]);
  });
});

describe('sweeps', () => {
  async function sweepOf(seeds: number[]): Promise<SweepSnapshot> {
    const members = await Promise.all(
      [8, 16].map(async (h) => {
        const config = validateExperiment({ ...fixtureSweepMemberConfig('sw', h), seeds }, 'member');
        const runs = seeds.flatMap((s) =>
          ['adamw', 'lion'].map((arm) => fixtureRun(config, arm, s, [fixtureEvaluation('dl19', 3, { ndcg_cut_10: { q1: 0.1 * s + h / 100, q2: 0.5 } })])),
        );
        return fixtureSnapshot(config, runs);
      }),
    );
    return fixtureSweepSnapshot('sw', 3, members);
  }

  it('merge experiment by experiment, in the sweep order', async () => {
    const result = await mergeSnapshots(
      [
        { file: 'b.json.gz', snapshot: await sweepOf([2]) },
        { file: 'a.json.gz', snapshot: await sweepOf([1]) },
      ],
      OPTIONS,
    );
    const sweep = result.snapshot as SweepSnapshot;
    const whole = await sweepOf([1, 2]);
    expect(sweep.sweep).toEqual({ name: 'sw', experiments: 3 });
    expect(sweep.members.map(withoutProvenance)).toEqual(whole.members.map(withoutProvenance));
    expect(sweep.members[1].runs.map((r) => r.origin?.file)).toEqual(['a.json.gz', 'a.json.gz', 'b.json.gz', 'b.json.gz']);
  });

  it('refuse sweeps of another name, and name the member at fault', async () => {
    const other = { ...(await sweepOf([2])), sweep: { name: 'other', experiments: 3 } };
    const error = await refusal([
      { file: 'a.json.gz', snapshot: await sweepOf([1]) },
      { file: 'b.json.gz', snapshot: other },
    ]);
    expect([error.file, error.field]).toEqual(['b.json.gz', 'sweep.name']);
    const b = await sweepOf([2]);
    const edited = validateExperiment({ ...b.members[1].config, steps: 4 }, 'edited');
    b.members[1] = { ...b.members[1], config: edited, configHash: await configHash(edited) };
    const member = await refusal([
      { file: 'a.json.gz', snapshot: await sweepOf([1]) },
      { file: 'b.json.gz', snapshot: b },
    ]);
    expect(member.message).toBe(
      'b.json.gz: members[1] (sw/L1-H16): config.steps: 4 here, 3 in a.json.gz: members[1] (sw/L1-H16): only the seeds and the arms may differ between snapshots of one experiment',
    );
  });
});
