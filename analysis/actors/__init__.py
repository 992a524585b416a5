"""Actors across the corpus: one real-world actor is one row; the researcher's codebook corrects them."""
