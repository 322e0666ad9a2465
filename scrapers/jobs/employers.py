"""The employers whose job boards are snapshotted (scrapers/jobs/employers.toml), each board a unit of work."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

# The registry is read as `jobs.BOARDS` when called: the board modules import this one while
# scrapers.jobs, which lists them, is still being set up.
from scrapers import jobs

_KEYS = {"name", "board", "token", "seen"}


@dataclass(frozen=True)
class Employer:
    name: str
    board: str  # greenhouse | lever | ashby
    token: str  # the board's name in its API URL
    seen: str | None = None  # where the token was seen in use; None: never checked


def load_employers(path: Path | None = None) -> list[Employer]:
    """The employer list (default: the one shipped in scrapers/jobs/employers.toml)."""
    source = path or files(__package__).joinpath("employers.toml")
    text = source.read_text(encoding="utf-8")
    employers = []
    for number, entry in enumerate(tomllib.loads(text).get("employers", []), start=1):
        where = f"employer {number} ({entry.get('name', 'no name')})"
        if unknown := entry.keys() - _KEYS:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        if entry.get("board") not in jobs.BOARDS:
            raise ValueError(f"{where}: board must be one of {', '.join(jobs.BOARDS)}, not {entry.get('board')!r}")
        if not entry.get("name") or not entry.get("token"):
            raise ValueError(f"{where}: needs a name and a token")
        employers.append(Employer(**entry))
    boards = [(employer.board, employer.token) for employer in employers]
    if duplicates := sorted({board for board in boards if boards.count(board) > 1}):
        raise ValueError(f"boards listed twice: {duplicates}")
    return employers


def board_units(kind: str, employers: list[Employer]) -> list[jobs.Unit]:
    """A board kind's units: one per listed employer whose board it hosts."""
    return [jobs.Unit(kind, f"{employer.name} ({employer.token})", employer, board=f"{kind}:{employer.token}")
            for employer in employers if employer.board == kind]
