"""Claims: each claim of the article and of its pros and cons lists, with the evidence for and
against, the verdict its rule gives, and a link to the rows behind it."""
from __future__ import annotations

import duckdb

from reports import claims, wording
from reports.page import Link, Section, Table

ARTICLE = "article"
INTRO = "Each claim of the 2019 article, with the evidence for and against it and the verdict its rule gives."


def build(con: duckdb.DuckDBPyConnection) -> Section:
    judged = claims.judge(con)
    lists = list(dict.fromkeys(j.claim.list for j in judged))
    return Section("claims", "Claims", wording.claims_headline(judged, claims.VERDICTS), [
        _table("The article's claims" if name == ARTICLE else name, [j for j in judged if j.claim.list == name],
               f"claims-{name.lower().replace(' ', '-')}")
        for name in lists
    ], intro=INTRO)


def _table(caption: str, judged: list[claims.Judgement], table_id: str) -> Table:
    return Table(
        caption,
        ["Topic", "Claim", "Side", "Verdict", "Evidence for", "Evidence against", "Rule", "Rows behind it"],
        [
            [j.claim.topic, j.claim.claim, j.claim.side,
             [j.verdict, j.evidence.missing] if j.evidence.missing else j.verdict,
             _once(j.evidence.supporting), _once(j.evidence.opposing), j.rule,
             Link("see the rows", j.evidence.behind) if j.evidence.now is not None else wording.MISSING]
            for j in judged
        ],
        id=table_id,
    )


def _once(lines: list[str]) -> list[str]:
    """Each line once: the latest window and the article's year can be the same months."""
    return list(dict.fromkeys(lines))
