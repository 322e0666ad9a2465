"""Each framework's first release on PyPI, from its JSON API (`/pypi/<package>/json`): the earliest upload over
every file of every version, that version, and how many versions have files.

Not a community count: it has no periods, so it stays out of `scrapers.community.SOURCES`. A first upload to
PyPI bounds a first public release from above only: both frameworks were first distributed elsewhere.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from scrapers.community import utc_now
from scrapers.http import PoliteSession, base_url
from scrapers.records import StructureChanged

SOURCE = "pypi"
BASE_URL = "https://pypi.org"
# A first release does not change; the count of releases does. Under a week, so that the weekly community run
# (same hour each week) asks afresh rather than replaying last week's answer seconds short of its expiry.
MAX_AGE = timedelta(days=6)
PACKAGES: dict[str, str] = {"tensorflow": "tensorflow", "pytorch": "torch"}  # framework -> package
FRAMEWORKS: dict[str, str] = {package: framework for framework, package in PACKAGES.items()}
HISTORY_NOTES: dict[str, str] = {
    "tensorflow": "TensorFlow's first releases (0.5.0, November 2015) were wheels on storage.googleapis.com, "
                  "not PyPI, so PyPI's first upload is an upper bound.",
    "torch": "PyTorch's first releases (0.1.x, January 2017) were distributed from pytorch.org, not PyPI, "
             "so PyPI's first upload is an upper bound.",
}


@dataclass(frozen=True)
class Release:
    framework: str
    package: str
    first_version: str
    first_upload_at: datetime
    releases: int  # versions with at least one file
    history_note: str
    response_date: datetime | None = None  # when PyPI answered; set by `fetch_releases`


def releases_url(package: str) -> str:
    return f"{base_url(SOURCE, BASE_URL)}/pypi/{package}/json"


def parse_releases(body: bytes, package: str) -> Release:
    """The package's earliest upload; a version whose files were all deleted is not a release."""
    payload = json.loads(body)
    versions = payload.get("releases") if isinstance(payload, dict) else None
    if not isinstance(versions, dict):
        raise StructureChanged(SOURCE, releases_url(package), "no releases mapping")
    try:
        uploads = [(datetime.fromisoformat(file["upload_time_iso_8601"]), version)
                   for version, files in versions.items() for file in files]
    except (KeyError, TypeError, ValueError) as error:
        raise StructureChanged(SOURCE, releases_url(package), f"a file without upload_time_iso_8601 ({error!r})") from None
    if not uploads:
        raise StructureChanged(SOURCE, releases_url(package), f"{package} has no uploaded files")
    first_upload_at, first_version = min(uploads)
    releases = sum(1 for files in versions.values() if files)
    return Release(FRAMEWORKS[package], package, first_version, first_upload_at, releases, HISTORY_NOTES[package])


def fetch_releases(session: PoliteSession) -> list[Release]:
    """Every package's first release, each with the date PyPI answered (a replay keeps the original answer's)."""
    found = []
    for package in PACKAGES.values():
        response = session.get(releases_url(package), max_age=MAX_AGE)
        date_header = response.headers.get("Date")
        answered = parsedate_to_datetime(date_header) if date_header else utc_now()
        found.append(replace(parse_releases(response.content, package), response_date=answered))
    return found
