"""What the briefing notebooks call: the queries, figures and shaped tables of each section.

The table/figure functions are pure (DataFrames in, DataFrame or matplotlib ``Figure`` out) so they
are tested on small hand-made frames. A notebook section is a recipe that calls them and shows the
result with ``analysis.blocks`` (``show(figure(...), table(...))``), which escapes every piece of
article text (it is untrusted) and embeds figures as PNG data, so the HTML report is
self-contained. The sections every briefing has (title, key findings, evidence, inputs skipped,
methods) are one call each (``*_section``).
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import networkx as nx
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analysis.blocks import Heading, Note, Section, Table, table
from analysis.comparisons import chart_label as _short
from analysis.cooccurrence import pair_weights, top_actors
from analysis.findings import Findings, Tables, key_findings
from analysis.parameters import BY_NAME as _DECLARED
from analysis.tables import frame

UNATTRIBUTED = "(no speaker found)"
# Latin, Cyrillic, Greek (Noto Sans) then Chinese/Japanese/Korean (Noto Sans CJK); DejaVu last.
FONT_FAMILY = ["Noto Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]
PLOT_RC = {
    "font.family": FONT_FAMILY,
    "font.sans-serif": FONT_FAMILY,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "figure.dpi": 100,
    "savefig.dpi": 150,
}
ACCURACY_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "results" / "accuracy.json"
PACKAGES = ("newsbrief", "spacy", "pandas", "networkx", "matplotlib", "seaborn", "papermill", "nbconvert")

sns.set_theme(style="whitegrid", palette="deep", rc=PLOT_RC)


# --------------------------------------------------------------------------------------------
# Data loading (the only I/O besides save_figure_data)
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Data:
    """The analysis tables of one corpus plus the pipeline's manifest (``{}`` if none).

    Tables are read from ``data_dir`` when first used, so a section never pays for a table it
    does not show (``mentions``, the one table that grows with every name in the corpus, is read
    only by the sections that need single mentions). ``derived`` holds what more than one section
    computes from the tables, computed once (`person_genders`).
    """

    tables: dict[str, pd.DataFrame]
    data_dir: Path
    manifest: Mapping[str, Any] = field(default_factory=dict)
    corpus: str | None = None
    derived: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self.tables:
            from analysis.tables import load_table

            self.tables[name] = load_table(self.data_dir, name)
        return self.tables[name]

    def _repr_html_(self) -> str:
        """In JupyterLab: which tables there are (``data["quotes"]`` reads one), and their sizes once read."""
        names = sorted({p.stem for p in self.data_dir.glob("*.parquet")} | set(self.tables))
        rows = [(n, f"{len(self.tables[n]):,} rows" if n in self.tables else "read when first used") for n in names]
        return Table(pd.DataFrame(rows, columns=["table", "rows"]),
                     caption=f"Analysis tables in {self.data_dir} (data[NAME] is a DataFrame)").to_html()

    def has(self, name: str) -> bool:
        """Whether table *name* is loaded or on disk (tables of an older newsbrief lack some)."""
        return name in self.tables or any((self.data_dir / f"{name}.{ext}").exists() for ext in ("parquet", "csv"))


def load_data(
    data_dir: str | Path,
    *,
    corpus: str | None = None,
    analyze: bool = True,
    **analysis_options: Any,
) -> Data:
    """Load the tables in ``data_dir``; with ``corpus`` (and ``analyze``), first make sure they exist.

    ``analysis_options`` (model, labels, codebook, demonyms, jobs, cache_dir, scheduler) go to
    ``analysis.pipeline.ensure_analysis``, which re-uses the tables when its manifest matches.
    """
    data_dir = Path(data_dir)
    manifest = _read_manifest(data_dir)
    options = {k: v for k, v in analysis_options.items() if v is not None}
    if "labels" in options:
        options["labels"] = tuple(options["labels"])
    if corpus is not None and analyze and not _made_from(manifest, corpus, options):
        from analysis.pipeline import ensure_analysis

        ensure_analysis(corpus, data_dir, **options)
        manifest = _read_manifest(data_dir)
    return Data(tables={}, data_dir=data_dir, manifest=manifest, corpus=corpus)


def _read_manifest(data_dir: Path) -> dict[str, Any]:
    from analysis.tables import read_manifest

    return read_manifest(data_dir) or {}


def _made_from(manifest: Mapping[str, Any], corpus: str, options: Mapping[str, Any]) -> bool:
    """Cheap check (no spaCy import) that the tables were made from this corpus, model and labels.

    ``newsbrief run`` has just called ``ensure_analysis`` (the full check, including file stats and
    extraction code version), so the notebook only re-checks what a JupyterLab user may change.
    """
    if not manifest or manifest.get("corpus") != str(Path(corpus).resolve()):
        return False
    if "model" in options and manifest.get("model") != options["model"]:
        return False
    from analysis.actors.settings import ActorSettings

    if manifest.get("actors") != ActorSettings.fingerprint(options.get("codebook"), options.get("demonyms", False)):
        return False
    return "labels" not in options or manifest.get("labels") == sorted(options["labels"])


# --------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------
def _ok_articles(articles: pd.DataFrame) -> pd.DataFrame:
    if "status" not in articles:
        return articles
    return articles[articles["status"].fillna("ok").astype(str) != "skipped"]


def corpus_summary(articles: pd.DataFrame) -> dict[str, Any]:
    """Size, date range and outlets of the corpus (skipped inputs are counted apart)."""
    ok = _ok_articles(articles)
    dates = pd.to_datetime(ok.get("date", pd.Series(dtype=str)).replace("", None), errors="coerce").dropna()
    sources = ok.get("source", pd.Series(dtype=str)).fillna("").astype(str).str.strip()
    outlets = sources[sources != ""].value_counts()
    return {
        "articles": int(len(ok)),
        "skipped": int(len(articles) - len(ok)),
        "words": int(pd.to_numeric(ok.get("n_words", pd.Series(dtype=int)), errors="coerce").fillna(0).sum()),
        "first_date": dates.min().date().isoformat() if len(dates) else "",
        "last_date": dates.max().date().isoformat() if len(dates) else "",
        "undated": int(len(ok) - len(dates)),
        "outlets": {str(k): int(v) for k, v in outlets.items()},
    }


def summary_table(articles: pd.DataFrame) -> pd.DataFrame:
    """The summary as a two-column table (what, value) for the title block."""
    s = corpus_summary(articles)
    if s["first_date"]:
        span = s["first_date"] if s["first_date"] == s["last_date"] else f"{s['first_date']} to {s['last_date']}"
        if s["undated"]:
            span += f" ({s['undated']} undated)"
    else:
        span = "no dates found"
    outlets = ", ".join(f"{name} ({n})" for name, n in list(s["outlets"].items())[:10]) or "not recorded"
    if len(s["outlets"]) > 10:
        outlets += f", and {len(s['outlets']) - 10} more"
    rows = [
        ("Articles analysed", f"{s['articles']:,}"),
        ("Words", f"{s['words']:,}"),
        ("Dates", span),
        ("Outlets", outlets),
        ("Inputs skipped", f"{s['skipped']:,}"),
    ]
    return pd.DataFrame(rows, columns=["what", "value"])


# --------------------------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------------------------
def top_entities(entities: pd.DataFrame, labels: Sequence[str], top_n: int) -> pd.DataFrame:
    """The ``top_n`` most mentioned entities of each label, in the order of ``labels``."""
    cols = ["label", "rank", "entity", "mentions", "documents"]
    if entities.empty:
        return pd.DataFrame(columns=cols)
    df = entities[entities["label"].isin(list(labels))].copy()
    df = df.sort_values(["mentions", "documents", "entity"], ascending=[False, False, True], kind="stable")
    df = df.groupby("label", sort=False).head(top_n)
    df["rank"] = df.groupby("label").cumcount() + 1
    order = {label: i for i, label in enumerate(labels)}
    df = df.sort_values(["label", "rank"], key=lambda s: s.map(order) if s.name == "label" else s, kind="stable")
    return df[cols].reset_index(drop=True)


def with_aliases(top: pd.DataFrame, actors: pd.DataFrame, shown: int = 3) -> pd.DataFrame:
    """``top`` with an ``also written`` column: the other names the actor was found under
    (the first ``shown``, most used first, and how many more), from the actors table."""
    if top.empty or actors.empty:
        return top
    forms = {(a, lab): str(names).split("; ") for a, lab, names in zip(actors["actor"], actors["label"], actors["aliases"])}

    def also(entity: str, label: str) -> str:
        others = [f for f in forms.get((entity, label), []) if f and f != entity]
        more = f" +{len(others) - shown} more" if len(others) > shown else ""
        return ", ".join(others[:shown]) + more

    written = [also(e, lab) for e, lab in zip(top["entity"], top["label"])]
    if not any(written):  # nothing was joined into these: no empty column
        return top
    out = top.copy()
    out["also written"] = written
    return out


def entity_chart(top: pd.DataFrame) -> Figure | None:
    """Horizontal bar charts of mentions, one panel per label (None if there is nothing to draw)."""
    if top.empty:
        return None
    labels = list(dict.fromkeys(top["label"]))
    ncols = 2 if len(labels) > 1 else 1
    nrows = -(-len(labels) // ncols)
    tallest = int(top.groupby("label").size().max())
    # a row of panels: ~0.18in a bar plus title and axis, never so short that labels collide
    fig = Figure(figsize=(7.2, nrows * max(1.6, 0.75 + 0.18 * tallest)), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, label, color in zip(axes, labels, sns.color_palette("deep", len(labels))):
        part = top[top["label"] == label]
        sns.barplot(data=part, y="entity", x="mentions", ax=ax, color=color, orient="h")
        ax.set_title(label)
        ax.set_xlabel("mentions")
        ax.set_ylabel("")
        ax.set_yticks(range(len(part)), [_short(e, 28) for e in part["entity"]])
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for ax in axes[len(labels):]:
        ax.set_visible(False)
    return fig


# --------------------------------------------------------------------------------------------
# Quotes
# --------------------------------------------------------------------------------------------
def _matches(names: pd.Series, focus: Sequence[str]) -> pd.Series:
    wanted = {f.casefold() for f in focus}
    return names.fillna("").astype(str).str.casefold().isin(wanted)


def quotes_by_speaker(quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per (quote, speaker): a joint quote ("X and Y said", `speakers` "X; Y") counts for
    each of its speakers; quotes without a speaker are left out (`comparisons.quote_speakers`)."""
    from analysis.comparisons import quote_speakers

    return quote_speakers(quotes)


