"""Hacker News "Ask HN: Who is hiring?": one thread a month since April 2011, via the Algolia HN API.

The `whoishiring` account's stories give nearly every monthly thread; the few months it did not
post (or that its tag index misses) are found by searching for the thread's exact title.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from scrapers.http import PoliteSession, base_url
from scrapers.jobs import Unit
from scrapers.jobs.employers import Employer
from scrapers.jobs.hn_header import is_posting, read_header
from scrapers.records import JobPost, ProbeFinding, StructureChanged, probe_finding
from scrapers.text.normalise import clean_line, html_to_text

SOURCE = "hn"
BASE_URL = "https://hn.algolia.com"
ITEM_URL = "https://news.ycombinator.com/item?id={id}"
FIRST_MONTH = date(2011, 4, 1)
HITS_PER_PAGE = 100
# How long a page that still changes (the thread list, a thread of the last two months) replays from
# the cache before it is fetched again.
LIVE_MAX_AGE = timedelta(hours=6)
SETTLED_AFTER = timedelta(days=62)
# The whoishiring account posts three stories a month, so a page of 100 holds about 33 monthly threads.
PROBE_THREADS = 12
PROBE_POSTINGS = 100

# Spelled out rather than taken from `calendar.month_name`, which follows the locale.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
# Only the monthly threads: "Who wants to be hired?", "Freelancer? Seeking freelancer?" and
# March 2020's extra "Who is hiring right now?" do not match.
_MONTHLY_TITLE = re.compile(rf"who\s+is\s+hiring\??\s*\(({'|'.join(_MONTHS)})\s+(\d{{4}})\)", re.IGNORECASE)


@dataclass(frozen=True)
class Thread:
    id: str
    title: str
    month: date  # first day of the month the thread is for
    author: str | None
    created_at: datetime | None
    num_comments: int


def threads_url() -> str:
    return f"{base_url(SOURCE, BASE_URL)}/api/v1/search_by_date"


def title_search_url() -> str:
    return f"{base_url(SOURCE, BASE_URL)}/api/v1/search"


def item_url(item_id: str) -> str:
    return f"{base_url(SOURCE, BASE_URL)}/api/v1/items/{item_id}"


def thread_title(month: date) -> str:
    return f"Ask HN: Who is hiring? ({MONTH_NAMES[month.month - 1]} {month.year})"


def parse_thread_hits(body: bytes) -> tuple[list[dict], int]:
    """The story hits of one search page and the number of pages the search has."""
    payload = json.loads(body)
    return payload["hits"], payload["nbPages"]


def monthly_threads(hits: list[dict]) -> dict[date, Thread]:
    """The monthly hiring thread of each month among the hits; of two for a month, the busier."""
    threads: dict[date, Thread] = {}
    for hit in hits:
        thread = _thread(hit)
        if thread is None:
            continue
        current = threads.get(thread.month)
        if current is None or thread.num_comments > current.num_comments:
            threads[thread.month] = thread
    return dict(sorted(threads.items()))


def missing_months(threads: dict[date, Thread], since: date, until: date) -> list[date]:
    """The months from `since` to `until` (both included) that have no thread."""
    months = []
    month = since.replace(day=1)
    while month <= until:
        if month not in threads:
            months.append(month)
        month = _next_month(month)
    return months


def parse_thread(body: bytes, thread: Thread) -> list[JobPost]:
    """The postings of a thread's item: the story's direct replies that still have text, less those that
    are no posting (a note about the thread, a pointer to another job board), one per company.

    Replies to a posting nest inside it (`children` of the child); deleted and dead replies have no text.
    """
    item = json.loads(body)
    children = item.get("children")
    if str(item.get("id")) != thread.id or children is None:
        raise StructureChanged(SOURCE, ITEM_URL.format(id=thread.id), "not the thread's item with its replies")
    replies = [_post(child, thread) for child in children if child.get("text")]
    if children and not replies:
        raise StructureChanged(SOURCE, ITEM_URL.format(id=thread.id), "replies without postings")
    return one_per_company([reply for reply in replies if is_posting(reply.text.partition("\n")[0])])


def one_per_company(posts: list[JobPost]) -> list[JobPost]:
    """A company that posts twice in a month's thread counts once: its first posting is kept. A posting
    whose first line names no company counts under its author, so it is never merged with another
    company's; one with no author either stands alone."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for post in sorted(posts, key=lambda p: (p.posted_at is None, p.posted_at)):
        poster = _poster(post)
        if poster in seen:
            continue
        seen.add(poster)
        kept.append(post)
    return kept


