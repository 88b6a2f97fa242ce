"""A subtree filter is a range on the materialised path that selects exactly the prefix's rows."""

from hypothesis import given
from hypothesis import strategies as st

from core.scope import PATH_ALPHABET, path_successor, subtree_q

paths = st.text(alphabet=PATH_ALPHABET, min_size=1, max_size=12)


def test_it_gives_the_next_path_after_the_subtree():
    assert path_successor("0001") == "0002"
    assert path_successor("0009") == "000A"
    assert path_successor("000Z") == "001"
    assert path_successor("0ZZZ") == "1"
    assert path_successor("ZZZZ") is None
    assert path_successor("00a1") is None  # not a path: the filter falls back to the prefix


@given(prefix=paths, path=paths)
def test_the_range_holds_exactly_the_paths_with_the_prefix(prefix, path):
    upper = path_successor(prefix)
    # Paths of the alphabet sort the same in every collation PostgreSQL and SQLite use for them.
    in_range = path >= prefix and (upper is None or path < upper)
    assert in_range == path.startswith(prefix)


def test_it_falls_back_to_a_prefix_without_a_successor():
    assert str(subtree_q("path", "ZZZZ")) == "(AND: ('path__startswith', 'ZZZZ'))"
    assert str(subtree_q("path", "0001")) == "(AND: ('path__gte', '0001'), ('path__lt', '0002'))"
