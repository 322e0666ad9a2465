"""One process of a data-parallel training run, started by `experiments.capabilities.distributed` once per worker
(`--strategy ddp` or `multi-worker`), or once for all of them (`--strategy mirrored`: N replicas on N
logical CPU devices, or N GPUs, of this process). On `--device cuda` a process per worker sees only its
own GPU (the parent sets CUDA_VISIBLE_DEVICES):

    python -m experiments.capabilities.distributed.worker --framework torch --strategy ddp --device cpu --rank 0 \\
        --workers 2 --ports 29500,29501 --workload mlp --batch-per-worker 32 --steps 20 --warmup 3 \\
        --threads 1 --launched-at T --out DIR

`--workers 1` is the plain single-process baseline, whatever the strategy. Every worker trains the same
seeded model on its shard of one global batch. Rank 0 writes to DIR:
`result.json` {"first_step_s", "throughput", "steps", "fingerprint"} (or {"unavailable": reason}), and
`params.npy`, the parameters after the first step. With `--reference-batches`, a single process also
writes `reference-<B>.npy`: the parameters after one plain single-process step on the same global batch of B samples,
the yardstick for each distributed run."""
from __future__ import annotations

import argparse
import faulthandler
import json
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np

from experiments import frameworks
from experiments.capabilities.distributed import STRATEGIES
from experiments.models import data
from experiments.models import hparams as hp

SEED = 0
TEARDOWN_DUMP_S = 30


def shard(x: np.ndarray, y: np.ndarray, rank: int, workers: int) -> tuple[np.ndarray, np.ndarray]:
    """This worker's consecutive slice of the global batch."""
    size = len(x) // workers
    return x[rank * size:(rank + 1) * size], y[rank * size:(rank + 1) * size]


class TorchTrainer:
    def __init__(self, workload: str, x, y, rank: int, workers: int, port: int, device: str):
        import torch

        from experiments.capabilities.distributed import torch_ddp as distributed_torch
        from experiments.models import torch_models as tm
        params = hp.WORKLOADS[workload]()
        # The process group when distributed; None for the plain single-process baseline.
        self.group = distributed_torch if workers > 1 else None
        if self.group:
            self.group.init(rank, workers, port, device)
        torch.manual_seed(SEED)
        self.model = tm.build(params).to(device).train()
        model = self.group.wrap(self.model) if self.group else self.model
        opt = tm.optimizer(params.optimizer, model.parameters())
        step = tm.training_step(tm.loss_of(model, params, nullcontext), opt)
        tx, ty = tm.inputs(params, *shard(x, y, rank, workers), device)
        self.step = lambda: step(tx, ty)

    def parameters(self) -> np.ndarray:
        return np.concatenate([p.detach().cpu().numpy().ravel() for p in self.model.parameters()])

    def barrier(self) -> None:
        if self.group:
            self.group.barrier()

    def close(self) -> None:
        if self.group:
            self.group.close()


class KerasTrainer:
    def __init__(self, workload: str, x, y, rank: int, workers: int, ports: list[int], strategy_key: str | None,
                 device: str):
        import keras
        import tensorflow as tf

        from experiments.capabilities.distributed import tf_strategies as distributed_tf
        from experiments.models import keras_models as km
        params = hp.WORKLOADS[workload]()
        if workers == 1:
            strategy = tf.distribute.get_strategy()  # the default: no distribution
        elif strategy_key == "mirrored":
            strategy = distributed_tf.mirrored_strategy(device)
        else:
            distributed_tf.configure(rank, ports)
            strategy = distributed_tf.multi_worker_strategy(device)
        with strategy.scope():
            keras.utils.set_random_seed(SEED)
            self.model = km.build(params, x[:1])
            optimizer = km.optimizer(params.optimizer)
            # Built here rather than by the first apply_gradients: slot variables created inside the
            # traced step under a distribution strategy fail to initialise ("You must feed a value for
            # placeholder tensor 'cond/else/_1/cond/Placeholder'").
            optimizer.build(self.model.trainable_variables)
        if workers == 1:
            # The ordinary single-process step, the baseline and yardstick of the distributed ones.
            step = tf.function(km.training_step(self.model, km.loss(params), optimizer))
            inputs = tf.constant(x), tf.constant(y)
        else:
            step = distributed_tf.distributed_step(strategy, self.model, km.loss(params), optimizer, len(x))
            if strategy_key == "mirrored":
                inputs = distributed_tf.replica_batches(strategy, x, y)
            else:
                inputs = tuple(map(tf.constant, shard(x, y, rank, workers)))
        self.step = lambda: step(*inputs)

    def parameters(self) -> np.ndarray:
        return np.concatenate([np.asarray(v.numpy()).ravel() for v in self.model.trainable_variables])

    def barrier(self) -> None:
        """The timed block starts together on every worker: each step all-reduces, so the first waits for all."""

    def close(self) -> None:
        pass


