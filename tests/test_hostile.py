"""Hostile text: article titles, article text and parameters carrying HTML, JavaScript, Markdown,
LaTeX and Python reach the briefing as plain text -- nothing runs, nothing is written outside --out.

One real ``newsbrief run --to html,pdf`` over a hand-made hostile corpus; the HTML is opened
in real headless Chromium and the PDF's text is extracted with pypdf.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import run_newsbrief

pytestmark = [pytest.mark.slow, pytest.mark.model]

CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]

# Each payload would do something visible if it ran: set a global, retitle the page, make a request.
SCRIPT = "<script>window.__pwned = 1; document.title = 'PWNED'; fetch('http://127.0.0.1:9/s')</script>"
IMG = '<img src="http://127.0.0.1:9/i.png" onerror="window.__pwned = 2; alert(2)">'
JS_LINK = "[click me](javascript:window.__pwned=3) <a href=\"javascript:alert(3)\">here</a>"
MARKDOWN = "*stars* _under_ #hash **bold** `tick` ```fence``` | a | b |"
LATEX = r"$x$ $$\frac{1}{0}$$ \begin{document} \end{itemize} 50% & ~ ^ {braces}"
PAYLOADS = {"script": SCRIPT, "img": IMG, "js-link": JS_LINK, "markdown": MARKDOWN, "latex": LATEX}

# The -p title: quotes, a newline, Python and a path that climbs out of --out.
TITLE_CODE = '"; import os; os.system("touch {pwned}") #'
TITLE_PATH = "../../evil"


def _article(kind: str, payload: str) -> str:
    # The first short line is the title; the quote carries the payload into the quotes table too.
    return (
        f"Minister {payload} resigns\n\n"
        f'"The report about {payload} is wrong," said John Smith, the defence minister, in London on Monday.\n\n'
        f"Smith told reporters that {payload} had been published by mistake. Mary Jones of the Treasury "
        f"said the matter was closed.\n"
    )


def build_hostile_corpus(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for kind, payload in PAYLOADS.items():
        (root / f"{kind}.txt").write_text(_article(kind, payload), encoding="utf-8")
    # Record titles are taken as given (no headline guessing), so put every payload in one.
    records = [
        {"id": "rec-all", "title": f"All at once {SCRIPT} {IMG} {MARKDOWN} {LATEX}",
         "text": _article("all", "the leaked memo").replace("Minister the leaked memo resigns\n\n", "")},
    ]
    (root / "records.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """Run the real command from a folder nested below the sandbox, so '../../evil' has somewhere to go."""
    base = tmp_path_factory.mktemp("hostile")
    corpus = build_hostile_corpus(base / "corpus")
    pwned = base / "pwned"
    title = "\n".join([TITLE_CODE.format(pwned=pwned), TITLE_PATH, SCRIPT, IMG, MARKDOWN, LATEX])
    cwd = base / "one" / "two" / "work"
    cwd.mkdir(parents=True)
    out = cwd / "out"
    before = _files(base)
    result = run_newsbrief("run", corpus, "--out", "out", "--to", "html,pdf", "--cache", base / "cache", "--quiet",
                           "--jobs", "1", "-p", "title", title,
                           "-p", "focus_actors", '["John Smith", "x\\"); import os #"]', cwd=cwd)
    return {"result": result, "out": out, "base": base, "title": title, "pwned": pwned,
            "corpus": corpus, "before": before}


PROBE = """() => ({
    pwned: window.__pwned === undefined ? null : window.__pwned,
    title: document.title,
    scripts: document.scripts.length,
    handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length,
    jsLinks: Array.from(document.links).filter(a => a.protocol === 'javascript:').length,
    remoteImages: Array.from(document.images).filter(i => !i.src.startsWith('data:')).length,
    h1: document.querySelector('h1') ? document.querySelector('h1').textContent : '',
    body: document.body.innerText,
})"""


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_run_succeeds_and_executes_nothing(hostile_run):
    result = hostile_run["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert not hostile_run["pwned"].exists()  # the os.system in the title never ran


def test_nothing_is_written_outside_out(hostile_run):
    base, out = hostile_run["base"], hostile_run["out"]
    new = _files(base) - hostile_run["before"]
    outside = [p for p in new if out not in p.parents and (base / "cache") not in p.parents]
    assert outside == []
    assert not list(base.rglob("*evil*")) and not (base / "evil").exists() and not (base / "one" / "evil").exists()
    assert {p.name for p in out.iterdir()} >= {"briefing.html", "briefing.pdf", "briefing.ipynb", "data", "figures"}


def test_payloads_reach_the_tables_unchanged(hostile_run):
    data = hostile_run["out"] / "data"
    articles = pd.read_csv(data / "articles.csv", keep_default_na=False)
    titles = dict(zip(articles["doc_id"], articles["title"]))
    assert set(articles["status"]) == {"ok"}
    for kind, payload in PAYLOADS.items():
        assert titles[kind] == " ".join(f"Minister {payload} resigns".split())
    quotes = pd.read_csv(data / "quotes.csv", keep_default_na=False)
    for kind, payload in PAYLOADS.items():
        assert any(payload in q for q in quotes.loc[quotes["doc_id"] == kind, "text"]), kind


def test_html_shows_payloads_as_text(hostile_run):
    page = (hostile_run["out"] / "briefing.html").read_text(encoding="utf-8")
    # No payload survives as markup: every '<' of a payload is escaped.
    for needle in ("<script>window.__pwned", "<img src=\"http://127.0.0.1", "<a href=\"javascript:"):
        assert needle not in page, needle
    tags = re.findall(r"<([A-Za-z][\w-]*)([^<>]*)>", page)  # real markup: the payloads' '<' are escaped
    assert not [t for t, _ in tags if t.lower() in ("script", "iframe", "object", "embed", "base", "form")]
    assert not [a for _, a in tags if re.search(r"\bon\w+\s*=|javascript:", a, re.IGNORECASE)]
    assert "&lt;script&gt;window.__pwned = 1;" in page
    assert "javascript:window.__pwned=3" in page  # the Markdown link is text, not a link
    assert not re.search(r"<a [^>]*href=[\"']?javascript:", page, re.IGNORECASE)
    assert "\\begin{document}" in page and "$$\\frac{1}{0}$$" in page and "**bold**" in page


def test_pdf_shows_payloads_as_text(hostile_run):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(hostile_run["out"] / "briefing.pdf"))
    text = _squash("".join(page.extract_text() or "" for page in reader.pages))
    for literal in ("<script>window.__pwned=1;", 'onerror="window.__pwned=2;', "javascript:window.__pwned=3",
                    "*stars*", "_under_", "#hash", "**bold**", "`tick`", "|a|b|", "$x$", r"\begin{document}",
                    r"\frac{1}{0}", '"; import os; os.system("touch', "../../evil"):
        assert _squash(literal) in text, literal


@pytest.mark.browser
def test_no_injected_script_runs_in_chromium(hostile_run, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    html_path = hostile_run["out"] / "briefing.html"
    url = html_path.resolve().as_uri()
    requests, dialogs, errors, dialogs_control = [], [], [], []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else None,
                                     headless=True, args=BROWSER_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url, wait_until="networkidle")
            page.wait_for_timeout(500)  # give any timer or onerror handler a chance to fire
            # Clicking every link must not run javascript: either.
            for link in page.query_selector_all("a"):
                try:
                    link.click(timeout=500, no_wait_after=True)
                except Exception:
                    pass
            page.goto(url, wait_until="networkidle")
            state = page.evaluate(PROBE)
            # The probe itself works: the same payloads as live markup are caught.
            control = browser.new_page()
            control.on("dialog", lambda d: (dialogs_control.append(d.message), d.dismiss()))
            control.set_content(f"<html><head><title>t</title></head><body>{SCRIPT}{IMG}</body></html>")
            control.wait_for_timeout(300)
            caught = control.evaluate(PROBE)
        finally:
            browser.close()
    assert caught["pwned"] in (1, 2) and caught["title"] == "PWNED" and caught["scripts"] == 1
    assert caught["handlers"] == 1 and dialogs_control == ["2"]
    assert state["pwned"] is None and dialogs == [] and errors == []
    assert state["scripts"] == 0 and state["handlers"] == 0 and state["jsLinks"] == 0 and state["remoteImages"] == 0
    assert all(r.startswith("file://") for r in requests), requests
    assert state["title"] != "PWNED" and _squash(state["title"]) == _squash(hostile_run["title"])
    assert _squash(state["h1"]) == _squash(hostile_run["title"])
    body = _squash(state["body"])
    for payload in PAYLOADS.values():
        assert _squash(payload) in body or _squash(payload)[:40] in body, payload


def test_code_in_parameters_is_data(hostile_run):
    nb = json.loads((hostile_run["out"] / "briefing.ipynb").read_text(encoding="utf-8"))
    injected = next(c for c in nb["cells"] if "injected-parameters" in c.get("metadata", {}).get("tags", []))
    namespace: dict = {}
    exec("".join(injected["source"]), namespace)  # the injected cell is plain assignments of literals
    assert namespace["title"] == hostile_run["title"]
    assert namespace["focus_actors"] == ["John Smith", 'x"); import os #']


def test_bad_typed_parameter_is_refused_not_evaluated(tmp_path):
    marker = tmp_path / "ran"
    code = f"__import__('os').system('touch {marker}')"
    result = run_newsbrief("run", tmp_path / "nowhere", "--out", tmp_path / "out", "--to", "html",
                           "-p", "top_n", code, "--quiet")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "top_n" in result.stderr and not marker.exists()


def test_notebook_name_cannot_climb_out(tmp_path):
    """A notebook is one of the built-in names or the path of an existing .ipynb, nothing else:
    a name is never joined to a folder ("../../evil" -> notebooks/../../evil.ipynb)."""
    (tmp_path.parent / "evil.ipynb").write_text("{}", encoding="utf-8")
    for name in ("../../evil", "../evil", "briefing/../../evil"):
        result = run_newsbrief("run", tmp_path, "--out", tmp_path / "out", "--notebook", name, "--quiet")
        assert result.returncode != 0 and "unknown notebook" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
