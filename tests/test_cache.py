"""The parse cache: round trip, corrupt and torn entries, locations."""

from pathlib import Path

from analysis.cache import MAGIC, Entry, ParseCache, default_cache_dir, text_key


def test_round_trip_and_keying(tmp_path):
    cache = ParseCache(tmp_path, "model-1.0")
    key = cache.key("Some article text.")
    assert cache.get(key) is None
    cache.put(key, Entry(b"docbin-bytes", "v1", {"n_words": 3, "mentions": []}))
    entry = cache.get(key)
    assert entry == Entry(b"docbin-bytes", "v1", {"n_words": 3, "mentions": []})
    assert text_key("model-1.0", "a") != text_key("model-1.1", "a") != text_key("model-1.0", "b")


def test_corrupt_or_truncated_entries_are_rejected_and_removed(tmp_path):
    cache = ParseCache(tmp_path, "m")
    key = cache.key("text")
    cache.put(key, Entry(b"x" * 1000, "v", None))
    path = next(Path(tmp_path).rglob("*.bin"))
    blob = path.read_bytes()
    for damaged in (blob[: len(blob) // 2], blob[:-1] + b"\x00", b"", MAGIC, b"garbage" * 10):
        path.write_bytes(damaged)
        assert cache.get(key) is None
        assert not path.exists()
    # an entry written for another key (renamed file) is not trusted either
    other = cache.key("other text")
    cache.put(other, Entry(b"y", "v", None))
    other_path = next(p for p in Path(tmp_path).rglob("*.bin") if other in p.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    other_path.rename(path)
    assert cache.get(key) is None


def test_no_temporary_files_left(tmp_path):
    cache = ParseCache(tmp_path, "m")
    for i in range(5):
        cache.put(cache.key(str(i)), Entry(b"z", "v", [i]))
    assert not [p for p in Path(tmp_path).rglob("*.tmp")]


def test_disabled_cache_stores_nothing(tmp_path):
    cache = ParseCache(None, "m")
    cache.put(cache.key("t"), Entry(b"z"))
    assert cache.get(cache.key("t")) is None


def test_default_location_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSBRIEF_CACHE", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("NEWSBRIEF_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "newsbrief" / "parses"