def speaker_ranking(quotes: pd.DataFrame, focus_actors: Sequence[str] = (), top_n: int | None = None) -> pd.DataFrame:
    """Speakers ranked by number of quotes, with counts per kind and the articles they are quoted in."""
    cols = ["rank", "speaker", "quotes", "direct", "partial", "indirect", "articles"]
    q = quotes_by_speaker(quotes)
    if focus_actors:
        q = q[_matches(q["speaker"], focus_actors)]
    if q.empty:
        return pd.DataFrame(columns=cols)
    kinds = pd.crosstab(q["speaker"], q["kind"])
    for kind in ("direct", "partial", "indirect"):
        if kind not in kinds:
            kinds[kind] = 0
    out = kinds[["direct", "partial", "indirect"]].copy()
    out.columns.name = None
    out["quotes"] = out.sum(axis=1)
    out["articles"] = q.groupby("speaker")["doc_id"].nunique()
    out = out.reset_index().sort_values(["quotes", "articles", "speaker"], ascending=[False, False, True])
    if top_n is not None:
        out = out.head(top_n)
    out["rank"] = range(1, len(out) + 1)
    return out[cols].reset_index(drop=True).astype({c: int for c in cols if c != "speaker"})


KIND_ORDER = {"direct": 0, "partial": 1, "indirect": 2}
QUOTE_SHOWN_CHARS = 300  # a longer quote is shortened in the briefing's inventory (data/quotes.csv has it whole)


