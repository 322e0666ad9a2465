"""What the machine is, read without starting any framework: CPU model and features, NVIDIA GPUs."""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
from functools import cache
from pathlib import Path

CPUINFO = Path("/proc/cpuinfo")
# Instructions that make bf16 arithmetic native on x86 (AVX-512 BF16, AMX); without them it is emulated.
BF16_CPU_FLAGS = ("avx512_bf16", "amx_bf16")


@cache
def cpu_info() -> dict[str, str]:
    """The first processor's fields from /proc/cpuinfo (empty off Linux)."""
    if not CPUINFO.exists():
        return {}
    info = {}
    for line in CPUINFO.read_text().splitlines():
        if not line.strip():
            break
        name, _, value = line.partition(":")
        info[name.strip()] = value.strip()
    return info


def cpu_model() -> str:
    return cpu_info().get("model name") or platform.processor() or platform.machine()


def cpu_bf16_flags() -> list[str]:
    flags = set(cpu_info().get("flags", "").split())
    return [f for f in BF16_CPU_FLAGS if f in flags]


def cpu_bf16_unsupported() -> str | None:
    """Why bf16 is not measured on this CPU, or None when it does bf16 natively."""
    if cpu_bf16_flags():
        return None
    return f"this CPU ({cpu_model()}) has no native bf16 instructions ({', '.join(BF16_CPU_FLAGS)})"


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity), which a container may set below the machine's count."""
    return len(os.sched_getaffinity(0))


@cache
def nvidia_gpus() -> list[dict[str, str]]:
    """name, driver and memory of each NVIDIA GPU that `nvidia-smi` lists; empty without one."""
    if shutil.which("nvidia-smi") is None:
        return []
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,driver_version,memory.total,compute_cap", "--format=csv,noheader"],
            capture_output=True, text=True, timeout=30, check=True,
        ).stdout
    except (subprocess.SubprocessError, OSError):
        return []
    fields = ("name", "driver", "memory", "compute_capability")
    return [dict(zip(fields, (part.strip() for part in line.split(",")))) for line in out.splitlines() if line.strip()]


def resolve_device(requested: str) -> str:
    """auto -> cuda when an NVIDIA GPU is present, else cpu; cpu and cuda stand as asked."""
    if requested not in ("auto", "cpu", "cuda"):
        raise ValueError(f"device must be auto, cpu or cuda, not {requested!r}")
    if requested == "auto":
        return "cuda" if nvidia_gpus() else "cpu"
    return requested


# A machine is busy when others' work keeps this share of its usable CPUs occupied on average.
BUSY_SHARE = 0.5


def busy(load: float, cpus: int) -> bool:
    return load >= BUSY_SHARE * cpus


def fingerprint() -> dict:
    """The machine as a measurement found it; taken before a run starts its own processes, the load average
    is others' work, which slows and scatters every step timed on the same cores."""
    gpus = nvidia_gpus()
    load = os.getloadavg()[0]
    return {
        "cpu_model": cpu_model(),
        "logical_cpus": os.cpu_count(),
        "usable_cpus": usable_cpus(),
        "cpu_bf16_flags": cpu_bf16_flags(),
        "gpus": gpus,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_1min": round(load, 2),
        "busy": busy(load, usable_cpus()),
    }
