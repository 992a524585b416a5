"""Tests of analysis.corpus: readers, bad inputs, doc_ids, paragraphs, boilerplate cleaning."""

from __future__ import annotations

import dataclasses
import json
import os
import zipfile
from pathlib import Path

import pytest

from analysis.corpus import (
    BOILERPLATE_RULES,
    EXTENSIONS,
    READERS,
    Article,
    Skipped,
    clean,
    read_corpus,
)
from analysis.errors import CorpusError, NewsbriefError
from analysis.paragraphs import paragraph_spans

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_d63302860ca2abf4.txt"

BODY = (
    "The minister said on Monday that the new rail line would open next year, "
    "after a long delay caused by a dispute over funding with the regional council.\n\n"
    '"We are confident that the work will be finished on time," she told reporters in the capital.\n'
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read_all(path: Path, **options) -> list[Article | Skipped]:
    return list(read_corpus(path, **options))


def only(path: Path, **options) -> Article | Skipped:
    items = read_all(path, **options)
    assert len(items) == 1, items
    return items[0]


def kept(text: str, cleaned: str) -> list[str]:
    """Paragraphs of `text` that survive cleaning unchanged."""
    return [text[s:e] for s, e in paragraph_spans(text) if cleaned[s:e] == text[s:e]]


def blanked(text: str, cleaned: str) -> list[str]:
    """Paragraph lines of `text` that cleaning blanked entirely."""
    out = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip() and not cleaned[start:end].strip():
            out.append(line.strip())
        start = end + 1
    return out


# --------------------------------------------------------------------------- records


def test_records_are_frozen_dataclasses():
    article = Article("a", "a.txt", "T", "x", "x")
    assert (article.date, article.source, article.url) == ("", "", "")
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.title = "other"  # type: ignore[misc]
    assert [f.name for f in dataclasses.fields(Skipped)] == ["doc_id", "path", "reason"]


def test_registries():
    assert set(EXTENSIONS) == {".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv"}
    assert set(READERS) == set(EXTENSIONS)
    assert BOILERPLATE_RULES and all(callable(rule) for rule in BOILERPLATE_RULES.values())


# --------------------------------------------------------------------------- paragraphs


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", []),
        ("   \n\n  ", []),
        ("One.", ["One."]),
        ("One.\nStill one.\n\nTwo.", ["One.\nStill one.", "Two."]),
        ("  One.  \n \t \n\n\nTwo.\n", ["One.", "Two."]),
        ("\n\nA\n\n\n\nB\n\n", ["A", "B"]),
        ("A\r\n\r\nB", ["A", "B"]),
    ],
)
def test_paragraph_spans(text, expected):
    spans = paragraph_spans(text)
    assert [text[s:e] for s, e in spans] == expected
    assert all(0 <= s < e <= len(text) for s, e in spans)


# --------------------------------------------------------------------------- errors


def test_missing_path_raises_actionable_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist") as info:
        read_corpus(tmp_path / "nope")
    assert isinstance(info.value, NewsbriefError)
    assert "\n" not in str(info.value)


def test_folder_without_candidate_files_raises(tmp_path):
    write(tmp_path / "notes.docx", b"PK")
    write(tmp_path / ".hidden.txt", BODY)
    with pytest.raises(CorpusError, match=r"no articles found in .* \(looked for \.txt \.md \.html \.htm \.json \.jsonl \.csv\)"):
        read_corpus(tmp_path)


def test_unsupported_single_file_raises(tmp_path):
    with pytest.raises(CorpusError, match="unsupported file type"):
        read_corpus(write(tmp_path / "a.pdf", b"%PDF"))


# --------------------------------------------------------------------------- formats


def test_txt_bbc_layout_title(tmp_path):
    text = "Rail Line Delayed Again\n\n" + BODY
    article = only(write(tmp_path / "042.txt", text))
    assert isinstance(article, Article)
    assert article.doc_id == "042"
    assert article.title == "Rail Line Delayed Again"
    assert article.text == text
    assert article.clean_text == text


def test_single_file_corpus(tmp_path):
    path = write(tmp_path / "one.txt", BODY)
    assert only(path).doc_id == "one"


