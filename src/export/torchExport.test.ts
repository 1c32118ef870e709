/**
 * The exported PyTorch project without a GPU: the Hub presets (MiniLM, GTE, ModernBERT) give projects that compile
 * (`python3 -m py_compile`) and whose README commands are accepted as written by train.py / evaluate.py; the
 * Python side's seeds, dropout masks and batch hash equal the lab's (random.ts, hash.ts) number for number.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandSweep } from '../core/experiment/sweep';
import { familySeedStudyPreset } from '../core/experiment/presets';
import { dropoutMaskOnCpu, dropoutThreshold, pcgHash } from '../model/random';
import { fnv1a64 } from '../train/data/hash';
import { pythonWithTorch, runPython } from '../testing/python';
import { FIXTURES_DIR } from '../testing/shared';
import { familyOf, projectReadme, torchProjectFiles, writeMixedSafetensors } from './torchExport';

const python = pythonWithTorch();

function writeProject(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rerank-lab-torch-project-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** The README's command lines (indented code), with N = 2. */
function readmeCommands(readme: string): string[] {
  return readme
    .split('\n')
    .filter((line) => /^ {4}\S/.test(line))
    .map((line) => line.trim().replace('nproc_per_node=N', 'nproc_per_node=2'));
}

describe('the exported project (no GPU)', () => {
  const studies = expandSweep(familySeedStudyPreset({ triplesUrl: 'https://example.org/triples.tsv.gz' }));

  it('names the exact commands for each Hub preset, and transformers where the family needs it', () => {
    expect(studies.map((s) => familyOf(s.config))).toEqual(['bert', 'gte', 'modernbert']);
    for (const { config } of studies) {
      const files = torchProjectFiles(config, JSON.stringify(config));
      const commands = readmeCommands(files['README.md'] as string);
      expect(commands).toContain('python3 train.py --arm adamw --seed 1');
      expect(commands).toContain('torchrun --nproc_per_node=2 train.py --arm adamw --seed 1');
      expect(commands).toContain('torchrun --nproc_per_node=2 evaluate.py --arm adamw --seed 1');
      expect(commands).toContain('for arm in adamw lion; do for seed in 1 2 3; do');
      expect(commands).toContain('sbatch slurm.sh');
      expect((files['requirements.txt'] as string).split('\n')[1].startsWith('transformers')).toBe(familyOf(config) !== 'bert');
    }
  });

  it('slurm.sh maps each array task to one arm × seed and runs the README commands (stub torchrun and python3)', () => {
    const dir = writeProject(torchProjectFiles(studies[1].config, JSON.stringify(studies[1].config)));
    const stubs = join(dir, 'stubs');
    mkdirSync(stubs);
    for (const tool of ['torchrun', 'python3']) writeFileSync(join(stubs, tool), `#!/bin/sh\necho ${tool} "$@" >> "$LOG"\n`, { mode: 0o755 });
    const log = join(dir, 'log');
    for (const task of [0, 2, 3, 5]) {
      const result = spawnSync('bash', ['slurm.sh'], {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          PATH: `${stubs}:${process.env.PATH}`,
          LOG: log,
          SLURM_ARRAY_TASK_ID: String(task),
          SLURM_GPUS_ON_NODE: '4',
          SLURM_SUBMIT_DIR: dir,
        },
      });
      expect(result.status, result.stderr).toBe(0);
    }
    const expected = [
      ['adamw', 1],
      ['adamw', 3],
      ['lion', 1],
      ['lion', 3],
    ].flatMap(([arm, seed]) => [
      `torchrun --standalone --nproc_per_node=4 train.py --arm ${arm} --seed ${seed}`,
      `python3 evaluate.py --arm ${arm} --seed ${seed}`,
    ]);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(expected);
    expect(readFileSync(join(dir, 'slurm.sh'), 'utf8')).toContain('#SBATCH --array=0-5\n');
  });

  it.skipIf(!python)('compiles, and train.py / evaluate.py accept the README commands (python3 -m py_compile, --check)', () => {
    for (const { config } of studies) {
      const files = torchProjectFiles(config, JSON.stringify(config));
      const dir = writeProject(files);
      runPython(python!, ['-m', 'py_compile', 'train.py', 'evaluate.py', 'labtorch.py', 'labmeasures.py', 'labargs.py'], dir);
      for (const command of readmeCommands(projectReadme(config)).filter((c) => /^(python3|torchrun) .*(train|evaluate)\.py/.test(c))) {
        const args = command.split(' ').filter((w) => !w.startsWith('torchrun') && !w.startsWith('--nproc_per_node') && w !== 'python3');
        runPython(python!, [...args, '--check'], dir);
      }
      expect(() => runPython(python!, ['train.py', '--arm', 'sgd', '--seed', '1', '--check'], dir)).toThrow(/--arm sgd: experiment.json has arms adamw, lion/);
    }
  });

  it.skipIf(!python)("computes the lab's seeds, dropout masks and batch hash (labtorch.py against random.ts and hash.ts)", () => {
    const dir = writeProject(torchProjectFiles(studies[0].config, '{}'));
    const script = [
      'import json, torch, labtorch',
      'xs = [0, 1, 2, 12345, 0x7fffffff, 0xffffffff]',
      'mask = labtorch.lab_dropout_mask((3, 5, 7), 0.1, labtorch.pcg_hash(987654321), 40, "cpu")',
      'print(json.dumps({',
      '  "pcg": [labtorch.pcg_hash(x) for x in xs],',
      '  "pcgTensor": labtorch.pcg_hash(torch.tensor(xs, dtype=torch.int64)).tolist(),',
      '  "seeds": [labtorch.step_dropout_seed(s, t) for s in (1, 2, 42) for t in (1, 2, 1000)],',
      '  "thresholds": [labtorch.dropout_threshold(r) for r in (0.1, 0.5, 1e-9, 0.999999999)],',
      '  "mask": mask.reshape(-1).tolist(),',
      '  "fnv": "%016x" % labtorch.fnv1a64("[\\"triple\\",\\"q\\",\\"p\\",\\"n\\"]\\n".encode(), labtorch.FNV64_OFFSET),',
      '}))',
    ].join('\n');
    const out = JSON.parse(runPython(python!, ['-c', script], dir)) as Record<string, unknown>;
    const xs = [0, 1, 2, 12345, 0x7fffffff, 0xffffffff];
    expect(out.pcg).toEqual(xs.map(pcgHash));
    expect(out.pcgTensor).toEqual(xs.map(pcgHash));
    // armRun.ts dropoutSeedOf, written out: (imul(seed ^ 0x9e3779b9, 0x85ebca6b) + step · 0x27d4eb2f) >>> 0
    const seeds = [1, 2, 42].flatMap((s) => [1, 2, 1000].map((t) => (Math.imul(s ^ 0x9e3779b9, 0x85ebca6b) + t * 0x27d4eb2f) >>> 0));
    expect(out.seeds).toEqual(seeds);
    expect(out.thresholds).toEqual([0.1, 0.5, 1e-9, 0.999999999].map(dropoutThreshold));
    // Elements 40.. of the lab's mask over the whole tensor (a rank whose rows start at flat index 40).
    const lab = dropoutMaskOnCpu(40 + 105, 0.1, pcgHash(987654321)).slice(40);
    expect(out.mask).toEqual(Array.from(lab));
    expect(lab.filter((x) => x === 0).length).toBeGreaterThan(0);
    expect(out.fnv).toBe(fnv1a64(new TextEncoder().encode('["triple","q","p","n"]\n')));
  });

  it.skipIf(!python)("takes PyTorch's optimizer steps bit for bit (make_optimizer against the golden trajectories; lion-pytorch too when installed)", () => {
    const dir = writeProject(torchProjectFiles(studies[0].config, '{}'));
    const script = [
      'import gzip, json, sys, torch, labtorch',
      'def replay(name, impl):',
      '    d = json.load(gzip.open(sys.argv[1] + "/" + name + ".json.gz"))',
      '    h = d["hyper"]',
      '    model = torch.nn.Module()',
      '    for i, (shape, values) in enumerate(zip(d["shapes"], d["param0"])):',
      '        model.register_parameter(f"p{i}", torch.nn.Parameter(torch.tensor(values, dtype=torch.float32).reshape(shape)))',
      '    names = [f"p{i}" for i in range(len(d["shapes"]))]',
      '    plan = {"optimizer": name, "settings": {"beta1": h["beta1"], "beta2": h["beta2"], "eps": h.get("eps", 1e-8)},',
      '            "weightDecay": h["weight_decay"], "lr": h["lr"], "decay": names, "noDecay": []}',
      '    opt, used = labtorch.make_optimizer(plan, model, impl)',
      '    worst = 0.0',
      '    for t, step in enumerate(d["steps"]):',
      '        for g in opt.param_groups: g["lr"] = h["lr"][t]',
      '        for i, n in enumerate(names): getattr(model, n).grad = torch.tensor(step["grads"][i], dtype=torch.float32).reshape(d["shapes"][i])',
      '        opt.step()',
      '        for i, n in enumerate(names):',
      '            want = torch.tensor(step["param"][i], dtype=torch.float32).reshape(d["shapes"][i])',
      '            worst = max(worst, float((getattr(model, n).detach() - want).abs().max()))',
      '    return {"impl": used, "worst": worst, "steps": len(d["steps"])}',
      'try:',
      '    import lion_pytorch',
      '    extra = replay("lion", "lion-pytorch")',
      'except ImportError:',
      '    extra = None',
      'print(json.dumps({"adamw": replay("adamw", "auto"), "lion": replay("lion", "own"), "lionPytorch": extra}))',
    ].join('\n');
    const out = JSON.parse(runPython(python!, ['-c', script, join(FIXTURES_DIR, 'golden/optim')], dir)) as Record<
      string,
      { impl: string; worst: number; steps: number } | null
    >;
    expect(out.adamw).toEqual({ impl: 'torch.optim.AdamW', worst: 0, steps: 12 });
    expect(out.lion).toEqual({ impl: 'labtorch.LabLion', worst: 0, steps: 12 });
    if (out.lionPytorch) expect(out.lionPytorch).toEqual({ impl: 'lion-pytorch', worst: 0, steps: 12 });
  });

  it('ends every multi-process run through labtorch.finish_distributed: a timeout, a final barrier, DDP released before the group (issue 22)', () => {
    const files = torchProjectFiles(studies[0].config, '{}');
    const [train, evaluate, labtorch] = ['train.py', 'evaluate.py', 'labtorch.py'].map((name) => files[name] as string);
    // One teardown for both scripts: neither waits at a barrier or destroys the group by itself.
    for (const script of [train, evaluate]) expect(script).not.toMatch(/dist\.(barrier|destroy_process_group)\(/);
    expect(train).toContain('labtorch.finish_distributed(rank, trained if world > 1 else None)');
    expect(evaluate).toContain('labtorch.finish_distributed(rank)');
    expect(labtorch).toMatch(/dist\.init_process_group\([^)]*, timeout=timeout\)/);
    expect(labtorch).toContain("DIST_TIMEOUT_ENV = 'RERANK_LAB_DIST_TIMEOUT_S'");
    // torch 1.13 deadlocked when DDP's Reducer held the group's last reference: it must be gone before the group is.
    const finish = labtorch.slice(labtorch.indexOf('def finish_distributed'));
    const order = [
      'dist.barrier()',
      'tear_down_distributed(wrapped)\n',
      'def tear_down_distributed',
      'faulthandler.dump_traceback_later(',
      "for name in ('logger', 'reducer')",
      'dist.destroy_process_group()',
    ].map((s) => finish.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it.skipIf(!python)(
    'two gloo ranks: DDP torn down with a collective in flight (the old order deadlocked every time); a rank that never arrives is named, with the phase',
    () => {
      const dir = writeProject({
        ...torchProjectFiles(studies[0].config, '{}'),
        'rank.py': [
          'import json, os, socket, sys, time',
          'import torch, torch.distributed as dist',
          'import labtorch',
          '# Both ranks join at once (torch imported, rank 0 listening), well within the 2 s limit of the "late" case.',
          'case, me = sys.argv[1], int(os.environ["RANK"])',
          'open(f"ready-{case}-{me}", "w").close()',
          'while not os.path.exists(f"ready-{case}-{1 - me}"):',
          '    time.sleep(0.01)',
          'while me == 1:',
          '    try:',
          '        socket.create_connection((os.environ["MASTER_ADDR"], int(os.environ["MASTER_PORT"])), timeout=1).close()',
          '        break',
          '    except OSError:',
          '        time.sleep(0.01)',
          'world, rank, device, _ = labtorch.setup_distributed("cpu")',
          'if case == "late":',
          '    if rank == 0:',
          '        time.sleep(3 * labtorch.dist_timeout_s())  # never reaches the final barrier',
          '        os._exit(0)',
          '    labtorch.finish_distributed(rank)',
          '    raise AssertionError("finish_distributed returned without rank 0")',
          'model = torch.nn.Linear(4, 1)',
          'ddp = torch.nn.parallel.DistributedDataParallel(model)',
          'with labtorch.collective(rank, "step 1"):',
          '    ddp(torch.full((2, 4), rank + 1.0)).sum().backward()',
          'names = [None] * world',
          'with labtorch.collective(rank, "gathering"):',
          '    dist.all_gather_object(names, f"rank {rank}")',
          '# Issue 22 every time: a collective still running when the group goes (rank 0 joins it 1 s late), its tensor',
          '# already let go of by Python, so that the gloo thread needs the GIL to free it while the group is destroyed.',
          'if rank == 0:',
          '    time.sleep(1)',
          'dist.all_reduce(torch.ones(1), async_op=True)',
          'labtorch.tear_down_distributed(ddp)',
          'out = {"names": names, "released": ddp.reducer is None and ddp.logger is None, "grad": model.weight.grad.tolist()}',
          "del ddp  # the group's last reference",
          'print(json.dumps(out))',
        ].join('\n'),
      });
      // Both cases at once, each on its own port; a rank still running after 40 s counts as hung (the teardown's
      // watchdog ends a hung "ddp" rank after 20 s with status 1 and every thread's stack).
      const driver = [
        'import json, os, socket, subprocess, sys, time',
        'def port():',
        '    with socket.socket() as s:',
        '        s.bind(("127.0.0.1", 0))',
        '        return s.getsockname()[1]',
        'procs = {}',
        'for case, timeout in (("ddp", "20"), ("late", "2")):',
        '    env = dict(os.environ, WORLD_SIZE="2", MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port()), OMP_NUM_THREADS="1", RERANK_LAB_DIST_TIMEOUT_S=timeout)',
        '    for rank in (0, 1):',
        '        procs[f"{case}{rank}"] = subprocess.Popen([sys.executable, "rank.py", case], env=dict(env, RANK=str(rank)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)',
        'out = {}',
        'for name, p in procs.items():',
        '    try:',
        '        stdout, stderr = p.communicate(timeout=40)',
        '        out[name] = {"rc": p.returncode, "stdout": stdout, "stderr": stderr}',
        '    except subprocess.TimeoutExpired:',
        '        p.kill()',
        '        out[name] = {"rc": "hung", "stdout": "", "stderr": ""}',
        'print(json.dumps(out))',
      ].join('\n');
      const out = JSON.parse(runPython(python!, ['-c', driver], dir, {}, 55_000)) as Record<string, { rc: number | string; stdout: string; stderr: string }>;
      for (const rank of ['ddp0', 'ddp1']) {
        expect(out[rank].rc, out[rank].stderr).toBe(0);
        // DDP averaged the two ranks' gradients (2·1 and 2·2 per weight), and the Reducer went before the group.
        expect(JSON.parse(out[rank].stdout)).toEqual({ names: ['rank 0', 'rank 1'], released: true, grad: [[3, 3, 3, 3]] });
      }
      expect(out.late1.rc).toBe(1);
      expect(out.late1.stderr).toMatch(/rank 1: the final barrier: no answer from the other ranks within RERANK_LAB_DIST_TIMEOUT_S=2 s \(.*\)\. Another rank/);
      expect(out.late1.stderr).not.toMatch(/Traceback/);
    },
  );

  it('writes int32 and float32 tensors as safetensors (header padded to 8, keys sorted)', () => {
    const bytes = writeMixedSafetensors({ b: { shape: [2], data: Int32Array.of(-1, 7) }, a: { shape: [1], data: Float32Array.of(0.5) } });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.slice(8, 8 + headerLength))) as Record<string, { dtype: string; data_offsets: number[] }>;
    expect(Object.keys(header)).toEqual(['a', 'b']);
    expect(header.b).toMatchObject({ dtype: 'I32', data_offsets: [4, 12] });
    expect(Array.from(new Int32Array(bytes.slice(8 + headerLength + 4).buffer))).toEqual([-1, 7]);
  });
});
