"""Actors across the corpus: one real-world person, organisation, place or group is one row, whatever names the articles call it by."""
