from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from httpserver import Reply, query

from scrapers.community import CommunityCount, github
from scrapers.records import StructureChanged

FIXTURES = Path(__file__).parent / "fixtures" / "github"
JAN, FEB = date(2024, 1, 1), date(2024, 2, 1)
SEARCH = "/search/repositories"
RESET = 1798329600  # 2026-12-27T00:00:00Z


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()



@pytest.fixture
def api(http_server, monkeypatch):
    monkeypatch.setenv("FWTRENDS_GITHUB_BASE_URL", http_server.base_url)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    return http_server


def limit_headers(remaining: int) -> dict[str, str]:
    return {"x-ratelimit-limit": "10", "x-ratelimit-remaining": str(remaining), "x-ratelimit-reset": str(RESET),
            "x-ratelimit-resource": "search", "Content-Type": "application/json"}


def search_requests(server):
    return [request for request in server.requests if request.path.startswith(SEARCH)]


def test_search_query_names_the_topic_and_every_day_of_the_month():
    assert github.search_query("pytorch", FEB) == "topic:pytorch created:2024-02-01..2024-02-29"
    assert github.search_query("jax", date(2023, 12, 1)) == "topic:jax created:2023-12-01..2023-12-31"


def test_total_count_and_whether_the_search_completed():
    assert github.parse_total(fixture("search_one_repository_of_many.json")) == (1337, True)
    assert github.parse_total(fixture("search_incomplete_results.json")) == (912, False)


def test_an_error_answer_without_total_count_means_the_structure_changed():
    with pytest.raises(StructureChanged):
        github.parse_total(fixture("validation_failed.json"))


def test_fetch_counts_every_topic_every_month_asking_for_one_item(api, session, asking_for):
    api.route(SEARCH, fixture("search_one_repository_of_many.json"), headers=limit_headers(9))

    harvest = github.fetch_counts(session, *asking_for(FEB, JAN))

    assert harvest.stopped is None
    assert harvest.counts[0] == CommunityCount("github", "pytorch", JAN, 1337, True)
    assert [(c.framework, c.period) for c in harvest.counts] == [
        (fw, month) for month in (JAN, FEB) for fw in ("pytorch", "tensorflow", "keras", "jax")
    ]
    asked = [query(r.path) for r in search_requests(api)]
    assert asked[0] == {"q": "topic:pytorch created:2024-01-01..2024-01-31", "per_page": "1"}
    assert search_requests(api)[0].headers["Accept"] == "application/vnd.github+json"


def test_an_incomplete_search_is_kept_but_not_final(api, session, asking_for):
    api.route(SEARCH, fixture("search_incomplete_results.json"), headers=limit_headers(9))

    harvest = github.fetch_counts(session, *asking_for(JAN))

    assert {(c.count, c.final) for c in harvest.counts} == {(912, False)}


def test_the_token_goes_as_a_bearer_header_when_set(api, session, monkeypatch, asking_for):
    api.route(SEARCH, fixture("search_nothing_found.json"), headers=limit_headers(29))
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_exampleexampleexample")

    github.fetch_counts(session, *asking_for(JAN))

    assert {r.headers["Authorization"] for r in search_requests(api)} == {"Bearer ghp_exampleexampleexample"}
    assert github.rate() == github.TOKEN_RATE


def test_without_a_token_no_authorization_goes_out(api, session, asking_for):
    api.route(SEARCH, fixture("search_nothing_found.json"), headers=limit_headers(9))

    github.fetch_counts(session, *asking_for(JAN))

    assert not any("Authorization" in r.headers for r in search_requests(api))
    assert github.rate() == github.RATE


def test_a_spent_rate_limit_stops_cleanly_with_the_reset_time(api, session, asking_for):
    api.route(SEARCH, responses=[
        Reply(200, limit_headers(1), fixture("search_one_repository_of_many.json")),
        Reply(200, limit_headers(0), fixture("search_nothing_found.json")),
    ])

    harvest = github.fetch_counts(session, *asking_for(JAN, FEB))

    assert [(c.framework, c.count) for c in harvest.counts] == [("pytorch", 1337), ("tensorflow", 0)]
    assert len(search_requests(api)) == 2
    assert "rate limit spent after 2 of 8 searches" in harvest.stopped
    assert "2026-12-27 00:00:00 UTC" in harvest.stopped
    assert "GITHUB_TOKEN" in harvest.stopped


@pytest.mark.parametrize("status", [403, 429])
def test_a_rate_limited_answer_stops_cleanly_and_keeps_what_was_counted(api, session, status, asking_for):
    api.route(SEARCH, responses=[
        Reply(200, limit_headers(5), fixture("search_one_repository_of_many.json")),
        Reply(status, limit_headers(0), fixture("rate_limit_exceeded.json")),
    ])

    harvest = github.fetch_counts(session, *asking_for(JAN))

    assert [c.count for c in harvest.counts] == [1337]
    assert harvest.stopped.startswith(f"rate limited after 1 of 4 searches (HTTP {status}")
    assert "2026-12-27 00:00:00 UTC" in harvest.stopped


def test_a_month_that_is_over_replays_from_the_cache(api, session, asking_for):
    api.route(SEARCH, fixture("search_one_repository_of_many.json"), headers=limit_headers(9))
    github.fetch_counts(session, *asking_for(JAN))

    again = github.fetch_counts(session, *asking_for(JAN))

    assert len(search_requests(api)) == 4
    assert [c.count for c in again.counts] == [1337] * 4


def test_this_month_is_not_final(api, session, asking_for):
    api.route(SEARCH, fixture("search_one_repository_of_many.json"), headers=limit_headers(9))
    this_month = datetime.now(timezone.utc).date().replace(day=1)

    harvest = github.fetch_counts(session, *asking_for(this_month))

    assert not any(c.final for c in harvest.counts)
