"""One process of a data-parallel training run, started N times by `experiments.distributed`:

    python -m experiments.distributed_worker --framework torch --rank 0 --workers 2 --ports 29500 \\
        --workload mlp --batch-per-worker 32 --steps 20 --warmup 3 --threads 1 --launched-at T --out DIR

Every rank trains the same seeded model on its shard of one global batch. Rank 0 writes to DIR:
`result.json` {"first_step_s", "throughput", "steps", "fingerprint"} (or {"unavailable": reason}), and
`params.npy`, the parameters after the first step. With `--reference-batches`, a single process also
writes `reference-<B>.npy`: the parameters after one plain single-process step on the same global batch of B samples,
the yardstick for each distributed run."""
from __future__ import annotations

import argparse
import json
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np

from experiments import data, frameworks
from experiments import hparams as hp

SEED = 0


class TorchTrainer:
    def __init__(self, workload: str, x, y, rank: int, workers: int, port: int):
        import torch

        from experiments import distributed_torch
        from experiments import torch_models as tm
        params = hp.WORKLOADS[workload]()
        # The process group when distributed; None for the plain single-process baseline.
        self.group = distributed_torch if workers > 1 else None
        if self.group:
            self.group.init(rank, workers, port)
        torch.manual_seed(SEED)
        self.model = tm.build(params).train()
        model = self.group.wrap(self.model) if self.group else self.model
        opt = tm.optimizer(params.optimizer, model.parameters())
        step = tm.training_step(tm.loss_of(model, params, nullcontext), opt)
        shard = slice(rank * (len(x) // workers), (rank + 1) * (len(x) // workers))
        tx, ty = tm.inputs(params, x[shard], y[shard], "cpu")
        self.step = lambda: step(tx, ty)

    def parameters(self) -> np.ndarray:
        return np.concatenate([p.detach().numpy().ravel() for p in self.model.parameters()])

    def barrier(self) -> None:
        if self.group:
            self.group.barrier()

    def close(self) -> None:
        if self.group:
            self.group.close()


class KerasTrainer:
    def __init__(self, workload: str, x, y, rank: int, workers: int, ports: list[int]):
        import keras
        import tensorflow as tf

        from experiments import distributed_tf
        from experiments import keras_models as km
        params = hp.WORKLOADS[workload]()
        if workers == 1:
            strategy = tf.distribute.get_strategy()  # the default: no distribution
        else:
            distributed_tf.configure(rank, ports)
            strategy = distributed_tf.multi_worker_strategy()
        with strategy.scope():
            keras.utils.set_random_seed(SEED)
            self.model = km.build(params, x[:1])
            optimizer = km.optimizer(params.optimizer)
        if workers == 1:
            # The ordinary single-process step, the baseline and yardstick of the distributed ones.
            step = tf.function(km.training_step(self.model, km.loss(params), optimizer))
        else:
            step = distributed_tf.distributed_step(strategy, self.model, km.loss(params), optimizer, len(x))
        shard = slice(rank * (len(x) // workers), (rank + 1) * (len(x) // workers))
        tx, ty = tf.constant(x[shard]), tf.constant(y[shard])
        self.step = lambda: step(tx, ty)

    def parameters(self) -> np.ndarray:
        return np.concatenate([np.asarray(v.numpy()).ravel() for v in self.model.trainable_variables])

    def barrier(self) -> None:
        """The timed block starts together on every worker: each step all-reduces, so the first waits for all."""

    def close(self) -> None:
        pass


def trainer(args, x, y):
    if args.framework == "torch":
        return TorchTrainer(args.workload, x, y, args.rank, args.workers, args.ports[0])
    return KerasTrainer(args.workload, x, y, args.rank, args.workers, args.ports)


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
    try:
        backend = frameworks.start(args.framework, args.threads, "cpu")
    except frameworks.Unavailable as exc:
        (args.out / "result.json").write_text(json.dumps({"unavailable": str(exc)}))
        return
    global_batch = args.batch_per_worker * args.workers
    x, y = data.batch(args.workload, hp.WORKLOADS[args.workload](), global_batch, SEED)
    run = trainer(args, x, y)
    run.step()
    first_step_s = time.time() - args.launched_at
    if args.rank == 0:
        np.save(args.out / "params.npy", run.parameters())
    for _ in range(args.warmup):
        run.step()
    run.barrier()
    started = time.perf_counter()
    for _ in range(args.steps):
        run.step()
    run.parameters()  # waits for the last update to finish
    elapsed = time.perf_counter() - started
    run.close()
    if args.rank == 0:
        (args.out / "result.json").write_text(json.dumps({
            "first_step_s": first_step_s, "throughput": global_batch * args.steps / elapsed, "steps": args.steps,
            "fingerprint": backend.fingerprint("cpu")}))
        references(args, args.out)


if __name__ == "__main__":
    main()
