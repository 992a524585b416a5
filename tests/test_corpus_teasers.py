"""Teaser blocks and the other boilerplate rules of analysis.corpus, by their shape.

Texts here are made up; none is copied from a corpus. The headings of the teaser blocks are
deliberately *not* in the teaser-heading vocabulary: the blocks are found by structure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis import lexicon
from analysis.corpus import BOILERPLATE_RULES, clean
from analysis.corpus.lines import group_paragraphs, is_card_line, is_headline_like, layout, split_lines
from analysis.corpus.phrasebook import phrase_regex
from analysis.corpus.teasers import is_teaser_heading
from analysis.paragraphs import paragraph_spans

LEDE = "The regional assembly approved the new water charges on Thursday after a six-hour debate."
BODY = "Opposition members said the rise would fall hardest on farmers in the dry east of the region."
END = '"This is a fair price for a scarce resource," the finance officer told the assembly.'
CARD = "Harbour Ferry Service to Resume After Winter Storm Damage"
CARD2 = "Teachers Vote to Accept Revised Pay Offer From Ministry"
SUMMARY = "Repairs to the pier took four months and cost more than the council had budgeted."
SUMMARY2 = "The union had rejected two earlier offers as falling short of inflation."


def doc(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


def lines_of(*lines: str) -> str:
    return "\n".join(lines)


def blanked(text: str, cleaned: str) -> list[str]:
    """Non-blank lines of `text` that cleaning blanked entirely."""
    out, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip() and not cleaned[start:end].strip():
            out.append(line.strip())
        start = end + 1
    return out


# (text, lines blanked); every other line is kept.
TEASER_CASES = {  # teaser blocks, then closing furniture
    "heading after the card, card repeated, summary": (
        doc(LEDE, lines_of(CARD, "Elsewhere on Our Network"), CARD, SUMMARY, BODY, END),
        [CARD, "Elsewhere on Our Network", CARD, SUMMARY],
    ),
    "heading before the card": (
        doc(LEDE, BODY, lines_of("Before You Go", CARD), CARD, SUMMARY, END),
        ["Before You Go", CARD, CARD, SUMMARY],
    ),
    "sentence-case heading": (
        doc(LEDE, lines_of(CARD, "Keep exploring this week"), CARD, SUMMARY, BODY),
        [CARD, "Keep exploring this week", CARD, SUMMARY],
    ),
    "heading between card and repeat in one paragraph": (
        doc(LEDE, BODY, lines_of(CARD, "Picked for You Today", CARD), SUMMARY, END),
        [CARD, "Picked for You Today", CARD, SUMMARY],
    ),
    "two teaser blocks in a row": (
        doc(LEDE, lines_of(CARD, "Worth Your Time"), CARD, SUMMARY, lines_of(CARD2, "Also This Week"), CARD2,
            SUMMARY2, BODY),
        [CARD, "Worth Your Time", CARD, SUMMARY, CARD2, "Also This Week", CARD2, SUMMARY2],
    ),
    "a no-break-space line separates paragraphs like a blank one": (
        LEDE + "\n\n" + CARD + "\nFrom the Archive\n\u00a0\n" + CARD + "\n\u00a0\u00a0\n" + SUMMARY + "\n\n" + BODY + "\n",
        [CARD, "From the Archive", CARD, SUMMARY],
    ),
    "repeats far apart: only the repeats go, no heading or summary": (
        doc(LEDE, lines_of(CARD, "Elsewhere on Our Network"), SUMMARY, BODY, CARD, END),
        [CARD, CARD],
    ),
    "a sentence beside the earlier card is not a heading": (
        doc(LEDE, lines_of(CARD, "The ferry was out of action all winter."), CARD, SUMMARY, BODY),
        [CARD, CARD, SUMMARY],
    ),
    "vocabulary heading, cards not repeated": (
        doc(LEDE, BODY, "Related coverage", CARD, CARD2, END),
        ["Related coverage", CARD, CARD2],
    ),
    "vocabulary heading with a name": (
        doc(LEDE, BODY, "More from The Valley Courier:", CARD),
        ["More from The Valley Courier:", CARD],
    ),
    "a list under a heading, nothing repeated, is article text (fixtures, shortlists)": (
        doc(LEDE, lines_of("Quarter-Final Draw", "Rovers v City or Athletic", "United or Wanderers v Town Albion",
                           "County v Rangers Reserve Side"), BODY),
        [],
    ),
    "a shortlist of Title Case titles under a heading is kept": (
        doc(LEDE, "Best Documentary Nominees", lines_of("The Long Way Round the Lakes", "A House Built on Salt Flats",
                                                        "Winter Songs of the Northern Isles"), END),
        [],
    ),
    "the article's own headline repeated further down: the top stays": (
        doc("Assembly Approves New Water Charges", LEDE, BODY, "Assembly Approves New Water Charges", END),
        ["Assembly Approves New Water Charges"],
    ),
    # Closing furniture: found by its place (the last paragraph, after an ad or footer line) and shape.
    "instructions after the closing ad marker": (
        doc(LEDE, BODY, lines_of("Advertisement", "Spotted a mistake in this story? Tell the newsroom",
                                 "Press the flag button beside any paragraph")),
        ["Advertisement", "Spotted a mistake in this story? Tell the newsroom", "Press the flag button beside any paragraph"],
    ),
    "instructions after a closing footer line": (
        doc(LEDE, END, lines_of("Share this article", "Send your story ideas to our desk")),
        ["Share this article", "Send your story ideas to our desk"],
    ),
    "a sentence after the closing ad marker is article text": (
        doc(LEDE, BODY, lines_of("Advertisement", "The assembly meets again on Monday.")),
        ["Advertisement"],
    ),
    "short lines after an ad marker mid-text are kept": (
        doc(LEDE, lines_of("Advertisement", "Send your story ideas to our desk"), BODY, END),
        ["Advertisement"],
    ),
    "a closing paragraph without an ad or footer line is kept": (
        doc(LEDE, BODY, lines_of("Send your story ideas to our desk", "Press the flag button beside any paragraph")),
        [],
    ),
}


@pytest.mark.parametrize("text, gone", TEASER_CASES.values(), ids=TEASER_CASES.keys())
def test_teaser_blocks_by_structure(text, gone):
    cleaned = clean(text)
    assert len(cleaned) == len(text)
    assert blanked(text, cleaned) == gone
    kept = [line.strip() for line in text.split("\n") if line.strip() and line.strip() not in gone]
    still = {line.strip() for line in cleaned.split("\n")}
    assert all(line in still for line in kept)


@pytest.mark.parametrize("heading", ["Elsewhere on Our Network", "Before You Go", "Picked for You Today",
                                     "Worth Your Time", "Also This Week", "From the Archive"])
def test_structural_headings_are_not_vocabulary(heading):
    """The headings above are found by the block's shape; none of them is a listed phrase."""
    assert not is_teaser_heading(heading)


