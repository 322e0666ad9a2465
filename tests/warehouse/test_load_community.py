"""Community loads: a count asked for again replaces the one before; a month is final when all its counts are."""
from datetime import date, datetime, timezone

import pytest

from scrapers.community import CommunityCount
from warehouse import db
from warehouse.load.community import final_months, load_counts

NOW = datetime(2026, 11, 1, tzinfo=timezone.utc)
SEP, OCT = date(2026, 9, 1), date(2026, 10, 1)


@pytest.fixture
def con(tmp_path):
    connection = db.connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def test_a_month_is_final_once_every_framework_s_count_is(con):
    load_counts(con, [CommunityCount("github", "jax", SEP, 3, True), CommunityCount("github", "jax", OCT, 5, False),
                      CommunityCount("github", "keras", OCT, 1, True)], NOW)
    assert final_months(con, "github") == {SEP}
    assert final_months(con, "stackoverflow") == set()

    load_counts(con, [CommunityCount("github", "jax", OCT, 6, True)], NOW)

    assert final_months(con, "github") == {SEP, OCT}
    assert con.execute("SELECT count FROM community_counts WHERE framework = 'jax' AND period = ?", [OCT]
                       ).fetchall() == [(6,)]