def quote_inventory(
    quotes: pd.DataFrame,
    articles: pd.DataFrame,
    focus_actors: Sequence[str] = (),
    limit: int | None = 50,
    per_speaker: int | None = None,
) -> pd.DataFrame:
    """Quotes as (speaker, quote, kind, article): most-quoted speakers first, unattributed last.

    Within a speaker, direct quotes come first. ``per_speaker`` keeps a long table from being all
    one person; the same quote by the same speaker (syndicated or duplicated articles) is listed once.
    """
    cols = ["speaker", "quote", "kind", "article"]
    q = quotes.copy()
    q["speaker"] = q["speaker"].fillna("").astype(str)
    if focus_actors:
        q = q[_matches(q["speaker"], focus_actors)]
    if q.empty:
        return pd.DataFrame(columns=cols)
    titles = articles.set_index("doc_id")["title"].fillna("").astype(str) if "title" in articles else pd.Series(dtype=str)
    q["article"] = q["doc_id"].map(titles).fillna("").astype(str).map(lambda t: _short(t, 90).replace("\\$", "$"))
    q.loc[q["article"] == "", "article"] = q["doc_id"].astype(str)
    counts = q.loc[q["speaker"] != "", "speaker"].value_counts()
    q["_n"] = q["speaker"].map(counts).fillna(0)
    q["_kind"] = q["kind"].map(KIND_ORDER).fillna(3)
    q = q.sort_values(["_n", "speaker", "_kind", "doc_id", "start_char"],
                      ascending=[False, True, True, True, True], kind="stable")
    q = q.drop_duplicates(["speaker", "text"])
    if per_speaker is not None:
        q = q.groupby("speaker", sort=False).head(per_speaker)
    q.loc[q["speaker"] == "", "speaker"] = UNATTRIBUTED
    q = q.rename(columns={"text": "quote"})[cols]
    return (q.head(limit) if limit is not None else q).reset_index(drop=True)