def test_teaser_vocabulary_is_generic_web_furniture():
    """Every teaser heading entry is short generic vocabulary, never a page's own wording."""
    for entry in lexicon.phrases("teaser_headings"):
        assert len(entry.split()) <= 6 or "(" in entry or "[" in entry, entry
    assert not is_teaser_heading("Topics of Interest")  # a seed's heading: it must come from structure


def test_no_seed_line_is_listed_vocabulary():
    """Every boilerplate line of the seeds is found by structure or generic vocabulary, never by its own words."""
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    lists = ("ad_phrases", "footer_phrases", "link_labels", "teaser_headings")
    entries = [entry for name in lists for entry in lexicon.phrases(name)]
    for seed in sorted(seeds.glob("*.txt")):
        for line in seed.read_text(encoding="utf-8").split("\n"):
            words = line.split()
            if len(words) < 3:
                continue  # "Advertisement": generic web vocabulary
            for entry in entries:
                plain = re.sub(r"[\[\]()|.{}0-9]", " ", entry).split()
                if len(plain) >= 3:
                    assert " ".join(plain[:3]).lower() not in " ".join(words).lower(), (entry, line)


# --------------------------------------------------------------------------- the phrase notation

PHRASE_CASES = {
    "literal": ("share this", ["share this"], ["share that", "share  this"]),
    "alternatives": ("report (a|an) (typo|error)", ["report a typo", "report an error"], ["report the typo"]),
    "optional word in the middle": ("trending [now|stories]", ["trending", "trending now"], ["trending  now", "trendingnow"]),
    "optional word at the start": ("[if you] have a tip", ["have a tip", "if you have a tip"], [" have a tip"]),
    "alternative with spaces": ("you (may|might) [also] (like|be interested in)",
                                ["you may like", "you might also be interested in"], ["you may also"]),
    "gap": ("get (our|the) ...{20} newsletter", ["get our daily newsletter", "get the newsletter"],
            ["get our very long winded and verbose newsletter"]),
}


@pytest.mark.parametrize("entry, match, no_match", PHRASE_CASES.values(), ids=PHRASE_CASES.keys())
def test_phrase_notation(entry, match, no_match):
    pattern = re.compile(phrase_regex(entry), re.IGNORECASE)
    assert all(pattern.fullmatch(text) for text in match), [t for t in match if not pattern.fullmatch(t)]
    assert not any(pattern.fullmatch(text) for text in no_match), [t for t in no_match if pattern.fullmatch(t)]


# --------------------------------------------------------------------------- lines and paragraphs

@pytest.mark.parametrize(
    "text",
    ["", "one", "a\n\nb", "a\n \u00a0\nb\nc", "\n\n a \n\t\n\n b\n", "x\u2028y\n\u3000\nz", " \na\n \n"],
)
def test_line_paragraphs_are_the_one_paragraph_rule(text):
    """Lines are grouped into exactly the paragraphs of analysis.paragraphs."""
    lines = split_lines(text)
    groups = group_paragraphs(text, lines)
    spans = paragraph_spans(text)
    assert len(groups) == len(spans)
    for members, (start, end) in zip(groups, spans):
        assert lines[members[0]].start <= start and end <= lines[members[-1]].end
        assert text[start:end].split("\n")[0].strip() == lines[members[0]].text


@pytest.mark.parametrize(
    "line, card, headline",
    [
        (CARD, True, True),
        ("Teachers vote to accept revised pay offer", True, False),
        ("The ferry was out of action all winter.", False, False),
        ("Ferry", False, False),  # one word: a label, not a card
        ("“Harbour Ferry Service to Resume”", True, True),
    ],
)
def test_line_shapes(line, card, headline):
    assert (is_card_line(line), is_headline_like(line)) == (card, headline)


def test_rules_read_a_layout():
    page = layout(doc(LEDE, "Advertisement", BODY))
    spans = [span for rule in BOILERPLATE_RULES.values() for span in rule(page)]
    assert [page.text[s:e] for s, e in spans] == ["Advertisement"]
