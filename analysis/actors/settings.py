"""How one run resolves actors: the corpus-wide rules' options and the researcher's codebook.

`ActorSettings.load` reads the codebook before any article is parsed (a bad codebook is a
one-line error at once); `collect_hits` notes, article by article, the mentions whose
paragraph holds a word a codebook split asks for; `resolution` turns the corpus's names into
the frames `analysis.tables.FinalTables.write` joins, codebook applied.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..paragraphs import paragraph_spans
from .outcome import Options

if TYPE_CHECKING:
    import pandas as pd

    from .codebook import Codebook

SPLIT_COLUMNS = ["entity", "label", "into", "into_label", "doc_id", "word"]


def _digest(path: str | os.PathLike) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def _shown_path(path: str | os.PathLike) -> str:
    """The path relative to the working directory when it is below it, else its file name: a
    briefing shared with others shows no folder of this machine."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        return resolved.name


@dataclass
class ActorSettings:
    codebook: Codebook | None = None
    demonyms: bool = False
    source: str | None = None  # the codebook's path, as shown to readers
    hits: list[tuple[str, int, str]] = field(default_factory=list)

    @classmethod
    def load(cls, codebook: str | os.PathLike | None, demonyms: bool = False) -> "ActorSettings":
        from .codebook import load_codebook

        if not codebook:
            return cls(demonyms=bool(demonyms))
        return cls(codebook=load_codebook(codebook), demonyms=bool(demonyms), source=_shown_path(codebook))

    @staticmethod
    def fingerprint(codebook: str | os.PathLike | None, demonyms: bool = False) -> dict:
        """What of the actor settings decides the tables (the codebook by its content)."""
        return {"codebook": _digest(codebook) if codebook else None, "demonyms": bool(demonyms)}

    def collect_hits(self, text: str, mentions: list[dict]) -> None:
        """Note the mentions of one article whose paragraph holds a codebook split's word."""
        words = self.codebook.context_words if self.codebook else ()
        if not words or not mentions:
            return
        from .recode import paragraph_hits

        doc_id = mentions[0]["doc_id"]
        self.hits.extend((doc_id, start, word) for start, word in paragraph_hits(text, paragraph_spans(text), mentions, words))

    def resolution(self, final_tables) -> dict[str, "pd.DataFrame"]:
        """The frames of the corpus-wide resolution, with the codebook applied."""
        from .frames import resolution_frames

        frames = resolution_frames(
            final_tables.entity_counts(),
            final_tables.acronym_definitions(),
            final_tables.copresence(),
            options=Options(demonyms=self.demonyms),
        )
        frames["by_title"] = self._by_title(final_tables, frames)
        if self.codebook is not None:
            frames.update(self._apply_codebook(frames))
        return frames

    @staticmethod
    def _by_title(final_tables, frames: dict[str, "pd.DataFrame"]) -> "pd.DataFrame":
        import pandas as pd

        from .people import by_title

        aliases = frames["aliases"]
        actor_of = {(e, lab): (a, al) for e, lab, a, al in
                    zip(aliases["entity"], aliases["label"], aliases["actor"], aliases["actor_label"])}
        rows = by_title(final_tables.title_evidence(frames["blockers"], aliases), actor_of)
        return pd.DataFrame(rows, columns=["doc_id", "start_char", "entity"]).astype({"start_char": "int64"})

    def _apply_codebook(self, frames: dict[str, "pd.DataFrame"]) -> dict[str, "pd.DataFrame"]:
        import pandas as pd

        from .recode import apply_codebook, split_targets

        machine = frames["aliases"]
        splits = []
        for target in split_targets(machine, self.codebook):
            forms = machine[machine["actor"] == target.actor]
            for entity, label in zip(forms["entity"], forms["label"]):
                splits += [(entity, label, target.into, target.actor_label, doc, None) for doc in target.split.articles]
                splits += [(entity, label, target.into, target.actor_label, None, w) for w in target.split.words]
        # The fallbacks (names joined per article, where blocked) take the codebook with the rest.
        both = apply_codebook(pd.concat([machine, frames["fallbacks"]], ignore_index=True), self.codebook)
        return {
            "aliases": both.iloc[: len(machine)].reset_index(drop=True),
            "fallbacks": both.iloc[len(machine):].reset_index(drop=True),
            "splits": pd.DataFrame(splits, columns=SPLIT_COLUMNS, dtype=object),
            "hits": pd.DataFrame(self.hits, columns=["doc_id", "start_char", "word"]).astype({"start_char": "int64"}),
        }

    def manifest(self) -> dict:
        """What the manifest (and the briefing's methods appendix) says of the codebook."""
        if self.codebook is None:
            return {"codebook": None, "demonyms": self.demonyms}
        rules = sum(len(getattr(self.codebook, op)) for op in ("merges", "renames", "relabels", "splits", "drops"))
        return {"codebook": {"path": self.source, "sha256": self.codebook.digest, "rules": rules},
                "demonyms": self.demonyms}
