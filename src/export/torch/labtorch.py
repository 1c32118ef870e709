"""Rerank Lab's training protocol in PyTorch: what train.py and evaluate.py share.

Everything here mirrors a piece of the lab (file named in each docstring) so that a run on PyTorch starts from
the same weights, sees the same batches, drops the same elements and takes the same optimizer steps as the
lab's WebGPU run. Only `torch` is needed (plus `transformers` for GTE/ModernBERT, `lion-pytorch` optionally).
"""
import contextlib
import datetime
import faulthandler
import hashlib
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

MASK32 = 0xFFFFFFFF
# The lab's padding mask value (src/model/layers.ts MASK_VALUE): finite, so a fully padded row stays finite.
MASK_VALUE = -1e9

# ----------------------------------------------------------------------------------------------- safetensors

_DTYPES = {'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16, 'I32': torch.int32, 'I64': torch.int64, 'U8': torch.uint8}
_NAMES = {v: k for k, v in _DTYPES.items()}


def read_safetensors(path):
    """name -> tensor of a safetensors file (the format's own rules; no `safetensors` package needed)."""
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f'{path}: not a safetensors file (shorter than its 8-byte header length)')
    (n,) = struct.unpack('<Q', data[:8])
    if 8 + n > len(data):
        raise ValueError(f'{path}: header length {n} exceeds the file size {len(data)}')
    header = json.loads(data[8 : 8 + n].decode('utf-8'))
    body = memoryview(data)[8 + n :]
    out = {}
    for name, entry in header.items():
        if name == '__metadata__':
            continue
        dtype = _DTYPES.get(entry['dtype'])
        if dtype is None:
            raise ValueError(f"{path}: tensor '{name}' has dtype {entry['dtype']}, which this reader does not take")
        begin, end = entry['data_offsets']
        if not (0 <= begin <= end <= len(body)):
            raise ValueError(f"{path}: tensor '{name}' lies outside the file (offsets {begin}..{end})")
        count = math.prod(entry['shape'])
        flat = torch.frombuffer(bytearray(body[begin:end]), dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        if flat.numel() != count:
            raise ValueError(f"{path}: tensor '{name}' has {flat.numel()} elements, its shape {entry['shape']} says {count}")
        out[name] = flat.reshape(entry['shape'])
    return out


def write_safetensors(path, tensors, metadata=None):
    """Writes tensors as Hugging Face's writer does: keys sorted, header padded with spaces to a multiple of 8."""
    header = {}
    if metadata:
        header['__metadata__'] = {k: str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().to('cpu').contiguous()
        raw = t.numpy().tobytes() if t.dtype != torch.bfloat16 else t.view(torch.int16).numpy().tobytes()
        header[name] = {'dtype': _NAMES[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * ((8 - len(text) % 8) % 8)
    tmp = f'{path}.part'
    with open(tmp, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)


# ------------------------------------------------------------------------- seeds and dropout (src/model/random.ts)


def pcg_hash(x):
    """The lab's PCG-style 32-bit hash (random.ts pcgHash, dropoutMask.wgsl) on int64 tensors or Python ints."""
    if isinstance(x, int):
        state = (x * 747796405 + 2891336453) & MASK32
        word = (((state >> ((state >> 28) + 4)) ^ state) * 277803737) & MASK32
        return ((word >> 22) ^ word) & MASK32
    state = (x * 747796405 + 2891336453) & MASK32
    word = (((state >> ((state >> 28) + 4)) ^ state) * 277803737) & MASK32
    return ((word >> 22) ^ word) & MASK32


def step_dropout_seed(run_seed, step):
    """armRun.ts dropoutSeedOf(runSeed, step) for the 1-based step."""
    mixed = (((run_seed ^ 0x9E3779B9) & MASK32) * 0x85EBCA6B) & MASK32
    return (mixed + step * 0x27D4EB2F) & MASK32


def dropout_threshold(rate):
    """random.ts dropoutThreshold: round(rate · 2^32) (JavaScript rounds halves up), capped at 2^32 − 1."""
    return min(MASK32, math.floor(rate * 4294967296 + 0.5))


def lab_dropout_mask(shape, rate, seed, offset, device):
    """The lab's keep-mask times 1/(1 − rate): element i (flat index in the whole batch) is kept when
    pcg(pcg(i) ^ seed) ≥ threshold. `offset` is the flat index of this rank's first element."""
    count = math.prod(shape)
    index = torch.arange(offset, offset + count, dtype=torch.int64, device=device)
    bits = pcg_hash(pcg_hash(index) ^ (seed & MASK32))
    scale = torch.tensor(1.0 / (1.0 - rate), dtype=torch.float32)  # float32 like Math.fround in random.ts
    keep = bits >= dropout_threshold(rate)
    return torch.where(keep, scale.to(device), torch.zeros((), dtype=torch.float32, device=device)).reshape(shape)


class DropoutPlan:
    """The dropout of one forward pass (layers.ts dropoutOf): call k (1, 2, …) uses seed pcg(passSeed ^ pcg(k)).

    mode 'lab' reproduces the lab's masks (for this rank's rows: `row_offset` rows of the global batch precede
    them); mode 'native' uses torch's own dropout (faster, not the lab's masks); None: evaluation, no dropout.
    """

    def __init__(self, mode=None, pass_seed=0, row_offset=0):
        self.mode = mode
        self.pass_seed = pass_seed
        self.row_offset = row_offset
        self.calls = 0
        self.batch = None  # rows of this rank's batch; the model sets it before its first dropout

    def bind(self, batch_rows):
        self.batch = batch_rows
        return self

    def __call__(self, x, rate):
        if self.mode is None or rate <= 0:
            return x
        self.calls += 1
        if self.mode == 'native':
            return F.dropout(x, rate, training=True)
        seed = pcg_hash((self.pass_seed ^ pcg_hash(self.calls)) & MASK32)
        # Every dropped tensor is laid out batch-major ([B·L, H], [B, heads, L, L], [B, H]): this rank's rows start
        # at element row_offset · (elements per batch row) of the global batch's tensor.
        per_row = x.numel() // self.batch
        return x * lab_dropout_mask(tuple(x.shape), rate, seed, self.row_offset * per_row, x.device)


# -------------------------------------------------------------- the compact BERT cross-encoder (src/model/bert.ts)


class _Linear(nn.Module):
    def __init__(self, out_features, in_features):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(out_features, in_features))
        self.bias = nn.Parameter(torch.zeros(out_features))

    def forward(self, x):
        return x @ self.weight.t() + self.bias


class _LayerNorm(nn.Module):
    def __init__(self, width, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))
        self.bias = nn.Parameter(torch.zeros(width))
        self.eps = eps

    def forward(self, x):
        # layers.ts layerNorm: (x − mean) · rsqrt(mean((x − mean)²) + eps) · weight + bias
        centered = x - x.mean(-1, keepdim=True)
        return centered * torch.rsqrt((centered * centered).mean(-1, keepdim=True) + self.eps) * self.weight + self.bias


class _Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c['hidden_size']
        self.word_embeddings = nn.Embedding(c['vocab_size'], h)
        self.position_embeddings = nn.Embedding(c['max_position_embeddings'], h)
        self.token_type_embeddings = nn.Embedding(c['type_vocab_size'], h)
        self.LayerNorm = _LayerNorm(h, c['layer_norm_eps'])


class _Attention(nn.Module):
    def __init__(self, h, eps):
        super().__init__()
        self.self = nn.Module()
        self.self.query = _Linear(h, h)
        self.self.key = _Linear(h, h)
        self.self.value = _Linear(h, h)
        self.output = nn.Module()
        self.output.dense = _Linear(h, h)
        self.output.LayerNorm = _LayerNorm(h, eps)


class _Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, eps = c['hidden_size'], c['layer_norm_eps']
        self.attention = _Attention(h, eps)
        self.intermediate = nn.Module()
        self.intermediate.dense = _Linear(c['intermediate_size'], h)
        self.output = nn.Module()
        self.output.dense = _Linear(h, c['intermediate_size'])
        self.output.LayerNorm = _LayerNorm(h, eps)


class CompactBert(nn.Module):
    """BertForSequenceClassification (one label) in plain torch, parameter names and order as Hugging Face's,
    ops in the order of the lab's bert.ts (post-LayerNorm encoder, erf GELU, tanh pooler on [CLS])."""

    def __init__(self, config):
        super().__init__()
        c = dict(config)
        c.setdefault('type_vocab_size', 2)
        c.setdefault('layer_norm_eps', 1e-12)
        c.setdefault('pad_token_id', 0)
        c.setdefault('hidden_dropout_prob', 0.1)
        c.setdefault('attention_probs_dropout_prob', 0.1)
        if c.get('classifier_dropout') is None:
            c['classifier_dropout'] = c['hidden_dropout_prob']
        self.c = c
        h = c['hidden_size']
        self.bert = nn.Module()
        self.bert.embeddings = _Embeddings(c)
        self.bert.encoder = nn.Module()
        self.bert.encoder.layer = nn.ModuleList([_Layer(c) for _ in range(c['num_hidden_layers'])])
        self.bert.pooler = nn.Module()
        self.bert.pooler.dense = _Linear(h, h)
        self.classifier = _Linear(1, h)

    def forward(self, input_ids, token_type_ids, attention_mask, dropout=None):
        c = self.c
        b, l = input_ids.shape
        drop = (dropout or DropoutPlan()).bind(b)
        h = c['hidden_size']
        heads = c['num_attention_heads']
        hs = h // heads
        e = self.bert.embeddings
        mask = torch.where(attention_mask.bool(), 0.0, MASK_VALUE).to(torch.float32).reshape(b, 1, 1, l)
        words = F.embedding(input_ids.reshape(-1), e.word_embeddings.weight, padding_idx=c['pad_token_id'])
        types = F.embedding(token_type_ids.reshape(-1), e.token_type_embeddings.weight)
        positions = e.position_embeddings.weight[:l]
        summed = ((words + types).reshape(b, l, h) + positions).reshape(b * l, h)
        x = drop(e.LayerNorm(summed), c['hidden_dropout_prob'])

        def to_heads(t):
            return t.reshape(b, l, heads, hs).permute(0, 2, 1, 3)

        for layer in self.bert.encoder.layer:
            a = layer.attention
            q, k, v = to_heads(a.self.query(x)), to_heads(a.self.key(x)), to_heads(a.self.value(x))
            scores = (q @ k.transpose(-1, -2)) / math.sqrt(hs) + mask
            probs = drop(torch.softmax(scores, -1), c['attention_probs_dropout_prob'])
            context = (probs @ v).permute(0, 2, 1, 3).reshape(b * l, h)
            attended = drop(a.output.dense(context), c['hidden_dropout_prob'])
            after = a.output.LayerNorm(attended + x)
            inter = F.gelu(layer.intermediate.dense(after))
            out = drop(layer.output.dense(inter), c['hidden_dropout_prob'])
            x = layer.output.LayerNorm(out + after)

        cls = x.reshape(b, l, h)[:, 0, :]
        pooled = torch.tanh(self.bert.pooler.dense(cls))
        return self.classifier(drop(pooled, c['classifier_dropout'])).reshape(b)


class LabDropoutModule(nn.Module):
    """Stands in for every nn.Dropout of a transformers model so that its masks are the lab's (calls are
    counted in forward order, as the lab counts them); `plan` is set before each forward pass."""

    def __init__(self, rate, holder):
        super().__init__()
        self.rate = rate
        self.holder = holder

    def forward(self, x):
        plan = self.holder.get('plan')
        return plan(x, self.rate) if plan is not None else x


class TransformersCrossEncoder(nn.Module):
    """A Hugging Face `*ForSequenceClassification` model (one label) with the lab's dropout (eager attention)."""

    def __init__(self, config_path, family):
        super().__init__()
        from transformers import AutoConfig, AutoModelForSequenceClassification

        remote = family == 'gte'  # GTE ("new" model type) lives in Alibaba-NLP/new-impl: trust_remote_code
        config = AutoConfig.from_pretrained(os.path.dirname(config_path), trust_remote_code=remote)
        config.num_labels = 1
        try:
            # Eager attention: dropout inside fused attention kernels (SDPA, flash) would not be the lab's masks.
            self.hf = AutoModelForSequenceClassification.from_config(config, trust_remote_code=remote, attn_implementation='eager')
        except TypeError:  # transformers before attn_implementation
            self.hf = AutoModelForSequenceClassification.from_config(config, trust_remote_code=remote)
        self.holder = {}
        for name, module in list(self.hf.named_modules()):
            for child_name, child in list(module.named_children()):
                if isinstance(child, nn.Dropout):
                    setattr(module, child_name, LabDropoutModule(child.p, self.holder))

    def forward(self, input_ids, token_type_ids, attention_mask, dropout=None):
        self.holder['plan'] = dropout.bind(input_ids.shape[0]) if dropout is not None else None
        kwargs = {'input_ids': input_ids.long(), 'attention_mask': attention_mask.long()}
        if getattr(self.hf.config, 'type_vocab_size', 0):
            kwargs['token_type_ids'] = token_type_ids.long()
        return self.hf(**kwargs).logits.reshape(-1)


def build_model(prepared_dir, family, choice='auto'):
    """The model of the experiment: transformers when installed (or asked for), else the compact BERT."""
    config_path = os.path.join(prepared_dir, 'config.json')
    with open(config_path) as f:
        config = json.load(f)
    have_transformers = True
    try:
        import transformers  # noqa: F401
    except ImportError:
        have_transformers = False
    if choice == 'compact' or (choice == 'auto' and (not have_transformers) and family == 'bert'):
        if family != 'bert':
            raise SystemExit(f'--model compact implements BERT/MiniLM only; this experiment is {family}: pip install transformers')
        return CompactBert(config), 'compact'
    if not have_transformers:
        raise SystemExit(f'this experiment is {family}, which needs Hugging Face transformers: pip install -r requirements.txt')
    return TransformersCrossEncoder(config_path, family), 'transformers'


def load_weights(model, path):
    """Loads the lab's init.safetensors (HF names) into `model`; every parameter must be present."""
    tensors = read_safetensors(path)
    target = model.hf if isinstance(model, TransformersCrossEncoder) else model
    own = dict(target.named_parameters())
    missing = [n for n in own if n not in tensors]
    if missing:
        raise SystemExit(f'{path}: missing tensors {", ".join(missing[:5])}{" …" if len(missing) > 5 else ""}')
    with torch.no_grad():
        for name, p in own.items():
            t = tensors[name]
            if tuple(t.shape) != tuple(p.shape):
                raise SystemExit(f'{path}: tensor {name} has shape {list(t.shape)}, the model needs {list(p.shape)}')
            p.copy_(t.to(torch.float32))


def named_parameters_hf(model):
    target = model.hf if isinstance(model, TransformersCrossEncoder) else model
    return list(target.named_parameters())


WEIGHTS_HASH_VERSION = 'rerank-lab-weights/1'


def weights_hash(named):
    """src/core/formats/weightsHash.ts weightsHash over (name, tensor) pairs: SHA-256 of the manifest
    "rerank-lab-weights/1\n" + per tensor, by its name's UTF-8 bytes, "NAME\tSHAPE\tf32le\tSHA256(float32 LE bytes)\n"
    (SHAPE: dimensions joined by ","). train.py records it of the model right after loading init.seed-S.safetensors."""
    lines = [WEIGHTS_HASH_VERSION + '\n']
    for name, t in sorted(named, key=lambda item: item[0].encode('utf-8')):
        if '\t' in name or '\n' in name:
            raise ValueError(f'weights hash: tensor name {name!r} contains a tab or a newline')
        raw = t.detach().to('cpu', torch.float32).contiguous().numpy().astype('<f4', copy=False).tobytes()
        shape = ','.join(str(d) for d in t.shape)
        lines.append(f'{name}\t{shape}\tf32le\t{hashlib.sha256(raw).hexdigest()}\n')
    return hashlib.sha256(''.join(lines).encode('utf-8')).hexdigest()


# --------------------------------------------------------------------------------- losses (src/model/losses.ts)


def compute_loss(logits, labels, loss):
    kind = loss['kind']
    if kind == 'bce':
        y = labels
        per_row = torch.relu(logits) - logits * y + torch.log1p(torch.exp(-logits.abs()))
        return per_row.mean()
    g = loss['groupSize']
    if kind == 'listwise':
        groups = labels.reshape(-1, g)
        target = groups / groups.sum(-1, keepdim=True)
        return (-(target * torch.log_softmax(logits.reshape(-1, g), -1)).sum(-1)).mean()
    if kind == 'ranknet':
        s = logits.reshape(-1, g)
        y = labels.reshape(-1, g)
        diff = s.unsqueeze(2) - s.unsqueeze(1)
        pairs = y.unsqueeze(2) > y.unsqueeze(1)
        d = diff[pairs]
        return (torch.relu(-d) + torch.log1p(torch.exp(-d.abs()))).mean()
    raise SystemExit(f'unknown loss kind {kind}')


# ------------------------------------------------------------------- optimizers (src/core/optim/registry.ts, .wgsl)


class LabLion(torch.optim.Optimizer):
    """Lion as the lab's lion.wgsl computes it (the lion-pytorch update, Chen et al. 2023):
    p ← p·(1 − lr·wd); p ← p − lr·sign(β1·m + (1 − β1)·g); m ← β2·m + (1 − β2)·g."""

    def __init__(self, params, lr, betas, weight_decay=0.0):
        super().__init__(params, {'lr': lr, 'betas': betas, 'weight_decay': weight_decay})

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group['betas']
            lr, wd = group['lr'], group['weight_decay']
            for p in group['params']:
                if p.grad is None:
                    continue
                g = p.grad
                state = self.state[p]
                if 'exp_avg' not in state:
                    state['exp_avg'] = torch.zeros_like(p)
                m = state['exp_avg']
                if wd != 0:
                    p.mul_(1 - lr * wd)
                p.add_(m.mul(beta1).add_(g, alpha=1 - beta1).sign_(), alpha=-lr)
                m.mul_(beta2).add_(g, alpha=1 - beta2)


def make_optimizer(arm_plan, model, lion_impl='auto'):
    """torch.optim.AdamW or Lion over the lab's two parameter groups (decay / no decay, HF Trainer's rule)."""
    params = dict(named_parameters_hf(model))
    decay = [params[n] for n in arm_plan['decay']]
    no_decay = [params[n] for n in arm_plan['noDecay']]
    known = set(arm_plan['decay']) | set(arm_plan['noDecay'])
    unknown = [n for n in params if n not in known]
    if unknown:
        raise SystemExit(f'prepared/plan.json: parameters {", ".join(unknown[:5])} are in no parameter group')
    wd = arm_plan['weightDecay']
    groups = [{'params': decay, 'weight_decay': wd}, {'params': no_decay, 'weight_decay': 0.0}]
    name = arm_plan['optimizer']
    s = arm_plan['settings']
    lr0 = arm_plan['lr'][0]
    if name == 'adamw':
        return torch.optim.AdamW(groups, lr=lr0, betas=(s['beta1'], s['beta2']), eps=s['eps'], foreach=False), 'torch.optim.AdamW'
    if name == 'lion':
        if lion_impl in ('auto', 'lion-pytorch'):
            try:
                from lion_pytorch import Lion

                return Lion(groups, lr=lr0, betas=(s['beta1'], s['beta2'])), 'lion-pytorch'
            except ImportError:
                if lion_impl == 'lion-pytorch':
                    raise SystemExit('--lion lion-pytorch: the package is not installed (pip install lion-pytorch)')
        return LabLion(groups, lr=lr0, betas=(s['beta1'], s['beta2'])), 'labtorch.LabLion'
    if name == 'sgd':
        return (
            torch.optim.SGD(groups, lr=lr0, momentum=s['momentum'], dampening=s['dampening'], nesterov=bool(s['nesterov']), foreach=False),
            'torch.optim.SGD',
        )
    raise SystemExit(f'optimizer {name} has no PyTorch counterpart here')


# ------------------------------------------------------------------------ batches (src/train/data/*, hash.ts)

FNV64_OFFSET = 0xCBF29CE484222325
FNV64_PRIME = 0x100000001B3


def fnv1a64(data, state):
    for byte in data:
        state = ((state ^ byte) * FNV64_PRIME) & 0xFFFFFFFFFFFFFFFF
    return state


class BatchPlan:
    """The lab's batch schedule of one seed, as the lab exported it: per step the examples it drew (the lines it
    hashed) and their tokenization (token ids, token types, labels, the padded length)."""

    def __init__(self, prepared_dir, seed):
        base = os.path.join(prepared_dir, f'batches.seed-{seed}')
        self.tensors = read_safetensors(base + '.safetensors')
        with open(base + '.json') as f:
            meta = json.load(f)
        self.rows_per_step = meta['rowsPerStep']
        self.examples_per_step = meta['examplesPerStep']
        self.expected_hashes = meta['batchHashes']
        self.steps = len(self.expected_hashes)
        with open(base + '.examples.jsonl', 'rb') as f:
            self.example_lines = f.read().split(b'\n')[:-1]
        self.row_start = self.tensors['row_start'].to(torch.int64)
        if len(self.example_lines) < self.steps * self.examples_per_step:
            raise SystemExit(f'{base}.examples.jsonl: {len(self.example_lines)} examples for {self.steps} steps of {self.examples_per_step}')

    def batch_hash(self, previous, step):
        """hash.ts batchHash: FNV-1a 64 chained over each example's JSON line + "\\n"."""
        state = int(previous, 16) if previous else FNV64_OFFSET
        first = step * self.examples_per_step
        for line in self.example_lines[first : first + self.examples_per_step]:
            state = fnv1a64(line + b'\n', state)
        return f'{state:016x}'

    def rows(self, step, begin, end):
        """Rows [begin, end) of step `step` (0-based), padded to the step's length: ids, types, mask, labels."""
        rows = self.rows_per_step
        seq_len = int(self.tensors['seq_len'][step])
        ids = torch.full((end - begin, seq_len), int(self.tensors['pad_id'][0]), dtype=torch.int64)
        types = torch.zeros((end - begin, seq_len), dtype=torch.int64)
        mask = torch.zeros((end - begin, seq_len), dtype=torch.int64)
        for i, r in enumerate(range(step * rows + begin, step * rows + end)):
            a, b = int(self.row_start[r]), int(self.row_start[r + 1])
            ids[i, : b - a] = self.tensors['input_ids'][a:b].to(torch.int64)
            types[i, : b - a] = self.tensors['token_type_ids'][a:b].to(torch.int64)
            mask[i, : b - a] = 1
        labels = self.tensors['labels'][step * rows + begin : step * rows + end].to(torch.float32)
        return ids, types, mask, labels


def pad_rows(tensors, begin, end, seq_len, pad_id):
    """Rows [begin, end) of an evaluation set's pairs, padded to seq_len."""
    row_start = tensors['row_start']
    n = end - begin
    ids = torch.full((n, seq_len), pad_id, dtype=torch.int64)
    types = torch.zeros((n, seq_len), dtype=torch.int64)
    mask = torch.zeros((n, seq_len), dtype=torch.int64)
    for i, r in enumerate(range(begin, end)):
        a, b = int(row_start[r]), int(row_start[r + 1])
        ids[i, : b - a] = tensors['input_ids'][a:b].to(torch.int64)
        types[i, : b - a] = tensors['token_type_ids'][a:b].to(torch.int64)
        mask[i, : b - a] = 1
    return ids, types, mask


# ----------------------------------------------------------------------------------------------- distributed

DIST_TIMEOUT_ENV = 'RERANK_LAB_DIST_TIMEOUT_S'
DEFAULT_DIST_TIMEOUT_S = 600.0


def dist_timeout_s():
    """How long a rank waits for the others, in seconds: to join the process group, in any one collective (gloo
    honours it; NCCL in torch 1.13 only with NCCL_ASYNC_ERROR_HANDLING=1 or NCCL_BLOCKING_WAIT=1 set) and to tear
    the group down at the end (finish_distributed). RERANK_LAB_DIST_TIMEOUT_S, default 600."""
    text = os.environ.get(DIST_TIMEOUT_ENV, '').strip()
    if not text:
        return DEFAULT_DIST_TIMEOUT_S
    try:
        value = float(text)
    except ValueError:
        value = float('nan')
    if not (math.isfinite(value) and value > 0):
        raise SystemExit(f'{DIST_TIMEOUT_ENV}={text}: not a positive number of seconds')
    return value


# What the process group's errors say (gloo's transport, the TCP store, NCCL, the c10d layer); other RuntimeErrors
# inside a `collective` block (a shape error, out of memory) pass through as they are.
_DIST_ERROR_WORDS = ('gloo', 'nccl', 'c10d', 'timed out', 'timeout', 'connection', 'broken pipe', 'socket', 'peer')


@contextlib.contextmanager
def collective(rank, what):
    """Runs a block that waits for the other ranks (a DDP step, an all_gather, a barrier). When the process group
    gives up — a rank died (its connections closed) or did not arrive within RERANK_LAB_DIST_TIMEOUT_S — this rank
    exits with a message naming itself and `what`, instead of a bare gloo/NCCL traceback."""
    try:
        yield
    except (RuntimeError, TimeoutError) as error:  # torch 1.13's TCPStore raises TimeoutError when no rank 0 answers
        text = str(error)
        if not isinstance(error, TimeoutError) and not any(word in text.lower() for word in _DIST_ERROR_WORDS):
            raise
        first = text.strip().splitlines()[0].rstrip('.') if text.strip() else type(error).__name__
        if 'timed out' in text.lower() or 'timeout' in text.lower():
            why = f'no answer from the other ranks within {DIST_TIMEOUT_ENV}={dist_timeout_s():g} s ({first})'
            hint = f'Another rank has most likely failed or hung: read its output; if it is only slow, raise {DIST_TIMEOUT_ENV}'
        else:
            why = f'lost the connection to the other ranks ({first})'
            hint = 'Another rank has most likely exited or crashed: read its output'
        raise SystemExit(f'rank {rank}: {what}: {why}. {hint} (torchrun --tee 1 prints every rank\'s, --log_dir keeps them).') from error


def setup_distributed(device_arg):
    """The process's place under torchrun (world size, rank) and its device, with TF32 off (it would change the
    numbers); joins the process group when there is more than one process (NCCL on GPUs, gloo on CPU), with
    RERANK_LAB_DIST_TIMEOUT_S as its timeout. End such a run with finish_distributed."""
    import torch.distributed as dist

    world = int(os.environ.get('WORLD_SIZE', '1'))
    rank = int(os.environ.get('RANK', '0'))
    local_rank = int(os.environ.get('LOCAL_RANK', '0'))
    use_cuda = (device_arg or ('cuda' if torch.cuda.is_available() else 'cpu')).startswith('cuda')
    device = torch.device(f'cuda:{local_rank}' if use_cuda else 'cpu')
    if use_cuda:
        torch.cuda.set_device(device)
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    if world > 1:
        timeout = datetime.timedelta(seconds=dist_timeout_s())
        with collective(rank, 'joining the process group'):
            dist.init_process_group('nccl' if use_cuda else 'gloo', timeout=timeout)
    return world, rank, device, use_cuda


def finish_distributed(rank, wrapped=None):
    """Ends a multi-process run on every rank: a barrier (every rank is past its last collective), then
    tear_down_distributed(wrapped). No-op without a process group."""
    import torch.distributed as dist

    if not (dist.is_available() and dist.is_initialized()):
        return
    with collective(rank, 'the final barrier'):
        dist.barrier()
    tear_down_distributed(wrapped)


def tear_down_distributed(wrapped=None):
    """Destroys the process group in an order that cannot deadlock, under a watchdog; `wrapped` is the run's
    DistributedDataParallel module, if any. No-op without a process group.

    Why the order (issue 22): torch 1.13's ~ProcessGroupGloo joins the group's worker threads. A worker thread that
    finished a collective may still hold its tensors, and freeing a tensor whose Python object is already gone takes
    the GIL. When DDP's Reducer held the last reference to the group, that destructor ran with the GIL held (the
    Reducer's binding keeps it, at the DDP module's deallocation when main() returned) and waited for a thread that
    waited for the GIL: the rank hung forever after the run was done. So the Reducer (and the Logger that shares it)
    is released first, while Python still holds the group; the group's last reference is then Python's own, whose
    destructor releases the GIL before joining.

    The watchdog (faulthandler) stays armed until the process exits: if the teardown or the interpreter's exit
    still hangs for RERANK_LAB_DIST_TIMEOUT_S, every thread's stack is printed and the process exits with status 1."""
    import torch.distributed as dist

    if not (dist.is_available() and dist.is_initialized()):
        return
    faulthandler.dump_traceback_later(dist_timeout_s(), exit=True, file=sys.stderr)
    if wrapped is not None:
        for name in ('logger', 'reducer'):
            if getattr(wrapped, name, None) is not None:
                setattr(wrapped, name, None)
    dist.destroy_process_group()


# ----------------------------------------------------------------------------------------------- files


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        raise SystemExit(f'{path}: not found (run train.py from the exported project folder)')


def write_json(path, value):
    tmp = f'{path}.part'
    with open(tmp, 'w') as f:
        json.dump(value, f, indent=1, allow_nan=False, default=str)
        f.write('\n')
    os.replace(tmp, path)


def finite_or_text(x):
    """The snapshot's convention for non-finite curve values: "NaN", "Infinity", "-Infinity"."""
    if math.isnan(x):
        return 'NaN'
    if math.isinf(x):
        return 'Infinity' if x > 0 else '-Infinity'
    return x


def device_names(device):
    if device.type == 'cuda':
        return [torch.cuda.get_device_name(device)]
    import platform

    return [f'cpu ({platform.processor() or platform.machine()})']
