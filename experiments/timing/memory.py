"""Peak resident memory of this process on Linux, resettable so each variant gets its own peak."""
from __future__ import annotations

from pathlib import Path

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")


def status_mb(field: str) -> float:
    """A memory field of /proc/self/status (VmRSS, VmHWM, ...) in MiB."""
    for line in STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # the kernel reports kB
    raise OSError(f"{field} missing from {STATUS}")


class RssPeak:
    """Resident set size; `reset` makes the high-water mark (VmHWM) start again from the current RSS."""

    source = "rss"

    def reset(self) -> None:
        CLEAR_REFS.write_text("5")  # 5: reset the peak RSS (Linux >= 4.0)

    def peak_mb(self) -> float:
        return status_mb("VmHWM")
