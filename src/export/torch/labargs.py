"""
Argument checks shared by train.py and evaluate.py: torch-free, so `--check` answers at once and a typo in --arm or
--seed is named before torch is imported or a process is launched.
"""

import json
import os


def check_arm_seed(root, arm, seed):
    """The arguments against experiment.json, before torch is imported (so --check is instant)."""
    try:
        with open(os.path.join(root, 'experiment.json')) as f:
            experiment = json.load(f)
    except FileNotFoundError:
        raise SystemExit(f'{root}/experiment.json: not found (run from the exported project folder, or pass --dir)')
    arms = [a['name'] for a in experiment['arms']]
    if arm not in arms:
        raise SystemExit(f'--arm {arm}: experiment.json has arms {", ".join(arms)}')
    if seed not in experiment['seeds']:
        raise SystemExit(f'--seed {seed}: experiment.json has seeds {", ".join(map(str, experiment["seeds"]))}')
    return experiment
