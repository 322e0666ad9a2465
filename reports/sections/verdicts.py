"""Claims: each claim of the article, in its order and grouped as it groups them, with its id, the Russian
original, the evidence for and against, the verdict its rule gives and the rows behind it (the conclusion
links the claims it rests on instead)."""
from __future__ import annotations

import duckdb

from reports import claims, wording
from reports.page import Anchored, Link, Section, Table
from reports.queries import traced

INTRO = ("Each claim of the article \"TensorFlow vs PyTorch\" in its order, with the Russian original, the "
         "evidence for and against it, the verdict a stated rule gives, and the rows the rule read.")
COLUMNS = ["Id", "Claim", "Side", "Verdict", "Evidence for", "Evidence against", "Rule", "Rows behind it"]


def build(con: duckdb.DuckDBPyConnection) -> Section:
    judged = claims.judge(con)
    groups = list(dict.fromkeys(j.claim.group for j in judged))
    return Section("claims", "Claims", wording.claims_headline(judged, claims.VERDICTS), [
        *(_group_table(group, [j for j in judged if j.claim.group == group]) for group in groups),
        *(_rows_table(j) for j in judged if j.evidence.rows is not None and not j.evidence.rows.empty),
    ], intro=INTRO)


def _group_table(group: str, judged: list[claims.Judgement]) -> Table:
    return Table(group, COLUMNS, [
        [Anchored(j.claim.id, claims.anchor(j.claim.id)), _claim_lines(j.claim), j.claim.side,
         [j.verdict, j.evidence.missing] if j.evidence.missing else j.verdict,
         _once(j.evidence.supporting), _once(j.evidence.opposing), j.rule, _behind(j)]
        for j in judged
    ], id=f"claims-{group.lower().replace(' ', '-')}")


def _claim_lines(claim: claims.Claim) -> list[str]:
    source = [f"From {claim.source}, not the article."] if claim.source else []
    return [claim.claim, f"«{claim.quote}»", *source]


def _behind(judged: claims.Judgement) -> list[Link] | Link | str:
    if judged.evidence.links:
        return [Link(claim_id, claims.anchor(claim_id)) for claim_id in judged.evidence.links]
    if judged.evidence.rows is not None and not judged.evidence.rows.empty:
        return Link("see the rows", _rows_id(judged))
    return wording.MISSING


def _rows_table(judged: claims.Judgement) -> Table:
    rows, sql = judged.evidence.rows, ";\n\n".join(judged.sql)
    return Table(f"Rows behind {judged.claim.id}", list(rows.columns),
                 [[wording.text(value) for value in row] for row in rows.itertuples(index=False)], id=_rows_id(judged),
                 **(traced(sql) if sql else {}))


def _rows_id(judged: claims.Judgement) -> str:
    return f"rows-{claims.anchor(judged.claim.id)}"


def _once(lines: list[str]) -> list[str]:
    """Each line once: the latest window and the article's year can be the same months."""
    return list(dict.fromkeys(lines))
