"""CPU time, to tell what a benchmark would take on idle cores when other loads share the machine."""
from __future__ import annotations

import resource


def cpu_seconds() -> float:
    """User and system time of this process and of its children that have ended."""
    return own_cpu_seconds() + _seconds(resource.RUSAGE_CHILDREN)


def own_cpu_seconds() -> float:
    """User and system time of this process alone, all its threads."""
    return _seconds(resource.RUSAGE_SELF)


def _seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime
