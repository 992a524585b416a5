"""Read a YAML data file (a codebook, a ``-f`` parameters file) safely: plain data, every line kept.

``load(source)`` returns ``(data, lines)``: ``data`` is made of dicts, lists and scalars only, as
``yaml.safe_load`` would make them, and ``lines`` maps the path of every mapping key and sequence
item to its 1-based line: ``{(): 1, ("merge",): 2, ("merge", "Tories"): 3, ("drop", 0): 9}``, so
a later check can say *where* a bad value is.

A researcher's file is data, so everything that is not plain data is refused with one
``YamlError`` line ``"{path}:{line}: {what}"``, before any object is built and in time and memory
bounded by the size limit:

- a file larger than ``max_bytes`` (the size is checked before reading, and at most
  ``max_bytes + 1`` bytes are ever read, so a 100 MB or endless file costs nothing);
- bytes that are not UTF-8, and characters YAML does not allow;
- any explicit tag, ``!!python/object``, ``!foo`` and even ``!!str`` alike: a tag is a request to
  build something, and a plain file never needs one (quote a value to keep it text);
- any anchor or alias (``&a`` / ``*a``): refusing them all is what makes an alias bomb
  ("billion laughs") harmless, since nothing is ever shared or expanded; ``<<`` merge keys too;
- keys given twice in one mapping (YAML would silently keep the last), and keys that are not
  scalars;
- nesting deeper than ``MAX_DEPTH``, more than one document, and any syntax error
  (``"codebook.yaml:7: could not parse: ..."``).

Opening the file is the caller's business: ``OSError`` (not found, not readable) propagates, so
the caller can say what the file was for.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import NewsbriefError

MAX_BYTES = 1_000_000
MAX_DEPTH = 50  # a codebook is 3 levels deep; this only stops "[[[[..." from exhausting the stack
MAX_VALUES = 100_000  # keys, values and items; bounds the memory of the composed nodes
TEXT_NAME = "<text>"
_MERGE_TAG = "tag:yaml.org,2002:merge"

Lines = dict[tuple, int]


class YamlError(NewsbriefError, ValueError):
    """A YAML data file was refused; ``str()`` is ``"{path}:{line}: {what}"`` (``"{path}: {what}"``
    when no line is to blame)."""

    def __init__(self, path: str, line: int | None, what: str):
        super().__init__(f"{path}:{line}: {what}" if line else f"{path}: {what}")
        self.path, self.line, self.what = path, line, what


class _Refused(Exception):
    """Raised inside the composer; turned into a YamlError with the file name."""

    def __init__(self, line: int, what: str):
        super().__init__(what)
        self.line, self.what = line, what


def _line(event_or_node) -> int:
    return event_or_node.start_mark.line + 1


# libyaml's parser is C, ~50x faster than PyYAML's: a 1 MB file is checked in well under a second.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_events(text: str) -> None:
    """One pass over the parse events: refuse aliases, anchors, tags, deep nesting, too many values."""
    loader = _LOADER(text)
    depth = count = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                raise _Refused(_line(event), f"alias '*{event.anchor}' is not allowed (write the value out)")
            if isinstance(event, (yaml.CollectionEndEvent, yaml.StreamStartEvent, yaml.StreamEndEvent,
                                  yaml.DocumentStartEvent, yaml.DocumentEndEvent)):
                depth -= isinstance(event, yaml.CollectionEndEvent)
                continue
            _check_node_event(event)
            count += 1
            if count > MAX_VALUES:
                raise _Refused(_line(event), f"more than {MAX_VALUES:,} values: not a codebook or parameters file")
            depth += isinstance(event, yaml.CollectionStartEvent)
            if depth > MAX_DEPTH:
                raise _Refused(_line(event), f"nested deeper than {MAX_DEPTH} levels")
    finally:
        loader.dispose()


def _check_node_event(event) -> None:
    if event.anchor is not None:
        raise _Refused(_line(event), f"anchor '&{event.anchor}' is not allowed (write the value out)")
    if event.tag is not None:
        raise _Refused(_line(event), f"tag '{event.tag}' is not allowed: a data file holds plain values "
                                     "(quote a value to keep it text)")


def _read(source: str | bytes | os.PathLike, max_bytes: int, name: str | None) -> tuple[str, bytes]:
    """(name for messages, raw bytes), reading at most ``max_bytes + 1`` bytes of a file."""
    if isinstance(source, (str, bytes)):
        raw = source.encode("utf-8") if isinstance(source, str) else source
        if len(raw) > max_bytes:
            raise YamlError(name or TEXT_NAME, 1, f"text of {len(raw):,} bytes is larger than the limit of "
                                                  f"{max_bytes:,}")
        return name or TEXT_NAME, raw
    return str(source), read_bytes(source, max_bytes=max_bytes)


def read_bytes(source: os.PathLike | str, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a file no larger than ``max_bytes``, refused by its size before it is read."""
    path = Path(source)
    size = path.stat().st_size
    if size > max_bytes:
        raise YamlError(str(path), 1, f"file of {size:,} bytes is larger than the limit of {max_bytes:,}; "
                                      "a data file this big is not a codebook or parameters file")
    with path.open("rb") as handle:
        raw = handle.read(max_bytes + 1)  # the file may grow, or be a device that never ends
    if len(raw) > max_bytes:
        raise YamlError(str(path), 1, f"file is larger than the limit of {max_bytes:,} bytes")
    return raw


