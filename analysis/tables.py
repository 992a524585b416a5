"""Records -> Parquet parts -> DuckDB -> CSV and Parquet tables. The only writer of tables.

Every table is written twice, as ``NAME.csv`` (for spreadsheets and R) and ``NAME.parquet``
(typed, for pandas and DuckDB). While a corpus streams through the pipeline, rows are buffered
and flushed to numbered Parquet parts (``PartWriter``) so that memory stays bounded; the final
tables are made from the parts by DuckDB (``FinalTables``: the corpus-wide alias merge, the
entity counts, co-occurrence) inside a staging folder that the pipeline renames into place, and
``write_manifest`` records beside them what made them. ``write_table`` writes one DataFrame
(the figure data of a briefing) through a temporary name.

Who else writes files: ``cache`` its parse entries, ``report`` the executed notebook, HTML and
PDF; all through ``files.atomic_write``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .actors.records import KIND_OF_LABEL
from .files import atomic_write
from .quotes.records import SPEAKERS_SEPARATOR

TABLE_NAMES = ("articles", "mentions", "entities", "actors", "aliases", "candidates", "quotes", "cooccurrence")
TABLE_NAMES += ("sentences",)  # added later; one 9-name literal would read as a word list to test_lexicon
OUTPUT_FORMATS = ("csv", "parquet")  # every table is written in each
MANIFEST = "manifest.json"

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("doc_id", pa.string()),
            ("path", pa.string()),
            ("title", pa.string()),
            ("n_words", pa.int64()),
            ("status", pa.string()),
            ("reason", pa.string()),
            ("date", pa.string()),
            ("source", pa.string()),
            ("url", pa.string()),
            # the doc_id of the article this one is a copy of ("" for an original) and their
            # similarity (empty for an original): analysis.duplicates
            ("duplicate_of", pa.string()),
            ("duplicate_similarity", pa.float64()),
        ]
    ),
    "mentions": pa.schema(
        [
            ("doc_id", pa.string()),
            ("sent_id", pa.int64()),
            ("para_id", pa.int64()),
            ("start_char", pa.int64()),
            ("end_char", pa.int64()),
            ("text", pa.string()),
            ("label", pa.string()),
            ("entity", pa.string()),
            ("title", pa.string()),
        ]
    ),
    "entities": pa.schema(
        [("entity", pa.string()), ("label", pa.string()), ("mentions", pa.int64()), ("documents", pa.int64())]
    ),
    # One row per actor (corpus-wide): every name form it was seen under, and how each joined.
    "actors": pa.schema(
        [
            ("actor", pa.string()),
            ("kind", pa.string()),
            ("label", pa.string()),
            ("mentions", pa.int64()),
            ("documents", pa.int64()),
            ("quotes", pa.int64()),
            ("aliases", pa.string()),
            ("joined_by", pa.string()),
        ]
    ),
    # One row per name form (as extracted in an article) and the actor it became, by which rule.
    "aliases": pa.schema(
        [
            ("alias", pa.string()),
            ("alias_label", pa.string()),
            ("actor", pa.string()),
            ("label", pa.string()),
            ("kind", pa.string()),
            ("rule", pa.string()),
            ("mentions", pa.int64()),
            ("documents", pa.int64()),
        ]
    ),
    # Merges the machine did not dare make, with their evidence: for the researcher's codebook.
    "candidates": pa.schema(
        [
            ("alias", pa.string()),
            ("label", pa.string()),
            ("candidate", pa.string()),
            ("candidate_label", pa.string()),
            ("rule", pa.string()),
            ("evidence", pa.string()),
            ("alias_mentions", pa.int64()),
            ("candidate_mentions", pa.int64()),
        ]
    ),
    "quotes": pa.schema(
        [
            ("doc_id", pa.string()),
            ("quote_id", pa.int64()),
            ("group_id", pa.int64()),
            ("kind", pa.string()),
            ("text", pa.string()),
            ("quoted", pa.string()),
            ("speaker", pa.string()),
            ("speakers", pa.string()),
            ("speaker_text", pa.string()),
            ("speaker_start", pa.int64()),
            ("speaker_end", pa.int64()),
            ("cue", pa.string()),
            ("start_char", pa.int64()),
            ("end_char", pa.int64()),
            ("sieve", pa.string()),
        ]
    ),
    "cooccurrence": pa.schema(
        [
            ("source", pa.string()),
            ("target", pa.string()),
            ("window", pa.string()),
            ("weight", pa.int64()),
            ("documents", pa.int64()),
        ]
    ),
}


# Where each sentence of an article starts and ends (offsets only, no text: the text stays in
# the corpus); `mentions.sent_id` indexes it. The evidence appendix reads it.
SCHEMAS["sentences"] = pa.schema(
    [("doc_id", pa.string()), ("sent_id", pa.int64()), ("start_char", pa.int64()), ("end_char", pa.int64())]
)


# Not a table: each article's shingle hashes (sorted uint32, as bytes), kept in the staging
# folder during a run so that candidate copies are checked on them (analysis.duplicates).
SHINGLES_PART = "shingles"
SCHEMAS[SHINGLES_PART] = pa.schema([("doc_id", pa.string()), ("hashes", pa.binary())])
# The copies of a run, joined onto `articles`.
DUPLICATE_COLUMNS = ["doc_id", "duplicate_of", "duplicate_similarity"]


def columns(name: str) -> list[str]:
    """The columns of table *name*, in order."""
    return SCHEMAS[name].names


def frame(name: str, rows: Iterable[Mapping] = ()) -> pd.DataFrame:
    """A DataFrame of table *name* from dict-like rows, with exactly its columns and dtypes."""
    table = pa.Table.from_pylist([dict(r) for r in rows], schema=SCHEMAS[name])
    return table.to_pandas()


def _to_arrow(df: pd.DataFrame, name: str) -> pa.Table:
    schema = SCHEMAS.get(name)
    if schema is None:
        return pa.Table.from_pandas(df, preserve_index=False)
    missing = [c for c in schema.names if c not in df.columns]
    if missing:
        raise ValueError(f"table {name} lacks columns {missing}")
    return pa.Table.from_pandas(df[schema.names], schema=schema, preserve_index=False)


def write_table(df: pd.DataFrame, out_dir: str | os.PathLike, name: str) -> dict[str, Path]:
    """Write *df* as ``out_dir/name.csv`` and ``out_dir/name.parquet``; return both paths."""
    out = Path(out_dir)
    table = _to_arrow(df, name)
    paths = {"csv": out / f"{name}.csv", "parquet": out / f"{name}.parquet"}
    atomic_write(paths["parquet"], lambda tmp: pq.write_table(table, tmp))
    atomic_write(paths["csv"], lambda tmp: table.to_pandas().to_csv(tmp, index=False))
    return paths


def write_csv(df: pd.DataFrame, path: str | os.PathLike, *, index: bool = False) -> Path:
    """Write one DataFrame (e.g. the table behind a figure) as CSV through a temporary name."""
    path = Path(path)
    atomic_write(path, lambda tmp: df.to_csv(tmp, index=index))
    return path


def load_table(data_dir: str | os.PathLike, name: str) -> pd.DataFrame:
    """Read one table (Parquet preferred, CSV as fallback) with its declared columns."""
    base = Path(data_dir)
    parquet, csv = base / f"{name}.parquet", base / f"{name}.csv"
    if parquet.exists():
        return pq.read_table(parquet).to_pandas()
    if csv.exists():
        df = pd.read_csv(csv, keep_default_na=False, dtype=str)
        schema = SCHEMAS.get(name)
        for column in df.columns:  # an empty cell of a number column is a missing value
            if schema is not None and column in schema.names and not pa.types.is_string(schema.field(column).type):
                df[column] = df[column].replace("", None)
        table = pa.Table.from_pandas(df, preserve_index=False)
        return table.cast(SCHEMAS[name]).to_pandas() if name in SCHEMAS else df
    raise FileNotFoundError(f"no table {name} in {base}; run `newsbrief analyze` first")


def load_tables(data_dir: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """All tables written by ``newsbrief analyze`` into *data_dir*, by name."""
    return {name: load_table(data_dir, name) for name in TABLE_NAMES}


class PartWriter:
    """Buffers rows of one table and flushes them to numbered Parquet parts in *directory*."""

    def __init__(self, directory: str | os.PathLike, name: str, rows_per_part: int = 10_000):
        self.directory = Path(directory)
        self.name = name
        self.rows_per_part = rows_per_part
        self._rows: list[Mapping] = []
        self._parts = 0
        self.directory.mkdir(parents=True, exist_ok=True)

    def extend(self, rows: Iterable[Mapping]) -> None:
        self._rows.extend(rows)
        if len(self._rows) >= self.rows_per_part:
            self.flush()

    def flush(self) -> None:
        if not self._rows and self._parts:
            return
        table = pa.Table.from_pylist(self._rows, schema=SCHEMAS[self.name])
        pq.write_table(table, self.directory / f"{self.name}-{self._parts:05d}.parquet")
        self._parts += 1
        self._rows = []

    @property
    def glob(self) -> str:
        """A ``read_parquet`` glob over every part written so far."""
        return str(self.directory / f"{self.name}-*.parquet")


def write_manifest(out_dir: str | os.PathLike, manifest: Mapping) -> Path:
    """Write ``manifest.json`` (what made the tables: model, options, fingerprints) into *out_dir*."""
    path = Path(out_dir) / MANIFEST
    atomic_write(path, json.dumps(manifest, indent=2))
    return path


def read_manifest(data_dir: str | os.PathLike) -> dict | None:
    """The manifest of the tables in *data_dir*, or None when there is none or it is unreadable."""
    try:
        manifest = json.loads((Path(data_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _sql_path(path: str | os.PathLike) -> str:
    return "'" + os.fspath(path).replace("'", "''") + "'"


class FinalTables:
    """A DuckDB session over the Parquet parts of one run that writes the five final tables.

    *parts* maps ``articles``, ``mentions`` and ``quotes`` to a glob of their parts. DuckDB's
    memory is capped at *memory_limit*; beyond it, it spills into *spill_dir*.
    """

    def __init__(self, parts: Mapping[str, str], *, spill_dir: str | os.PathLike, memory_limit: str = "256MB"):
        import duckdb

        self.parts = dict(parts)
        self.sources = {name: f"read_parquet({_sql_path(glob)})" for name, glob in parts.items()}
        self.con = duckdb.connect()
        self.con.execute("SET preserve_insertion_order = true")
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute(f"SET temp_directory = {_sql_path(spill_dir)}")
        self.set_copies(pd.DataFrame({c: pd.Series(dtype="float64" if c == "duplicate_similarity" else object)
                                      for c in DUPLICATE_COLUMNS}))
        # The mentions every corpus-wide count reads: all of them, or (set_copies "once") the originals'.
        self.counted = f"(SELECT * FROM {self.sources['mentions']} WHERE doc_id NOT IN (SELECT doc_id FROM excluded))"

    def __enter__(self) -> "FinalTables":
        return self

    def __exit__(self, *exc) -> None:
        self.con.close()

    def set_copies(self, copies: pd.DataFrame, count: str = "each") -> None:
        """The copies among the articles (``DUPLICATE_COLUMNS``: `analysis.duplicates`), joined
        onto `articles`; with *count* "once" every corpus-wide count (the evidence of the actor
        rules, entities, actors, aliases, candidates, co-occurrence) leaves them out, with "each"
        it counts them. The per-row tables (mentions, quotes, sentences) keep every article."""
        frame = copies[DUPLICATE_COLUMNS].astype({"duplicate_similarity": "float64"})
        self.con.register("copies_frame", frame)
        # a table of its own: a registered frame is only borrowed (the pandas object may go away)
        self.con.execute("CREATE OR REPLACE TABLE duplicates AS SELECT doc_id::VARCHAR AS doc_id, "
                         "duplicate_of::VARCHAR AS duplicate_of, duplicate_similarity::DOUBLE AS duplicate_similarity "
                         "FROM copies_frame")
        self.con.unregister("copies_frame")
        self.con.execute("CREATE OR REPLACE TABLE excluded (doc_id VARCHAR)")
        if count == "once":
            self.con.execute("INSERT INTO excluded SELECT doc_id FROM duplicates")

    def shingles(self, doc_ids: list[str]) -> dict[str, "np.ndarray"]:
        """The shingle hashes of *doc_ids* from the run's shingles parts."""
        import numpy as np

        if SHINGLES_PART not in self.sources or not doc_ids:
            return {}
        self.con.register("wanted", pd.DataFrame({"doc_id": pd.Series(doc_ids, dtype=object)}))
        rows = self.con.sql(f"SELECT s.doc_id, s.hashes FROM {self.sources[SHINGLES_PART]} s "
                            "JOIN wanted w USING (doc_id)").fetchall()
        return {doc_id: np.frombuffer(hashes, dtype=np.uint32) for doc_id, hashes in rows}

    def entity_counts(self) -> pd.DataFrame:
        """Mentions and documents per (entity, label) as extracted article by article."""
        return self.con.sql(
            "SELECT entity, label, count(*) AS mentions, count(DISTINCT doc_id) AS documents "
            f"FROM {self.counted} GROUP BY entity, label"
        ).df()

    def acronym_definitions(self) -> list[tuple[str, str, int]]:
        """(acronym as written, full name it was given, mentions): the acronyms articles define."""
        return self.con.sql(
            "SELECT text, entity, count(*) FROM " + self.counted
            + " WHERE entity <> text AND regexp_matches(text, '^([A-Z][.]?){2,7}$') GROUP BY text, entity"
        ).fetchall()

    def copresence(self) -> list[tuple[str, str, str, str, int]]:
        """(kind, short name, label, longer name, label, articles with both): kind "ending" when
        the longer name ends in the one-word short name, "initial" for an acronym and a longer
        name with its first letter."""
        return self.con.sql(_COPRESENCE.format(mentions=self.counted)).fetchall()

    def title_evidence(self, blockers: pd.DataFrame, aliases: pd.DataFrame) -> dict[str, list[tuple]]:
        """What `analysis.actors.people.by_title` reads: the titled mentions of bare surnames the
        corpus-wide rules left bare or whose join an article blocks (doc_id, start_char, entity,
        title); the full PERSON names of the articles with a titled bare surname (doc_id,
        entity); and each actor's titles (actor, title, mentions)."""
        self.con.register("blockers", blockers)
        self.con.register("aliases", aliases)
        self.con.execute(_BLOCKED.format(mentions=self.sources["mentions"]))
        mentions = self.sources["mentions"]
        return {
            "titled": self.con.sql(
                f"SELECT m.doc_id, m.start_char, m.entity, m.title FROM {mentions} m "
                "JOIN aliases a ON a.entity = m.entity AND a.label = m.label "
                "LEFT JOIN blocked x ON x.doc_id = m.doc_id AND x.entity = m.entity AND x.label = m.label "
                "WHERE m.title <> '' AND m.label = 'PERSON' AND NOT contains(m.entity, ' ') "
                "AND (x.doc_id IS NOT NULL OR a.actor = m.entity)").fetchall(),
            "people": self.con.sql(
                f"SELECT DISTINCT m.doc_id, m.entity FROM {mentions} m WHERE m.label = 'PERSON' "
                "AND contains(m.entity, ' ') AND m.doc_id IN "
                f"(SELECT doc_id FROM {mentions} WHERE title <> '' AND NOT contains(entity, ' '))"
            ).fetchall(),
            "titles": self.con.sql(
                f"SELECT a.actor, m.title, count(*) FROM {mentions} m JOIN aliases a "
                "ON a.entity = m.entity AND a.label = m.label WHERE m.title <> '' AND m.label = 'PERSON' "
                "GROUP BY a.actor, m.title").fetchall(),
        }

    def write(self, out: Path, *, resolution: Mapping[str, pd.DataFrame], labels: tuple[str, ...]) -> None:
        """Apply the corpus-wide *resolution* and write every table into *out*.

        *resolution* holds the frames of `analysis.actors.frames`: ``aliases`` and ``fallbacks``
        (entity, label -> actor, actor_label, kind, rule), ``blockers`` (entity, label, blocker)
        and ``candidates``; optionally ``splits`` (entity, label, into, into_label, doc_id, word: a
        codebook split by article or by context word, for each extracted name form entity, label)
        with ``hits``; ``by_title`` (doc_id, start_char, entity: the full PERSON name whose actor a
        blocked bare surname takes because of its title, `analysis.actors.people.by_title`); (doc_id, start_char, word).
        An actor named "" is dropped.
        """
        from .cooccurrence import edges_query

        for name in ("aliases", "fallbacks", "blockers", "candidates"):
            self.con.register(name, resolution[name])
        self.con.register("by_title", resolution.get("by_title", _EMPTY_BY_TITLE()))
        self.con.register("splits", resolution.get("splits", _EMPTY_SPLITS()))
        self.con.register("hits", resolution.get("hits", _EMPTY_HITS()))
        self.con.execute(_BLOCKED.format(mentions=self.sources["mentions"]))
        self.con.execute(_RESOLVED_MENTIONS.format(mentions=self.sources["mentions"]))
        self.con.execute("CREATE TABLE final_mentions AS SELECT * FROM resolved_mentions WHERE entity <> ''")
        self.copy("SELECT * FROM final_mentions", out, "mentions")
        self.con.execute(_FINAL_QUOTES.format(quotes=self.sources["quotes"]))
        self.copy("SELECT * FROM final_quotes", out, "quotes")
        for name in ("resolved_mentions", "final_mentions", "final_quotes"):  # what the counts read
            self.con.execute(f"CREATE VIEW counted_{name} AS SELECT * FROM {name} "
                             "WHERE doc_id NOT IN (SELECT doc_id FROM excluded)")
        self.copy(_ENTITY_FREQUENCIES.format(mentions="counted_final_mentions"), out, "entities")
        self.copy(_ACTORS, out, "actors")
        self.copy(_ALIASES, out, "aliases")
        self.copy("SELECT * FROM candidates ORDER BY alias_mentions DESC, alias, label, candidate_mentions DESC, candidate, rule", out, "candidates")
        in_order = f"read_parquet({_sql_path(self.parts['articles'])}, filename = true, file_row_number = true)"
        self.copy(_ARTICLES.format(articles=in_order), out, "articles")
        self.copy(edges_query("counted_final_mentions", labels=labels), out, "cooccurrence")
        if "sentences" not in self.sources:  # parts of an older run (or a test) without them
            self.con.register("no_sentences", frame("sentences"))
        self.copy(f"SELECT * FROM {self.sources.get('sentences', 'no_sentences')} ORDER BY doc_id, sent_id", out,
                  "sentences")

    def copy(self, query: str, out: Path, name: str) -> None:
        """Write one query's result as ``name.parquet`` and ``name.csv`` with the table's columns."""
        cols = ", ".join(f'"{c}"' for c in columns(name))
        relation = f"SELECT {cols} FROM ({query})"
        self.con.execute(f"COPY ({relation}) TO {_sql_path(out / (name + '.parquet'))} (FORMAT PARQUET)")
        self.con.execute(f"COPY ({relation}) TO {_sql_path(out / (name + '.csv'))} (FORMAT CSV, HEADER)")