@pytest.mark.parametrize(
    "text, title",
    [
        ("Rail line delayed\n\n" + BODY, "Rail line delayed"),
        ("Rail line delayed again.\n\n" + BODY, "Rail line delayed again. The minister said on Monday that the new…"),
        (BODY, "The minister said on Monday that the new rail line would open…"),
        ("Advertisement\n\nRail Line Delayed\n\n" + BODY, "Rail Line Delayed"),
    ],
)
def test_title_heuristics(tmp_path, text, title):
    article = only(write(tmp_path / "a.txt", text))
    assert article.title == title


def test_markdown_keeps_text_and_blanks_syntax(tmp_path):
    text = (
        "---\ntitle: Front Matter Title\ndate: 2024-03-05\n---\n\n"
        "# Rail line delayed\n\n"
        "The **minister** said the [new line](https://example.com/line) would open.\n\n"
        "* first point of the plan\n* second point\n\n" + BODY
    )
    article = only(write(tmp_path / "story.md", text))
    assert article.text == text
    assert len(article.clean_text) == len(text)
    assert article.title == "Front Matter Title"
    assert article.date == "2024-03-05"
    assert "https://example.com" not in article.clean_text
    assert "**" not in article.clean_text and "# Rail" not in article.clean_text
    assert "minister" in article.clean_text and "new line" in article.clean_text


def test_markdown_title_from_heading(tmp_path):
    article = only(write(tmp_path / "story.md", "## Rail line delayed\n\n" + BODY))
    assert article.title == "Rail line delayed"


def test_jsonl_records(tmp_path):
    lines = [
        {"id": "x1", "Title": "First", "Body": BODY, "published": "2024-01-02T10:00:00Z", "outlet": "Daily", "link": "https://a/1"},
        {"headline": "Second", "content": BODY},
        {"title": "No text here"},
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(json.dumps(r) for r in lines) + "\n\n")
    first, second, third = read_all(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.doc_id, first.title, first.date, first.source, first.url) == ("x1", "First", "2024-01-02", "Daily", "https://a/1")
    assert first.path.endswith("feed.jsonl#x1")
    assert (second.doc_id, second.title) == ("feed-2", "Second")
    assert isinstance(third, Skipped) and "no text" in third.reason and third.doc_id == "feed-3"


@pytest.mark.parametrize(
    "payload",
    [
        [{"text": BODY, "title": "A"}, {"articleBody": BODY, "title": "B"}],
        {"articles": [{"text": BODY, "title": "A"}, {"ARTICLE": BODY, "title": "B"}]},
    ],
)
def test_json_lists(tmp_path, payload):
    items = read_all(write(tmp_path / "dump.json", json.dumps(payload)))
    assert [(a.doc_id, a.title) for a in items] == [("dump-1", "A"), ("dump-2", "B")]


def test_json_single_record(tmp_path):
    article = only(write(tmp_path / "one.json", json.dumps({"text": BODY, "headline": "Solo", "id": 7})))
    assert (article.doc_id, article.title) == ("7", "Solo")


def test_csv_records(tmp_path):
    import csv

    path = tmp_path / "items.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ID", "Headline", "Text", "Date", "Source", "URL"])
        writer.writerow(["a-1", "Rail", BODY, "2024-05-06", "Gazette", "https://g/1"])
        writer.writerow(["a-2", "Bus", BODY.replace("rail line", "bus route"), "", "", ""])
    first, second = read_all(path)
    assert (first.doc_id, first.title, first.date, first.source) == ("a-1", "Rail", "2024-05-06", "Gazette")
    assert second.doc_id == "a-2" and "bus route" in second.text
    assert first.text == BODY  # embedded newlines survive


HTML = """<!DOCTYPE html><html><head><title>Rail line delayed | Gazette</title>
<meta property="og:title" content="Rail line delayed">
<meta property="og:site_name" content="Gazette">
<meta property="article:published_time" content="2024-05-06T08:00:00Z">
<link rel="canonical" href="https://gazette.example/rail">
<script>var tracking = "SCRIPT_TEXT_MUST_NOT_APPEAR";</script>
<style>.x{color:red}</style></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">NAV_TEXT_MUST_NOT_APPEAR</a></li></ul></nav>
<article><h1>Rail line delayed</h1>
<p>The minister said on Monday that the new rail line would open next year, after a long delay
caused by a dispute over funding with the regional council and the national treasury.</p>
<p>"We are confident that the work will be finished on time," she told reporters in the capital,
adding that the contractors had been paid in full for the first phase of construction.</p>
<p>Opposition politicians said the project had been badly managed from the start and called
for an independent inquiry into the costs, which have doubled since the plan was announced.</p>
</article>
<footer><p>Copyright 2024 Gazette. FOOTER_TEXT_MUST_NOT_APPEAR</p></footer>
</body></html>"""


