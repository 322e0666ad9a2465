"""CPU time, to tell what a benchmark would take on idle cores when other loads share the machine."""
from __future__ import annotations

import resource


def cpu_seconds() -> float:
    """User and system time of this process and of its children that have ended."""
    return sum(getattr(resource.getrusage(who), field) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for field in ("ru_utime", "ru_stime"))
