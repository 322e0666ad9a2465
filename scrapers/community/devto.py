"""dev.to articles per framework tag per month, from the Forem API (the 2019 study counted Medium
articles; Medium has no read API).

`/api/articles?tag=` orders articles by popularity ("hotness"), not by date (forem/forem,
app/services/article_api_index_service.rb), so a page of old articles says nothing about the next
page: every page of a tag is read, until one comes back short or empty. At 1,000 articles a page a
tag takes a few requests. Anonymous clients get 401 past page 1,000; a walk that meets it stops there.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from scrapers.community import (
    LIVE_MAX_AGE,
    CommunityCount,
    Harvest,
    month_start,
    months,
    period_end,
    utc_now,
)
from scrapers.http import HTTPStatusError, PoliteSession, base_url
from scrapers.records import ProbeFinding, StructureChanged, probe_finding

SOURCE = "devto"
BASE_URL = "https://dev.to"
RATE = 1.0  # dev.to allows about 3 requests a second
PER_PAGE = 1000  # the API's maximum
PROBE_PAGE = 30
TAGS: dict[str, str] = {"pytorch": "pytorch", "tensorflow": "tensorflow", "keras": "keras", "jax": "jax"}


@dataclass(frozen=True)
class Article:
    id: int
    published_at: datetime
    title: str
    url: str


def articles_url() -> str:
    return f"{base_url(SOURCE, BASE_URL)}/api/articles"


def parse_articles(body: bytes) -> list[Article]:
    payload = json.loads(body)
    if not isinstance(payload, list):
        raise StructureChanged(SOURCE, articles_url(), "not a list of articles")
    try:
        return [_article(item) for item in payload]
    except (KeyError, TypeError, ValueError) as error:
        raise StructureChanged(SOURCE, articles_url(), f"an article without id or published_at ({error!r})") from None


def monthly_counts(
    articles: list[Article], framework: str, since: date, now: datetime, *, final: bool = True
) -> list[CommunityCount]:
    """Articles per month from the month of `since` to this month, months without articles included.
    An article met twice (pages shift while they are read) counts once.

    `final=False` marks every month open, for a walk that could not read every page."""
    unique = {article.id: article for article in articles}.values()
    per_month = Counter(month_start(article.published_at.date()) for article in unique)
    return [
        CommunityCount(SOURCE, framework, month, per_month[month],
                       final=final and now >= period_end(month, monthly=True))
        for month in months(since, now.date())
    ]


def fetch_counts(session: PoliteSession, since: date, final_months: set[date], *,
                 now: datetime | None = None) -> Harvest:
    """Each tag's articles per month since `since`; every tag is walked to its last page, as the API lists
    articles by popularity, not date, so months already final cannot be left out."""
    now = now or utc_now()
    counts: list[CommunityCount] = []
    notes: list[str] = []
    for tag, framework in TAGS.items():
        articles, note = _walk(session, tag)
        counts += monthly_counts(articles, framework, since, now, final=note is None)
        if note:
            notes.append(note)
    return Harvest(counts, "; ".join(notes) or None)



def probe(session: PoliteSession) -> ProbeFinding:
    """The first PROBE_PAGE articles tagged pytorch, asked afresh: a full page, each with its date and URL."""
    params = {"tag": "pytorch", "per_page": str(PROBE_PAGE), "page": "1"}
    articles = parse_articles(session.get(articles_url(), params=params, max_age=timedelta(0)).content)
    return probe_finding(articles_url(), articles, PROBE_PAGE, ("published_at", "url"))


def _walk(session: PoliteSession, tag: str) -> tuple[list[Article], str | None]:
    articles: list[Article] = []
    page = 1
    while True:
        params = {"tag": tag, "per_page": str(PER_PAGE), "page": str(page)}
        try:
            response = session.get(articles_url(), params=params, max_age=LIVE_MAX_AGE)
        except HTTPStatusError as error:
            if error.status == 401 and page > 1:
                return articles, (f"tag {tag}: dev.to refused page {page} ({error.reason}); "
                                  f"counts cover the first {page - 1} pages")
            raise
        found = parse_articles(response.content)
        articles += found
        if len(found) < PER_PAGE:
            return articles, None
        page += 1


def _article(item: dict) -> Article:
    return Article(item["id"], datetime.fromisoformat(item["published_at"]), item.get("title", ""), item.get("url", ""))
