"""What the briefing notebooks call: one function per table or figure, one ``*_section`` per section.

The table/figure functions are pure (DataFrames in, DataFrame or matplotlib ``Figure`` out) so they
are tested on small hand-made frames. The ``*_section`` functions compose them into a ``Section``
that a notebook displays with one call; a section renders every piece of article text through
``html.escape`` (article text is untrusted) and embeds figures as PNG data, so the HTML report is
self-contained. ``save_figure_data`` writes the table each figure was drawn from beside the report.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import platform
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import networkx as nx
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analysis.comparisons import chart_label as _short
from analysis.cooccurrence import actor_matrix, network_measures, pair_weights, strongest_pairs, top_actors
from analysis.findings import Findings, Tables, key_findings
from analysis.parameters import BY_NAME as _DECLARED

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


def save_figure_data(df: pd.DataFrame, figures_dir: str | Path | None, name: str) -> Path | None:
    """Write the table a figure was drawn from to ``<figures_dir>/<name>.csv`` (atomic); None: skip."""
    if figures_dir is None:
        return None
    out = Path(figures_dir)
    out.mkdir(parents=True, exist_ok=True)
    from analysis.tables import write_csv

    return write_csv(df, out / f"{name}.csv", index=not isinstance(df.index, pd.RangeIndex))


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
# Presentation: sections of escaped HTML blocks
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Table:
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
class Chart:
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
class Note:
    """A paragraph of plain text (escaped)."""

    text: str
    css: str = "nb-note"

    def to_html(self) -> str:
        return f'<p class="{self.css}">{html.escape(self.text)}</p>'


@dataclass(frozen=True)
class Heading:
    """A heading whose text comes from data (escaped), e.g. the briefing title."""

    text: str
    level: int = 1

    def to_html(self) -> str:
        return f"<h{self.level} class=\"nb-title\">{html.escape(self.text)}</h{self.level}>"


@dataclass(frozen=True)
class Section:
    """Blocks displayed in order by one notebook call; ``to_html`` is the report's markup."""

    blocks: tuple[Any, ...]  # Table, Chart, Note, Heading, analysis.evidence.Entry: each has to_html()

    def to_html(self) -> str:
        # tex2jax_ignore: JupyterLab must not typeset "$...$" found in article text
        return '<div class="nb-section tex2jax_ignore">' + "".join(b.to_html() for b in self.blocks) + "</div>"

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:  # plain-text fallback (e.g. nbconvert --to script, terminals)
        return "\n".join(b.text if isinstance(b, (Note, Heading)) else getattr(b, "caption", "") or type(b).__name__
                         for b in self.blocks)


def _chart(fig: Figure | None, alt: str, caption: str, data: pd.DataFrame, figures_dir: Any, name: str) -> list:
    if fig is None:
        return [Note("Nothing to draw: the corpus has no data for this figure.")]
    path = save_figure_data(data, figures_dir, name)
    if path is not None:
        caption = f"{caption} Data: figures/{path.name}".strip()
    return [Chart(fig, alt=alt, caption=caption, anchor=f"fig-{name}")]


# The first rows of each ranking (of each label, for entities) link to their evidence; the
# appendix keeps to about two pages, the rest of the evidence is in the CSVs it names.
EVIDENCE_ROWS = 2
EVIDENCE_PER_ENTRY = 2


def _actor_link(row: Mapping[str, Any]) -> str:
    from analysis.evidence import actor_anchor

    return actor_anchor(row["entity"], row["label"]) if int(row["rank"]) <= EVIDENCE_ROWS else ""


def _speaker_link(row: Mapping[str, Any]) -> str:
    from analysis.evidence import speaker_anchor

    return speaker_anchor(row["speaker"]) if int(row["rank"]) <= EVIDENCE_ROWS else ""


def _pair_anchor(row: Mapping[str, Any]) -> str:
    from analysis.evidence import pair_anchor

    return pair_anchor(row["source"], row["target"])


def _about_anchor(row: Mapping[str, Any]) -> str:
    from analysis.evidence import about_anchor

    return about_anchor(row["speaker"], row["actor"])


def _first_rows_link(df: pd.DataFrame, anchor: Callable[[Mapping[str, Any]], str]) -> Callable[[dict], str]:
    """A link to the evidence of the row, for the first ``EVIDENCE_ROWS`` rows of *df* only."""
    covered = {anchor(row) for row in df.head(EVIDENCE_ROWS).to_dict("records")}
    return lambda row: a if (a := anchor(row)) in covered else ""


