"""analysis.safe_yaml: plain data with lines; hostile files refused, for real, in bounded time and memory."""

from __future__ import annotations

import resource
import time

import pytest

from analysis import parameters as P
from analysis import safe_yaml
from analysis.errors import NewsbriefError, ParameterError
from analysis.safe_yaml import YamlError

BOUND_S = 5.0  # generous: each refusal below takes milliseconds


def test_plain_data_and_the_line_of_every_key_and_item():
    data, lines = safe_yaml.load("# a comment\nmerge:\n  Tory: [Tories,\n    Tory Party]\ndrop:\n  - BBC\n")
    assert data == {"merge": {"Tory": ["Tories", "Tory Party"]}, "drop": ["BBC"]}
    assert lines == {(): 2, ("merge",): 2, ("merge", "Tory"): 3, ("merge", "Tory", 0): 3,
                     ("merge", "Tory", 1): 4, ("drop",): 5, ("drop", 0): 6}


@pytest.mark.parametrize("text, data", [
    ("", None),
    ("# only a comment\n", None),
    ("top_n: 5\nratio: 0.5\nflag: yes\nnone: ~\n", {"top_n": 5, "ratio": 0.5, "flag": True, "none": None}),
    ("'quoted': \"7\"\n", {"quoted": "7"}),
    ("\ufeffa: 1\n", {"a": 1}),  # a byte-order mark is fine
    ("[a, [b, {c: d}]]", ["a", ["b", {"c": "d"}]]),
])
def test_what_safe_load_reads_is_read_the_same(text, data):
    assert safe_yaml.load(text)[0] == data


@pytest.mark.parametrize("text, line, fragment", [
    ("a: 1\nb: !!python/object/apply:os.system [echo hi]\n", 2,
     "tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
    ("a: !foo x\n", 1, "tag '!foo' is not allowed"),
    ("a: !!str 1\n", 1, "tag 'tag:yaml.org,2002:str' is not allowed"),
    ("a: ! 1\n", 1, "tag '!' is not allowed"),
    ("a: &x 1\nb: *x\n", 1, "anchor '&x' is not allowed"),
    ("a: [\n", 2, "could not parse:"),
    ("a: 1\n  b: 2\n", 2, "could not parse:"),
    ("a: 1\nb: 2\na: 3\n", 3, "key 'a' is given twice in one mapping (first on line 1)"),
    ("x:\n  <<: {a: 1}\n", 2, "'<<' merge"),
    ("? [a, b]\n: 1\n", 1, "a key must be a plain value"),
    ("a: 1\n---\nb: 2\n", 2, "expected a single document"),
    ("a: 2001-13-45\n", 1, "could not read the value '2001-13-45'"),
    ("a: 1\nb: \x07\n", 2, "control character U+0007"),
    ("[" * 60 + "]" * 60, 1, "nested deeper than 50 levels"),
])
def test_refused_with_the_line(text, line, fragment):
    with pytest.raises(YamlError) as err:
        safe_yaml.load(text)
    assert err.value.line == line and fragment in err.value.what
    assert str(err.value) == f"<text>:{line}: {err.value.what}" and "\n" not in str(err.value)
    assert isinstance(err.value, ValueError) and isinstance(err.value, NewsbriefError)


def _bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _refused_quickly(path, fragment: str, **kwargs) -> YamlError:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    with pytest.raises(YamlError) as err:
        safe_yaml.load(path, **kwargs)
    assert time.monotonic() - start < BOUND_S
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024  # ru_maxrss is KiB on Linux
    assert grown_mb < 50, f"refusing grew the process by {grown_mb:.0f} MB"
    assert fragment in str(err.value) and str(err.value).startswith(f"{path}:")
    return err.value


def test_alias_bomb_is_refused_without_expanding(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb(), encoding="utf-8")  # 9**9 = 387 million strings if expanded
    assert _refused_quickly(path, "anchor '&a' is not allowed").line == 1


def test_alias_without_anchor_reference_is_refused(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text("a: 1\nb: *nowhere\n", encoding="utf-8")
    with pytest.raises(YamlError, match="could not parse|alias"):
        safe_yaml.load(path)


def test_python_object_tag_file_is_refused(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("title: x\nmodel: !!python/object/apply:os.system ['touch pwned']\n", encoding="utf-8")
    assert _refused_quickly(path, "is not allowed").line == 2
    assert not (tmp_path / "pwned").exists()


def test_sparse_100_mb_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.write(b"a: 1\n")
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing on disk
    _refused_quickly(path, "larger than the limit of 1,000,000")


def test_real_100_mb_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    chunk = b"- " + b"x" * 1021 + b"\n"
    with path.open("wb") as handle:
        for _ in range(100 * 1024):
            handle.write(chunk)
    _refused_quickly(path, "larger than the limit")


def test_a_file_just_over_a_small_limit_and_endless_devices(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("a: " + "x" * 100 + "\n", encoding="utf-8")
    _refused_quickly(path, "larger than the limit of 50", max_bytes=50)
    with pytest.raises(YamlError, match="larger than the limit"):
        safe_yaml.load(__import__("pathlib").Path("/dev/zero"))  # stat says 0 bytes; the read is bounded


def test_bad_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nb: caf\u00e9\n".encode("latin-1"))
    err = _refused_quickly(path, "not UTF-8 (byte 0xe9")
    assert err.line == 2 and err.path == str(path)


def test_too_many_values_is_refused_in_bounded_time(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text("[" + ",".join(["a"] * 150_000) + "]", encoding="utf-8")
    _refused_quickly(path, "more than 100,000 values")


def test_a_missing_file_is_the_callers_oserror(tmp_path):
    with pytest.raises(FileNotFoundError):
        safe_yaml.load(tmp_path / "missing.yaml")


# parameters.py reads -f files with safe_yaml: good files as before, hostile ones refused.

def test_params_file_good_file_unchanged(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("top_n: 5\nfocus_actors: [Li Shangfu]\npaper_size: letter\n", encoding="utf-8")
    params = P.build(params_file=path)
    assert params["top_n"] == 5 and params["focus_actors"] == ["Li Shangfu"] and params["paper_size"] == "Letter"


@pytest.mark.parametrize("content, fragment", [
    (_bomb(), ":1: parameters file is not valid YAML data: anchor '&a'"),
    ("title: x\nmodel: !!python/object/apply:os.system ['true']\n", ":2: parameters file is not valid YAML data: tag"),
    ("title: x\ntitle: y\n", ":2: parameters file is not valid YAML data: key 'title' is given twice"),
    (b"title: caf\xe9\n", ":1: parameters file is not valid YAML data: not UTF-8"),
])
def test_params_file_hostile_files_refused(tmp_path, content, fragment):
    path = tmp_path / "p.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    start = time.monotonic()
    with pytest.raises(ParameterError) as err:
        P.build(params_file=path)
    assert time.monotonic() - start < BOUND_S
    assert str(err.value).startswith(f"{path}:") and fragment in str(err.value)


def test_params_file_huge_file_refused(tmp_path):
    path = tmp_path / "p.yaml"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    with pytest.raises(ParameterError, match="larger than the limit"):
        P.build(params_file=path)


def test_params_cli_list_with_a_tag_is_refused():
    with pytest.raises(ParameterError, match="YAML list did not parse: tag"):
        P.parse_value("entity_labels", "[!!python/name:os.system PERSON]")
