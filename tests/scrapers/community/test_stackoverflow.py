import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from httpserver import Reply, query

from scrapers import community
from scrapers.community import CommunityCount, stackoverflow
from scrapers.records import StructureChanged

FIXTURES = Path(__file__).parent / "fixtures" / "stackoverflow"
JAN, FEB = date(2024, 1, 1), date(2024, 2, 1)
SEARCH = "/2.3/search/advanced"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()



@pytest.fixture
def api(http_server, monkeypatch):
    monkeypatch.setenv("FWTRENDS_STACKOVERFLOW_BASE_URL", http_server.base_url)
    monkeypatch.delenv("STACKEXCHANGE_KEY", raising=False)
    return http_server


def searches(server) -> list[dict[str, str]]:
    return [query(path) for path in server.paths() if path.startswith(SEARCH)]


def total_per_request(server, answers: dict[int, Reply] | None = None) -> None:
    """Every search answers its own total (a distinct number per framework and month); the nth search
    (counting from 0) answers `answers[n]` instead when given."""
    answers = answers or {}
    asked = []

    def handler(request) -> Reply:
        asked.append(request)
        if len(asked) - 1 in answers:
            return answers[len(asked) - 1]
        params = query(request.path)
        frameworks = [";".join(tags) for tags in stackoverflow.FRAMEWORK_TAGS.values()]
        month = datetime.fromtimestamp(int(params["fromdate"]), timezone.utc)
        return Reply(body=json.dumps({"total": 1000 * month.month + frameworks.index(params["tagged"])}))

    server.route(SEARCH, handler=handler)


def test_a_month_asks_for_any_of_the_framework_tags_from_its_first_to_its_last_second():
    params = stackoverflow.month_params("pytorch", JAN)

    assert params == {
        "tagged": "pytorch;pytorch-lightning;libtorch;torchvision;torchscript",
        "site": "stackoverflow",
        "fromdate": "1704067200",  # 2024-01-01T00:00:00Z
        "todate": "1706745599",  # 2024-01-31T23:59:59Z
        "filter": "total",
    }


def test_every_framework_has_at_most_five_tags_and_no_tag_counts_twice():
    tags = [tag for group in stackoverflow.FRAMEWORK_TAGS.values() for tag in group]

    assert all(len(group) <= 5 for group in stackoverflow.FRAMEWORK_TAGS.values())
    assert len(tags) == len(set(tags))
    assert stackoverflow.FRAMEWORK_TAGS["keras"][1] == "tf.keras"


def test_answer_gives_total_and_no_backoff_or_quota_when_absent():
    assert stackoverflow.parse_answer(fixture("total_only.json")) == stackoverflow.Answer(2671, None, 0)


def test_answer_gives_its_backoff_and_quota():
    assert stackoverflow.parse_answer(fixture("total_with_backoff.json")).backoff == 10
    assert stackoverflow.parse_answer(fixture("total_with_quota_spent.json")).quota_remaining == 0


def test_answer_without_a_total_means_the_structure_changed():
    with pytest.raises(StructureChanged):
        stackoverflow.parse_answer(fixture("questions_page_without_total.json"))


def test_fetch_counts_each_framework_each_month_and_a_month_that_is_over_is_final(api, session, asking_for):
    total_per_request(api)
    this_month = datetime.now(timezone.utc).date().replace(day=1)

    harvest = stackoverflow.fetch_counts(session, *asking_for(this_month, JAN), sleep=pytest.fail)

    assert harvest.stopped is None
    assert harvest.counts[:4] == [
        CommunityCount("stackoverflow", "pytorch", JAN, 1000, True),
        CommunityCount("stackoverflow", "tensorflow", JAN, 1001, True),
        CommunityCount("stackoverflow", "keras", JAN, 1002, True),
        CommunityCount("stackoverflow", "jax", JAN, 1003, True),
    ]
    assert [(c.period, c.final) for c in harvest.counts[4:]] == [(this_month, False)] * 4
    this_month_start = str(int(community.period_start(this_month).timestamp()))
    assert [s["fromdate"] for s in searches(api)] == ["1704067200"] * 4 + [this_month_start] * 4


