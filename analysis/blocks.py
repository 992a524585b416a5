"""What a notebook section shows: escaped HTML blocks, and the three calls a recipe uses.

A section of a briefing notebook is a short recipe: a query that returns a DataFrame, then

    show(figure(fig, df, "name", "Caption.", figures_dir), table(df, "Caption", anchor="tab-name"))

``figure`` embeds a matplotlib figure as PNG data (the HTML report is self-contained) and writes
the table it was drawn from to ``figures/<name>.csv``; ``table`` shows a DataFrame with every
cell escaped (article text is untrusted), optionally linking cells to evidence entries; ``show``
puts blocks in order as one ``Section``. Every block renders itself in JupyterLab
(``_repr_html_``) and in the report (``to_html``).
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import pandas as pd
from matplotlib.figure import Figure

NOTHING_TO_DRAW = "Nothing to draw: the corpus has no data for this figure."
NO_ROWS = "No rows: the corpus has no data for this table."


class _Shown:
    """Mixin: a block shows itself in JupyterLab as it does in the report."""

    def _repr_html_(self) -> str:
        return self.to_html()  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Table(_Shown):
    """A DataFrame shown as an escaped HTML table, with an optional caption and note.

    ``anchor`` is the table's id (``tab-<name>``); ``links`` maps a column to a function of the
    row (a dict) giving the id its cell links to (``""``: no link), e.g. an evidence entry.
    """

    df: pd.DataFrame
    caption: str = ""
    note: str = ""
    css: str = ""
    anchor: str = ""
    links: Mapping[str, Callable[[dict], str]] = field(default_factory=dict)

    def to_html(self) -> str:
        classes = f"nb-table {self.css}".strip()
        if self.links:
            body = _linked(self.df, self.links).to_html(index=False, escape=False, border=0, na_rep="", classes=classes)
        else:
            body = self.df.to_html(index=False, escape=True, border=0, na_rep="", classes=classes)
        cap = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        note = f'<p class="nb-note">{html.escape(self.note)}</p>' if self.note else ""
        keep = " nb-keep" if len(self.df) <= 20 else ""
        return f'<figure class="nb-tablewrap{keep}"{_id(self.anchor)}>{cap}{body}{note}</figure>'


def _id(anchor: str) -> str:
    return f' id="{html.escape(anchor)}"' if anchor else ""


def _linked(df: pd.DataFrame, links: Mapping[str, Callable[[dict], str]]) -> pd.DataFrame:
    """*df* with every text cell and header escaped, and the cells of the ``links`` columns as
    ``<a href="#id">``, for ``to_html(escape=False)``; numbers stay numbers (same formatting)."""
    rows = df.to_dict("records")
    out = df.copy()
    for col in df.columns:
        values = df[col]
        if col in links:
            targets = [links[col](row) for row in rows]
            out[col] = [_cell(v) if not t else f'<a href="#{html.escape(t)}">{_cell(v)}</a>'
                        for v, t in zip(values, targets)]
        elif values.dtype == object or isinstance(values.dtype, pd.StringDtype):
            out[col] = [_cell(v) for v in values]
    out.columns = [html.escape(str(c)) for c in df.columns]
    return out


def _cell(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else html.escape(str(value))


@dataclass(frozen=True)
class Chart(_Shown):
    """A matplotlib figure embedded as a PNG data URI (self-contained HTML), with alt text."""

    fig: Figure
    alt: str
    caption: str = ""
    anchor: str = ""  # the figure's id, fig-<name of its figures/*.csv>

    def to_html(self) -> str:
        buf = io.BytesIO()
        # constrained layout already fits the labels: no bbox_inches="tight" (it draws twice)
        self.fig.savefig(buf, format="png", dpi=150, facecolor="white")
        width_px = int(round(self.fig.get_size_inches()[0] * 96))
        data = base64.b64encode(buf.getvalue()).decode("ascii")
        cap = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        return (f'<figure class="nb-chart"{_id(self.anchor)}><img alt="{html.escape(self.alt)}" style="width:{width_px}px" '
                f'src="data:image/png;base64,{data}"/>{cap}</figure>')


@dataclass(frozen=True)
class Note(_Shown):
    """A paragraph of plain text (escaped)."""

    text: str
    css: str = "nb-note"

    def to_html(self) -> str:
        return f'<p class="{self.css}">{html.escape(self.text)}</p>'


@dataclass(frozen=True)
class Heading(_Shown):
    """A heading whose text comes from data (escaped), e.g. the briefing title."""

    text: str
    level: int = 1

    def to_html(self) -> str:
        return f"<h{self.level} class=\"nb-title\">{html.escape(self.text)}</h{self.level}>"


@dataclass(frozen=True)
class Section(_Shown):
    """Blocks displayed in order by one notebook cell; ``to_html`` is the report's markup."""

    blocks: tuple[Any, ...]  # Table, Chart, Note, Heading, analysis.evidence.Entry: each has to_html()

    def to_html(self) -> str:
        # tex2jax_ignore: JupyterLab must not typeset "$...$" found in article text
        return '<div class="nb-section tex2jax_ignore">' + "".join(b.to_html() for b in self.blocks) + "</div>"

    def __repr__(self) -> str:  # plain-text fallback (e.g. nbconvert --to script, terminals)
        return "\n".join(b.text if isinstance(b, (Note, Heading)) else getattr(b, "caption", "") or type(b).__name__
                         for b in self.blocks)


