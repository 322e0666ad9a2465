"""The employers whose job boards are snapshotted (scrapers/jobs/employers.toml), and fetching one's board."""
from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files
from pathlib import Path

from scrapers.http import PoliteSession
from scrapers.jobs import ashby, greenhouse, lever
from scrapers.records import JobPost

FETCHERS: dict[str, Callable[..., list[JobPost]]] = {
    greenhouse.SOURCE: greenhouse.fetch_jobs,
    lever.SOURCE: lever.fetch_postings,
    ashby.SOURCE: ashby.fetch_jobs,
}
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
        if entry.get("board") not in FETCHERS:
            raise ValueError(f"{where}: board must be one of {', '.join(FETCHERS)}, not {entry.get('board')!r}")
        if not entry.get("name") or not entry.get("token"):
            raise ValueError(f"{where}: needs a name and a token")
        employers.append(Employer(**entry))
    boards = [(employer.board, employer.token) for employer in employers]
    if duplicates := sorted({board for board in boards if boards.count(board) > 1}):
        raise ValueError(f"boards listed twice: {duplicates}")
    return employers


def fetch_board(session: PoliteSession, employer: Employer, now: datetime | None = None) -> list[JobPost]:
    """The postings open on the employer's board now; raises `BoardNotFound` for a board that does not exist."""
    return FETCHERS[employer.board](session, employer.token, employer.name, now)