def _EMPTY_SPLITS() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ("entity", "label", "into", "into_label", "doc_id", "word")})


def _EMPTY_BY_TITLE() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": pd.Series(dtype=object), "start_char": pd.Series(dtype="int64"),
                         "entity": pd.Series(dtype=object)})


def _EMPTY_HITS() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": pd.Series(dtype=object), "start_char": pd.Series(dtype="int64"), "word": pd.Series(dtype=object)})


# Articles that use a name beside a longer name ending in it ("Campbell" beside "Alastair
# Campbell", "Independence Party" beside "UK Independence Party"), or an acronym beside a longer name
# with its first letter: evidence for actors.people, actors.groups and actors.acronyms.
_COPRESENCE = """
    WITH names AS (SELECT DISTINCT doc_id, entity, label FROM {mentions} WHERE entity <> ''),
    short AS (SELECT doc_id, entity, label, lower(entity) AS word FROM names WHERE NOT contains(entity, ' ')),
    long AS (SELECT doc_id, entity, label, lower(regexp_extract(entity, '(\\S+)$', 1)) AS word
             FROM names WHERE contains(entity, ' '))
    SELECT 'ending' AS kind, s.entity, s.label, l.entity, l.label, count(*) AS articles
    FROM short s JOIN long l ON s.doc_id = l.doc_id AND s.word = l.word
    GROUP BY s.entity, s.label, l.entity, l.label
    UNION ALL
    SELECT 'ending' AS kind, s.entity, s.label, l.entity, l.label, count(*) AS articles
    FROM long s JOIN long l ON s.doc_id = l.doc_id AND s.word = l.word AND s.entity <> l.entity
                            AND suffix(lower(l.entity), ' ' || lower(s.entity))
    GROUP BY s.entity, s.label, l.entity, l.label
    UNION ALL
    SELECT 'initial' AS kind, s.entity, s.label, l.entity, l.label, count(*) AS articles
    FROM short s JOIN long l ON s.doc_id = l.doc_id AND left(s.entity, 1) = left(l.entity, 1)
    WHERE regexp_matches(s.entity, '^([A-Z][.]?){{2,7}}$')
    GROUP BY s.entity, s.label, l.entity, l.label"""
