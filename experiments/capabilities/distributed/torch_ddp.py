"""PyTorch data-parallel training: what a single-process training script adds to run as one of N
processes (DistributedDataParallel over gloo on CPU, NCCL on GPUs, a GPU per process). `init` and
`wrap` are all of it; the training step itself is the single-process one. Imported only in a PyTorch
training process."""
from __future__ import annotations

import os

import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

HOST = "127.0.0.1"
BACKENDS = {"cpu": "gloo", "cuda": "nccl"}


def init(rank: int, world_size: int, port: int, device: str) -> None:
    os.environ["MASTER_ADDR"] = HOST
    os.environ["MASTER_PORT"] = str(port)
    dist.init_process_group(BACKENDS[device], rank=rank, world_size=world_size)


def wrap(model: nn.Module) -> nn.Module:
    return DistributedDataParallel(model)


def barrier() -> None:
    dist.barrier()


def close() -> None:
    dist.destroy_process_group()
