from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from httpserver import Reply, query

from scrapers.community import CommunityCount, devto
from scrapers.http import HTTPStatusError
from scrapers.records import StructureChanged

FIXTURES = Path(__file__).parent / "fixtures" / "devto"
ARTICLES = "/api/articles"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()



@pytest.fixture
def api(http_server, monkeypatch):
    monkeypatch.setenv("FWTRENDS_DEVTO_BASE_URL", http_server.base_url)
    monkeypatch.setattr(devto, "PER_PAGE", 3)  # a full page in the fixtures holds three articles
    return http_server


def serve_pages(server, pytorch_pages: dict[str, Reply]) -> None:
    """The pytorch tag answers its pages; every other tag has no articles."""
    def handler(request) -> Reply:
        params = query(request.path)
        if params["tag"] != "pytorch":
            return Reply(body=fixture("empty_page.json"))
        return pytorch_pages[params["page"]]

    server.route(ARTICLES, handler=handler)


def asked(server) -> list[tuple[str, str]]:
    return [(query(p)["tag"], query(p)["page"]) for p in server.paths() if p.startswith(ARTICLES)]


def pytorch(harvest) -> dict[date, int]:
    return {c.period: c.count for c in harvest.counts if c.framework == "pytorch" and c.count}


def test_articles_carry_id_publication_time_title_and_url():
    first = devto.parse_articles(fixture("pytorch_page1_hotness_order.json"))[0]

    assert first == devto.Article(
        2061842, datetime(2026, 10, 3, 14, 12, 9, tzinfo=timezone.utc),
        "Fine-tuning a ViT with PyTorch Lightning", "https://dev.to/ana_ml/fine-tuning-a-vit-3kd1",
    )


def test_an_answer_that_is_not_a_list_means_the_structure_changed():
    with pytest.raises(StructureChanged):
        devto.parse_articles(fixture("unauthorized.json"))


def test_an_article_without_a_publication_time_means_the_structure_changed():
    with pytest.raises(StructureChanged):
        devto.parse_articles(fixture("article_without_published_at.json"))


def test_monthly_counts_cover_every_month_since_with_zeros_and_count_a_repeated_article_once():
    articles = (devto.parse_articles(fixture("pytorch_page1_hotness_order.json"))
                + devto.parse_articles(fixture("pytorch_page2_short_with_a_repeat.json")))

    counts = devto.monthly_counts(articles, "pytorch", date(2026, 9, 14), NOW)

    assert counts == [
        CommunityCount("devto", "pytorch", date(2026, 9, 1), 0, True),
        CommunityCount("devto", "pytorch", date(2026, 10, 1), 1, True),
        CommunityCount("devto", "pytorch", date(2026, 11, 1), 1, False),
    ]


def test_fetch_walks_past_an_old_article_because_pages_are_ordered_by_popularity(api, session):
    serve_pages(api, {"1": Reply(body=fixture("pytorch_page1_hotness_order.json")),
                      "2": Reply(body=fixture("pytorch_page2_short_with_a_repeat.json"))})

    harvest = devto.fetch_counts(session, date(2025, 1, 1), set(), now=NOW)

    # Page 1 already holds an article from 2024, before `since`; page 2 still had one from 2025.
    assert pytorch(harvest) == {date(2025, 3, 1): 1, date(2026, 10, 1): 1, date(2026, 11, 1): 1}
    assert asked(api) == [("pytorch", "1"), ("pytorch", "2"), ("tensorflow", "1"), ("keras", "1"), ("jax", "1")]
    assert harvest.stopped is None


def test_every_framework_gets_every_month_from_since_to_now(api, session):
    serve_pages(api, {"1": Reply(body=fixture("pytorch_page2_short_with_a_repeat.json"))})

    harvest = devto.fetch_counts(session, date(2026, 8, 1), set(), now=NOW)

    assert {(c.framework, c.period) for c in harvest.counts} == {
        (fw, date(2026, month, 1)) for fw in ("pytorch", "tensorflow", "keras", "jax") for month in (8, 9, 10, 11)
    }
    assert all(query(p)["per_page"] == "3" for p in api.paths() if p.startswith(ARTICLES))


def test_an_empty_page_after_a_full_one_ends_the_walk(api, session):
    serve_pages(api, {"1": Reply(body=fixture("pytorch_page1_hotness_order.json")),
                      "2": Reply(body=fixture("empty_page.json"))})

    harvest = devto.fetch_counts(session, date(2024, 1, 1), set(), now=NOW)

    assert sum(pytorch(harvest).values()) == 3
    assert asked(api)[:3] == [("pytorch", "1"), ("pytorch", "2"), ("tensorflow", "1")]


def test_the_anonymous_page_limit_stops_the_walk_with_a_note_and_leaves_months_open(api, session):
    unauthorized = Reply(401, {"Content-Type": "application/json"}, fixture("unauthorized.json"))
    serve_pages(api, {"1": Reply(body=fixture("pytorch_page1_hotness_order.json")), "2": unauthorized})

    harvest = devto.fetch_counts(session, date(2024, 1, 1), set(), now=NOW)

    assert sum(pytorch(harvest).values()) == 3
    assert not any(c.final for c in harvest.counts if c.framework == "pytorch")
    assert any(c.final for c in harvest.counts if c.framework == "tensorflow")
    assert harvest.stopped.startswith("tag pytorch: dev.to refused page 2 (HTTP 401")
    assert ("jax", "1") in asked(api)


def test_a_refused_first_page_is_an_error_not_a_note(api, session):
    serve_pages(api, {"1": Reply(401, {}, fixture("unauthorized.json"))})

    with pytest.raises(HTTPStatusError):
        devto.fetch_counts(session, date(2024, 1, 1), set(), now=NOW)
