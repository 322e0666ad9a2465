"""How much the first line of an HN "Who is hiring?" posting gives, per year: the share of postings with a
location and with a company found.

Read on the real threads recorded from the site (../shared/reference/real-pages: all of April 2011, three
postings of September 2026) and on the hand-made fixture thread of September 2023, whose postings are chosen
to be hard. Targets, for the real threads: a location for at least 80 % of postings in every year, and a
company for at least 80 % from 2014, when the `Company | Role | Location` header became the convention.
Before it most first lines name only the place (`Raleigh, NC - Generalist engineer`): a posting whose company
is not found counts under its author.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reference import REAL_PAGES

from scrapers.jobs import hn

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "scrapers" / "jobs" / "fixtures" / "hn"
LOCATION_TARGET = 0.8
COMPANY_TARGET = 0.8
HEADER_CONVENTION_FROM = 2014


@dataclass(frozen=True)
class ThreadFile:
    path: Path
    month: date
    real: bool


THREADS = [
    ThreadFile(REAL_PAGES / "hn" / "algolia_items_2396027_2011-04.json", date(2011, 4, 1), real=True),
    ThreadFile(FIXTURES / "thread_nested_replies_deleted_and_dead.json", date(2023, 9, 1), real=False),
    ThreadFile(REAL_PAGES / "hn" / "kurmudgen_jobwatch_hn_item_49522897_2026-09.json", date(2026, 9, 1), real=True),
]


def share(part: int, whole: int) -> str:
    return f"{part / whole:6.1%}" if whole else "   n/a"


def verdict(value: float, target: float | None) -> str:
    if target is None:
        return "no target"
    return f"target >= {target:.0%}: {'PASS' if value >= target else 'FAIL'}"


def main() -> None:
    if not REAL_PAGES.is_dir():
        print(f"hn fields: skipped, no real pages at {REAL_PAGES}")
        return
    for thread in THREADS:
        body = thread.path.read_bytes()
        item = json.loads(body)
        posts = hn.parse_thread(body, hn.Thread(str(item["id"]), item.get("title") or "", thread.month, None, None, 0))
        replies = sum(1 for child in item["children"] if child.get("text"))
        located = sum(1 for post in posts if post.location)
        named = sum(1 for post in posts if post.company)
        location_target = LOCATION_TARGET if thread.real else None
        company_target = COMPANY_TARGET if thread.real and thread.month.year >= HEADER_CONVENTION_FROM else None
        kind = "real" if thread.real else "hand-made"
        print(f"{thread.month.year} ({kind}, {thread.month:%B %Y}, {thread.path.name}): {len(posts)} postings of "
              f"{replies} replies; location {share(located, len(posts))} "
              f"({verdict(located / len(posts), location_target)}); company {share(named, len(posts))} "
              f"({verdict(named / len(posts), company_target)}); {len(posts) - named} counted under their author")


if __name__ == "__main__":
    main()
