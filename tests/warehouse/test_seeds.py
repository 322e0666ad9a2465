"""Reference rows: each warehouse/seeds/<table>.csv is loaded on every read-write open, replacing the
rows with its keys and leaving the others."""
import csv
import shutil

import pytest
from reference import GRADIENT_2019

from scrapers.papers import gradient
from warehouse import db

SEEDED = {"venues": "venue", "published_figures": "metric, framework", "published_shares": "venue, year"}


@pytest.fixture
def seeds(tmp_path, monkeypatch):
    """A copy of the project's seed files that a test may edit; warehouses opened in the test read it."""
    folder = tmp_path / "seeds"
    shutil.copytree(db.SEED_DIR, folder)
    monkeypatch.setattr(db, "SEED_DIR", folder)
    return folder


def table(con, name: str) -> list[tuple]:
    return con.execute(f"SELECT * FROM {name} ORDER BY {SEEDED[name]}").fetchall()


def seed_rows(folder, name: str) -> int:
    with open(folder / f"{name}.csv", newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.DictReader(f))


def test_a_fresh_warehouse_holds_every_seed_row_with_the_tables_types(tmp_path, seeds):
    con = db.connect(tmp_path / "w.duckdb")

    for name in SEEDED:
        assert len(table(con, name)) == seed_rows(seeds, name)
    assert con.execute("SELECT field, conf_month FROM venues WHERE venue = 'CVPR'").fetchone() == ("vision", 6)
    value, as_of, citation = con.execute(
        "SELECT value, strftime(as_of, '%Y-%m-%d'), citation FROM published_figures "
        "WHERE metric = 'job_listings' AND framework = 'tensorflow'").fetchone()
    assert (value, as_of) == (1541, "2019-10-10")
    assert citation.startswith('Horace He, "The State of Machine Learning Frameworks in 2019", The Gradient')


def test_opening_twice_leaves_the_same_rows(tmp_path, seeds):
    path = tmp_path / "w.duckdb"
    con = db.connect(path)
    before = {name: table(con, name) for name in SEEDED}
    con.close()

    con = db.connect(path)

    assert {name: table(con, name) for name in SEEDED} == before


def test_a_row_added_to_a_seed_file_appears_on_the_next_open(tmp_path, seeds):
    path = tmp_path / "w.duckdb"
    db.connect(path).close()
    with open(seeds / "venues.csv", "a", encoding="utf-8") as f:
        f.write("WACV,vision,1\n")

    con = db.connect(path)

    assert con.execute("SELECT field, conf_month FROM venues WHERE venue = 'WACV'").fetchone() == ("vision", 1)
    assert len(table(con, "venues")) == seed_rows(seeds, "venues")


def test_a_seed_row_replaces_the_row_with_its_key_and_leaves_rows_added_elsewhere(tmp_path, seeds):
    path = tmp_path / "w.duckdb"
    con = db.connect(path)
    con.execute("UPDATE venues SET conf_month = 1 WHERE venue = 'CVPR'")
    con.execute("INSERT INTO venues VALUES ('MLSYS', 'general', 5)")
    con.close()

    con = db.connect(path)

    assert con.execute("SELECT conf_month FROM venues WHERE venue = 'CVPR'").fetchone() == (6,)
    assert con.execute("SELECT field FROM venues WHERE venue = 'MLSYS'").fetchone() == ("general",)


def test_the_published_shares_are_the_studys_data_csv_with_its_citation(tmp_path, seeds):
    con = db.connect(tmp_path / "w.duckdb")

    seeded = con.execute(
        "SELECT venue, year, conf_month, pytorch_only, tensorflow_only, papers FROM published_shares ORDER BY ALL"
    ).fetchall()
    published = gradient.parse_published((GRADIENT_2019 / "data.csv").read_bytes(), "data.csv")
    assert seeded == sorted((p.venue, p.year, p.conf_month, p.pytorch_only, p.tensorflow_only, p.papers)
                            for p in published)
    ((citation, source_url),) = con.execute("SELECT DISTINCT citation, source_url FROM published_shares").fetchall()
    assert citation.startswith('Horace He, "The State of Machine Learning Frameworks in 2019", The Gradient')
    assert source_url.endswith("/data_analysis/data.csv")


def test_a_warehouse_only_opened_lists_every_published_conference_year(tmp_path, seeds):
    con = db.connect(tmp_path / "w.duckdb")

    listed = con.execute(
        "SELECT count(*), count(DISTINCT venue), count(share_pytorch) FROM reproduction_2019").fetchone()

    assert listed == (seed_rows(seeds, "published_shares"), 9, 0)