def test_html_body_and_metadata(tmp_path):
    article = only(write(tmp_path / "page.html", HTML))
    assert isinstance(article, Article), article
    assert article.title == "Rail line delayed"
    assert article.date == "2024-05-06"
    assert article.url == "https://gazette.example/rail"
    assert article.source == "Gazette"
    assert "The minister said" in article.text and "independent inquiry" in article.text
    for junk in ("SCRIPT_TEXT", "NAV_TEXT", "FOOTER_TEXT", "color:red"):
        assert junk not in article.text
    assert len(paragraph_spans(article.text)) >= 3  # paragraphs separated by blank lines


def test_html_without_body_is_skipped(tmp_path):
    item = only(write(tmp_path / "empty.htm", "<html><body><nav><a href='/'>Home</a></nav></body></html>"))
    assert isinstance(item, Skipped) and "no article text" in item.reason


# --------------------------------------------------------------------------- bad inputs


GERMAN = (
    "Die Bundesregierung hat am Montag beschlossen, die neue Bahnstrecke erst im kommenden Jahr zu eröffnen. "
    "Grund für die Verzögerung ist ein Streit über die Finanzierung mit dem Land und den Kommunen. "
    "Die Ministerin sagte vor Journalisten in der Hauptstadt, man sei zuversichtlich, dass die Arbeiten "
    "rechtzeitig abgeschlossen würden. Die Opposition forderte eine unabhängige Untersuchung der Kosten, "
    "die sich seit der Ankündigung des Projekts verdoppelt haben.\n"
)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \t \n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20, "binary file (not text)"),
        ("controls.txt", bytes(range(1, 9)) * 200, "binary file (not text)"),
        ("german.txt", GERMAN.encode(), "language 'de' detected; the model is English"),
        ("big.txt", ("word " * 400).encode(), "limit of 1,000 characters"),
    ],
)
def test_bad_inputs_are_skipped(tmp_path, name, content, reason):
    item = only(write(tmp_path / name, content), max_chars=1_000)
    assert isinstance(item, Skipped), item
    assert reason in item.reason
    assert item.doc_id == Path(name).stem


def test_too_large_reason_says_how_to_fix(tmp_path):
    item = only(write(tmp_path / "big.txt", "word " * 400), max_chars=1_000)
    assert "2,000" in item.reason and "raise max_chars" in item.reason
    huge = only(write(tmp_path / "huge.txt", "word " * 2_000), max_chars=1_000)
    assert isinstance(huge, Skipped) and "10,000 bytes" in huge.reason


def test_language_check_can_be_turned_off(tmp_path):
    path = write(tmp_path / "german.txt", GERMAN)
    assert isinstance(only(path, language=None), Article)


def test_short_foreign_text_is_not_flagged(tmp_path):
    assert isinstance(only(write(tmp_path / "kurz.txt", "Die Regierung hat heute entschieden.\n")), Article)


@pytest.mark.parametrize(
    "content, expected",
    [
        ("\ufeffHello BOM\n\n" + BODY, "Hello BOM\n\n" + BODY),  # UTF-8 BOM stripped
        (("Caf\u00e9 owner\n\n" + BODY).encode("latin-1"), "Caf\u00e9 owner\n\n" + BODY),
        (("He said \u201chello\u201d \u2014 and left\n\n" + BODY).encode("cp1252"), "He said \u201chello\u201d \u2014 and left\n\n" + BODY),
        ("Line one\r\n\r\nLine two\r\n", "Line one\n\nLine two\n"),
        ("Ünïcödé title\n\n" + BODY, "Ünïcödé title\n\n" + BODY),
    ],
)
def test_encodings(tmp_path, content, expected):
    data = content.encode("utf-8") if isinstance(content, str) else content
    article = only(write(tmp_path / "a.txt", data))
    assert isinstance(article, Article), article
    assert article.text == expected


