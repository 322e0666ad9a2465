import json
import math
from pathlib import Path

import pytest
from httpserver import Reply, query

from scrapers.http import HTTPStatusError, PoliteSession
from scrapers.papers import iclr, openreview
from scrapers.records import StructureChanged

FIXTURES = Path(__file__).parent / "fixtures" / "iclr"
API = "https://api2.openreview.net"
JSON = {"Content-Type": "application/json"}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def notes(name: str) -> list[openreview.Note]:
    return openreview.parse_notes(fixture(name), f"{API}/notes")



def pages_by_offset(pages: dict[int, str]):
    """A /notes handler answering each offset with its page, as the API pages by limit and offset."""
    return lambda request: Reply(200, JSON, fixture(pages[int(query(request.path)["offset"])]))


@pytest.fixture
def site(http_server, monkeypatch):
    for name in ("OPENREVIEW", "OPENREVIEW_V1", "ICLR_PROCEEDINGS", "ICLR_VIRTUAL"):
        monkeypatch.setenv(f"FWTRENDS_{name}_BASE_URL", http_server.base_url)
    monkeypatch.delenv("OPENREVIEW_USERNAME", raising=False)
    monkeypatch.delenv("OPENREVIEW_PASSWORD", raising=False)
    return http_server


@pytest.fixture
def logged_in(site, monkeypatch):
    """Credentials set, and a /login that answers the fixture's token."""
    monkeypatch.setenv("OPENREVIEW_USERNAME", "ada@example.org")
    monkeypatch.setenv("OPENREVIEW_PASSWORD", "secret")
    site.route("/login", fixture("login_token.json"), headers=JSON)
    return site


def notes_requests(server) -> list[dict[str, str]]:
    return [query(request.path) for request in server.requests if request.path.startswith("/notes")]


def logins(server) -> list[dict]:
    return [json.loads(request.body) for request in server.requests if request.path == "/login"]


def test_api_v2_notes_lose_their_value_wrappers():
    first = notes("v2_2024_accepted_page1.json")[0]

    assert first.id == first.forum == "ZTb5ydRtZm"
    assert first.invitation == "ICLR.cc/2024/Conference/-/Submission"
    assert first.content["title"] == "Vision Transformers Need Registers"
    assert first.content["authors"][0] == "Timothée Darcet"
    assert first.content["venueid"] == "ICLR.cc/2024/Conference"


def test_api_v2_papers_link_the_forum_and_its_pdf_and_squash_title_whitespace():
    papers = iclr.accepted_papers(notes("v2_2024_accepted_page1.json"), 2024)

    first = papers[0]
    assert (first.venue, first.year, first.source, first.track) == ("ICLR", 2024, "openreview", None)
    assert first.authors == ("Timothée Darcet", "Maxime Oquab", "Julien Mairal", "Piotr Bojanowski")
    assert first.pdf_url == "https://openreview.net/pdf?id=ZTb5ydRtZm"
    assert first.landing_url == "https://openreview.net/forum?id=ZTb5ydRtZm"
    assert papers[1].title == "Sparse Autoencoders & Friends"


def test_api_v1_submissions_count_when_their_venue_says_poster_oral_or_spotlight():
    papers = iclr.accepted_papers(notes("v1_2022_blind_submissions.json"), 2022)

    assert [p.title for p in papers] == [
        "Bayesian Active Learning with Fully Bayesian Gaussian Processes",
        "Learning Strides in Convolutional Neural Networks",
        "Language Modeling via Stochastic Processes",
    ]
    assert papers[1].authors == ("Rachid Riad", "Olivier Teboul", "David Grangier", "Neil Zeghidour")
    assert papers[0].pdf_url == "https://openreview.net/pdf?id=vyn49BUAkoD"


def test_2023_notable_and_lower_case_venues_count_but_not_another_years():
    papers = iclr.accepted_papers(notes("v1_2023_notable_top_venues.json"), 2023)

    assert [p.title for p in papers] == ["A Notable Top 5% Paper", "A Notable Top 25% Paper", "A Poster in Lower Case"]


