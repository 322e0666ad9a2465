"""Requests a community refresh needs: a full one (every month since 2015) and an incremental one
(only months not yet final). Target: the incremental one at most 10 % of the full one."""
from __future__ import annotations

from datetime import date

from scrapers.community import months
from scrapers.community_plan import refresh_plan

SINCE = date(2015, 1, 1)
TARGET = 0.10


def main() -> None:
    today = date.today()
    final = set(months(SINCE, today)[:-1])  # every month but this one is over
    plan = refresh_plan(SINCE, today, final)
    full = sum(p.full for p in plan)
    incremental = sum(p.incremental for p in plan)
    for p in plan:
        more = " (at least: a page per 1,000 articles)" if p.at_least else ""
        print(f"  {p.source:<14} full {p.full:>5}   incremental {p.incremental:>4}{more}")
    verdict = "PASS" if incremental <= TARGET * full else "FAIL"
    print(f"community refresh {SINCE:%Y-%m} to {today:%Y-%m}: full {full:,} requests, incremental {incremental:,} "
          f"({incremental / full:.1%}); target <= {TARGET:.0%}: {verdict}")


if __name__ == "__main__":
    main()
