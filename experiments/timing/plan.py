"""Which variants a run measures, how hard it measures them, and which it skips and why."""
from __future__ import annotations

import math
from dataclasses import dataclass

from experiments.frameworks import MODES, NAMES
from experiments.models import hparams as hp

PHASES = ("train", "infer")
PRECISIONS = ("fp32", "bf16")


@dataclass(frozen=True)
class Variant:
    workload: str
    framework: str
    mode: str
    phase: str
    precision: str
    batch_size: int

    @property
    def key(self) -> str:
        return "/".join(str(v) for v in (self.workload, self.framework, self.mode, self.phase, self.precision,
                                         self.batch_size))


@dataclass(frozen=True)
class Profile:
    name: str
    batch_sizes: dict[str, tuple[int, ...]]
    warmup_steps: int
    min_block_s: float  # a timed repeat runs whole steps for at least this long
    max_block_steps: int
    min_repeats: int  # rounds: each times every variant of a configuration at least once
    max_repeats: int
    # Stop repeating a configuration once the 95 % interval of each TensorFlow/PyTorch ratio (or, with one
    # framework only, of each median) is this tight, relative to it.
    target_ratio_error: float
    target_rel_error: float
    # After min_repeats, a configuration whose rounds have taken this long stops even short of its target: the
    # run's length stays bounded on a noisy machine, and the intervals stored say how precise it got.
    max_configuration_s: float = math.inf
    precisions: tuple[str, ...] = PRECISIONS  # the others are listed as not run
    # False: every torch.compile starts from empty caches, so its first call is a cold compile. True:
    # inductor's on-disk caches are kept across variants and runs, as PyTorch keeps them by default.
    keep_compile_caches: bool = False


FULL = Profile(
    name="full",
    batch_sizes={"linear": (1, 64, 4096), "mlp": (32, 128, 512), "cnn": (32, 64, 128), "lstm": (32, 64, 128),
                 "transformer": (8, 16, 32)},
    warmup_steps=5,
    min_block_s=0.1,
    max_block_steps=100_000,
    min_repeats=10,
    max_repeats=40,
    target_ratio_error=0.02,
    target_rel_error=0.02,
)

QUICK = Profile(
    name="quick",
    batch_sizes={"linear": (64,), "mlp": (64,), "cnn": (16,), "lstm": (16,), "transformer": (8,)},
    warmup_steps=2,
    min_block_s=0.02,
    max_block_steps=10_000,
    min_repeats=8,
    max_repeats=30,
    target_ratio_error=0.03,
    target_rel_error=0.05,
    max_configuration_s=12.0,
    precisions=("fp32",),
    # A cold inductor compile of the quick set takes minutes on two cores: the first quick run pays it.
    keep_compile_caches=True,
)


def choose(given: list[str] | None, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    if not given:
        return allowed
    unknown = [g for g in given if g not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} {', '.join(unknown)}: choose from {', '.join(allowed)}")
    return tuple(g for g in allowed if g in given)


def variants(profile: Profile, workloads=None, frameworks=None, modes=None) -> list[tuple[Variant, str | None]]:
    """Every variant the selection names, each with None or the reason the profile skips it."""
    all_modes = tuple(dict.fromkeys(m for f in NAMES for m in MODES[f]))
    workloads = choose(workloads, tuple(hp.WORKLOADS), "workload")
    frameworks = choose(frameworks, NAMES, "framework")
    modes = choose(modes, all_modes, "mode")
    planned = []
    for workload in workloads:
        for framework in frameworks:
            for mode in (m for m in MODES[framework] if m in modes):
                for phase in PHASES:
                    for precision in PRECISIONS:
                        skip = None if precision in profile.precisions else \
                            f"the {profile.name} profile measures {', '.join(profile.precisions)} only"
                        for batch_size in profile.batch_sizes[workload]:
                            planned.append((Variant(workload, framework, mode, phase, precision, batch_size), skip))
    return planned