def test_before_2021_the_decision_reply_says_whether_a_submission_was_accepted():
    papers = iclr.accepted_papers(notes("v1_2019_decisions_in_replies.json"), 2019)

    # Accepted by a meta-review and by a decision note; not a rejection with good reviews, nor a workshop invitation.
    assert [p.title for p in papers] == ["BA-Net: Dense Bundle Adjustment Networks", "Accepted by a Decision Note"]


def test_notes_answer_of_another_shape_means_the_structure_changed():
    with pytest.raises(StructureChanged):
        openreview.parse_notes(fixture("challenge_required_403.json"), f"{API}/notes")


def test_virtual_json_gives_accepted_papers_once_with_openreview_links():
    url = "https://iclr.cc/static/virtual/data/iclr-2024-orals-posters.json"
    papers = iclr.parse_virtual(fixture("virtual_2024_orals_posters.json"), url, 2024)

    assert [p.title for p in papers] == ["Vision Transformers Need Registers", "Solving Games with Spotlights"]
    registers, spotlight = papers
    assert (registers.source, registers.year) == ("iclr_virtual", 2024)
    assert registers.authors == ("Timothée Darcet", "Maxime Oquab")
    assert registers.pdf_url == "https://openreview.net/pdf?id=2dnO3LLiJ1"  # no PDF given: the forum's
    assert spotlight.authors == ("Grace Hopper",)
    assert spotlight.landing_url == "https://openreview.net/forum?id=q4AEBLHuA6"  # not the venue's group page
    assert spotlight.pdf_url == "https://openreview.net/pdf?id=q4AEBLHuA6"


def test_virtual_json_listing_only_part_of_its_events_is_refused():
    url = "https://iclr.cc/static/virtual/data/iclr-2026-orals-posters.json"
    with pytest.raises(StructureChanged) as raised:
        iclr.parse_virtual(fixture("virtual_2026_partial.json"), url, 2026)
    assert "2 of 5352" in raised.value.detail


def test_login_posts_the_credentials_and_answers_the_token(http_server, session):
    http_server.route("/login", fixture("login_token.json"), headers=JSON)

    token = openreview.login(session, http_server.base_url, "ada@example.org", "secret")

    assert token == "eyJhbGciOiJIUzI1NiJ9.fixture.token"
    assert [request.method for request in http_server.requests if request.path == "/login"] == ["POST"]
    assert logins(http_server) == [{"id": "ada@example.org", "password": "secret"}]


def test_login_answer_without_a_token_is_refused(http_server, session):
    http_server.route("/login", '{"user": {"id": "~Ada_Lovelace1"}}', headers=JSON)

    with pytest.raises(StructureChanged):
        openreview.login(session, http_server.base_url, "ada@example.org", "secret")


@pytest.fixture
def default_hosts(monkeypatch):
    for name in ("OPENREVIEW", "OPENREVIEW_V1", "OPENREVIEW_WEB"):
        monkeypatch.delenv(f"FWTRENDS_{name}_BASE_URL", raising=False)
        monkeypatch.delenv(f"FWTRENDS_{name}_RATE", raising=False)


def test_host_rates_keep_to_what_openreview_allows_a_guest(default_hosts):
    rates = openreview.host_rates()

    assert set(rates) == {"https://api2.openreview.net", "https://api.openreview.net", "https://openreview.net"}
    assert rates["https://api2.openreview.net"] == rates["https://api.openreview.net"] <= 20 / 60
    assert 0 < rates["https://openreview.net"] <= 36 / 3600  # PDFs
    assert iclr.host_rates is openreview.host_rates