# Per-article joins (a bare surname -> the corpus's full name) blocked in the articles that
# name another person of that name in full.
_BLOCKED = """
    CREATE OR REPLACE TABLE blocked AS
    SELECT DISTINCT m.doc_id, b.entity, b.label
    FROM blockers b JOIN {mentions} m ON m.entity = b.blocker AND m.label = 'PERSON'"""
# Every mention with its actor: the corpus-wide join (or its fallback where blocked), then a
# codebook split by article or by a word of the mention's paragraph. `form` keeps the name
# the article gave it.
_RESOLVED_MENTIONS = """
    CREATE TABLE resolved_mentions AS
    WITH joined AS (
        SELECT m.*, m.entity AS form, m.label AS form_label,
               CASE WHEN t.doc_id IS NOT NULL THEN ta.actor WHEN x.doc_id IS NULL THEN a.actor ELSE f.actor END
                   AS actor,
               CASE WHEN t.doc_id IS NOT NULL THEN ta.actor_label WHEN x.doc_id IS NULL THEN a.actor_label
                    ELSE f.actor_label END AS actor_label,
               CASE WHEN t.doc_id IS NOT NULL THEN 'title' WHEN x.doc_id IS NULL THEN a.rule ELSE f.rule END AS rule
        FROM {mentions} m
        LEFT JOIN aliases a ON m.entity = a.entity AND m.label = a.label
        LEFT JOIN blocked x ON x.doc_id = m.doc_id AND x.entity = m.entity AND x.label = m.label
        LEFT JOIN fallbacks f ON f.entity = m.entity AND f.label = m.label
        LEFT JOIN by_title t ON t.doc_id = m.doc_id AND t.start_char = m.start_char
        LEFT JOIN aliases ta ON ta.entity = t.entity AND ta.label = 'PERSON'
    ), split AS (
        SELECT j.doc_id, j.start_char, min(s.into) AS into, min(s.into_label) AS into_label
        FROM joined j
        JOIN splits s ON s.entity = j.form AND s.label = j.form_label
        LEFT JOIN hits h ON h.doc_id = j.doc_id AND h.start_char = j.start_char AND h.word = s.word
        WHERE s.doc_id = j.doc_id OR h.doc_id IS NOT NULL
        GROUP BY j.doc_id, j.start_char
    )
    SELECT j.doc_id, j.sent_id, j.para_id, j.start_char, j.end_char, j.text,
           coalesce(s.into_label, j.actor_label, j.label) AS label,
           coalesce(s.into, j.actor, j.entity) AS entity, j.title,
           j.form, j.form_label,
           CASE WHEN s.into IS NOT NULL THEN 'codebook: split' ELSE coalesce(j.rule, '') END AS rule
    FROM joined j LEFT JOIN split s ON s.doc_id = j.doc_id AND s.start_char = j.start_char
    ORDER BY j.doc_id, j.start_char, j.end_char"""
