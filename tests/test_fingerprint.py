"""No stale result: whatever a warm run re-uses is keyed by the code and data that made it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import fingerprint
from conftest import ROOT, SEED

PACKAGE = ROOT / "analysis"


@pytest.fixture
def package_copy(tmp_path):
    copy = tmp_path / "site" / "analysis"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_every_analysis_module_and_word_list_is_in_the_key(package_copy):
    files = fingerprint.analysis_files(package_copy)
    names = {p.relative_to(package_copy).as_posix() for p in files}
    assert "pipeline.py" in names and "cooccurrence.py" in names and "nlp.py" in names
    assert any(n.startswith("data/") for n in names)
    assert len([n for n in names if n.endswith(".py")]) == len(
        [p for p in package_copy.rglob("*.py") if "templates" not in p.parts]) - len(fingerprint.RENDER_MODULES)
    assert not names & set(fingerprint.RENDER_MODULES)
    before = fingerprint.code_digest(package_copy)
    for path in files:
        original = path.read_bytes()
        path.write_bytes(original + b"\n# an edit\n")
        assert fingerprint.code_digest(package_copy) != before, f"editing {path.name} left the key unchanged"
        path.write_bytes(original)
    assert fingerprint.code_digest(package_copy) == before


def test_a_new_module_changes_the_key(package_copy):
    before = fingerprint.code_digest(package_copy)
    (package_copy / "new_rule.py").write_text("X = 1\n", encoding="utf-8")
    assert fingerprint.code_digest(package_copy) != before


def test_the_parse_key_follows_our_pipeline_component_only(package_copy):
    before = fingerprint.parse_code_digest(package_copy)
    (package_copy / "cooccurrence.py").write_text("# changed\n", encoding="utf-8")
    assert fingerprint.parse_code_digest(package_copy) == before
    for name in fingerprint.PARSE_MODULES:
        path = package_copy / name
        path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        assert fingerprint.parse_code_digest(package_copy) != before
        before = fingerprint.parse_code_digest(package_copy)


def test_templates_do_not_change_the_tables_key(package_copy):
    before = fingerprint.code_digest(package_copy)
    css = next((package_copy / "templates").rglob("*.css"))
    css.write_text(css.read_text(encoding="utf-8") + "\n/* restyled */\n", encoding="utf-8")
    assert fingerprint.code_digest(package_copy) == before


_ENSURE = """
import json, sys
from analysis.pipeline import ensure_analysis
s = ensure_analysis(sys.argv[1], sys.argv[2], jobs=1, cache_dir=sys.argv[3])
print(json.dumps({"seconds": s.seconds, "extraction": s.manifest["extraction"]}))
"""


def _ensure(site: Path, corpus: Path, out: Path, cache: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", _ENSURE, str(corpus), str(out), str(cache)], cwd=site,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.model
@pytest.mark.slow
def test_a_warm_run_after_an_upgrade_recomputes(package_copy, tmp_path):
    """The tables of a run are re-used until any analysis module changes (here co-occurrence,
    which the old key of four files missed); then they are made again."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    site, out, cache = package_copy.parent, tmp_path / "out", tmp_path / "cache"
    first = _ensure(site, corpus, out, cache)
    assert first["seconds"] > 0
    assert _ensure(site, corpus, out, cache)["seconds"] == 0.0  # warm: re-used
    module = package_copy / "cooccurrence.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# upgraded\n", encoding="utf-8")
    upgraded = _ensure(site, corpus, out, cache)
    assert upgraded["seconds"] > 0 and upgraded["extraction"] != first["extraction"]
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["extraction"] == upgraded["extraction"]


def test_the_analysis_never_imports_a_module_left_out_of_the_key():
    """Editing a presentation module may skip re-analysis only if the analysis cannot run it."""
    import subprocess
    import sys

    code = ("import sys, analysis.pipeline, analysis.tables, analysis.actors.proposals; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('analysis.'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    render = {f"analysis.{name[:-3]}" for name in fingerprint.RENDER_MODULES}
    assert "analysis.quotes.sieves" in loaded and not render & set(loaded)