def test_one_invalid_byte_in_utf8_is_replaced_and_analysed(tmp_path):
    data = ("Caf\u00e9 r\u00e9sum\u00e9\n\n" + BODY).encode() + b"It cost \xa315m.\n"
    article = only(write(tmp_path / "a.txt", data))
    assert isinstance(article, Article)
    assert "It cost \ufffd15m." in article.text and "Caf\u00e9" in article.text


def test_lone_latin1_byte_in_ascii_text_is_analysed(tmp_path):
    # bbc/sport/199.txt: ASCII text with one Latin-1 pound sign.
    article = only(write(tmp_path / "199.txt", BODY.encode() + b"a \xa315.8m signing\n"))
    assert isinstance(article, Article)
    assert article.text.endswith("a \u00a315.8m signing\n")


def test_unreadable_file_is_skipped(tmp_path):
    good = write(tmp_path / "a.txt", BODY)
    broken = tmp_path / "b.txt"
    broken.symlink_to(tmp_path / "missing.txt")
    items = read_all(tmp_path)
    assert isinstance(items[0], Article) and items[0].path == str(good)
    assert isinstance(items[1], Skipped) and "No such file" in items[1].reason
    if os.geteuid() != 0:
        locked = write(tmp_path / "c.txt", BODY)
        locked.chmod(0)
        try:
            assert "Permission denied" in read_all(tmp_path)[2].reason
        finally:
            locked.chmod(0o644)


def test_nested_folders_unique_ids_and_symlink_loop(tmp_path):
    write(tmp_path / "sport" / "199.txt", "Sport\n\n" + BODY)
    write(tmp_path / "tech" / "199.txt", "Tech\n\n" + BODY)
    write(tmp_path / "tech" / "deep" / "199.txt", "Deep\n\n" + BODY)
    write(tmp_path / ".git" / "x.txt", BODY)
    (tmp_path / "tech" / "loop").symlink_to(tmp_path)  # a loop back to the root
    items = read_all(tmp_path)
    articles = [i for i in items if isinstance(i, Article)]
    assert [(a.doc_id, a.title) for a in articles] == [("199", "Sport"), ("tech-199", "Tech"), ("deep-199", "Deep")]
    (loop,) = [i for i in items if isinstance(i, Skipped)]
    assert loop.path.endswith("loop") and loop.reason.startswith("symlink loop")


def test_corpus_of_only_bad_files_yields_skipped(tmp_path):
    write(tmp_path / "a.txt", b"")
    write(tmp_path / "b.txt", b"\x00\x01\x02")
    items = read_all(tmp_path)
    assert [type(i) for i in items] == [Skipped, Skipped]


def test_reading_streams(tmp_path):
    for i in range(3):
        write(tmp_path / f"{i}.txt", BODY)
    stream = read_corpus(tmp_path)
    assert next(iter(stream)).doc_id == "0"


# --------------------------------------------------------------------------- cleaning


def assert_same_shape(text: str, cleaned: str) -> None:
    assert len(cleaned) == len(text)
    for a, b in zip(text, cleaned):
        assert a == b or (b == " " and a != "\n")
    assert [i for i, c in enumerate(text) if c == "\n"] == [i for i, c in enumerate(cleaned) if c == "\n"]


def test_seed_teaser_and_footers_blanked_article_kept():
    text = SEED.read_text(encoding="utf-8")
    cleaned = clean(text)
    assert_same_shape(text, cleaned)
    gone = blanked(text, cleaned)
    headline = "Kremlin Threatens ‘Appropriate and Palpable’ Response to Use of US-made Long-range Missiles in Russia"
    assert gone.count(headline) == 2
    assert "Other Topics of Interest" in gone
    assert any(line.startswith("The RU foreign minister has made more threats") for line in gone)
    assert gone.count("Advertisement") == 2
    assert "To suggest a correction or clarification, write to us here" in gone
    assert "You can also highlight the text and press Ctrl + Enter" in gone
    assert len(gone) == 8
    kept_paras = kept(text, cleaned)
    assert any(p.startswith("Li's trip to Russia") for p in kept_paras)
    assert any(p.startswith("During two days of talks, Putin and Xi hailed") for p in kept_paras)
    assert len(kept_paras) == 12