# The articles table in reading order (part after part, row after row), with the copies marked.
_ARTICLES = """
    SELECT a.* EXCLUDE (duplicate_of, duplicate_similarity, filename, file_row_number),
           coalesce(d.duplicate_of, '') AS duplicate_of, d.duplicate_similarity
    FROM {articles} a LEFT JOIN duplicates d USING (doc_id)
    ORDER BY a.filename, a.file_row_number"""
# The entities table: frequencies of the merged names.
_ENTITY_FREQUENCIES = """
    SELECT entity, label, count(*) AS mentions, count(DISTINCT doc_id) AS documents
    FROM {mentions} GROUP BY entity, label ORDER BY mentions DESC, documents DESC, entity, label"""
# Quotes with the speaker's actor: the actor of the article's own mentions of that name, else
# the corpus-wide join of the name (a person's first), else the name as it stands; the same for
# each of a joint quote's speakers (`speakers`, in the order named, each actor once). Ties (a form
# as often an organisation as a place in the article) go to a person, then an organisation, then
# the first name in order: never to whichever row DuckDB meets first, which differed between
# identical copies of one article in a 20,000-article run (benchmarks/soak.py).
_FINAL_QUOTES = """
    CREATE TABLE final_quotes AS
    WITH in_article AS (
        SELECT doc_id, form, first(entity ORDER BY n DESC, speaker_rank, entity) AS actor FROM (
            SELECT doc_id, form, entity, min({speaker_rank}) AS speaker_rank, count(*) AS n
            FROM resolved_mentions GROUP BY doc_id, form, entity
        ) GROUP BY doc_id, form
    ), corpus AS (
        SELECT entity, first(actor ORDER BY {speaker_rank}, actor) AS actor
        FROM aliases GROUP BY entity
    ), named AS (
        SELECT doc_id, quote_id, unnest(names) AS name, unnest(range(1, len(names) + 1)) AS k
        FROM (SELECT doc_id, quote_id, string_split(coalesce(nullif(speakers, ''), speaker), '{sep}') AS names
              FROM {{quotes}} WHERE coalesce(nullif(speakers, ''), speaker) <> '')
    ), each_actor AS (
        SELECT n.doc_id, n.quote_id, coalesce(i.actor, c.actor, n.name) AS actor, min(n.k) AS k
        FROM named n
        LEFT JOIN in_article i ON i.doc_id = n.doc_id AND i.form = n.name
        LEFT JOIN corpus c ON c.entity = n.name
        GROUP BY ALL
    ), joint AS (
        SELECT doc_id, quote_id, string_agg(actor, '{sep}' ORDER BY k) AS speakers FROM each_actor GROUP BY ALL
    )
    SELECT q.doc_id, q.quote_id, q.group_id, q.kind, q.text, q.quoted,
           coalesce(i.actor, c.actor, q.speaker) AS speaker, coalesce(j.speakers, '') AS speakers,
           q.speaker_text, q.speaker_start, q.speaker_end, q.cue,
           q.start_char, q.end_char, q.sieve
    FROM {{quotes}} q
    LEFT JOIN in_article i ON i.doc_id = q.doc_id AND i.form = q.speaker
    LEFT JOIN corpus c ON c.entity = q.speaker
    LEFT JOIN joint j ON j.doc_id = q.doc_id AND j.quote_id = q.quote_id
    ORDER BY q.doc_id, q.start_char, q.quote_id""".format(
    sep=SPEAKERS_SEPARATOR, speaker_rank="CASE label WHEN 'PERSON' THEN 0 WHEN 'ORG' THEN 1 ELSE 2 END")