def test_host_rates_follow_base_url_and_rate_overrides(default_hosts, monkeypatch):
    monkeypatch.setenv("FWTRENDS_OPENREVIEW_WEB_BASE_URL", "http://127.0.0.1:8001/")
    monkeypatch.setenv("FWTRENDS_OPENREVIEW_WEB_RATE", "inf")

    rates = openreview.host_rates()

    assert rates["http://127.0.0.1:8001"] == math.inf
    assert "https://openreview.net" not in rates
    assert rates["https://api2.openreview.net"] == 20 / 60


def test_iclr_years_start_in_2018_and_the_api_version_follows_the_year():
    assert iclr.venue_years("ICLR", 2020) == [2018, 2019, 2020]
    assert iclr.conference_id(2024) == "ICLR.cc/2024/Conference"


def test_fetch_pages_through_api_v2_by_offset(site, session, monkeypatch):
    monkeypatch.setattr(iclr, "PAGE_SIZE", 2)
    site.route("/notes", handler=pages_by_offset({0: "v2_2024_accepted_page1.json", 2: "v2_2024_accepted_page2.json"}))

    papers = iclr.fetch_papers(session, "ICLR", 2024)

    assert [p.title for p in papers][-1] == "Solving Games with Spotlights"
    assert len(papers) == 3
    assert notes_requests(site) == [
        {"content.venueid": "ICLR.cc/2024/Conference", "limit": "2", "offset": "0"},
        {"content.venueid": "ICLR.cc/2024/Conference", "limit": "2", "offset": "2"},
    ]
    assert logins(site) == []  # no credentials, no login
    assert all("Authorization" not in request.headers for request in site.requests)


def test_fetch_before_2024_asks_api_v1_for_blind_submissions(site, session):
    site.route("/notes", fixture("v1_2022_blind_submissions.json"), headers=JSON)

    papers = iclr.fetch_papers(session, "ICLR", 2022)

    assert len(papers) == 3
    assert notes_requests(site) == [
        {"invitation": "ICLR.cc/2022/Conference/-/Blind_Submission", "limit": "1000", "offset": "0"},
    ]


def test_fetch_before_2021_asks_for_the_decision_replies_in_smaller_pages(site, session):
    site.route("/notes", fixture("v1_2019_decisions_in_replies.json"), headers=JSON)

    papers = iclr.fetch_papers(session, "ICLR", 2019)

    assert len(papers) == 2
    [query] = notes_requests(site)
    assert query["details"] == "directReplies"
    assert query["limit"] == str(iclr.PAGE_SIZE_WITH_REPLIES)


def test_fetch_with_credentials_logs_in_and_sends_the_bearer_token(logged_in, session):
    logged_in.route("/notes", fixture("v2_2024_accepted_page2.json"), headers=JSON)

    iclr.fetch_papers(session, "ICLR", 2024)

    assert logins(logged_in) == [{"id": "ada@example.org", "password": "secret"}]
    [request] = [request for request in logged_in.requests if request.path.startswith("/notes")]
    assert request.headers["Authorization"] == "Bearer eyJhbGciOiJIUzI1NiJ9.fixture.token"


def test_offline_with_credentials_replays_the_notes_without_logging_in(logged_in, tmp_path):
    logged_in.route("/notes", fixture("v2_2024_accepted_page2.json"), headers=JSON)
    cache = tmp_path / "http-cache.sqlite"
    with PoliteSession(cache, default_rate=math.inf) as online:
        iclr.fetch_papers(online, "ICLR", 2024)
    asked = len(logged_in.requests)

    with PoliteSession(cache, offline=True) as offline:
        papers = iclr.fetch_papers(offline, "ICLR", 2024)

    assert len(papers) == 1
    assert len(logged_in.requests) == asked


def test_wrong_credentials_raise_with_openreviews_reason_and_no_fallback(logged_in, session):
    refusal = '{"name": "ForbiddenError", "message": "Invalid username or password", "status": 403}'
    logged_in.route("/login", refusal, status=403, headers=JSON)
    logged_in.route("/static/virtual/data/iclr-2024-orals-posters.json", fixture("virtual_2024_orals_posters.json"))

    with pytest.raises(HTTPStatusError) as raised:
        iclr.fetch_papers(session, "ICLR", 2024)

    assert raised.value.status == 403
    assert "Invalid username or password" in str(raised.value)
    assert "OPENREVIEW_USERNAME" in str(raised.value)
    assert logged_in.paths() == ["/robots.txt", "/login"]


