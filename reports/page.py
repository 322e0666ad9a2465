"""The report page's parts (sections of figures, tables and notes) and their rendering to one offline
HTML file."""
from __future__ import annotations

import functools
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

import altair as alt
import jinja2
import pandas as pd
import vl_convert

from reports import wording

TEMPLATE = "report.html.j2"
# Left as they are in a CSV data URI, so that it is barely larger than the CSV: a data URI's body may hold
# them, and what HTML would read (&, ", <) is encoded.
CSV_SAFE = ",.:;-_/()!*~=+@$"


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
        embeds (its limit stays: such a chart would make the page too heavy)."""
        try:
            return script_json(self.chart.to_dict())
        except alt.MaxRowsError:
            return None

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
class Table:
    """Rows of cells: text, a link, or a list of lines."""

    caption: str
    columns: list[str]
    rows: list[list[str | Link | list[str]]]
    note: str | None = None
    id: str | None = None
    kind: ClassVar[str] = "table"


@dataclass(frozen=True)
class Note:
    """A sentence inside a section: what a part of it is missing, or how to read it."""

    text: str
    id: str | None = None
    kind: ClassVar[str] = "note"


@dataclass(frozen=True)
class Section:
    """One part of the report; `summary` is a sentence from its data, or what it is missing, and
    also heads the page; `provenance` says where its numbers came from."""

    id: str
    title: str
    summary: str | None
    blocks: list[Figure | Table | Note] = field(default_factory=list)
    provenance: list[Table] = field(default_factory=list)


@dataclass(frozen=True)
class Page:
    generated_at: datetime
    refreshed: Table
    sections: list[Section]


def render(page: Page) -> str:
    return _environment().get_template(TEMPLATE).render(page=page, vega_bundle=vega_bundle())


def script_json(value: object) -> str:
    """JSON that cannot end its <script> element: a scraped "</script>" or "<!--" inside a string
    becomes "\\u003c/script>", which JSON.parse reads back unchanged."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@functools.cache
def vega_bundle() -> str:
    """Vega, Vega-Lite (the version Altair writes specs for) and vega-embed as one script."""
    vl_version = "_".join(alt.SCHEMA_VERSION.split(".")[:2])
    bundle = vl_convert.javascript_bundle(vl_version=vl_version)
    # In minified code "</script" can only sit inside a string or regex, where "<\/" means the same.
    return re.sub(r"</(script)", r"<\\/\1", bundle, flags=re.IGNORECASE)


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("reports"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