def test_seed_via_read_corpus():
    article = only(SEED)
    assert article.text == SEED.read_text(encoding="utf-8")
    assert "Other Topics of Interest" not in article.clean_text
    assert article.title.startswith("Chinese Defense Minister Li Shangfu")


P1 = "The council voted on Tuesday to close the old bridge to traffic, citing safety concerns raised by engineers."
P2 = "Residents said the closure would add half an hour to their daily journeys into the town centre."
P3 = '"We had no choice," the council leader said, adding that repairs would start in the spring.'
CARD = "Mayor Unveils Ambitious Plan to Rebuild the Harbour Front"
CARD2 = "Local Football Club Sold to American Investors"
SUMMARY = "The mayor says the ten-year project will create jobs and bring tourists back to the waterfront."


def para(*lines: str) -> str:
    return "\n".join(lines)


def doc(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


# (text, lines that must be blanked, lines that must be kept)
CLEAN_CASES = {
    "seed-like teaser, other heading": (
        doc(P1, para(CARD, "You May Also Like"), CARD, SUMMARY, P2, P3),
        [CARD, "You May Also Like", SUMMARY],
        [P1, P2, P3],
    ),
    "repeated card without any heading": (
        doc(P1, CARD, CARD, SUMMARY, P2, P3),
        [CARD, SUMMARY],
        [P1, P2, P3],
    ),
    "card repeated far apart: no summary to blank": (
        doc(P1, CARD, SUMMARY, P2, CARD, P3),
        [CARD],
        [P1, SUMMARY, P2, P3],
    ),
    "related heading, cards not repeated": (
        doc(P1, "Related", CARD, CARD2, P2, P3),
        ["Related", CARD, CARD2],
        [P1, P2, P3],
    ),
    "'Related articles:' heading with a list of cards in one paragraph": (
        doc(P1, para("Related articles:", CARD, "Council approves budget for new schools"), P2),
        ["Related articles:", CARD, "Council approves budget for new schools"],
        [P1, P2],
    ),
    "'More from …' heading": (
        doc(P1, P2, "More from The Gazette", CARD, CARD2),
        ["More from The Gazette", CARD, CARD2],
        [P1, P2],
    ),
    "'Recommended' heading in brackets": (
        doc(P1, "[Recommended]", CARD, P2),
        ["[Recommended]", CARD],
        [P1, P2],
    ),
    "'Read more' heading above cards": (
        doc(P1, "READ MORE", CARD, P2),
        ["READ MORE", CARD],
        [P1, P2],
    ),
    "repeated ALL-CAPS table header kept": (
        doc(P1, para("W L PCT GB", "NEW YORK 80 52 .606 -"), P2, para("W L PCT GB", "BOSTON 70 62 .530 10")),
        [],
        [P1, P2, "W L PCT GB"],
    ),
    "legitimate Title Case subheading kept": (
        doc(P1, "The Road to the Summit", P2, "What Happens Next", P3),
        [],
        [P1, "The Road to the Summit", P2, "What Happens Next", P3],
    ),
    "article headline repeated: top kept, lede kept": (
        doc("Council Closes the Old Bridge to Traffic", P1, P2, "Council Closes the Old Bridge to Traffic", P3),
        ["Council Closes the Old Bridge to Traffic"],
        ["Council Closes the Old Bridge to Traffic", P1, P2],
    ),
    "ads and footers": (
        doc(
            P1, "ADVERTISEMENT", "Story continues below advertisement", P2, "- Sponsored -",
            "Advertisement - Continue reading the main story", P3, "Story continues below",
            para("Read more: Why the bridge is falling down", "Related: Council budget row deepens",
                 "See also: Bridges of the county"),
            para("Sign up for our morning newsletter", "Follow us on Twitter and Facebook",
                 "Share this article", "Report a typo"),
            para("© 2024 Gazette Media Ltd. All rights reserved.", "Copyright 2023 Reuters"),
        ),
        [
            "ADVERTISEMENT", "Story continues below advertisement", "- Sponsored -",
            "Advertisement - Continue reading the main story", "Story continues below",
            "Read more: Why the bridge is falling down", "Related: Council budget row deepens",
            "See also: Bridges of the county", "Sign up for our morning newsletter",
            "Follow us on Twitter and Facebook", "Share this article", "Report a typo",
            "© 2024 Gazette Media Ltd. All rights reserved.", "Copyright 2023 Reuters",
        ],
        [P1, P2, P3],
    ),
    "sentences that merely mention ads, copyright or related things": (
        doc(
            "The advertisement was withdrawn after complaints from viewers.",
            "Read more about the scheme in the council's report, she said.",
            "Related to the case, police arrested two men on Friday.",
            "He said the copyright dispute had been settled out of court.",
            "Follow the money, the investigators were told.",
            "Sponsored by the regional government, the festival drew 10,000 people.",
            "More than 200 people attended the meeting.",
            "Related",  # a heading with nothing after it: only the heading goes
        ),
        ["Related"],
        [
            "The advertisement was withdrawn after complaints from viewers.",
            "Read more about the scheme in the council's report, she said.",
            "Related to the case, police arrested two men on Friday.",
            "He said the copyright dispute had been settled out of court.",
            "Follow the money, the investigators were told.",
            "Sponsored by the regional government, the festival drew 10,000 people.",
            "More than 200 people attended the meeting.",
        ],
    ),
    "related heading followed by prose stops at the prose": (
        doc(P1, "Related coverage", P2, P3),
        ["Related coverage"],
        [P1, P2, P3],
    ),
    "long summary after a repeated card is not a summary": (
        doc(P1, CARD, CARD, " ".join([P1, P2, P3, P1])),
        [CARD],
        [P1, " ".join([P1, P2, P3, P1])],
    ),
}


@pytest.mark.parametrize("text, gone, keep", CLEAN_CASES.values(), ids=CLEAN_CASES.keys())
def test_clean_cases(text, gone, keep):
    cleaned = clean(text)
    assert_same_shape(text, cleaned)
    assert sorted(set(blanked(text, cleaned))) == sorted(set(gone))
    still = {line.strip() for line in cleaned.split("\n")}
    for line in keep:
        assert line in still, line


def test_clean_is_identity_on_plain_prose():
    text = doc(P1, P2, P3)
    assert clean(text) is text or clean(text) == text


def test_markdown_cleaning_keeps_shape():
    text = "# Title\n\n> quoted **bold** and _it_ and `code`\n\n1. item [link](http://x.y/z)\n\n![img](a.png)\n"
    cleaned = clean(text, markdown=True)
    assert_same_shape(text, cleaned)
    assert cleaned.split() == ["Title", "quoted", "bold", "and", "_it_", "and", "code", "item", "link"]


def test_clean_property_same_shape():
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    pieces = st.sampled_from(
        ["Advertisement", "Related", CARD, SUMMARY, P1, "Read more: x", "© 2024 X", "# H", "**b**",
         "[l](u)", "\n", "\n\n", " ", "\t", "\r", "é", "‘q’"]
    )

    @hypothesis.settings(max_examples=60, deadline=None)
    @hypothesis.given(st.lists(pieces, max_size=30).map("".join), st.booleans())
    def check(text, markdown):
        assert_same_shape(text, clean(text, markdown=markdown))

    check()


def _bbc_members(limit_per_category: int = 60) -> list[tuple[str, bytes]]:
    shared = Path(os.environ.get("NEWSBRIEF_SHARED", ROOT.parent / "shared"))
    archive = shared / "corpora" / "bbc-fulltext.zip"
    if not archive.exists():
        pytest.skip(f"{archive} not available")
    with zipfile.ZipFile(archive) as zf:
        names = sorted(n for n in zf.namelist() if n.endswith(".txt") and "/bbc/" in n)
        by_category: dict[str, list[str]] = {}
        for name in names:
            by_category.setdefault(name.split("/")[-2], []).append(name)
        chosen = [n for group in by_category.values() for n in group[:limit_per_category]]
        chosen += [n for n in names if n.endswith(("business/199.txt", "sport/199.txt"))]
        return [(n, zf.read(n)) for n in dict.fromkeys(chosen)]


def test_clean_removes_almost_nothing_from_bbc(tmp_path):
    """Clean BBC articles have no boilerplate: the cleaner must leave them (nearly) untouched."""
    members = _bbc_members()
    corpus = tmp_path / "bbc"
    for name, data in members:  # into tmp_path only; never into the repository
        write(corpus / name.split("/")[-2] / Path(name).name, data)
    items = read_all(corpus)
    articles = [a for a in items if isinstance(a, Article)]
    assert len(articles) == len(members), [s for s in items if isinstance(s, Skipped)]
    fractions = [sum(a != b for a, b in zip(x.text, x.clean_text)) / len(x.text) for x in articles]
    assert sum(fractions) / len(fractions) < 0.01
    assert all(not x.title.endswith("…") for x in articles)  # line 1 is the headline
    sport_199 = next(a for a in articles if a.path.endswith("sport/199.txt"))
    assert sport_199.doc_id == "sport-199"  # business/199.txt came first
    assert "15.8m" in sport_199.text


# --------------------------------------------------------------------------- more inputs


def test_permission_error_is_skipped_with_os_error(tmp_path, monkeypatch):
    from analysis.corpus import readers

    write(tmp_path / "a.txt", BODY)
    locked = write(tmp_path / "b.txt", BODY)
    real = readers.read_text_file

    def fake(path, max_chars):
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, max_chars)

    monkeypatch.setattr(readers, "read_text_file", fake)
    first, second = read_all(tmp_path)
    assert isinstance(first, Article)
    assert isinstance(second, Skipped) and "Permission denied" in second.reason and second.doc_id == "b"


