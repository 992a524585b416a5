"""newsbrief: turn a corpus of news articles into an analytical briefing.

The library is laid out along the data's way:
corpus -> nlp -> entities / quotes / cooccurrence -> tables -> report.
"""

__version__ = "0.1.0"
