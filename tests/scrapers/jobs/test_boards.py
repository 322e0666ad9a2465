import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from scrapers.jobs import SOURCES, ashby, boards, greenhouse, lever
from scrapers.jobs.boards import BoardNotFound
from scrapers.jobs.employers import Employer, board_units, load_employers
from scrapers.records import StructureChanged

FIXTURES = Path(__file__).parent / "fixtures"
MAY_2026 = date(2026, 5, 1)
NOW = datetime(2026, 5, 19, 8, 30, tzinfo=timezone.utc)


def fixture(source: str, name: str) -> bytes:
    return (FIXTURES / source / name).read_bytes()


@pytest.fixture
def board_server(http_server, monkeypatch):
    for source in ("GREENHOUSE", "LEVER", "ASHBY"):
        monkeypatch.setenv(f"FWTRENDS_{source}_BASE_URL", http_server.base_url)
    return http_server


def greenhouse_posts():
    body = fixture("greenhouse", "board_two_postings_escaped_content.json")
    return greenhouse.parse_jobs(body, "acmeai", "Acme AI", MAY_2026)


def lever_posts():
    return lever.parse_postings(fixture("lever", "site_two_postings_with_lists.json"), "acmeai", "Acme AI", MAY_2026)


def ashby_posts():
    return ashby.parse_jobs(fixture("ashby", "board_listed_and_unlisted_postings.json"), "acmeai", "Acme AI", MAY_2026)


def api_paths(server) -> list[str]:
    return [path for path in server.paths() if path != "/robots.txt"]


# Greenhouse

def test_greenhouse_postings_carry_board_qualified_ids_the_company_and_the_snapshot_month():
    posts = greenhouse_posts()

    assert [p.post_id for p in posts] == ["greenhouse:acmeai:4468321007", "greenhouse:acmeai:4502967007"]
    assert all(p.source == "greenhouse" and p.company == "Acme AI" and p.month == MAY_2026 for p in posts)
    assert posts[0].title == "Research Engineer, Pretraining"
    assert posts[0].location == "San Francisco, CA | New York City, NY"
    assert posts[0].url == "https://job-boards.greenhouse.io/acmeai/jobs/4468321007"


def test_greenhouse_posted_at_is_first_published_with_its_offset_or_none():
    research, sales = greenhouse_posts()

    assert research.posted_at == datetime(2026, 3, 2, 14, 15, 44, tzinfo=timezone.utc)
    assert sales.posted_at is None


def test_greenhouse_escaped_content_is_unescaped_once_then_stripped_to_text():
    research = greenhouse_posts()[0]

    assert research.text.splitlines() == [
        "Research Engineer, Pretraining",
        "About Acme AI",
        "We train large models & study how they behave.",
        "You might be a good fit if you",
        "Have written distributed training code in PyTorch",
        "Enjoy profiling GPU kernels",
        "Annual salary: $340,000 — $425,000 USD",
    ]


def test_greenhouse_board_without_openings_has_no_postings():
    empty = fixture("greenhouse", "board_without_openings.json")

    assert greenhouse.parse_jobs(empty, "acmeai", "Acme AI", MAY_2026) == []


def test_greenhouse_answer_without_a_jobs_list_means_the_structure_changed():
    with pytest.raises(StructureChanged):
        greenhouse.parse_jobs(fixture("greenhouse", "not_a_board_listing.json"), "acmeai", "Acme AI", MAY_2026)


# Lever

def test_lever_text_is_title_description_lists_and_closing_text():
    research = lever_posts()[0]

    assert research.text.splitlines() == [
        "Research Scientist, Pretraining",
        "About the role",
        "You will train frontier language models from scratch.",
        "What you will do",
        "Scale pretraining runs to thousands of GPUs",
        "Write fused kernels in Triton and CUDA",
        "About you",
        "Deep experience with JAX or PyTorch",
        "Compensation: the base salary for this role is between €90,000 and €140,000.",
    ]


def test_lever_posting_fields_and_created_at_from_epoch_milliseconds():
    research, fleet = lever_posts()

    assert research.post_id == "lever:acmeai:a3f1c9e2-5b7d-4e0a-9c41-7d2e8f6b0a15"
    assert research.title == "Research Scientist, Pretraining"
    assert (research.location, research.company) == ("Paris", "Acme AI")
    assert research.url == "https://jobs.lever.co/acmeai/a3f1c9e2-5b7d-4e0a-9c41-7d2e8f6b0a15"
    assert research.posted_at == datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
    assert fleet.text.splitlines() == ["Fleet Operations Lead", "Keep our vehicle fleet on the road."]


def test_lever_answer_that_is_not_a_list_means_the_structure_changed():
    with pytest.raises(StructureChanged):
        lever.parse_postings(fixture("lever", "site_not_found.json"), "acmeai", "Acme AI", MAY_2026)


# Ashby

def test_ashby_drops_unlisted_postings():
    posts = ashby_posts()

    assert [p.post_id for p in posts] == ["ashby:acmeai:6f0c2b9a-3e41-4d8b-a7c5-91e2f4d0b836"]