def test_year_without_accepted_papers_raises_structure_changed(site, session):
    site.route("/notes", fixture("v2_no_notes.json"), headers=JSON)

    with pytest.raises(StructureChanged) as raised:
        iclr.fetch_papers(session, "ICLR", 2025)
    assert raised.value.url == site.url("/notes")


def test_challenge_falls_back_to_the_iclr_proceedings(site, session):
    site.route("/notes", fixture("challenge_required_403.json"), status=403, headers=JSON)
    site.route("/paper_files/paper/2025", fixture("proceedings_2025_listing.html"))

    papers = iclr.fetch_papers(session, "ICLR", 2025)

    assert [p.title for p in papers] == ["Scaling Test-Time Compute Wisely", "Registers Revisited"]
    first = papers[0]
    assert (first.venue, first.source, first.track) == ("ICLR", "iclr_proceedings", None)
    pdf_path = "/paper_files/paper/2025/file/0a1b2c3d4e5f60718293a4b5c6d7e8f9-Paper-Conference.pdf"
    assert first.pdf_url == site.url(pdf_path)


def test_challenge_falls_back_to_the_virtual_site_when_no_proceedings_are_out(site, session):
    site.route("/notes", fixture("challenge_required_403.json"), status=403, headers=JSON)
    site.route("/static/virtual/data/iclr-2026-orals-posters.json", fixture("virtual_2024_orals_posters.json"))

    papers = iclr.fetch_papers(session, "ICLR", 2026)

    assert {p.source for p in papers} == {"iclr_virtual"}
    assert {p.year for p in papers} == {2026}
    assert "/paper_files/paper/2026" in site.paths()  # tried first, a 404


def test_challenge_before_the_proceedings_era_goes_straight_to_the_virtual_site(site, session):
    site.route("/notes", fixture("challenge_required_403.json"), status=403, headers=JSON)
    site.route("/static/virtual/data/iclr-2022-orals-posters.json", fixture("virtual_2024_orals_posters.json"))

    papers = iclr.fetch_papers(session, "ICLR", 2022)

    assert len(papers) == 2
    assert not any(path.startswith("/paper_files") for path in site.paths())


def test_robots_txt_forbidding_the_notes_also_falls_back(site, session):
    site.route("/robots.txt", "User-agent: *\nDisallow: /notes\n", headers={"Content-Type": "text/plain"})
    site.route("/static/virtual/data/iclr-2023-orals-posters.json", fixture("virtual_2024_orals_posters.json"))

    papers = iclr.fetch_papers(session, "ICLR", 2023)

    assert len(papers) == 2
    assert notes_requests(site) == []


def test_a_403_other_than_the_challenge_raises_with_openreviews_reason(site, session):
    refusal = '{"name": "ForbiddenError", "message": "Forbidden for guests", "status": 403}'
    site.route("/notes", refusal, status=403, headers=JSON)
    site.route("/static/virtual/data/iclr-2024-orals-posters.json", fixture("virtual_2024_orals_posters.json"))

    with pytest.raises(HTTPStatusError) as raised:
        iclr.fetch_papers(session, "ICLR", 2024)

    assert raised.value.status == 403
    assert "ForbiddenError: Forbidden for guests" in str(raised.value)
    assert not any("virtual" in path for path in site.paths())


def test_a_server_error_is_not_taken_for_a_challenge(site, session):
    site.route("/notes", "busy", status=503)

    with pytest.raises(HTTPStatusError) as raised:
        iclr.fetch_papers(session, "ICLR", 2024)
    assert raised.value.status == 503
    assert not any("virtual" in path for path in site.paths())