def _decode(name: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(name, line, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                                    "save the file as UTF-8") from None


def _parse_error(name: str, text: str, exc: yaml.YAMLError) -> YamlError:
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[: exc.position].count("\n") + 1
        return YamlError(name, line, f"control character U+{exc.character:04X} is not allowed in YAML")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    what = f"{context}, {problem}" if context else problem
    return YamlError(name, line, f"could not parse: {what}")


def _compose(name: str, text: str):
    try:
        _check_events(text)
        loader = _LOADER(text)  # only plain data is left: compose it (in C when libyaml is there)
        return loader, loader.get_single_node()
    except _Refused as exc:
        raise YamlError(name, exc.line, exc.what) from None
    except yaml.YAMLError as exc:
        raise _parse_error(name, text, exc) from None


def _build(loader, node, path: tuple, lines: Lines, name: str) -> Any:
    """Plain data from a composed node, recording the line of each key and item."""
    lines[path] = _line(node)
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, path + (i,), lines, name) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(loader, node, path, lines, name)
    try:
        return loader.construct_object(node)
    except (yaml.YAMLError, ValueError) as exc:  # resolves but does not construct, e.g. "2001-13-45"
        raise YamlError(name, _line(node), f"could not read the value {node.value!r}: {exc}") from None


def _build_mapping(loader, node, path: tuple, lines: Lines, name: str) -> dict:
    out: dict = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
            raise YamlError(name, _line(key_node), "a key must be a plain value (no '<<' merge, list or mapping)")
        key = loader.construct_object(key_node)
        if key in out:
            raise YamlError(name, _line(key_node), f"key {key!r} is given twice in one mapping "
                                                   f"(first on line {lines[path + (key,)]})")
        lines[path + (key,)] = _line(key_node)
        out[key] = _build(loader, value_node, path + (key,), lines, name)
        lines[path + (key,)] = _line(key_node)  # the key's line, not its value's
    return out


def load(source: str | bytes | os.PathLike, *, max_bytes: int = MAX_BYTES,
         name: str | None = None) -> tuple[Any, Lines]:
    """``(data, lines)`` of a YAML file (a ``Path``) or of YAML text (a ``str`` or ``bytes``).

    ``name`` is the file name errors give for text (default ``<text>``). An empty document gives
    ``(None, {})``. Refuses anything but plain data with a ``YamlError`` (see the module
    docstring); a file's ``OSError`` propagates.
    """
    name, raw = _read(source, max_bytes, name)
    text = _decode(name, raw)
    loader, node = _compose(name, text)
    if node is None:
        return None, {}
    lines: Lines = {}
    return _build(loader, node, (), lines, name), lines