@pytest.mark.parametrize(
    "data",
    [
        b"ok " + bytes(range(14, 31)) * 30,  # control characters
    ],
)
def test_undecodable_is_skipped(tmp_path, data):
    item = only(write(tmp_path / "a.txt", data))
    assert isinstance(item, Skipped)
    assert "binary file" in item.reason or "could not decode" in item.reason


def test_csv_with_bom_semicolons_and_cp1252(tmp_path):
    import csv

    with open(tmp_path / "a.csv", "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle, delimiter=";").writerows([["id", "title", "text"], ["1", "Caf\u00e9", BODY]])
    with open(tmp_path / "b.csv", "w", newline="", encoding="cp1252") as handle:
        csv.writer(handle).writerows([["title", "body"], ["Smart \u201cquotes\u201d", BODY]])
    first, second = read_all(tmp_path)
    assert (first.doc_id, first.title, first.text) == ("1", "Caf\u00e9", BODY)
    assert (second.doc_id, second.title) == ("b-1", "Smart \u201cquotes\u201d")


def test_record_ids_unique_across_files(tmp_path):
    write(tmp_path / "a.jsonl", json.dumps({"id": "x1", "text": BODY}) + "\n")
    write(tmp_path / "b.jsonl", json.dumps({"id": "x1", "text": BODY}) + "\n")
    write(tmp_path / "c.jsonl", json.dumps({"id": "weird/id 1", "text": BODY}) + "\n" + "{not json\n")
    items = read_all(tmp_path)
    assert [i.doc_id for i in items] == ["x1", "b-x1", "weird_id_1", "c-2"]
    assert isinstance(items[3], Skipped) and "not valid JSON" in items[3].reason


def test_html_in_a_record_is_extracted(tmp_path):
    record = {"title": "T", "body": "<p>First paragraph of the story.</p><p>Second paragraph.</p>"}
    article = only(write(tmp_path / "a.jsonl", json.dumps(record)))
    assert article.text == "First paragraph of the story.\n\nSecond paragraph."


def test_a_stray_link_tag_in_a_plain_text_record_is_still_text(tmp_path):
    """A JSONL text left with one inline tag of its page is not an HTML page (it was skipped as
    "no article text found in the HTML page" before)."""
    text = "Headline of the story.\n\nThe senator said, <a href=\"http://example.org/r\">in a report</a>, that the bill fails.\n\nA second paragraph."
    article = only(write(tmp_path / "a.jsonl", json.dumps({"id": "r1", "text": text})))
    assert isinstance(article, Article)
    assert article.text == "Headline of the story.\n\nThe senator said, in a report, that the bill fails.\n\nA second paragraph."
    embed = only(write(tmp_path / "b.jsonl", json.dumps({"id": "r2", "text": text.replace(
        "A second paragraph.", '<tweet id="1" author="@x">A second paragraph.</tweet> <tweet tweet-id="2"><tweet/>')})))
    assert embed.text.endswith("\n\nA second paragraph. ")


def test_malformed_json_file_is_skipped(tmp_path):
    item = only(write(tmp_path / "a.json", "{broken"))
    assert isinstance(item, Skipped) and "cannot parse .json" in item.reason


def test_single_broken_symlink_is_skipped_not_crashed(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing.txt")
    item = only(link)
    assert isinstance(item, Skipped) and "cannot read the file" in item.reason


def test_large_html_page_limit_is_relative_to_max_chars(tmp_path):
    page = write(tmp_path / "p.html", HTML)
    assert isinstance(only(page, max_chars=600), Article)  # markup doesn't count: the body is ~560 chars
    item = only(page, max_chars=20)
    assert isinstance(item, Skipped) and "bytes" in item.reason and "raise max_chars" in item.reason


def test_iter_files_lists_candidates_in_reading_order(tmp_path):
    from analysis.corpus import iter_files

    write(tmp_path / "b" / "1.txt", BODY)
    write(tmp_path / "a" / "2.md", BODY)
    write(tmp_path / "a" / "notes.docx", b"PK")
    write(tmp_path / ".cache" / "3.txt", BODY)
    assert [p.relative_to(tmp_path).as_posix() for p in iter_files(tmp_path)] == ["a/2.md", "b/1.txt"]


@pytest.mark.parametrize(
    "title, site, expected",
    [
        ("Best tech gadgets of 2019 | ZDNet", "ZDNet", "Best tech gadgets of 2019"),
        ("Nadal keeps Spain alive - Sportsnet.ca", "Sportsnet.ca", "Nadal keeps Spain alive"),
        ("The Gazette | Rail line delayed", "The Gazette", "Rail line delayed"),
        ("Ukraine war: Kremlin threatens response", "BBC News", "Ukraine war: Kremlin threatens response"),
        ("Rail line delayed - again", "Gazette", "Rail line delayed - again"),
        ("Rail line delayed", "", "Rail line delayed"),
    ],
)
def test_site_name_stripped_from_html_titles(title, site, expected):
    from analysis.corpus.html_pages import strip_site_name

    assert strip_site_name(title, site) == expected


def test_reading_only_some_doc_ids_gives_them_as_a_full_read_does(tmp_path):
    # names that collide (one stem in two folders and in a JSONL record), an unreadable file,
    # Markdown and HTML: every doc_id depends on the files before it
    write(tmp_path / "a" / "x.txt", BODY)
    write(tmp_path / "a" / "y.md", "# Rail line\n\n" + BODY)
    write(tmp_path / "b" / "x.txt", "Another story. " + BODY)
    write(tmp_path / "b" / "bad.txt", b"\x00\x01\x02binary")
    write(tmp_path / "b" / "c.jsonl", json.dumps({"id": "x", "text": "Third. " + BODY}) + "\n")
    write(tmp_path / "c" / "x.html", f"<html><body><article><p>{BODY}</p></article></body></html>")
    full = {item.doc_id: item for item in read_all(tmp_path)}
    assert len(full) == 6 and len({item.doc_id for item in full.values()}) == 6
    assert set(full) == {"x", "y", "b-x", "bad", "c-x", "c-x-2"}  # the JSONL record "x" took "c-x" first
    for wanted in ({"b-x"}, {"c-x-2", "y"}, {"x"}, {"c-x", "bad"}, set(full)):
        some = read_all(tmp_path, doc_ids=wanted)
        assert {i.doc_id: i for i in some if i.doc_id in wanted} == {d: full[d] for d in wanted}
    # a file of one article that is not wanted is not opened: a broken link is no Skipped then
    (tmp_path / "a" / "x.txt").unlink()
    (tmp_path / "a" / "x.txt").symlink_to(tmp_path / "gone.txt")
    assert isinstance({i.doc_id: i for i in read_all(tmp_path)}["x"], Skipped)
    some = read_all(tmp_path, doc_ids={"b-x"})
    assert "x" not in {i.doc_id for i in some} and {i.doc_id: i for i in some}["b-x"] == full["b-x"]