def test_ashby_posting_fields():
    inference = ashby_posts()[0]

    assert inference.title == "Member of Technical Staff, Inference"
    assert (inference.location, inference.source) == ("San Francisco", "ashby")
    assert inference.posted_at == datetime(2026, 4, 14, 17, 3, 21, 481000, tzinfo=timezone.utc)
    assert inference.url == "https://jobs.ashbyhq.com/acmeai/6f0c2b9a-3e41-4d8b-a7c5-91e2f4d0b836"
    assert inference.text.splitlines()[:2] == ["Member of Technical Staff, Inference", "Make our models fast to serve."]


def test_ashby_answer_without_a_jobs_list_means_the_structure_changed():
    with pytest.raises(StructureChanged):
        ashby.parse_jobs(b'{"apiVersion": "1"}', "acmeai", "Acme AI", MAY_2026)


# Fetching a board

def fetch_board(session, employer: Employer, now: datetime):
    """The employer's board, fetched as the jobs flow fetches it: as a unit of its kind."""
    (unit,) = board_units(employer.board, [employer])
    return SOURCES[employer.board].fetch_unit(session, unit, now)


def test_fetch_board_asks_each_vendor_for_the_whole_board_and_dates_postings_to_this_month(board_server, session):
    board_server.route("/v1/boards/acmeai/jobs", fixture("greenhouse", "board_two_postings_escaped_content.json"))
    board_server.route("/v0/postings/acmeai", fixture("lever", "site_two_postings_with_lists.json"))
    board_server.route("/posting-api/job-board/acmeai", fixture("ashby", "board_listed_and_unlisted_postings.json"))

    kinds = ("greenhouse", "lever", "ashby")
    found = {kind: fetch_board(session, Employer("Acme AI", kind, "acmeai"), NOW) for kind in kinds}

    assert {kind: len(posts) for kind, posts in found.items()} == {"greenhouse": 2, "lever": 2, "ashby": 1}
    assert {p.month for posts in found.values() for p in posts} == {MAY_2026}
    assert api_paths(board_server) == [
        "/v1/boards/acmeai/jobs?content=true", "/v0/postings/acmeai?mode=json", "/posting-api/job-board/acmeai",
    ]


def test_a_board_that_does_not_exist_names_itself_and_the_employer_list(board_server, session):
    board_server.route("/v0/postings/foo", fixture("lever", "site_not_found.json"), status=404)

    with pytest.raises(BoardNotFound) as raised:
        fetch_board(session, Employer("Foo", "lever", "foo"), NOW)

    assert str(raised.value) == "lever board 'foo' not found (404): check scrapers/jobs/employers.toml"
    assert raised.value.url == board_server.url("/v0/postings/foo?mode=json")


def test_a_board_snapshot_replays_within_hours_but_not_after(board_server, session, monkeypatch):
    board_server.route("/posting-api/job-board/acmeai", fixture("ashby", "board_listed_and_unlisted_postings.json"))
    acme = Employer("Acme AI", "ashby", "acmeai")

    fetch_board(session, acme, NOW)
    fetch_board(session, acme, NOW)
    assert len(api_paths(board_server)) == 1
    monkeypatch.setattr(boards, "SNAPSHOT_MAX_AGE", timedelta(0))  # as if the cached copy were hours old
    fetch_board(session, acme, NOW)
    assert len(api_paths(board_server)) == 2


# The employer list

def test_the_shipped_employer_list_is_long_and_keeps_the_boards_sources_md_names():
    employers = load_employers()
    boards_listed = {(e.board, e.token) for e in employers}

    assert len(employers) >= 50
    assert {("greenhouse", t) for t in ("anthropic", "deepmind", "scaleai", "xai", "databricks")} <= boards_listed
    assert {("lever", t) for t in ("mistral", "palantir", "zoox")} <= boards_listed
    assert {("ashby", t) for t in ("openai", "cohere", "perplexity")} <= boards_listed
    assert {e.seen for e in employers} <= {"SOURCES.md", "postings", "lists"}


def write_employers(tmp_path: Path, *entries: dict) -> Path:
    tables = [", ".join(f"{key} = {json.dumps(value)}" for key, value in entry.items()) for entry in entries]
    path = tmp_path / "employers.toml"
    path.write_text("employers = [" + ", ".join(f"{{ {table} }}" for table in tables) + "]\n")
    return path


def test_an_employer_on_an_unknown_board_kind_is_refused(tmp_path):
    path = write_employers(tmp_path, {"name": "Acme", "board": "workday", "token": "acme"})

    with pytest.raises(ValueError, match="workday"):
        load_employers(path)


def test_a_misspelt_key_in_the_employer_list_is_refused(tmp_path):
    path = write_employers(tmp_path, {"name": "Acme", "board": "lever", "site": "acme"})

    with pytest.raises(ValueError, match="site"):
        load_employers(path)


def test_a_board_listed_twice_is_refused(tmp_path):
    path = write_employers(tmp_path, {"name": "Acme", "board": "lever", "token": "acme"},
                           {"name": "Acme Labs", "board": "lever", "token": "acme"})

    with pytest.raises(ValueError, match="twice"):
        load_employers(path)


def test_an_employer_list_entry_reads_into_an_employer(tmp_path):
    path = write_employers(tmp_path, {"name": "Acme", "board": "ashby", "token": "acme", "seen": "lists"})

    assert load_employers(path) == [Employer("Acme", "ashby", "acme", "lists")]