def speaker_chart(ranking: pd.DataFrame) -> Figure | None:
    """Stacked bars of quotes per speaker, by kind."""
    if ranking.empty:
        return None
    df = ranking.set_index("speaker")[["direct", "partial", "indirect"]].iloc[::-1]
    fig = Figure(figsize=(7.2, 1.1 + 0.28 * len(df)), layout="constrained")
    ax = fig.subplots()
    left = pd.Series(0, index=df.index)
    for kind, color in zip(df.columns, sns.color_palette("deep", 3)):
        ax.barh([_short(s, 32) for s in df.index], df[kind], left=left, color=color, label=kind)
        left = left + df[kind]
    ax.set_xlabel("quotes")
    ax.set_title("Quotes per speaker")
    fig.legend(loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


# --------------------------------------------------------------------------------------------
# Actor co-occurrence
# --------------------------------------------------------------------------------------------
def cooccurrence_heatmap(matrix: pd.DataFrame, window: str = "sentence") -> Figure | None:
    """Seaborn heatmap of an ``actor_matrix``."""
    if matrix.empty or len(matrix) < 2:
        return None
    n = len(matrix)
    side = min(7.2, 2.2 + 0.38 * n)
    fig = Figure(figsize=(side + 0.8, side), layout="constrained")
    ax = fig.subplots()
    labels = [_short(a, 24) for a in matrix.index]
    sns.heatmap(matrix, ax=ax, cmap="Blues", annot=n <= 15, fmt="d", linewidths=0.5, square=True,
                cbar_kws={"label": f"co-occurrences ({window})", "shrink": 0.7},
                xticklabels=labels, yticklabels=labels, annot_kws={"fontsize": 7})
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(f"Actors named in the same {window}")
    return fig


def network_figure(cooc: pd.DataFrame, window: str, top_n: int, focus_actors: Sequence[str] = ()) -> Figure | None:
    """Network of the top actors: edge width ~ co-occurrences, node size ~ weighted degree."""
    actors = top_actors(cooc, window, top_n, focus_actors)
    e = pair_weights(cooc, window)
    e = e[e["source"].isin(actors) & e["target"].isin(actors)]
    if e.empty:
        return None
    g = nx.Graph()
    g.add_nodes_from(actors)
    g.add_weighted_edges_from(e[["source", "target", "weight"]].itertuples(index=False))
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    pos = nx.spring_layout(g, weight="weight", seed=7, k=1.6 / max(1, len(g)) ** 0.5)
    strength = dict(g.degree(weight="weight"))
    top_w = max(d["weight"] for *_, d in g.edges(data=True))
    focus = {f.casefold() for f in focus_actors}
    fig = Figure(figsize=(7.2, 5.2), layout="constrained")
    ax = fig.subplots()
    nx.draw_networkx_edges(g, pos, ax=ax, width=[0.6 + 4 * d["weight"] / top_w for *_, d in g.edges(data=True)],
                           edge_color="#8fa8c8", alpha=0.8)
    top_s = max(strength.values())
    colors = ["#d1495b" if n.casefold() in focus else "#2e5c8a" for n in g]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=[120 + 900 * strength[n] / top_s for n in g],
                           node_color=colors, alpha=0.9)
    for node, (x, y) in pos.items():
        ax.annotate(_short(node, 24), (x, y), xytext=(0, 9), textcoords="offset points", ha="center",
                    fontsize=8, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
    ax.set_title(f"Actor network ({window} window)")
    ax.margins(0.12)
    ax.set_axis_off()
    return fig


# --------------------------------------------------------------------------------------------
# Skipped inputs and methods
# --------------------------------------------------------------------------------------------
def skipped_inputs(articles: pd.DataFrame) -> pd.DataFrame:
    """Inputs the corpus reader skipped, with the reason."""
    if "status" not in articles:
        return pd.DataFrame(columns=["path", "reason"])
    s = articles[articles["status"].astype(str) == "skipped"]
    return s[["path", "reason"]].fillna("").astype(str).sort_values("path").reset_index(drop=True)


def read_accuracy(path: str | Path = ACCURACY_PATH) -> dict[str, Any] | None:
    """The quote extractor's measured accuracy (benchmarks/accuracy.py's JSON), or None if absent."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else {"result": data}


def _flatten(data: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            rows += _flatten(value, name + ".")
        elif isinstance(value, float):
            rows.append((name, f"{value:.3f}"))
        elif isinstance(value, (list, tuple)):
            rows.append((name, ", ".join(map(str, value[:10])) + (" …" if len(value) > 10 else "")))
        else:
            rows.append((name, str(value)))
    return rows


def package_versions(packages: Iterable[str] = PACKAGES, model: str | None = None) -> pd.DataFrame:
    """Installed versions of the packages (and spaCy model) that produced the briefing."""
    rows = [("python", platform.python_version())]
    for name in [*packages, *([model] if model else [])]:
        try:
            rows.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            try:
                rows.append((name, metadata.version(name.replace("_", "-"))))
            except metadata.PackageNotFoundError:
                rows.append((name, "not installed"))
    return pd.DataFrame(rows, columns=["package", "version"])


def corpus_fingerprint(corpus: str | Path | None, articles: pd.DataFrame, manifest: Mapping[str, Any] = {}) -> str:
    """The pipeline's corpus fingerprint if its manifest has one, else a SHA-256 of the corpus files."""
    nested = manifest.get("corpus") if isinstance(manifest.get("corpus"), Mapping) else {}
    if manifest.get("content"):  # the pipeline's digest of the article texts it analysed
        return f"sha256:{str(manifest['content'])[:16]} (content of {manifest.get('articles', '?')} inputs)"
    for key in ("corpus_fingerprint", "fingerprint"):
        value = manifest.get(key) or nested.get(key)
        if value:
            return str(value)
    digest = hashlib.sha256()
    root = Path(corpus) if corpus else None
    if root is not None and root.exists():
        files = sorted(p for p in ([root] if root.is_file() else root.rglob("*")) if p.is_file())
        for p in files:
            digest.update(str(p.relative_to(root if root.is_dir() else root.parent)).encode())
            digest.update(hashlib.sha256(p.read_bytes()).digest())
        return f"sha256:{digest.hexdigest()[:16]} ({len(files)} files)"
    for row in articles[["doc_id", "n_words"]].astype(str).itertuples(index=False):
        digest.update("\t".join(row).encode())
    return f"sha256:{digest.hexdigest()[:16]} (of the articles table)"


def parameters_table(namespace: Mapping[str, Any]) -> pd.DataFrame:
    """The declared parameters found in ``namespace`` (a notebook's ``vars()``) and their values."""
    rows = [(name, repr(namespace[name])) for name in _DECLARED if name in namespace]
    return pd.DataFrame(rows, columns=["parameter", "value"])


def methods_table(data: Data, params: Mapping[str, Any], accuracy: Mapping[str, Any] | None) -> pd.DataFrame:
    """Model name+version, corpus fingerprint, quote accuracy (or "not yet measured")."""
    model = str(params.get("model") or data.manifest.get("model") or "")
    version = data.manifest.get("model_version") or _version(model)
    rows = [
        ("spaCy model", f"{model} {version}".strip()),
        ("Corpus", str(params.get("corpus", data.corpus or ""))),
        ("Corpus fingerprint", corpus_fingerprint(params.get("corpus") or data.corpus, data["articles"], data.manifest)),
        ("Co-occurrence window", str(params.get("window", ""))),
        *actor_rows(data.manifest),
    ]
    rows += accuracy_rows(accuracy)
    return pd.DataFrame(rows, columns=["item", "value"])


def actor_rows(manifest: Mapping[str, Any]) -> list[tuple[str, str]]:
    """How actors were resolved: the corpus-wide rules, the codebook (name, digest, rules), demonyms."""
    settings = manifest.get("actor_settings") or {}
    codebook = settings.get("codebook")
    shown = "none" if not codebook else (
        f"{codebook.get('path')} ({codebook.get('rules')} rules, sha256 {str(codebook.get('sha256', ''))[:12]})"
    )
    return [
        ("Actors", "names joined across articles by evidence rules (newsbrief actors lists them)"),
        ("Actor codebook", shown),
        ("Demonyms joined to their country", "yes" if settings.get("demonyms") else "no"),
    ]


def _prf(fig: Mapping[str, Any]) -> str:
    parts = [f"{label} {fig[key]:.2f}" for key, label in
             (("precision", "precision"), ("recall", "recall"), ("f1", "F1"), ("speaker_acc", "speaker"))
             if isinstance(fig.get(key), (int, float))]
    if isinstance(fig.get("tp"), int) and isinstance(fig.get("fn"), int):
        parts.append(f"(gold n={fig['tp'] + fig['fn']})")
    return " · ".join(parts)


# Which saved accuracy figures the methods appendix shows: (key, quote kinds, label).
_QUOTE_SETTINGS = (
    ("overlap>0.3", ("all", "direct", "indirect"), "overlap > 0.3"),
    ("overlap>0.8", ("all",), "overlap > 0.8"),
    ("symmetric>0.5", ("all",), "symmetric overlap > 0.5"),
)
_CONLL_LABELS = ("overall", "PER", "LOC", "ORG", "MISC")


def accuracy_rows(accuracy: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """Rows summarising benchmarks/accuracy.py's saved JSON: what was measured on what, and how well."""
    if accuracy is None:
        return [("Measured accuracy", "not yet measured (run benchmarks/accuracy.py --save)")]
    rows = _measured_on_rows(accuracy) + _quote_rows(accuracy.get("quotes", {}))
    people = accuracy.get("people")
    if isinstance(people, Mapping) and "f1" in people:
        rows.append(("People named in each article", _prf(people)))
    rows += _conll_rows(accuracy.get("conll_mentions"), accuracy.get("conll_raw_model"))
    if not rows:
        rows = [(f"Measured accuracy: {k}", v) for k, v in _flatten(accuracy)[:20]]
    return rows


def _measured_on_rows(accuracy: Mapping[str, Any]) -> list[tuple[str, str]]:
    if not accuracy.get("measured_on"):
        return []
    when = " · ".join(str(accuracy[k]) for k in ("model", "date") if accuracy.get(k))
    return [("Accuracy measured on", f"{accuracy['measured_on']} ({when})" if when else accuracy["measured_on"])]


def _quote_rows(quotes: Mapping[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for key, kinds, label in _QUOTE_SETTINGS:
        block = quotes.get(key)
        if isinstance(block, Mapping):
            rows += [(f"Quotes, {kind} ({label})", _prf(block[kind]))
                     for kind in kinds if isinstance(block.get(kind), Mapping)]
    return rows


def _conll_rows(ours: Any, raw: Any) -> list[tuple[str, str]]:
    if not (isinstance(ours, Mapping) and isinstance(raw, Mapping)):
        return []
    parts = [f"{lab} {ours[lab]['f1']:.2f} (model alone {raw[lab]['f1']:.2f})"
             for lab in _CONLL_LABELS if lab in ours and lab in raw]
    return [("Entities, CoNLL-2003 F1", " · ".join(parts))]


def _version(name: str) -> str:
    for candidate in (name, name.replace("_", "-")):
        try:
            return metadata.version(candidate)
        except (metadata.PackageNotFoundError, ValueError):
            continue
    return "(version unknown)"


# --------------------------------------------------------------------------------------------
# What the notebook recipes call besides the queries and figures above: shaped tables, notes,
# and the sections every briefing has (title, key findings, evidence, skipped, methods)
# --------------------------------------------------------------------------------------------
def title_section(data: Data, title: str, author: str = "") -> Section:
    """Title, its author (when given), corpus size, date range and outlets."""
    byline = (Note(f"By {author}"),) if author.strip() else ()
    return Section((Heading(title, 1), *byline, Table(summary_table(data["articles"]), css="nb-summary")))


def person_genders(data: Data) -> pd.DataFrame:
    """Each quoted person's gender (`analysis.gender.person_gender`), computed once per briefing:
    the key findings and the source-balance section both read it (empty without the tables)."""
    if "person_gender" not in data.derived:
        from analysis import gender

        quotes, mentions = (data[n] if data.has(n) else frame(n) for n in ("quotes", "mentions"))
        data.derived["person_gender"] = gender.person_gender(quotes, mentions, actors_table(data))
    return data.derived["person_gender"]


def findings_section(data: Data, labels: Sequence[str], window: str, period: str = "month", top_n: int = 15,
                     focus_actors: Sequence[str] = (), source_balance: bool = True) -> Section:
    """Key findings: 4 to 8 sentences from the tables (``analysis.findings``), each linking to the
    figure or table of the section that backs it; fewer when the tables say less."""
    from analysis import comparisons as cmp

    articles = data["articles"]
    outlets = bool(cmp.has_outlets(articles))
    tables = Tables(
        articles=articles,
        entities=data["entities"] if data.has("entities") else None,
        quotes=data["quotes"] if data.has("quotes") else None,
        cooccurrence=data["cooccurrence"] if data.has("cooccurrence") else None,
        # mentions: only the outlet and gender findings read them (the sections below load them anyway)
        mentions=data["mentions"] if (outlets or source_balance) and data.has("mentions") else None,
        actors=data["actors"] if data.has("actors") else None,
        labels=tuple(labels), window=window, period=period, focus_actors=tuple(focus_actors),
        outlet_actors=min(top_n, OUTLET_ACTORS),  # as many actors as the outlets' share figure shows
        source_balance=source_balance)
    if source_balance and all(data.has(name) for name in ("quotes", "mentions", "actors")):
        tables = replace(tables, person_genders=person_genders(data))
    found = key_findings(tables)
    if not found:
        return Section((Note("No finding: the tables hold no entity, quote or pair to report."),))
    return Section((Findings(tuple(found)),))


OUTLET_ACTORS = 8  # actors in the by-outlet share figure (and the key finding comparing outlets)


def actors_table(data: Data) -> pd.DataFrame:
    """The actors table, or an empty one when the tables predate it."""
    return data["actors"] if data.has("actors") else frame("actors")


def labels_not_found(top: pd.DataFrame, labels: Sequence[str]) -> str:
    """A note naming the labels with no entity in *top* ("" when every label has some)."""
    missing = [label for label in labels if label not in set(top["label"])]
    return f"No entities found for: {', '.join(missing)}." if missing and not top.empty else ""


def entity_table(top: pd.DataFrame, actors: pd.DataFrame, labels: Sequence[str] = ()) -> Table | Note:
    """The entity ranking with the other names joined into each actor; every row links to its evidence."""
    from analysis.evidence import actor_link

    shown = with_aliases(top, actors)
    joined = "; also written: names joined into them, data/actors.csv" if "also written" in shown else ""
    return table(shown, f"Most mentioned entities (documents: articles that mention them{joined})",
                 anchor="tab-entities", links={"entity": actor_link},
                 empty=f"No entities with labels {', '.join(labels)} were found.")


def quotes_note(quotes: pd.DataFrame, focus_actors: Sequence[str] = ()) -> str:
    """How many quotes were found and how many have a speaker."""
    attributed = int((quotes["speaker"].fillna("").astype(str) != "").sum())
    focus = f" Focus: {', '.join(focus_actors)}." if focus_actors else ""
    return f"{len(quotes):,} quotes found, {attributed:,} with a speaker.{focus}"


def speaker_table(ranking: pd.DataFrame, focus_actors: Sequence[str] = ()) -> Table | Note:
    """The speaker ranking; every row links to its evidence."""
    from analysis.evidence import speaker_link

    return table(ranking, "Speakers ranked by number of quotes", anchor="tab-speakers", links={"speaker": speaker_link},
                 empty="No attributed quotes" + (" for the focus actors." if focus_actors else "."))


def inventory_table(quotes: pd.DataFrame, articles: pd.DataFrame, focus_actors: Sequence[str] = (),
                    max_quotes: int = 50) -> Table | None:
    """The quote inventory, capped at ``max_quotes`` rows (up to 5 per speaker when capped, so
    more voices show) and long quotes shortened, with a note pointing at data/quotes.csv."""
    inventory = quote_inventory(quotes, articles, focus_actors, limit=None)
    if inventory.empty:
        return None
    shown, caption = inventory.head(max_quotes), "Quote inventory"
    if len(inventory) > max_quotes:
        per = 5 if len(focus_actors) != 1 else None
        shown = quote_inventory(quotes, articles, focus_actors, limit=max_quotes, per_speaker=per)
        caption += " (up to 5 quotes per speaker, direct quotes first)" if per else ""
    total = len(quotes) if not focus_actors else len(inventory)
    long = shown["quote"].str.len() > QUOTE_SHOWN_CHARS
    shown = shown.assign(quote=shown["quote"].where(~long, shown["quote"].str[: QUOTE_SHOWN_CHARS - 1] + "…"))
    cut = f"; {int(long.sum())} long quote(s) shortened (…)" if long.any() else ""
    note = (f"Showing {len(shown)} of {total:,} quotes{cut}; full table: data/quotes.csv"
            if total > len(shown) else f"Full table: data/quotes.csv{cut}")
    return Table(shown, caption=caption, note=note, css="nb-quotes")


def about_table(edges: pd.DataFrame, top_n: int) -> Table | Note:
    """The first ``top_n`` speaker -> actor pairs; every row links to its evidence."""
    from analysis.evidence import about_link

    note = f"Showing {top_n} of {len(edges):,} pairs; all: figures/speaks_about.csv" if len(edges) > top_n else ""
    return table(edges.head(top_n), "Who speaks about whom (quotes naming the actor)", note=note,
                 anchor="tab-speaks-about", links={"quotes": about_link},
                 empty="No quote names an actor other than its speaker.")


def pairs_table(pairs: pd.DataFrame, window: str) -> Table | Note:
    """The strongest pairs; every row links to its evidence."""
    from analysis.evidence import pair_link

    return table(pairs, f"Strongest pairs ({window} window)", anchor="tab-pairs", links={"weight": pair_link},
                 empty=f"No actor pairs co-occur within a {window}.")


def no_pairs_note(window: str, focus_actors: Sequence[str] = ()) -> str:
    who = f" involving {', '.join(focus_actors)}" if focus_actors else ""
    return f"No actor pairs{who} co-occur within a {window}."


def grid(df: pd.DataFrame, index: str, columns: str, values: str, fmt=None) -> pd.DataFrame:
    """A long table as a grid (one row per *index*), for showing beside a faceted figure."""
    wide = df.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=0, sort=False)
    if fmt is not None:
        wide = wide.map(fmt)
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index()


def percent(x: float) -> str:
    """0.123 -> '12.3%'."""
    return f"{100 * x:.1f}%"


def coverage_grid(coverage: pd.DataFrame, period: str) -> pd.DataFrame:
    """Articles per outlet (rows) and period (columns), periods written 2016-03 or 2016-03-07."""
    shown = coverage.assign(period=coverage["period"].astype(str).str[:7 if period == "month" else 10])
    return grid(shown, "outlet", "period", "articles")


def outlet_quotes(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The quotes with their article's outlet (column ``outlet``)."""
    from analysis.comparisons import article_outlets

    return quotes.assign(outlet=quotes["doc_id"].astype(str).map(article_outlets(articles)))


# --------------------------------------------------------------------------------------------
# Evidence appendix
# --------------------------------------------------------------------------------------------
EVIDENCE_FIRST_ROWS = 2  # the first rows of each ranking show this many pieces of evidence ...
EVIDENCE_PER_ENTRY = 2
EVIDENCE_LATER = 1  # ... every later row one, so the appendix stays short; the rest is in the CSVs


def _entity_entries(data: Data, top: pd.DataFrame) -> list[tuple]:
    from analysis import evidence as ev

    mentions, sentences = data["mentions"], data["sentences"]
    return [(ev.actor_anchor(e, lab), f"{e} ({lab}): {int(n):,} mentions", ev.actor_hits(mentions, sentences, e, lab),
             ev.where_actor(e, lab), int(rank)) for e, lab, n, rank in
            zip(top["entity"], top["label"], top["mentions"], top["rank"])]


def _speaker_entries(data: Data, speakers: pd.DataFrame) -> list[tuple]:
    from analysis import evidence as ev

    return [(ev.speaker_anchor(sp), f"{sp}: {int(n):,} quotes", ev.speaker_hits(data["quotes"], sp),
             ev.where_speaker(sp), i) for i, (sp, n) in enumerate(zip(speakers["speaker"], speakers["quotes"]), 1)]


def _about_entries(data: Data, about: pd.DataFrame) -> list[tuple]:
    from analysis import evidence as ev

    return [(ev.about_anchor(sp, a), f"{sp} about {a}: {int(n):,} quotes",
             ev.about_hits(data["quotes"], data["mentions"], sp, a), ev.where_about(sp, a), i)
            for i, (sp, a, n) in enumerate(zip(about["speaker"], about["actor"], about["quotes"]), 1)]


def _pair_entries(data: Data, pairs: pd.DataFrame, window: str, labels: Sequence[str]) -> list[tuple]:
    from analysis import evidence as ev

    return [(ev.pair_anchor(a, b), f"{a} and {b}: {int(n):,} {window}s",
             ev.pair_hits(data["mentions"], data["sentences"], a, b, window, labels), ev.where_pair(a, b, window), i)
            for i, (a, b, n) in enumerate(zip(pairs["source"], pairs["target"], pairs["weight"]), 1)]


def _shown_per_entry(rank: int) -> int:
    return EVIDENCE_PER_ENTRY if rank <= EVIDENCE_FIRST_ROWS else EVIDENCE_LATER


RANKINGS = {"entities": "entities_top", "speakers": "speakers", "about": "speaks_about", "pairs": "pairs"}


def rankings_shown(namespace: Mapping[str, Any]) -> dict[str, Any]:
    """The rankings a notebook showed, by the names its recipes give them (``RANKINGS``), as
    keyword arguments of ``evidence_section``; who-speaks-about-whom shows its first ``top_n``."""
    found = {key: namespace[name] for key, name in RANKINGS.items() if isinstance(namespace.get(name), pd.DataFrame)}
    if "about" in found:
        found["about"] = found["about"].head(int(namespace.get("top_n", 15)))
    return {**found, "window": namespace.get("window", "sentence"),
            "labels": namespace.get("entity_labels", ("PERSON", "ORG", "GPE", "NORP"))}


def _evidence_groups(data: Data, entities, speakers, about, pairs, window: str, labels: Sequence[str]) -> list[tuple]:
    """(heading, id of the ranking's table, entries) for each ranking given (None: not shown)."""
    wanted = [
        ("Most mentioned entities", "tab-entities", entities, lambda df: _entity_entries(data, df)),
        ("Speakers", "tab-speakers", speakers, lambda df: _speaker_entries(data, df)),
        ("Who speaks about whom", "tab-speaks-about", about, lambda df: _about_entries(data, df)),
        (f"Strongest pairs ({window} window)", "tab-pairs", pairs, lambda df: _pair_entries(data, df, window, labels)),
    ]
    return [(heading, back, entries(df)) for heading, back, df, entries in wanted if df is not None]


def evidence_section(data: Data, namespace: Mapping[str, Any] | None = None, *, entities: pd.DataFrame | None = None,
                     speakers: pd.DataFrame | None = None, about: pd.DataFrame | None = None,
                     pairs: pd.DataFrame | None = None, window: str = "sentence",
                     labels: Sequence[str] = ("PERSON", "ORG", "GPE", "NORP")) -> Section:
    """The evidence appendix: an entry for every row of the rankings given (the DataFrames the
    sections above showed, so each link finds its entry; from a notebook, pass ``vars()`` and
    they are found by name, see ``rankings_shown``), with the sentences or quotes behind it,
    keyword marked, the article's title, outlet and date, how many more there are and the CSV rows
    holding them all. The first ``EVIDENCE_FIRST_ROWS`` rows of each ranking show
    ``EVIDENCE_PER_ENTRY`` pieces, later rows ``EVIDENCE_LATER``."""
    if namespace is not None:
        return evidence_section(data, **rankings_shown(namespace))
    from analysis import evidence as ev

    if not data.has("sentences"):
        return Section((Note("The evidence needs the sentences table: re-run the analysis with this newsbrief."),))
    groups = _evidence_groups(data, entities, speakers, about, pairs, window, labels)
    cited = {h.doc_id for _, _, entries in groups for *_, hits, _, rank in entries for h in hits[:_shown_per_entry(rank)]}
    texts = ev.article_texts(data.corpus, cited, data["mentions"], max_chars=data.manifest.get("max_chars"),
                             language=data.manifest.get("language", "en"))
    sources = ev.article_sources(data["articles"])
    blocks: list = [Note(f"Every row of each ranking: {EVIDENCE_PER_ENTRY} pieces of evidence for the first "
                         f"{EVIDENCE_FIRST_ROWS} rows, {EVIDENCE_LATER} for the others (from different articles first); "
                         "the keyword is marked.")]
    if cited and not texts:
        blocks.append(Note(f"The article texts could not be read from the corpus ({data.corpus or 'not given'})."))
    for heading, back, entries in groups:
        if entries:
            blocks.append(Note(heading, css="nb-ev-group"))
            blocks += [ev.entry(a, h, hits, texts, sources, _shown_per_entry(rank), where, back)
                       for a, h, hits, where, rank in entries]
    return Section(tuple(blocks))


def skipped_section(data: Data, limit: int = 50) -> Section:
    """The inputs that were not analysed, and why (the first ``limit``; all are in data/articles.csv)."""
    skipped = skipped_inputs(data["articles"])
    if skipped.empty:
        return Section((Note("No input was skipped."),))
    note = (f"Showing {limit} of {len(skipped):,}; all are in data/articles.csv (status = skipped)."
            if len(skipped) > limit else "")
    return Section((Table(skipped.head(limit), caption=f"{len(skipped):,} input{'s' if len(skipped) != 1 else ''} skipped", note=note),))


METHODS_TEXT = (
    "Articles are read and stripped of boilerplate (navigation, advertisements, related-article lists) while keeping "
    "character offsets into the original text; every table row points back to the characters it came from. Entities "
    "come from the spaCy model named below, with label fixes and alias merging within each article. Quotes are found "
    "by quotation marks and reporting verbs and attributed to a named speaker, resolving pronouns and descriptions "
    '("the minister") to a speaker named earlier in the article, or leaving the speaker empty when none is evident. '
    "The tables behind every figure are in figures/, the full analysis tables in data/."
)


def methods_section(data: Data, namespace: Mapping[str, Any], accuracy_path: str | Path = ACCURACY_PATH) -> Section:
    """How the briefing was made (one text for every notebook), then the model, parameters, corpus
    fingerprint, the extractors' measured accuracy and the package versions."""
    params = {name: namespace[name] for name in _DECLARED if name in namespace}
    return Section((
        Note(METHODS_TEXT),
        Table(methods_table(data, params, read_accuracy(accuracy_path)), caption="Model and corpus", css="nb-compact"),
        Table(parameters_table(params), caption="Parameters of this briefing", css="nb-compact"),
        Note("Software: " + " · ".join(f"{r.package} {r.version}" for r in
                                        package_versions(model=params.get("model")).itertuples())),
    ))
