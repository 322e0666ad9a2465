"""`fwtrends sql`'s connection reads the warehouse and nothing else: each way out, refused by DuckDB."""
import pytest

from warehouse import db, query


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "fwtrends.duckdb"
    db.connect(path).close()
    con = query.connect(path)
    yield con
    con.close()


def test_a_query_of_the_warehouse_answers(warehouse):
    frame = query.run(warehouse, "SELECT count(*) AS n FROM papers")

    assert frame.to_dict("records") == [{"n": 0}]


@pytest.mark.parametrize("sql", [
    "COPY papers TO '{tmp}/papers.csv'",
    "EXPORT DATABASE '{tmp}/export'",
    "ATTACH '{tmp}/other.duckdb' (READ_WRITE)",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM glob('/etc/*')",
    "INSTALL httpfs",
    "LOAD httpfs",
])
def test_file_system_and_extensions_are_out_of_reach(warehouse, tmp_path, sql):
    with pytest.raises(query.QueryRefused, match="disabled|reads the warehouse only"):
        query.run(warehouse, sql.format(tmp=tmp_path))

    assert list(tmp_path.iterdir()) == [tmp_path / "fwtrends.duckdb"]  # nothing written beside it


@pytest.mark.parametrize("sql", ["SET enable_external_access = true", "RESET lock_configuration"])
def test_the_configuration_cannot_be_loosened(warehouse, sql):
    with pytest.raises(query.QueryRefused, match="locked|Cannot"):
        query.run(warehouse, sql)


@pytest.mark.parametrize("sql", ["DELETE FROM papers", "CREATE TABLE t AS SELECT 1", "DROP VIEW paper_framework_share"])
def test_the_warehouse_itself_is_read_only(warehouse, sql):
    with pytest.raises(query.QueryRefused, match="read-only"):
        query.run(warehouse, sql)


def test_one_statement_at_a_time(warehouse):
    with pytest.raises(query.QueryRefused, match="one statement at a time"):
        query.run(warehouse, "SELECT 1; SELECT 2")


def test_a_syntax_error_is_one_line(warehouse):
    with pytest.raises(query.QueryRefused) as raised:
        query.run(warehouse, "SELEC 1")

    assert "\n" not in str(raised.value) and "syntax error" in str(raised.value)
