"""The briefing notebooks' parameters, declared once: name, type, default, help.

Every notebook's ``parameters`` cell names exactly these (a test checks it). Values are merged
the papermill way — defaults <- YAML file (``-f``) <- ``-p NAME VALUE`` — but, unlike papermill,
an unknown name or a value of the wrong type is refused *before* any notebook runs.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from analysis import safe_yaml
from analysis.cooccurrence import DEFAULT_ACTOR_LABELS, WINDOWS
from analysis.duplicates import DEFAULT_MODE as DEFAULT_DUPLICATES
from analysis.duplicates import MODES as DUPLICATE_MODES
from analysis.errors import ParameterError
from analysis.nlp import DEFAULT_MODEL

PAPER_SIZES = ("A4", "Letter", "Legal", "A3", "A5")


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter. ``type`` is one of str, int, float, bool, list."""

    name: str
    type: type
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    optional: bool = False  # None allowed (e.g. jobs/cache_dir/scheduler: "let the pipeline decide")
    minimum: int | None = None  # the smallest value an int parameter takes


PARAMETERS: tuple[Parameter, ...] = (
    Parameter("corpus", str, "../seeds", "Corpus directory or file (relative to notebooks/ in JupyterLab)."),
    Parameter("title", str, "News briefing", "Title shown at the top of the briefing."),
    Parameter("author", str, "", "Author named under the title and in the PDF's metadata (empty: none)."),
    Parameter("top_n", int, 15, "How many entities / speakers / actors each ranking shows.", minimum=1),
    Parameter("entity_labels", list, list(DEFAULT_ACTOR_LABELS),
              "Entity labels reported (and used as actors for co-occurrence)."),
    Parameter("window", str, "sentence", "Co-occurrence window.", choices=WINDOWS),
    Parameter("period", str, "month", "Period of the coverage-over-time comparison.", choices=("month", "week")),
    Parameter("focus_actors", list, [],
              "Actors the quote and actor sections centre on (empty: everyone)."),
    Parameter("codebook", str, None, "Your actor codebook YAML: merge, rename, relabel, split, drop (None: none).",
              optional=True),
    Parameter("demonyms", bool, False, "Join a demonym used as an actor (\"British\") to its country."),
    Parameter("duplicates", str, DEFAULT_DUPLICATES,
              "Copies of a story (same text, or a new headline, byline, last paragraph): 'once' counts the story "
              "once in corpus-wide rankings, quotes and co-occurrence; 'each' counts every copy. Outlet "
              "comparisons keep each outlet's copy either way.", choices=DUPLICATE_MODES),
    Parameter("source_balance", bool, True,
              "Estimate quoted people's gender (article evidence, then first names) for the source-balance section."),
    Parameter("max_quotes", int, 40, "Rows of the quote table in the briefing (the full table is data/quotes.csv).",
              minimum=1),
    Parameter("paper_size", str, "A4", "Paper size of the PDF.", choices=PAPER_SIZES),
    Parameter("model", str, DEFAULT_MODEL, "spaCy model used by the analysis."),
    Parameter("data_dir", str, "../reports/data", "Directory of the analysis tables."),
    Parameter("figures_dir", str, "../reports/figures", "Where the table behind each figure is written."),
    Parameter("jobs", int, None, "Parallel workers for the analysis (None: pipeline default).", optional=True,
              minimum=1),
    Parameter("cache_dir", str, None, "Parse cache directory (None: pipeline default).", optional=True),
    Parameter("scheduler", str, None, "Dask scheduler address (None: local).", optional=True),
)

BY_NAME: dict[str, Parameter] = {p.name: p for p in PARAMETERS}
_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}


def defaults() -> dict[str, Any]:
    """A fresh dict of every parameter's default value."""
    return {p.name: (list(p.default) if isinstance(p.default, list) else p.default) for p in PARAMETERS}


def describe() -> str:
    """One line per parameter: ``name (type, default ...): help`` — used in error messages."""
    lines = []
    for p in PARAMETERS:
        kind = p.type.__name__ + (" or none" if p.optional else "")
        extra = f"; one of {', '.join(p.choices)}" if p.choices else ""
        lines.append(f"  {p.name} ({kind}, default {p.default!r}{extra}): {p.help}")
    return "\n".join(lines)


def describe_parameters() -> str:
    """The parameter list for ``newsbrief params``."""
    return "Notebook parameters (set with -p NAME VALUE or a YAML file with -f):\n" + describe()