def fetch_threads(session: PoliteSession, since: date, until: date | None = None) -> list[Thread]:
    """Every month's thread from `since` to `until` (default: this month), oldest first."""
    first = max(since.replace(day=1), FIRST_MONTH)
    last = (until or datetime.now(timezone.utc).date()).replace(day=1)
    threads = monthly_threads(_whoishiring_stories(session))
    if not threads:
        raise StructureChanged(SOURCE, threads_url(), "no monthly thread among the account's stories")
    for month in missing_months(threads, first, last):
        found = monthly_threads(_title_search(session, month))
        if month in found:
            threads[month] = found[month]
    return [thread for month, thread in sorted(threads.items()) if first <= month <= last]


def fetch_posts(session: PoliteSession, thread: Thread, now: datetime | None = None) -> list[JobPost]:
    return parse_thread(fetch_body(session, thread, now), thread)


def fetch_body(session: PoliteSession, thread: Thread, now: datetime | None = None) -> bytes:
    """The thread's item as the API answers it, for `parse_thread`."""
    # Postings keep arriving for weeks after a thread opens; an older thread replays from the cache.
    settled = (now or datetime.now(timezone.utc)).date() - thread.month > SETTLED_AFTER
    max_age = None if settled else LIVE_MAX_AGE
    return session.get(item_url(thread.id), max_age=max_age).content


def list_units(session: PoliteSession, since: date, until: date | None, employers: list[Employer]) -> list[Unit]:
    """A unit per monthly thread from `since` to `until` (default: this month); employers are the boards'."""
    return [Unit(SOURCE, f"thread {thread.month:%Y-%m}", thread) for thread in fetch_threads(session, since, until)]


def fetch_unit(session: PoliteSession, unit: Unit, now: datetime | None = None) -> list[JobPost]:
    return fetch_posts(session, unit.ref, now)



def probe(session: PoliteSession) -> ProbeFinding:
    """The first page of the thread search, fetched afresh: at least PROBE_THREADS monthly threads; then the
    replies of last month's thread (this month's may have just opened): at least PROBE_POSTINGS postings with
    a company and a text."""
    body = session.get(threads_url(), params=stories_params(0), max_age=timedelta(0)).content
    threads = list(monthly_threads(parse_thread_hits(body)[0]).values())
    search = probe_finding(threads_url(), threads, PROBE_THREADS, ("title", "created_at"))
    if search.problems:
        return search
    thread = threads[-2]
    posts = parse_thread(session.get(item_url(thread.id), max_age=timedelta(0)).content, thread)
    return probe_finding(item_url(thread.id), posts, PROBE_POSTINGS, ("company", "text"))


def stories_params(page: int) -> dict[str, str]:
    return {"tags": "story,author_whoishiring", "hitsPerPage": str(HITS_PER_PAGE), "page": str(page)}


def _whoishiring_stories(session: PoliteSession) -> list[dict]:
    hits: list[dict] = []
    page, pages = 0, 1
    while page < pages:
        page_hits, pages = parse_thread_hits(
            session.get(threads_url(), params=stories_params(page), max_age=LIVE_MAX_AGE).content)
        if not page_hits:
            raise StructureChanged(SOURCE, threads_url(), f"no stories on page {page} of {pages}")
        hits += page_hits
        page += 1
    return hits


def _title_search(session: PoliteSession, month: date) -> list[dict]:
    params = {"query": thread_title(month), "tags": "story"}
    hits, _ = parse_thread_hits(session.get(title_search_url(), params=params, max_age=LIVE_MAX_AGE).content)
    return hits


def _thread(hit: dict) -> Thread | None:
    match = _MONTHLY_TITLE.search(hit.get("title") or "")
    if match is None:
        return None
    return Thread(
        id=str(hit["objectID"]),
        title=hit["title"],
        month=date(int(match[2]), _MONTHS[match[1].lower()], 1),
        author=hit.get("author"),
        created_at=_timestamp(hit.get("created_at")),
        num_comments=hit.get("num_comments") or 0,
    )


def _post(child: dict, thread: Thread) -> JobPost:
    # Texts of 2011-2013 carry some line breaks as a backslash and an n.
    text = html_to_text(child["text"].replace("\\n", "\n"))
    header = read_header(text.partition("\n")[0])
    return JobPost(
        post_id=f"{SOURCE}:{child['id']}",
        source=SOURCE,
        month=thread.month,
        posted_at=_timestamp(child.get("created_at")),
        url=ITEM_URL.format(id=child["id"]),
        text=text,
        company=header.company,
        title=header.role,
        location=header.location,
        thread_id=thread.id,
        author=child.get("author"),
    )


def _poster(post: JobPost) -> tuple[str, str]:
    if post.company:
        return "company", clean_line(post.company).casefold()
    if post.author:
        return "author", post.author
    return "post", post.post_id


def _timestamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)
