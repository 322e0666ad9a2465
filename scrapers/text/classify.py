"""A paper's text -> its mention rows under every profile, and the affiliations on its first page."""
from __future__ import annotations

from scrapers.text import mentions
from scrapers.text.sections import split_references


def mention_rows(paper_id: str, text: str, profiles: tuple[str, ...] = mentions.PROFILES) -> list[dict]:
    """One row per profile and framework found: hits in the whole text, and how many of them stand in
    the reference list (so a profile can tell a framework used from one only cited)."""
    _, references = split_references(text)
    scan = mentions.Scan(text, tuple(mentions.profile(name) for name in profiles))
    rows = []
    for name in profiles:
        rules = mentions.profile(name)
        cited = scan.count(rules, references) if references else {}
        for framework, hits in scan.count(rules).items():
            rows.append({"paper_id": paper_id, "profile": name, "framework": framework, "hits": hits,
                         "references_hits": cited.get(framework, 0)})
    return rows