def title_section(data: Data, title: str, author: str = "") -> Section:
    """Title, its author (when given), corpus size, date range and outlets."""
    byline = (Note(f"By {author}"),) if author.strip() else ()
    return Section((Heading(title, 1), *byline, Table(summary_table(data["articles"]), css="nb-summary")))


def person_genders(data: Data) -> pd.DataFrame:
    """Each quoted person's gender (`analysis.gender.person_gender`), computed once per briefing:
    the key findings and the source-balance section both read it."""
    if "person_gender" not in data.derived:
        from analysis import gender

        data.derived["person_gender"] = gender.person_gender(data["quotes"], data["mentions"], data["actors"])
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
        outlet_actors=min(top_n, 8),  # as many actors as outlets_section's share figure shows
        source_balance=source_balance)
    if source_balance and all(data.has(name) for name in ("quotes", "mentions", "actors")):
        tables = replace(tables, person_genders=person_genders(data))
    found = key_findings(tables)
    if not found:
        return Section((Note("No finding: the tables hold no entity, quote or pair to report."),))
    return Section((Findings(tuple(found)),))


def entities_section(data: Data, labels: Sequence[str], top_n: int, figures_dir: Any = None) -> Section:
    """Top entities per label: a bar chart per label and the table behind it."""
    top = top_entities(data["entities"], labels, top_n)
    if top.empty:
        return Section((Note(f"No entities with labels {', '.join(labels)} were found."),))
    blocks = _chart(entity_chart(top), "Bar charts of the most mentioned entities per label",
                    f"Top {top_n} entities per label by mentions.", top, figures_dir, "entities_top")
    missing = [label for label in labels if label not in set(top["label"])]
    if missing:
        blocks.append(Note(f"No entities found for: {', '.join(missing)}."))
    table = with_aliases(top, data["actors"]) if data.has("actors") else top
    joined = "; also written: names joined into them, data/actors.csv" if "also written" in table else ""
    blocks.append(Table(table, caption=f"Most mentioned entities (documents: articles that mention them{joined})",
                        anchor="tab-entities", links={"entity": _actor_link}))
    return Section(tuple(blocks))


def quotes_section(data: Data, top_n: int, max_quotes: int = 50, focus_actors: Sequence[str] = (),
                   figures_dir: Any = None) -> Section:
    """Speakers ranked by quotes (chart + table) and the capped quote inventory."""
    quotes = data["quotes"]
    ranking = speaker_ranking(quotes, focus_actors, top_n)
    total = len(quotes)
    attributed = int((quotes["speaker"].fillna("").astype(str) != "").sum())
    focus = f" Focus: {', '.join(focus_actors)}." if focus_actors else ""
    blocks: list = [Note(f"{total:,} quotes found, {attributed:,} with a speaker.{focus}")]
    if ranking.empty:
        blocks.append(Note("No attributed quotes" + (" for the focus actors." if focus_actors else ".")))
    else:
        blocks += _chart(speaker_chart(ranking), "Bar chart of quotes per speaker",
                         f"Top {len(ranking)} speakers by number of quotes.", ranking, figures_dir, "speakers")
        blocks.append(Table(ranking, caption="Speakers ranked by number of quotes", anchor="tab-speakers",
                            links={"speaker": _speaker_link}))
    inventory = quote_inventory(quotes, data["articles"], focus_actors, limit=None)
    if not inventory.empty:
        shown, caption = inventory.head(max_quotes), "Quote inventory"
        if len(inventory) > max_quotes:  # too many to list: up to 5 per speaker, so more voices show
            per = 5 if len(focus_actors) != 1 else None
            shown = quote_inventory(quotes, data["articles"], focus_actors, limit=max_quotes, per_speaker=per)
            caption += " (up to 5 quotes per speaker, direct quotes first)" if per else ""
        total = len(quotes) if not focus_actors else len(inventory)
        long = shown["quote"].str.len() > QUOTE_SHOWN_CHARS
        shown = shown.assign(quote=shown["quote"].where(~long, shown["quote"].str[: QUOTE_SHOWN_CHARS - 1] + "…"))
        cut = f"; {int(long.sum())} long quote(s) shortened (…)" if long.any() else ""
        note = (f"Showing {len(shown)} of {total:,} quotes{cut}; full table: data/quotes.csv"
                if total > len(shown) else f"Full table: data/quotes.csv{cut}")
        blocks.append(Table(shown, caption=caption, note=note, css="nb-quotes"))
    return Section(tuple(blocks))