def test_fetch_counts_asks_for_the_months_since_since_that_are_not_final(api, session):
    total_per_request(api)
    this_month = datetime.now(timezone.utc).date().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    before = (last_month - timedelta(days=1)).replace(day=1)

    harvest = stackoverflow.fetch_counts(session, before, {before}, sleep=pytest.fail)

    assert [c.period for c in harvest.counts] == [last_month] * 4 + [this_month] * 4


def test_fetch_sleeps_through_the_backoff_before_the_next_call(api, session, asking_for):
    total_per_request(api, {0: Reply(body=fixture("total_with_backoff.json"))})
    slept = []

    harvest = stackoverflow.fetch_counts(session, *asking_for(JAN), sleep=slept.append)

    assert slept == [10]
    assert len(harvest.counts) == 4 and harvest.counts[0].count == 1544


def test_a_replayed_answer_asks_for_no_backoff_and_costs_no_request(api, session, asking_for):
    total_per_request(api, {0: Reply(body=fixture("total_with_backoff.json"))})
    stackoverflow.fetch_counts(session, *asking_for(JAN), sleep=lambda seconds: None)
    slept = []

    again = stackoverflow.fetch_counts(session, *asking_for(JAN), sleep=slept.append)

    assert slept == []
    assert len(searches(api)) == 4
    assert [c.count for c in again.counts] == [1544, 1001, 1002, 1003]


def test_the_current_month_is_asked_again_once_its_copy_is_stale(api, session, monkeypatch, asking_for):
    total_per_request(api)
    this_month = datetime.now(timezone.utc).date().replace(day=1)
    stackoverflow.fetch_counts(session, *asking_for(JAN, this_month))
    monkeypatch.setattr(community, "LIVE_MAX_AGE", timedelta(0))  # as if the copy were hours old

    stackoverflow.fetch_counts(session, *asking_for(JAN, this_month))

    fromdates = [s["fromdate"] for s in searches(api)]
    assert fromdates.count("1704067200") == 4  # January is over: its answers replay
    assert len(fromdates) == 12


def test_a_spent_quota_stops_the_harvest_and_keeps_what_was_counted(api, session, asking_for):
    total_per_request(api, {1: Reply(body=fixture("total_with_quota_spent.json"))})

    harvest = stackoverflow.fetch_counts(session, *asking_for(JAN, FEB), sleep=pytest.fail)

    assert [(c.framework, c.count) for c in harvest.counts] == [("pytorch", 1000), ("tensorflow", 812)]
    assert len(searches(api)) == 2
    assert "quota spent after 2 of 8 requests" in harvest.stopped
    assert "STACKEXCHANGE_KEY" in harvest.stopped


def test_a_throttle_violation_stops_the_harvest_and_keeps_what_was_counted(api, session, asking_for):
    total_per_request(api, {2: Reply(400, {"Content-Type": "application/json"}, fixture("throttle_violation.json"))})

    harvest = stackoverflow.fetch_counts(session, *asking_for(JAN, FEB), sleep=pytest.fail)

    assert [c.framework for c in harvest.counts] == ["pytorch", "tensorflow"]
    assert len(searches(api)) == 3
    assert harvest.stopped.startswith("Stack Exchange refused after 2 of 8 requests (HTTP 400")


def test_quota_spent_on_the_last_request_is_no_stop(api, session, asking_for):
    total_per_request(api, {3: Reply(body=fixture("total_with_quota_spent.json"))})

    harvest = stackoverflow.fetch_counts(session, *asking_for(JAN), sleep=pytest.fail)

    assert harvest.stopped is None and len(harvest.counts) == 4


def test_the_key_goes_with_every_request_when_set(api, session, monkeypatch, asking_for):
    total_per_request(api)
    monkeypatch.setenv("STACKEXCHANGE_KEY", "U4DMV*8nvpm3EOpvf69Rxw((")

    harvest = stackoverflow.fetch_counts(session, *asking_for(JAN), sleep=pytest.fail)

    assert [s.get("key") for s in searches(api)] == ["U4DMV*8nvpm3EOpvf69Rxw(("] * 4
    assert harvest.stopped is None

