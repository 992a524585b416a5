"""The briefing HTML in a real headless Chromium: it asks the network for nothing, runs no
script from the articles, and shows Cyrillic and Chinese with real fonts."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import report
from conftest import SEEDS
from test_briefing import write_sample

pytestmark = [pytest.mark.slow, pytest.mark.browser]
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def briefing_html(tmp_path_factory) -> Path:
    """briefing.html rendered (real kernel, real template) from hostile hand-made tables."""
    out = tmp_path_factory.mktemp("browser") / "out"
    original = report._ensure_analysis

    def ensure(params, extra):
        write_sample(Path(params["data_dir"]), hostile=True, corpus=Path(params["corpus"]),
                     labels=params["entity_labels"], model=params["model"])

    report._ensure_analysis = ensure
    try:
        paths = report.run_briefing(str(SEEDS), out, formats=("html",),
                                    cli_params=[("title", "Брифинг 简报 <b>bold?</b>")])
    finally:
        report._ensure_analysis = original
    return paths["html"]


def test_html_loads_offline_without_requests_scripts_or_dialogs(briefing_html, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = CHROMIUM if Path(CHROMIUM).exists() else report.find_chromium()
    requests, dialogs, console = [], [], []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-quic",
                                           "--disable-background-networking", "--disable-component-update",
                                           "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("console", lambda m: console.append(m.text))
            url = briefing_html.resolve().as_uri()
            page.goto(url, wait_until="networkidle")
            page.screenshot(path=str(tmp_path / "briefing.png"), full_page=True)
            scripts = page.evaluate("document.scripts.length")
            title = page.title()
            h1 = page.inner_text("h1")
            images = page.evaluate("Array.from(document.images).map(i => [i.src.slice(0, 22), i.naturalWidth])")
            fonts_ok = page.evaluate("""async () => {
                await document.fonts.ready;
                return [document.fonts.check('16px "Noto Sans"', 'Путин'),
                        document.fonts.check('16px "Noto Sans CJK SC"', '李尚福')];
            }""")
            family = page.evaluate("getComputedStyle(document.body).fontFamily")
        finally:
            browser.close()
    assert requests == [url], f"unexpected requests: {requests[1:]}"
    assert dialogs == [] and scripts == 0
    assert "<b>" in title and "<b>bold?</b>" in h1  # shown as text, not markup
    assert images and all(src == "data:image/png;base64," and w > 100 for src, w in images)
    assert fonts_ok == [True, True] and family.startswith('"Noto Sans"')
    assert (tmp_path / "briefing.png").stat().st_size > 10_000
