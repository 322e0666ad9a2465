"""The report page's parts (sections of figures, tables and notes) and their rendering to one offline
HTML file."""
from __future__ import annotations

import functools
import importlib.metadata
import json
import os
import re
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import ClassVar

import altair as alt
import jinja2
import pandas as pd
import vl_convert

from reports import wording

TEMPLATE = "report.html.j2"
FOLDED_ROWS = 10
# Table cells of more characters than this wrap, in a column wide enough to read; shorter ones stay on one line.
LONG_CELL = 40
# Left as they are in a CSV data URI, so that it is barely larger than the CSV: a data URI's body may hold
# them, and what HTML would read (&, ", <) is encoded.
CSV_SAFE = ",.:;-_/()!*~=+@$"
CHART_DIGITS = 7
BUNDLE_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "fwtrends"


@dataclass(frozen=True)
class Figure:
    """A chart with the rows it draws and the SQL that produced them (`definitions`: the views it reads)."""

    id: str
    chart: alt.TopLevelMixin
    data: pd.DataFrame
    sql: str
    definitions: list[tuple[str, str]]
    kind: ClassVar[str] = "figure"

    @functools.cached_property
    def spec_json(self) -> str | None:
        """The Vega-Lite spec as script-safe JSON, or None when the data has more rows than Altair
        embeds (its limit stays: such a chart would make the page too heavy). The chart's numbers keep
        CHART_DIGITS significant digits, more than a pixel or a tooltip shows; the figure's CSV and table
        keep them whole."""
        try:
            # Not validated against the schema here: that takes longer than the rest of the page with 1,000-row
            # data, and the tests compile every chart (tests/reports/test_report.py).
            spec = self.chart.to_dict(validate=False)
        except alt.MaxRowsError:
            return None
        for rows in spec.get("datasets", {}).values():
            for row in rows:
                for column, value in row.items():
                    if isinstance(value, float):
                        row[column] = float(f"{value:.{CHART_DIGITS}g}")
        return script_json(spec)

    @property
    def csv_uri(self) -> str:
        return "data:text/csv;charset=utf-8," + urllib.parse.quote(self.data.to_csv(index=False), safe=CSV_SAFE)

    @property
    def row_count(self) -> str:
        return wording.count(len(self.data))


@dataclass(frozen=True)
class Link:
    """A table cell that points at another part of the page."""

    text: str
    target: str

    @property
    def href(self) -> str:
        return f"#{self.target}"


@dataclass(frozen=True)
class Anchored:
    """A table cell that other parts of the page link to: its text, and the id they link to."""

    label: str
    anchor: str


@dataclass(frozen=True)
class Code:
    """A table cell that is a name to type, such as a view's in `fwtrends sql`."""

    text: str


@dataclass(frozen=True)
class Table:
    """Rows of cells: text, a link, a name to type, an anchored text, or a list of lines (or links). A table of
    more than FOLDED_ROWS rows starts folded behind one line: `summary`, or its caption and row count."""

    caption: str
    columns: list[str]
    rows: list[list[str | Link | Code | Anchored | list[str | Link]]]
    note: str | None = None
    id: str | None = None
    summary: str | None = None
    # The SQL its rows came from and the views it reads (queries.traced), shown under it as a chart's are.
    sql: str | None = None
    definitions: list[tuple[str, str]] = field(default_factory=list)
    kind: ClassVar[str] = "table"

    @property
    def folded(self) -> bool:
        return len(self.rows) > FOLDED_ROWS

    @property
    def fold_line(self) -> str:
        return self.summary or f"{self.caption}: {wording.count(len(self.rows))} rows"


@dataclass(frozen=True)
class Note:
    """A sentence inside a section: what a part of it is missing, or how to read it."""

    text: str
    id: str | None = None
    kind: ClassVar[str] = "note"


@dataclass(frozen=True)
class Section:
    """One part of the report; `intro` says what it shows, `summary` is a sentence from its data, or what it is
    missing, and also heads the page; `provenance` says where its numbers came from."""

    id: str
    title: str
    summary: str | None
    blocks: list[Figure | Table | Note] = field(default_factory=list)
    provenance: list[Table] = field(default_factory=list)
    intro: str | None = None


ORIGINS = {
    "measured": "measured here",
    "published": "published by the study, not measured here",
    "both": "published by the study and measured here",
    "missing": "not measured yet",
}


@dataclass(frozen=True)
class KeyFigure:
    """A headline number, what it counts, where it comes from (a key of ORIGINS), and a line of qualifiers (its
    interval, its base, what the rest were) in smaller type."""

    value: str
    label: str
    origin: str
    detail: str = ""

    @property
    def origin_text(self) -> str:
        return ORIGINS[self.origin]


@dataclass(frozen=True)
class Headline:
    """What the page opens with: the key figures and the article's figure carried forward."""

    numbers: list[KeyFigure]
    blocks: list[Figure | Note]


@dataclass(frozen=True)
class Page:
    generated_at: datetime
    refreshed: Table
    sections: list[Section]
    headline: Headline


def render(page: Page) -> str:
    return _environment().get_template(TEMPLATE).render(page=page, vega_bundle=vega_bundle())


def script_json(value: object) -> str:
    """JSON that cannot end its <script> element: a scraped "</script>" or "<!--" inside a string
    becomes "\\u003c/script>", which JSON.parse reads back unchanged."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@functools.cache
def vega_bundle() -> str:
    """Vega, Vega-Lite (the version Altair writes specs for) and vega-embed as one script. Bundling them takes
    vl-convert seconds of CPU, more than the rest of the page: the bundle is kept in BUNDLE_CACHE, per version."""
    vl_version = "_".join(alt.SCHEMA_VERSION.split(".")[:2])
    cached = BUNDLE_CACHE / f"vega-bundle-{importlib.metadata.version('vl-convert-python')}-{vl_version}.js"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    # In minified code "</script" can only sit inside a string or regex, where "<\/" means the same.
    bundle = re.sub(r"</(script)", r"<\\/\1", vl_convert.javascript_bundle(vl_version=vl_version), flags=re.IGNORECASE)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")
        partial.write_text(bundle, encoding="utf-8")
        partial.replace(cached)
    except OSError:
        pass  # without a cache the next page bundles again
    return bundle


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("reports"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["LONG_CELL"] = LONG_CELL
    return environment
