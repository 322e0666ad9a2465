from datetime import UTC, datetime
from pathlib import Path

import pytest

from scrapers.community import pypi_releases
from scrapers.records import StructureChanged

FIXTURES = Path(__file__).parent / "fixtures" / "pypi"
TORCH = "torch_out_of_order_with_a_version_without_files.json"
TENSORFLOW = "tensorflow_rc_before_final.json"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def api(http_server, monkeypatch):
    monkeypatch.setenv("FWTRENDS_PYPI_BASE_URL", http_server.base_url)
    http_server.route("/pypi/torch/json", fixture(TORCH))
    http_server.route("/pypi/tensorflow/json", fixture(TENSORFLOW))
    return http_server


def test_the_first_release_is_the_earliest_upload_wherever_its_version_is_listed():
    release = pypi_releases.parse_releases(fixture(TORCH), "torch")

    assert (release.framework, release.package, release.first_version) == ("pytorch", "torch", "0.1.2")
    assert release.first_upload_at == datetime(2017, 8, 5, 21, 0, 26, 406454, tzinfo=UTC)
    assert "pytorch.org" in release.history_note and "upper bound" in release.history_note


def test_a_version_whose_files_were_all_deleted_is_not_a_release():
    assert pypi_releases.parse_releases(fixture(TORCH), "torch").releases == 3


def test_a_release_candidate_uploaded_first_is_the_first_release():
    release = pypi_releases.parse_releases(fixture(TENSORFLOW), "tensorflow")

    assert (release.framework, release.first_version, release.releases) == ("tensorflow", "0.12.0rc0", 3)
    assert release.first_upload_at.date().isoformat() == "2016-11-29"


def test_a_package_without_files_is_an_error_naming_it():
    with pytest.raises(StructureChanged, match="torch has no uploaded files"):
        pypi_releases.parse_releases(fixture("torch_without_files.json"), "torch")


def test_an_answer_without_a_releases_mapping_means_the_structure_changed():
    with pytest.raises(StructureChanged):
        pypi_releases.parse_releases(b'{"info": {"name": "torch"}}', "torch")


def test_fetch_asks_each_package_once_and_keeps_the_date_pypi_answered(api, session):
    asked_at = datetime.now(UTC).replace(microsecond=0)

    releases = pypi_releases.fetch_releases(session)
    again = pypi_releases.fetch_releases(session)  # within the week: replays, with the first answer's date

    assert [(r.framework, r.first_version) for r in releases] == [("tensorflow", "0.12.0rc0"), ("pytorch", "0.1.2")]
    assert all(r.response_date >= asked_at for r in releases)
    assert again == releases
    assert api.paths() == ["/robots.txt", "/pypi/tensorflow/json", "/pypi/torch/json"]