def actors_section(data: Data, window: str, top_n: int, focus_actors: Sequence[str] = (),
                   figures_dir: Any = None) -> Section:
    """Actor co-occurrence: heatmap, network figure and the strongest pairs."""
    cooc = data["cooccurrence"]
    matrix = actor_matrix(cooc, window, top_n, focus_actors)
    if len(matrix) < 2:
        who = f" involving {', '.join(focus_actors)}" if focus_actors else ""
        return Section((Note(f"No actor pairs{who} co-occur within a {window}."),))
    blocks = _chart(cooccurrence_heatmap(matrix, window), f"Heatmap of actors named in the same {window}",
                    f"Top {len(matrix)} actors; cell = number of {window}s naming both.", matrix, figures_dir,
                    f"cooccurrence_{window}")
    blocks += _chart(network_figure(cooc, window, top_n, focus_actors), "Network of the top actors",
                     "Edge width: co-occurrences; node size: total co-occurrences.",
                     network_measures(cooc, window, top_n, focus_actors), figures_dir, f"network_{window}")
    pairs = strongest_pairs(cooc, window, top_n, focus_actors)
    blocks.append(Table(pairs, caption=f"Strongest pairs ({window} window)", anchor="tab-pairs",
                        links={"weight": _first_rows_link(pairs, _pair_anchor)}))
    return Section(tuple(blocks))


def _pivot(df: pd.DataFrame, index: str, columns: str, values: str, fmt=None) -> pd.DataFrame:
    """A long table as a grid (one row per *index*), for showing beside a faceted figure."""
    grid = df.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=0, sort=False)
    if fmt is not None:
        grid = grid.map(fmt)
    grid.columns = [str(c) for c in grid.columns]
    return grid.reset_index()


def _percent(x: float) -> str:
    return f"{100 * x:.1f}%"


def outlets_section(data: Data, period: str = "month", top_n: int = 15, figures_dir: Any = None) -> Section:
    """Outlets and periods compared: coverage over time per outlet, actors' share of each outlet's
    mentions and quotes, and who each outlet quotes; one line when the articles carry no outlet
    or date."""
    from analysis import comparisons as cmp

    articles = data["articles"]
    outlets, dates = cmp.has_outlets(articles), cmp.has_dates(articles)
    blocks: list = [Note(str(x)) for x in (outlets, dates) if str(x)]
    if dates:
        coverage = cmp.coverage_over_time(articles, period=period, by_outlet=bool(outlets))
        shown = coverage.assign(period=coverage["period"].astype(str).str[:7 if period == "month" else 10])
        blocks += _chart(cmp.coverage_figure(coverage), f"Bar charts of articles per {period} for each outlet",
                         f"Articles per {period}" + (" and outlet." if outlets else "."), coverage, figures_dir,
                         f"coverage_{period}")
        blocks.append(Table(_pivot(shown, "outlet", "period", "articles"), caption=f"Articles per {period}",
                            css="nb-grid"))
    if not outlets:
        return Section(tuple(blocks))
    top = min(top_n, 8)
    shares = cmp.actor_share_by_outlet(data["mentions"], articles, data["actors"] if data.has("actors") else None,
                                       top_n=top, quotes=data["quotes"])
    blocks += _chart(cmp.actor_share_figure(shares), "Bar charts of each outlet's share of mentions and quotes per actor",
                     f"The corpus's top {top} actors: share of each outlet's actor mentions and of its quotes.",
                     shares, figures_dir, "actor_share_by_outlet")
    blocks.append(Table(_pivot(shares, "actor", "outlet", "mention_share", _percent),
                        caption="Share of each outlet's actor mentions (quotes: figures/actor_share_by_outlet.csv)",
                        css="nb-grid"))
    quoted = cmp.quoted_by_outlet(data["quotes"], articles, top_n=5)
    blocks += _chart(cmp.quoted_by_outlet_figure(quoted), "Bar charts of the speakers each outlet quotes most",
                     "The 5 speakers each outlet quotes most (share of its attributed quotes).", quoted, figures_dir,
                     "quoted_by_outlet")
    blocks.append(Table(quoted.assign(share=quoted["share"].map(_percent)), caption="Who each outlet quotes",
                        anchor="tab-quoted-by-outlet"))
    return Section(tuple(blocks))


