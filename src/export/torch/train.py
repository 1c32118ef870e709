"""Trains one arm × seed of the exported Rerank Lab experiment with PyTorch, on one process or with DDP.

  torchrun --nproc_per_node=N train.py --arm NAME --seed S     (or: python3 -m torch.distributed.run ...)
  python3 train.py --arm NAME --seed S                         (one process)

The experiment's global batch is split across the N ranks (rank r takes rows [r·B/N, (r+1)·B/N) of every
batch); NCCL on GPUs, gloo on CPU. Writes runs/NAME.seed-S.train.json (curve, batch hashes, the hash of the initial
weights, precision, hardware) and runs/NAME.seed-S.model.safetensors (the trained weights, Hugging Face names), which
evaluate.py reads.
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # the project's own modules, however the script is launched
from labargs import check_arm_seed  # noqa: E402 (torch-free)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--arm', required=True, help='arm name (experiment.json "arms")')
    p.add_argument('--seed', required=True, type=int, help='one of the experiment\'s seeds')
    p.add_argument('--dropout', choices=['lab', 'native'], default='lab', help="lab: the lab's masks, bit for bit (default); native: torch's dropout (faster, other masks)")
    p.add_argument('--model', choices=['auto', 'compact', 'transformers'], default='auto', help='auto: transformers when installed, else the compact BERT')
    p.add_argument('--lion', choices=['auto', 'lion-pytorch', 'own'], default='auto', help='Lion implementation (auto: lion-pytorch when installed)')
    p.add_argument('--device', default=None, help='cpu or cuda (default: cuda when available)')
    p.add_argument('--dir', default=HERE, help='the exported project folder')
    p.add_argument('--check', action='store_true', help='check the arguments against experiment.json and exit')
    return p.parse_args()


def main():
    args = parse_args()
    root = args.dir
    experiment = check_arm_seed(root, args.arm, args.seed)
    if args.check:
        return
    import torch
    import torch.distributed as dist

    import labtorch
    plan = labtorch.read_json(os.path.join(root, 'prepared', 'plan.json'))
    arm_plan = next((a for a in plan['arms'] if a['name'] == args.arm), None)
    if arm_plan is None:
        raise SystemExit(f'--arm {args.arm}: prepared/plan.json has arms {", ".join(a["name"] for a in plan["arms"])}')

    world, rank, device, use_cuda = labtorch.setup_distributed(args.device)
    torch.manual_seed(args.seed)  # only native dropout draws from it

    batches = labtorch.BatchPlan(os.path.join(root, 'prepared'), args.seed)
    rows = batches.rows_per_step
    loss_spec = plan['loss']
    group = loss_spec.get('groupSize', 1)
    if rows % world != 0 or (rows // world) % group != 0:
        raise SystemExit(f'the batch of {rows} rows (groups of {group}) cannot be split evenly over {world} processes')
    per_rank = rows // world
    begin, end = rank * per_rank, (rank + 1) * per_rank

    model, model_impl = labtorch.build_model(os.path.join(root, 'prepared'), plan['family'], args.model)
    labtorch.load_weights(model, os.path.join(root, 'prepared', f'init.seed-{args.seed}.safetensors'))
    # The lab's initialWeightsHash of the weights as loaded (src/core/formats/weightsHash.ts), before step 1.
    initial_weights_hash = labtorch.weights_hash(labtorch.named_parameters_hf(model)) if rank == 0 else None
    model.to(device)
    optimizer, optimizer_impl = labtorch.make_optimizer(arm_plan, model, args.lion)
    trained = model
    if world > 1:
        # transformers models may hold parameters a cross-encoder's forward never uses; the compact BERT uses all.
        with labtorch.collective(rank, 'setting up DistributedDataParallel'):
            trained = torch.nn.parallel.DistributedDataParallel(
                model, device_ids=[device.index] if use_cuda else None, broadcast_buffers=False, find_unused_parameters=model_impl == 'transformers'
            )
    model.train()

    params = [p for _, p in labtorch.named_parameters_hf(model)]
    clip = arm_plan['clipNorm']
    total_steps = len(arm_plan['lr'])
    if batches.steps < total_steps:
        raise SystemExit(f'prepared/batches.seed-{args.seed}: {batches.steps} batches for {total_steps} steps')

    curve, hashes = [], []
    previous = None
    stop = {'reason': 'completed', 'step': total_steps}
    for step in range(total_steps):
        previous = batches.batch_hash(previous, step)
        if previous != batches.expected_hashes[step]:
            raise SystemExit(f'step {step + 1}: the batch hash {previous} differs from the lab\'s {batches.expected_hashes[step]}: prepared/ is damaged')
        ids, types, mask, labels = (t.to(device) for t in batches.rows(step, begin, end))
        lr = arm_plan['lr'][step]
        for g in optimizer.param_groups:
            g['lr'] = lr
        started = time.perf_counter()
        drop = labtorch.DropoutPlan(args.dropout, labtorch.step_dropout_seed(args.seed, step + 1), begin)
        optimizer.zero_grad(set_to_none=True)
        with labtorch.collective(rank, f'step {step + 1} of {total_steps}'):
            logits = trained(ids, types, mask, drop)
            loss = labtorch.compute_loss(logits, labels, loss_spec)
            loss.backward()
            # DDP averaged the gradients over the ranks: every rank holds the gradient of the global batch's mean loss.
            if clip is not None:
                norm = torch.nn.utils.clip_grad_norm_(params, clip)
            else:
                norm = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(p.grad) for p in params if p.grad is not None]))
            optimizer.step()
            global_loss = loss.detach().clone()
            if world > 1:
                dist.all_reduce(global_loss)
                global_loss /= world
        loss_value, norm_value = float(global_loss), float(norm)
        ms = (time.perf_counter() - started) * 1000
        curve.append(
            {
                'step': step + 1,
                'loss': labtorch.finite_or_text(loss_value),
                'lr': lr,
                'gradNorm': labtorch.finite_or_text(norm_value),
                'examplesPerSecond': rows * 1000 / max(ms, 1e-3),
                'ms': ms,
            }
        )
        hashes.append(previous)
        if rank == 0 and (step == 0 or (step + 1) % 10 == 0):
            print(f'{args.arm}.seed-{args.seed} step {step + 1}: loss {loss_value:.6f} lr {lr:.3e} |g| {norm_value:.4f} ({ms:.0f} ms)', flush=True)
        if not (loss_value == loss_value and abs(loss_value) != float('inf')) or not (norm_value == norm_value and abs(norm_value) != float('inf')):
            quantity = 'gradient' if loss_value == loss_value and abs(loss_value) != float('inf') else 'loss'
            stop = {'reason': 'non-finite', 'step': step + 1, 'quantity': quantity}
            break

    if rank == 0:
        out = os.path.join(root, 'runs')
        os.makedirs(out, exist_ok=True)
        tag = f'{args.arm}.seed-{args.seed}'
        names = [labtorch.device_names(device)[0]] * world
        if world > 1:
            gathered = [None] * world
            with labtorch.collective(rank, 'gathering the device names'):
                dist.all_gather_object(gathered, labtorch.device_names(device)[0])
            names = gathered
        labtorch.write_safetensors(os.path.join(out, f'{tag}.model.safetensors'), dict(labtorch.named_parameters_hf(model)))
        labtorch.write_json(
            os.path.join(out, f'{tag}.train.json'),
            {
                'format': 'rerank-lab-torch-run',
                'arm': args.arm,
                'seed': args.seed,
                'runtime': 'pytorch',
                'initialWeightsHash': initial_weights_hash,
                # float32 throughout: no autocast, and TF32 off (setup_distributed).
                'precision': 'float32',
                'hardware': {
                    'worldSize': world,
                    'backend': ('nccl' if use_cuda else 'gloo') if world > 1 else 'none',
                    'devices': names,
                    'torch': torch.__version__,
                    'python': sys.version.split()[0],
                    'dropout': args.dropout,
                    'model': model_impl,
                    'optimizer': optimizer_impl,
                },
                'stop': stop,
                'curve': curve,
                'batchHashes': hashes,
            },
        )
        print(f'{tag}: {stop["reason"]} at step {stop["step"]}; wrote {out}/{tag}.train.json', flush=True)
    elif world > 1:
        with labtorch.collective(rank, 'gathering the device names'):
            dist.all_gather_object([None] * world, labtorch.device_names(device)[0])
    # Every rank waits for the others, then lets go of DDP before the process group (see finish_distributed).
    labtorch.finish_distributed(rank, trained if world > 1 else None)


if __name__ == '__main__':
    main()
