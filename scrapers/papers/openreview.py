"""OpenReview's notes API (v2 at api2.openreview.net, v1 at api.openreview.net): paging, logging in,
the rates its hosts allow, and notes as plain records whatever the API version wrapped them in.
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from scrapers.http import HTTPStatusError, PoliteSession, base_url, source_rate
from scrapers.records import StructureChanged

SOURCE = "openreview"
API_URL = "https://api2.openreview.net"
API_V1_URL = "https://api.openreview.net"
WEB_URL = "https://openreview.net"

PAGE_TIMEOUT = (15, 180)
PAGE_MAX_BYTES = 256 * 2**20
LOGIN_TIMEOUT = (10, 30)

# What OpenReview allows a guest: about 20 API requests a minute per API host, 36 PDFs an hour.
API_RATE = 20 / 60
PDF_RATE = 36 / 3600

# The `name` of the 403 with which OpenReview sends an anonymous reader to a browser check.
CHALLENGE = "ChallengeRequiredError"


@dataclass(frozen=True)
class Note:
    id: str
    forum: str
    invitation: str
    content: dict[str, Any]  # API v2's {"value": x} wrappers removed
    replies: tuple[Note, ...] = ()  # direct replies, when the query asked for them


def api_url() -> str:
    return base_url(SOURCE, API_URL)


def api_v1_url() -> str:
    return base_url("openreview_v1", API_V1_URL)


def web_url() -> str:
    return base_url("openreview_web", WEB_URL)


def forum_url(forum: str) -> str:
    return f"{web_url()}/forum?id={forum}"


def pdf_url(forum: str) -> str:
    return f"{web_url()}/pdf?id={forum}"


def host_rates() -> dict[str, float]:
    """Requests per second for each OpenReview host, by base URL; env FWTRENDS_OPENREVIEW_RATE,
    FWTRENDS_OPENREVIEW_V1_RATE and FWTRENDS_OPENREVIEW_WEB_RATE override them."""
    return {
        api_url(): source_rate(SOURCE, API_RATE),
        api_v1_url(): source_rate("openreview_v1", API_RATE),
        web_url(): source_rate("openreview_web", PDF_RATE),
    }


def parse_notes(body: bytes, url: str) -> list[Note]:
    """The notes of one `/notes` answer, of either API version."""
    try:
        return [_note(raw) for raw in json.loads(body)["notes"]]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise StructureChanged(SOURCE, url, f"not a list of notes ({type(error).__name__}: {error})") from error


def credentials() -> tuple[str, str] | None:
    username, password = os.environ.get("OPENREVIEW_USERNAME"), os.environ.get("OPENREVIEW_PASSWORD")
    return (username, password) if username and password else None


def login(session: PoliteSession, api: str, username: str, password: str) -> str:
    """A bearer token for `api`."""
    url = f"{api}/login"
    try:
        answer = session.post_json(url, {"id": username, "password": password}, timeout=LOGIN_TIMEOUT)
    except HTTPStatusError as error:
        if error.status not in (400, 401, 403) or is_challenge(error):
            raise
        hint = f"login as {username} refused: check OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD"
        raise _explained(error, hint) from error
    token = answer.get("token") if isinstance(answer, dict) else None
    if not token:
        raise StructureChanged(SOURCE, url, "login answered without a token")
    return token


def auth_headers(session: PoliteSession, api: str) -> dict[str, str]:
    """The Authorization header when OPENREVIEW_USERNAME/OPENREVIEW_PASSWORD are set, else none.
    Offline there is none either: the notes replay from the cache whoever asked for them."""
    found = credentials()
    if not found or session.offline:
        return {}
    return {"Authorization": f"Bearer {login(session, api, *found)}"}


def is_challenge(error: HTTPStatusError) -> bool:
    """Whether OpenReview turned an anonymous reader away to a browser check, rather than refused."""
    return error.status == 403 and _error_said(error)[0] == CHALLENGE


def fetch_notes(
    session: PoliteSession,
    api: str,
    query: Mapping[str, str],
    *,
    page_size: int,
    headers: Mapping[str, str] | None = None,
    max_age: timedelta | None = None,
) -> list[Note]:
    """Every note the query matches, a page of `page_size` at a time."""
    url, notes = f"{api}/notes", []
    while True:
        params = {**query, "limit": str(page_size), "offset": str(len(notes))}
        try:
            response = session.get(
                url, params=params, headers=headers, timeout=PAGE_TIMEOUT, max_bytes=PAGE_MAX_BYTES, max_age=max_age
            )
        except HTTPStatusError as error:
            if not _error_said(error)[0]:
                raise
            raise _explained(error) from error
        page = parse_notes(response.content, response.url)
        notes += page
        if len(page) < page_size:
            return notes


def _note(raw: dict[str, Any]) -> Note:
    invitations = raw.get("invitations") or [raw.get("invitation", "")]  # v2 lists them, v1 names one
    replies = (raw.get("details") or {}).get("directReplies") or []
    return Note(
        id=raw["id"],
        forum=raw.get("forum") or raw["id"],
        invitation=invitations[0],
        content={key: _unwrapped(value) for key, value in (raw.get("content") or {}).items()},
        replies=tuple(_note(reply) for reply in replies),
    )


def _unwrapped(value: Any) -> Any:
    if isinstance(value, dict) and "value" in value:
        return value["value"]
    return value


def _error_said(error: HTTPStatusError) -> tuple[str, str]:
    """OpenReview's name and message for an error, from its JSON answer; empty where it gave none."""
    try:
        answer = json.loads(error.body)
    except ValueError:  # also a body cut short at the kept length, or not UTF-8
        return "", ""
    if not isinstance(answer, dict):
        return "", ""
    return str(answer.get("name") or ""), str(answer.get("message") or "")


def _explained(error: HTTPStatusError, hint: str = "") -> HTTPStatusError:
    """The same error, its reason carrying OpenReview's own words for it and the hint."""
    name, message = _error_said(error)
    reason = error.reason + (f" ({name}: {message[:200]})" if name else "") + (f"; {hint}" if hint else "")
    return HTTPStatusError(error.url, error.status, reason, error.body)