def speaks_about_section(data: Data, top_n: int = 15, figures_dir: Any = None) -> Section:
    """Who speaks about whom: speaker -> actor named inside the speaker's quotes (network + table)."""
    from analysis import comparisons as cmp

    edges = cmp.speaks_about(data["quotes"], data["mentions"])
    if edges.empty:
        return Section((Note("No quote names an actor other than its speaker."),))
    blocks = _chart(cmp.speaks_about_figure(edges, max_edges=2 * top_n),
                    "Directed network from speakers to the actors their quotes name",
                    f"The strongest {min(len(edges), 2 * top_n)} of {len(edges):,} links. Arrow: speaker -> actor "
                    "named in the speaker's quotes; width: quotes.", edges, figures_dir, "speaks_about")
    note = f"Showing {top_n} of {len(edges):,} pairs; all: figures/speaks_about.csv" if len(edges) > top_n else ""
    blocks.append(Table(edges.head(top_n), caption="Who speaks about whom (quotes naming the actor)", note=note,
                        anchor="tab-speaks-about", links={"quotes": _first_rows_link(edges, _about_anchor)}))
    return Section(tuple(blocks))


def source_balance_section(data: Data, show: bool = True, figures_dir: Any = None) -> Section:
    """Quoted people and their quotes by gender (`analysis.gender`), with the method and the
    unknown share beside the figure; by outlet too when the articles carry one."""
    if not show:
        return Section((Note("Source balance by gender was not estimated (parameter source_balance is false)."),))
    from analysis import comparisons as cmp
    from analysis import gender

    if not data.has("actors"):
        return Section((Note("Source balance needs the actors table; re-run the analysis."),))
    people = person_genders(data)
    if people.empty:
        return Section((Note("No quoted person was found."),))
    balance = gender.source_balance(people, data["quotes"])
    blocks = _chart(gender.balance_figure(balance), "Bar chart of quoted people and quotes by gender",
                    "Share of the people quoted, and of their quotes, by gender.", balance, figures_dir,
                    "source_balance")
    blocks.append(Note(gender.method_note(people, balance)))
    blocks.append(Table(balance.assign(people_share=balance["people_share"].map(_percent),
                                       quotes_share=balance["quotes_share"].map(_percent)),
                        caption="Quoted people and quotes by gender (each person: figures/source_balance_people.csv)",
                        anchor="tab-source-balance"))
    save_figure_data(people, figures_dir, "source_balance_people")
    articles = data["articles"]
    if cmp.has_outlets(articles):
        outlets = cmp.article_outlets(articles)
        quotes = data["quotes"].assign(outlet=data["quotes"]["doc_id"].astype(str).map(outlets))
        by_outlet = gender.source_balance(people, quotes, by="outlet")
        blocks += _chart(gender.balance_figure(by_outlet, by="outlet"), "Bar chart of quoted people by gender per outlet",
                         "Share of the people each outlet quotes, by gender.", by_outlet, figures_dir,
                         "source_balance_by_outlet")
    return Section(tuple(blocks))


def _entity_evidence(data: Data, labels: Sequence[str], top_n: int, rows: int) -> list[tuple]:
    from analysis import evidence as ev

    top = top_entities(data["entities"], labels, top_n)
    top = top[top["rank"] <= rows]
    mentions, sentences = data["mentions"], data["sentences"]
    return [(ev.actor_anchor(e, lab), f"{e} ({lab}): {int(n):,} mentions", ev.actor_hits(mentions, sentences, e, lab),
             ev.where_actor(e, lab)) for e, lab, n in zip(top["entity"], top["label"], top["mentions"])]


def _speaker_evidence(data: Data, focus_actors: Sequence[str], rows: int) -> list[tuple]:
    from analysis import evidence as ev

    ranking = speaker_ranking(data["quotes"], focus_actors, rows)
    return [(ev.speaker_anchor(sp), f"{sp}: {int(n):,} quotes", ev.speaker_hits(data["quotes"], sp), ev.where_speaker(sp))
            for sp, n in zip(ranking["speaker"], ranking["quotes"])]


def _about_evidence(data: Data, rows: int) -> list[tuple]:
    from analysis import evidence as ev
    from analysis.comparisons import speaks_about

    edges = speaks_about(data["quotes"], data["mentions"], top_n=rows)
    return [(ev.about_anchor(sp, a), f"{sp} about {a}: {int(n):,} quotes",
             ev.about_hits(data["quotes"], data["mentions"], sp, a), ev.where_about(sp, a))
            for sp, a, n in zip(edges["speaker"], edges["actor"], edges["quotes"])]