def _unknown(name: str) -> ParameterError:
    close = difflib.get_close_matches(name, BY_NAME, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return ParameterError(f"unknown parameter {name!r}.{hint} Valid parameters:\n{describe()}")


def _wrong(p: Parameter, value: Any, why: str = "") -> ParameterError:
    want = p.type.__name__ + (" or none" if p.optional else "")
    return ParameterError(
        f"parameter {p.name!r} must be {want}{why}, got {value!r}. "
        f"Example: -p {p.name} {_example(p)}. Valid parameters:\n{describe()}"
    )


def _example(p: Parameter) -> str:
    if p.choices:
        return p.choices[0]
    return {int: "10", float: "0.5", bool: "true", list: "PERSON,ORG"}.get(p.type, "text")


def parse_value(name: str, text: str) -> Any:
    """Parse a ``-p`` string into the declared type of ``name`` (then validated by ``coerce``).

    Lists accept YAML (``[a, b]``) or comma syntax (``a,b``); bools accept true/false/yes/no/1/0;
    ``none``/``null`` means None for optional parameters.
    """
    p = BY_NAME.get(name)
    if p is None:
        raise _unknown(name)
    stripped = text.strip()
    if p.optional and stripped.lower() in {"none", "null", "~", ""}:
        return None
    if p.type is str:
        return coerce(name, text)
    if p.type is list:
        if stripped.startswith("["):
            try:
                value, _ = safe_yaml.load(stripped)
            except safe_yaml.YamlError as exc:
                raise _wrong(p, text, f" (YAML list did not parse: {exc.what})") from None
        else:
            value = [item.strip() for item in stripped.split(",") if item.strip()]
        return coerce(name, value)
    if p.type is bool:
        if stripped.lower() in _TRUE:
            return True
        if stripped.lower() in _FALSE:
            return False
        raise _wrong(p, text)
    try:
        return coerce(name, p.type(stripped))
    except ValueError:
        raise _wrong(p, text) from None


def coerce(name: str, value: Any) -> Any:
    """Check ``value`` (already a Python object, e.g. from YAML) against the declaration of ``name``."""
    p = BY_NAME.get(name)
    if p is None:
        raise _unknown(name)
    if value is None:
        if p.optional:
            return None
        raise _wrong(p, value)
    value = _check_type(p, _widen(p, value))
    value = _check_choice(p, value)
    if p.minimum is not None and value < p.minimum:
        raise _wrong(p, value, f" >= {p.minimum}")
    return value


def _widen(p: Parameter, value: Any) -> Any:
    """Accept what a YAML file or a caller naturally gives: 3 for a float, "a" or ("a",) for a list."""
    if p.type is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if p.type is list and isinstance(value, (tuple, str)):
        return [value] if isinstance(value, str) else list(value)
    return value


def _check_type(p: Parameter, value: Any) -> Any:
    # bool is an int subclass: refuse True for an int parameter
    if not isinstance(value, p.type) or (p.type is int and isinstance(value, bool)):
        raise _wrong(p, value)
    if p.type is list:
        if not all(isinstance(item, str) for item in value):
            raise _wrong(p, value, " of strings")
        return list(value)
    return value


def _check_choice(p: Parameter, value: Any) -> Any:
    if not p.choices:
        return value
    value = next((c for c in p.choices if c.casefold() == value.casefold()), value)  # "letter" -> "Letter"
    if value not in p.choices:
        raise _wrong(p, value, f" (one of {', '.join(p.choices)})")
    return value


def read_params_file(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping of parameters (``-f params.yaml``); values are checked by ``build``.

    Read with ``analysis.safe_yaml``: a file that is not plain data (tags, anchors, a huge file)
    is refused with the line at fault.
    """
    path = Path(path)
    try:
        data, _ = safe_yaml.load(path)
    except FileNotFoundError:
        raise ParameterError(f"parameters file {str(path)!r} not found; pass an existing YAML file to -f") from None
    except OSError as exc:
        raise ParameterError(f"parameters file {str(path)!r} cannot be read ({exc.strerror}); "
                             "pass a readable YAML file to -f") from None
    except safe_yaml.YamlError as exc:
        raise ParameterError(f"{exc.path}:{exc.line}: parameters file is not valid YAML data: {exc.what}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"parameters file {str(path)!r} must hold a mapping 'name: value', got {type(data).__name__}")
    return {str(k): v for k, v in data.items()}


def build(
    *,
    params_file: str | Path | None = None,
    cli_params: Iterable[tuple[str, str]] = (),
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Merge defaults <- YAML file <- ``overrides`` (typed values) <- ``-p`` strings, validating each."""
    params = defaults()
    if params_file is not None:
        for name, value in read_params_file(params_file).items():
            params[name] = coerce(name, value)
    for name, value in (overrides or {}).items():
        params[name] = coerce(name, value)
    for name, text in cli_params:
        params[name] = parse_value(name, text)
    return params
