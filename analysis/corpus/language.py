"""Is an article in the model's language? A cheap English test first, then langdetect on a sample."""

from __future__ import annotations

import re

from analysis import lexicon

LANGUAGE_NAMES = lexicon.mapping("language_names")
ENGLISH_FUNCTION_WORDS = lexicon.words("english_function_words")
_SAMPLE_CHARS = 1500
_MIN_LETTERS = 200
_MIN_PROB = 0.90
_FUNCTION_WORD_SHARE = 0.15
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> tuple[str, float] | None:
    """Return (language code, probability) of a ~1,500-char sample, or None when too short to tell."""
    sample = text[:_SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < _MIN_LETTERS:
        return None
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # deterministic results
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return None
    return best.lang, best.prob


def language_problem(clean_text: str, language: str) -> str | None:
    """A Skipped reason when the text is confidently in another language, else None."""
    sample = clean_text[:_SAMPLE_CHARS]
    words = _WORD.findall(sample.lower())
    letters = sum(len(w) for w in words)
    if letters < _MIN_LETTERS:
        return None
    # Cheap fast path: plain English prose is full of function words; skip langdetect then.
    if language == "en" and sum(w in ENGLISH_FUNCTION_WORDS for w in words) >= _FUNCTION_WORD_SHARE * len(words):
        return None
    found = detect_language(sample)
    if found is None:
        return None
    code, prob = found
    code = code.split("-")[0]
    if code == language or prob <= _MIN_PROB:
        return None
    name = LANGUAGE_NAMES.get(language, repr(language))
    return f"language '{code}' detected; the model is {name}"