def trainer(args, x, y):
    if args.framework == "torch":
        return TorchTrainer(args.workload, x, y, args.rank, args.workers, args.ports[0], args.device)
    return KerasTrainer(args.workload, x, y, args.rank, args.workers, args.ports, args.strategy, args.device)


def references(args, directory: Path) -> None:
    """Parameters after one single-process step on each reference global batch."""
    params = hp.WORKLOADS[args.workload]()
    for batch in args.reference_batches:
        x, y = data.batch(args.workload, params, batch, SEED)
        single = trainer(argparse.Namespace(**{**vars(args), "rank": 0, "workers": 1}), x, y)
        single.step()
        np.save(directory / f"reference-{batch}.npy", single.parameters())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--framework", required=True, choices=frameworks.NAMES)
    parser.add_argument("--strategy", choices=[s.key for s in STRATEGIES], help="required with --workers > 1")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--rank", required=True, type=int)
    parser.add_argument("--workers", required=True, type=int)
    parser.add_argument("--ports", required=True, type=lambda text: [int(p) for p in text.split(",")])
    parser.add_argument("--workload", required=True, choices=hp.WORKLOADS)
    parser.add_argument("--batch-per-worker", required=True, type=int)
    parser.add_argument("--steps", required=True, type=int)
    parser.add_argument("--warmup", required=True, type=int)
    parser.add_argument("--threads", required=True, type=int)
    parser.add_argument("--launched-at", required=True, type=float, help="the parent's time.time() at launch")
    parser.add_argument("--reference-batches", type=int, nargs="*", default=[])
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    if args.workers > 1 and not args.strategy:
        parser.error("--strategy is required with --workers > 1")
    mirrored = args.workers > 1 and args.strategy == "mirrored"
    try:
        # The mirrored replicas share this process's thread pools: one inter-op thread each runs them side by side.
        backend = frameworks.start(args.framework, args.threads, args.device,
                                   interop_threads=args.workers if mirrored else frameworks.INTEROP_THREADS)
    except frameworks.Unavailable as exc:
        (args.out / "result.json").write_text(json.dumps({"unavailable": str(exc)}))
        return
    if mirrored and args.device == "cpu":
        from experiments.capabilities.distributed import tf_strategies as distributed_tf
        distributed_tf.split_cpu(args.workers)
    global_batch = args.batch_per_worker * args.workers
    x, y = data.batch(args.workload, hp.WORKLOADS[args.workload](), global_batch, SEED)
    run = trainer(args, x, y)
    progress(args, "ready: model built" + (f", {args.workers} workers joined" if args.workers > 1 else ""))
    run.step()
    first_step_s = time.time() - args.launched_at
    if args.rank == 0:
        np.save(args.out / "params.npy", run.parameters())
    for _ in range(args.warmup):
        run.step()
    run.barrier()
    progress(args, "warm-up done")
    started = time.perf_counter()
    for _ in range(args.steps):
        run.step()
    run.parameters()  # waits for the last update to finish
    elapsed = time.perf_counter() - started
    progress(args, "timed steps done")
    # A rank once hung in teardown (or at exit) until the parent's limit: should it again, its threads' stacks go
    # to its stderr file, which the parent quotes.
    faulthandler.dump_traceback_later(TEARDOWN_DUMP_S)
    run.close()
    progress(args, "closed")
    if args.rank == 0:
        faulthandler.cancel_dump_traceback_later()  # what follows is single-process work
        (args.out / "result.json").write_text(json.dumps({
            "first_step_s": first_step_s, "throughput": global_batch * args.steps / elapsed, "steps": args.steps,
            "fingerprint": backend.fingerprint(args.device)}))
        references(args, args.out)


def progress(args: argparse.Namespace, what: str) -> None:
    """A line on stderr, which the parent quotes when this process fails or hangs."""
    print(f"rank {args.rank}: {what}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