def _pair_evidence(data: Data, labels: Sequence[str], window: str, focus_actors: Sequence[str], rows: int) -> list[tuple]:
    from analysis import evidence as ev

    pairs = strongest_pairs(data["cooccurrence"], window, rows, focus_actors)
    return [(ev.pair_anchor(a, b), f"{a} and {b}: {int(n):,} {window}s",
             ev.pair_hits(data["mentions"], data["sentences"], a, b, window, labels), ev.where_pair(a, b, window))
            for a, b, n in zip(pairs["source"], pairs["target"], pairs["weight"])]


def evidence_section(data: Data, top_n: int, per_entry: int = EVIDENCE_PER_ENTRY, *,
                     labels: Sequence[str] = ("PERSON", "ORG", "GPE", "NORP"), window: str = "sentence",
                     focus_actors: Sequence[str] = (), rows: int | None = None) -> Section:
    """The evidence appendix: for the first ``rows`` (``EVIDENCE_ROWS``) rows of each ranking (of
    each label, for entities) the sentences or quotes behind it, ``per_entry`` each, keyword marked, with the
    article's title, outlet and date, how many more there are and the CSV rows holding them.

    Pass the rankings' ``top_n``, ``labels``, ``window`` and ``focus_actors`` so that each entry
    is the one its ranking row links to. Article texts are read from ``data.corpus``."""
    from analysis import evidence as ev

    if not data.has("sentences"):
        return Section((Note("The evidence needs the sentences table: re-run the analysis with this newsbrief."),))
    n = min(EVIDENCE_ROWS if rows is None else rows, top_n)
    groups = [
        ("Most mentioned entities", "tab-entities", _entity_evidence(data, labels, top_n, n)),
        ("Speakers", "tab-speakers", _speaker_evidence(data, focus_actors, n)),
        ("Who speaks about whom", "tab-speaks-about", _about_evidence(data, n)),
        (f"Strongest pairs ({window} window)", "tab-pairs", _pair_evidence(data, labels, window, focus_actors, n)),
    ]
    cited = {h.doc_id for _, _, entries in groups for *_, hits, _ in entries for h in hits[:per_entry]}
    texts = ev.article_texts(data.corpus, cited, data["mentions"], max_chars=data.manifest.get("max_chars"),
                             language=data.manifest.get("language", "en"))
    sources = ev.article_sources(data["articles"])
    blocks: list = [Note(f"The first {n} rows of each ranking, {per_entry} pieces of evidence each (from different "
                         "articles first); the keyword is marked.")]
    if cited and not texts:
        blocks.append(Note(f"The article texts could not be read from the corpus ({data.corpus or 'not given'})."))
    for heading, back, entries in groups:
        if entries:
            blocks.append(Note(heading, css="nb-ev-group"))
            blocks += [ev.entry(a, h, hits, texts, sources, per_entry, where, back) for a, h, hits, where in entries]
    return Section(tuple(blocks))


def skipped_section(data: Data, limit: int = 50) -> Section:
    """The inputs that were not analysed, and why (the first ``limit``; all are in data/articles.csv)."""
    skipped = skipped_inputs(data["articles"])
    if skipped.empty:
        return Section((Note("No input was skipped."),))
    note = (f"Showing {limit} of {len(skipped):,}; all are in data/articles.csv (status = skipped)."
            if len(skipped) > limit else "")
    return Section((Table(skipped.head(limit), caption=f"{len(skipped):,} input{'s' if len(skipped) != 1 else ''} skipped", note=note),))


def methods_section(data: Data, namespace: Mapping[str, Any], accuracy_path: str | Path = ACCURACY_PATH) -> Section:
    """Model, parameters, corpus fingerprint, package versions and the quote extractor's accuracy."""
    params = {name: namespace[name] for name in _DECLARED if name in namespace}
    return Section((
        Table(methods_table(data, params, read_accuracy(accuracy_path)), caption="Model and corpus", css="nb-compact"),
        Table(parameters_table(params), caption="Parameters of this briefing", css="nb-compact"),
        Note("Software: " + " · ".join(f"{r.package} {r.version}" for r in
                                        package_versions(model=params.get("model")).itertuples())),
    ))