# --------------------------------------------------------------------------------------------
# The calls a recipe makes
# --------------------------------------------------------------------------------------------
def save_figure_data(df: pd.DataFrame, figures_dir: str | Path | None, name: str) -> Path | None:
    """Write the table a figure was drawn from to ``<figures_dir>/<name>.csv`` (atomic); None: skip."""
    if figures_dir is None:
        return None
    out = Path(figures_dir)
    out.mkdir(parents=True, exist_ok=True)
    from analysis.tables import write_csv

    return write_csv(df, out / f"{name}.csv", index=not isinstance(df.index, pd.RangeIndex))


def figure(fig: Figure | None, data: pd.DataFrame, name: str, caption: str = "", figures_dir: Any = None, *,
           alt: str = "") -> Chart | Note:
    """The figure as a block with id ``fig-<name>``, its data written to ``figures/<name>.csv``
    (named in the caption); a note instead when there is nothing to draw (*fig* is None)."""
    if fig is None:
        return Note(NOTHING_TO_DRAW)
    path = save_figure_data(data, figures_dir, name)
    if path is not None:
        caption = f"{caption} Data: figures/{path.name}".strip()
    return Chart(fig, alt=alt or caption or name.replace("_", " "), caption=caption, anchor=f"fig-{name}")


def table(df: pd.DataFrame, caption: str = "", *, note: str = "", anchor: str = "", css: str = "",
          links: Mapping[str, Callable[[dict], str]] | None = None, empty: str = NO_ROWS) -> Table | Note:
    """*df* as an escaped table (``links``: column -> the id a cell links to); the note *empty*
    when *df* has no row."""
    if df.empty:
        return Note(empty)
    return Table(df, caption=caption, note=note, css=css, anchor=anchor, links=dict(links or {}))


def note(text: str, css: str = "nb-note") -> Note:
    """A paragraph of plain text (escaped)."""
    return Note(text, css)


def show(*blocks: Any) -> Section:
    """The blocks in order as one section; None is left out, lists and sections are spliced in,
    and a string becomes a note (so a recipe can write ``show(fig_block, "Some remark.", tbl)``)."""
    return Section(tuple(_flat(blocks)))


def _flat(blocks: Iterable[Any]) -> Iterable[Any]:
    for block in blocks:
        if block is None or block == "":
            continue
        if isinstance(block, Section):
            yield from block.blocks
        elif isinstance(block, (list, tuple)):
            yield from _flat(block)
        elif isinstance(block, str):
            yield Note(block)
        else:
            yield block
