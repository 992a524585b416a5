"""What `newsbrief actors` prints: the machine's merges and the merges it did not dare make,
as codebook YAML a researcher can paste (`analysis.actors.codebook` reads it).

Pure: the aliases and candidates tables in, text out.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def _yaml_name(name: str) -> str:
    """A name as a YAML scalar: plain when safe, else JSON-quoted (JSON strings are YAML)."""
    plain = name and name[0].isalnum() and not any(c in name for c in ":#,[]{}&*!|>'\"%@`") and name == name.strip()
    return name if plain else json.dumps(name, ensure_ascii=False)


def machine_merges(aliases: "pd.DataFrame", top: int = 0) -> list[str]:
    """`merge:` lines, one per actor that joined other names, most mentioned first."""
    joined = aliases[(aliases["alias"] != aliases["actor"]) & (aliases["actor"] != "") & (aliases["rule"] != "")
                     & (aliases["kind"] != "other")]
    lines = []
    order = joined.groupby("actor")["mentions"].sum().sort_values(ascending=False, kind="stable")
    for actor in order.index[: top or None]:
        rows = joined[joined["actor"] == actor].sort_values("mentions", ascending=False, kind="stable")
        forms = list(dict.fromkeys(rows["alias"]))
        how = ", ".join(f"{a} {r} {m}" for a, r, m in zip(rows["alias"], rows["rule"], rows["mentions"]))
        lines.append(f"  {_yaml_name(actor)}: [{', '.join(_yaml_name(f) for f in forms)}]  # {how}")
    return lines


def relabels(aliases: "pd.DataFrame", top: int = 0) -> list[str]:
    """Names the rules gave another label, under the same name (comment lines: already applied)."""
    moved = aliases[(aliases["alias"] == aliases["actor"]) & (aliases["alias_label"] != aliases["label"])]
    moved = moved.sort_values("mentions", ascending=False, kind="stable").head(top or len(moved))
    return [f"#   {_yaml_name(a)}: {lab}  # {rule}: was {old} in {m} mentions" for a, lab, old, rule, m in
            zip(moved["actor"], moved["label"], moved["alias_label"], moved["rule"], moved["mentions"])]


def candidate_merges(candidates: "pd.DataFrame", top: int = 0) -> list[str]:
    """Commented `merge:` lines, one per candidate, most mentioned alias first."""
    rows = candidates.sort_values(["alias_mentions", "candidate_mentions"], ascending=False, kind="stable")
    rows = rows.head(top or len(rows))
    return [
        f"#   {_yaml_name(c)}: [{_yaml_name(a)}]  # {rule}: {evidence}; {am} mentions of {a!r}"
        for a, c, rule, evidence, am in zip(rows["alias"], rows["candidate"], rows["rule"], rows["evidence"], rows["alias_mentions"])
    ]


def proposals(aliases: "pd.DataFrame", candidates: "pd.DataFrame", *, source: str, top: int = 0) -> str:
    """The whole printout (see the module docstring)."""
    merges = machine_merges(aliases, top)
    lines = [
        f"# newsbrief actors: {source}",
        "# The machine's merges, already applied (alias rule mentions after each line). Keep the",
        "# lines you agree with in your codebook (`-p codebook FILE`) so they hold whatever the rules",
        "# do next time; undo one with `split` or `rename`.",
        "merge:" if merges else "# (no merges)",
        *merges,
    ]
    moved = relabels(aliases, top)
    if moved:
        lines += ["", "# Names the rules relabelled (already applied):", "# relabel:", *moved]
    lines += ["", "# Candidate merges the machine did not dare make: uncomment the lines you accept.", "# merge:"]
    lines += candidate_merges(candidates, top) or ["#   (none)"]
    return "\n".join(lines) + "\n"
