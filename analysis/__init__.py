"""newsbrief: turn a corpus of news articles into an analytical briefing.

The library is laid out along the data's way:
corpus -> nlp -> entities / quotes / cooccurrence -> tables -> report.

``corpus``, ``entities`` and ``quotes`` are packages of small modules, one rule family each;
each package's docstring maps a question ("where is *according to* handled?") to its module.
Every word list a rule uses is a data file in ``analysis/data`` (read by ``lexicon``), and the
paragraph rule all stages share is ``paragraphs``.
"""

__version__ = "0.1.0"