# The kind of actor a label names (analysis.actors.records.KIND_OF_LABEL, the one table of it).
_KIND_OF_LABEL_SQL = (
    "CASE label " + " ".join(f"WHEN '{label}' THEN '{kind}'" for label, kind in KIND_OF_LABEL.items()) + " ELSE 'other' END"
)
_ACTOR_LABELS_SQL = ", ".join(f"'{label}'" for label in KIND_OF_LABEL)
# The actors table: the actor labels' names, their forms, how each form joined.
_ACTORS = """
    WITH forms AS (
        SELECT entity, label, form, max(rule) AS rule, count(*) AS n,
               count(DISTINCT doc_id) AS docs
        FROM counted_final_mentions WHERE label IN ({actor_labels})
        GROUP BY entity, label, form
    ), by_actor AS (
        SELECT entity, label, sum(n) AS mentions,
               string_agg(form, '; ' ORDER BY n DESC, form) AS aliases,
               coalesce(string_agg(CASE WHEN rule <> '' THEN form || ': ' || rule END, '; ' ORDER BY n DESC, form), '')
                   AS joined_by
        FROM forms GROUP BY entity, label
    ), documents AS (
        SELECT entity, label, count(DISTINCT doc_id) AS documents FROM counted_final_mentions GROUP BY entity, label
    ), quoted AS (
        SELECT speaker, count(*) AS quotes FROM (
            SELECT unnest(string_split(speakers, '{sep}')) AS speaker FROM counted_final_quotes WHERE speakers <> ''
        ) GROUP BY speaker
    )
    SELECT a.entity AS actor,
           {kind_of_label} AS kind,
           a.label, a.mentions, d.documents,
           coalesce(q.quotes, 0) AS quotes,
           a.aliases, a.joined_by
    FROM by_actor a JOIN documents d USING (entity, label) LEFT JOIN quoted q ON q.speaker = a.entity
    ORDER BY a.mentions DESC, d.documents DESC, a.entity, a.label""".format(
    kind_of_label=_KIND_OF_LABEL_SQL.replace("CASE label", "CASE a.label"), actor_labels=_ACTOR_LABELS_SQL,
    sep=SPEAKERS_SEPARATOR,
)
# The aliases table: each name form, the actor it became and by which rule.
_ALIASES = """
    SELECT form AS alias, form_label AS alias_label, entity AS actor, label,
           {kind_of_label} AS kind,
           CASE WHEN form = entity AND form_label = label THEN '' ELSE max(rule) END AS rule,
           count(*) AS mentions, count(DISTINCT doc_id) AS documents
    FROM counted_resolved_mentions GROUP BY form, form_label, entity, label
    ORDER BY mentions DESC, alias, alias_label, actor, label""".format(kind_of_label=_KIND_OF_LABEL_SQL)
