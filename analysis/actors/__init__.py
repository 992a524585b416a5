"""Actors across the corpus: one real-world actor is one name in every table.

Where is a rule?

| question | module |
|---|---|
| in which order do the rules run; how is a name's path kept? | `resolve` (`RULES`) |
| a label most mentions agree on; case and accent variants | `labels` |
| is this name a country; "British" -> United Kingdom? | `places` (gazetteer), `gazetteer` (the rule) |
| "Tories" / "Conservatives" / "Conservative Party"; "Lib Dems" | `groups` |
| "WHO", "BNP": acronyms defined or by initials | `acronyms` |
| "Blair", "Mr Blair", "George Bush"; a surname tagged ORG | `people` |
| the frames DuckDB joins to the mentions (aliases, fallbacks, blockers, candidates) | `frames` |
| the researcher's codebook (merge, rename, relabel, split, drop) | `codebook` |
| what one run uses (codebook, demonyms) and records in the manifest | `settings` |
| what `newsbrief actors` prints | `proposals` |

The rules read one row per distinct (name, label) of the mentions table with its counts, and
evidence queried from the mentions in DuckDB (`analysis.tables.FinalTables`: acronym
definitions, names used together in one article), so the stage scales with the number of
names, not of articles. Records: `records` (Node, Stats, Join, Candidate), `outcome` (Options,
Evidence, Outcome).
"""
