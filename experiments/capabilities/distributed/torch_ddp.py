"""PyTorch data-parallel training: what a single-process training script adds to run as one of N
processes (DistributedDataParallel over gloo on CPU, NCCL on GPUs, a GPU per process). `init` and
`wrap` are all of it; the training step itself is the single-process one. Imported only in a PyTorch
training process."""
from __future__ import annotations

import os
import socket
from datetime import timedelta

import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

HOST = "127.0.0.1"
BACKENDS = {"cpu": "gloo", "cuda": "nccl"}
# A collective that waits this long for a peer fails with an error instead of hanging the run.
COLLECTIVE_TIMEOUT = timedelta(seconds=60)


def init(rank: int, world_size: int, port: int, device: str) -> None:
    os.environ["MASTER_ADDR"] = HOST
    os.environ["MASTER_PORT"] = str(port)
    # Gloo binds to the address this host's name resolves to; where that is no address of this machine
    # (containers, CI runners) the processes never connect. Every worker runs here: bind to loopback.
    os.environ.setdefault("GLOO_SOCKET_IFNAME", _loopback())
    dist.init_process_group(BACKENDS[device], rank=rank, world_size=world_size, timeout=COLLECTIVE_TIMEOUT)


def wrap(model: nn.Module) -> nn.Module:
    return DistributedDataParallel(model)


def barrier() -> None:
    dist.barrier()


def close() -> None:
    # Every rank tears down together: one destroying the group (rank 0 hosts its store) while another is still
    # in a collective can leave that one waiting for ever (pytorch/pytorch#75097).
    dist.barrier()
    dist.destroy_process_group()


def _loopback() -> str:
    """The loopback interface's name: `lo` on Linux, `lo0` on macOS."""
    return next(name for _, name in socket.if_nameindex() if name.startswith("lo"))
