"""Papers: listings -> `papers` and `paper_sources`; texts read -> `paper_texts` and `paper_mentions`;
the methodology profiles -> `profiles`; the 2019 study's published counts -> `published_shares`; and
what the papers flow asks about them."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

import duckdb
import pandas as pd

from scrapers.papers import gradient
from scrapers.records import Paper, make_paper_id, source_key
from scrapers.text import mentions
from warehouse.load import replace

MENTION_COLUMNS = ["paper_id", "profile", "framework", "hits", "references_hits"]


def load_profiles(con: duckdb.DuckDBPyConnection) -> None:
    """Every methodology profile of the taxonomy, with what it says of itself."""
    rows = pd.DataFrame([
        {"profile": name, "description": mentions.profile(name).description,
         "counts_references": mentions.profile(name).counts_references}
        for name in mentions.PROFILES
    ])
    replace(con, "profiles", rows, ["profile"])


def load_papers(con: duckdb.DuckDBPyConnection, papers: list[Paper], fetched_at: datetime) -> None:
    """Every source that lists a paper is kept in `paper_sources`; the `papers` row is the live site's,
    and the study's list only adds the papers no live site gave."""
    if not papers:
        return
    rekey_title_twins(con, [paper for paper in papers if paper.shares_title])
    rows = pd.DataFrame([
        {"paper_id": p.paper_id, "venue": p.venue, "year": p.year, "title": p.title, "authors": list(p.authors),
         "pdf_url": p.pdf_url, "landing_url": p.landing_url, "source": p.source, "track": p.track,
         "fetched_at": fetched_at}
        for p in papers
    ]).drop_duplicates("paper_id", keep="first")
    replace(con, "paper_sources", rows[["paper_id", "source", "pdf_url", "landing_url", "fetched_at"]],
            ["paper_id", "source"])
    if papers[0].source == gradient.SOURCE:
        con.register("listed", rows[["paper_id"]])
        live = {pid for (pid,) in con.execute(
            "SELECT paper_id FROM papers JOIN listed USING (paper_id) WHERE source <> ?", [gradient.SOURCE]
        ).fetchall()}
        con.unregister("listed")
        rows = rows[~rows["paper_id"].isin(live)]
    replace(con, "papers", rows, ["paper_id"])


def rekey_title_twins(con: duckdb.DuckDBPyConnection, twins: list[Paper]) -> None:
    """Warehouses written before papers sharing a title were told apart hold one of them under the title's
    id: it takes the id of the twin whose source key its links show, with its texts and mentions."""
    by_key = {(make_paper_id(p.venue, p.year, p.title), p.key): p.paper_id for p in twins}
    old_ids = list({old_id for old_id, _ in by_key})
    stored = con.execute("SELECT paper_id, landing_url, pdf_url FROM papers WHERE list_contains(?, paper_id)",
                         [old_ids]).fetchall() if old_ids else []
    renames = [(new_id, old_id) for old_id, landing_url, pdf_url in stored
               if (new_id := by_key.get((old_id, source_key(landing_url or pdf_url))))]
    if not renames:
        return
    for table in ("papers", "paper_sources", "paper_texts", "paper_mentions"):
        con.executemany(f"UPDATE {table} SET paper_id = ? WHERE paper_id = ?", renames)


def load_published_shares(con: duckdb.DuckDBPyConnection, shares: list[gradient.PublishedShare],
                          source_url: str) -> int:
    """The study's published counts (its data.csv), for `reproduction_2019`."""
    rows = pd.DataFrame([asdict(share) for share in shares]).assign(source_url=source_url)
    return replace(con, "published_shares", rows, ["venue", "year"])


def listed_papers(con: duckdb.DuckDBPyConnection, venue: str, year: int) -> list[tuple[str, str | None]]:
    """(paper_id, pdf_url) of every paper listed for a venue-year."""
    return con.execute("SELECT paper_id, pdf_url FROM papers WHERE venue = ? AND year = ?", [venue, year]).fetchall()


def papers_read(con: duckdb.DuckDBPyConnection, venue: str, year: int) -> set[str]:
    """The papers of a venue-year whose text was read: they are never fetched again."""
    return {pid for (pid,) in con.execute(
        "SELECT t.paper_id FROM paper_texts t JOIN papers p USING (paper_id) "
        "WHERE t.status = 'ok' AND p.venue = ? AND p.year = ?", [venue, year]
    ).fetchall()}


def mean_pdf_bytes(con: duckdb.DuckDBPyConnection) -> float | None:
    """The mean size of the PDFs read so far; None before the first."""
    return con.execute("SELECT avg(bytes) FROM paper_texts WHERE status = 'ok'").fetchone()[0]


def stored_texts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(paper_id, sha256) of every text read, to find it in the text store."""
    return con.execute("SELECT paper_id, sha256 FROM paper_texts WHERE status = 'ok'").fetchall()


def load_texts(con: duckdb.DuckDBPyConnection, texts: list[dict], mention_rows: list[dict]) -> None:
    """`paper_texts` rows and the mentions found in them under every profile."""
    rows = pd.DataFrame(texts)
    replace(con, "paper_texts", rows, ["paper_id"])
    load_mentions(con, list(rows["paper_id"]), mention_rows, mentions.PROFILES)


def load_mentions(con: duckdb.DuckDBPyConnection, paper_ids: list[str], rows: list[dict],
                  profiles: tuple[str, ...]) -> None:
    """Every given profile of every given paper is replaced, also when it now mentions nothing."""
    keys = pd.MultiIndex.from_product([paper_ids, profiles], names=["paper_id", "profile"]).to_frame(index=False)
    replace(con, "paper_mentions", pd.DataFrame(rows, columns=MENTION_COLUMNS), ["paper_id", "profile"], keys=keys)
