"""The community flow against a local stand-in for the Stack Exchange API: counts per month, final months
not asked for again, and a quota that runs out keeping what was fetched."""
import json
from datetime import date, datetime, timezone

import pytest
from httpserver import Reply, query

from flows.community import community_flow
from scrapers.community import stackoverflow
from warehouse import db

pytestmark = pytest.mark.usefixtures("prefect_api")
SINCE = date(2026, 9, 1)  # September and October are over; this month is not


def month_asked(request) -> str:
    fromdate = int(query(request.path)["fromdate"])
    return datetime.fromtimestamp(fromdate, timezone.utc).strftime("%Y-%m")


@pytest.fixture
def stack_exchange(http_server, fwtrends_home, monkeypatch):
    monkeypatch.setenv("FWTRENDS_STACKOVERFLOW_BASE_URL", http_server.url(""))
    monkeypatch.setenv("FWTRENDS_STACKOVERFLOW_RATE", "1000")
    monkeypatch.delenv("STACKEXCHANGE_KEY", raising=False)
    http_server.route("/robots.txt", "User-agent: *\nAllow: /\n")
    return http_server


def answer_with(total_for_month):
    def answer(request):
        return Reply(200, {"Content-Type": "application/json"},
                     json.dumps({"total": total_for_month(month_asked(request)), "quota_remaining": 250}))
    return answer


def test_counts_land_per_month_and_final_months_are_not_asked_again(stack_exchange, fwtrends_home, monkeypatch,
                                                                     tmp_path):
    stack_exchange.route("/2.3/search/advanced", handler=answer_with(lambda month: int(month[-2:]) * 100))
    monkeypatch.setenv("FWTRENDS_DB", str(fwtrends_home / "fwtrends.duckdb"))

    (first,) = community_flow(["stackoverflow"], since=SINCE)
    # A new home, so a new HTTP cache: no replay, only the flow's own bookkeeping may skip months.
    monkeypatch.setenv("FWTRENDS_HOME", str(tmp_path / "second-home"))
    asked_before = len(stack_exchange.requests)
    community_flow(["stackoverflow"], since=SINCE)

    frameworks = len(stackoverflow.FRAMEWORK_TAGS)
    assert (first.status, first.fetched) == ("ok", 3 * frameworks)
    again = {month_asked(r) for r in stack_exchange.requests[asked_before:] if r.path.startswith("/2.3/")}
    assert again == {date.today().strftime("%Y-%m")}
    con = db.connect(fwtrends_home / "fwtrends.duckdb", read_only=True)
    rows = con.execute("SELECT strftime(month, '%Y-%m'), sum(count), bool_and(final) FROM community_framework_share "
                       "WHERE month < DATE '2026-11-01' GROUP BY ALL ORDER BY 1").fetchall()
    con.close()
    assert rows == [("2026-09", 900 * frameworks, True), ("2026-10", 1000 * frameworks, True)]


def test_a_spent_quota_keeps_what_was_fetched_and_says_why(stack_exchange, fwtrends_home):
    served = []

    def until_quota(request):
        served.append(request)
        if len(served) > 2:
            return Reply(400, {}, json.dumps({"error_id": 502, "error_name": "throttle_violation"}))
        return Reply(200, {}, json.dumps({"total": 7, "quota_remaining": 1}))

    stack_exchange.route("/2.3/search/advanced", handler=until_quota)
    (result,) = community_flow(["stackoverflow"], since=SINCE)

    assert result.fetched == 2 and "quota" in result.reason
    con = db.connect(fwtrends_home / "fwtrends.duckdb", read_only=True)
    assert con.execute("SELECT count(*) FROM community_counts").fetchone() == (2,)
    assert con.execute("SELECT count(*) FROM failures WHERE source = 'stackoverflow'").fetchone() == (1,)
    con.close()
