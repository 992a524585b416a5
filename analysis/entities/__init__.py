"""Named-entity mentions: spaCy's entities, repaired, with aliases merged.

Where each rule lives (a question -> its module):
- the `Mention` record, `NAME_LABELS`: `records`;
- canonical spelling of a name, comparison keys, spelling variants: `names`;
- is this name a country or a city? (the gazetteer): `places`;
- where a name span starts and ends (split, trim, initials, hyphens): `spans`;
- PERSON or ORG, FAC, GPE ... (label repair, one label per name): `labels`;
- a party or organisation run into a name or tagged PERSON ("Tory Liam Fox", "Lib Dem"): `affiliations`;
- names in a list of people ("nominees include A, B and C"): `lists`;
- people introduced by first name as someone's relative ("his father, Bill"): `relatives`;
- bylines, photo credits and captions: `credits`;
- names tagged once and missed elsewhere: `propagation`;
- "Putin" -> "Vladimir Putin" within an article: `aliases`;
- acronyms an article introduces ("the World Health Organization (WHO)"): `acronyms`;
- one name per actor across the corpus: not here, `analysis.actors`;
- the steps of `extract_mentions` in order: `extract`; its options and the per-article
  context every rule reads (text, columns, paragraphs, headlines in capitals): `context`.
Word lists are data, in `analysis/data/*.txt` (`analysis.lexicon`).
"""

from .extract import extract_mentions
from .names import normalise_name
from .places import Places, known_places
from .records import NAME_LABELS, Mention

__all__ = [
    "Mention",
    "NAME_LABELS",
    "extract_mentions",
    "normalise_name",
    "known_places",
    "Places",
]
