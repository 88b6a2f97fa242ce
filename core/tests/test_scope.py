from core.scope import Scope


class Row:
    scope_path_field = "unit__path"


class EnterpriseRow:
    scope_path_field = "unit__path"
    scope_enterprise_field = "pk"


def test_it_covers_the_subtree_or_only_the_unit():
    below = Scope(path="00010002")
    own = Scope(path="00010002", below=False)
    assert below.covers_path("00010002") and below.covers_path("000100020003")
    assert not below.covers_path("00010003") and not below.covers_path("0001")
    assert own.covers_path("00010002") and not own.covers_path("000100020003")
    assert Scope(everything=True).covers_path("anything")
    assert not Scope().covers_path("0001")


def test_it_builds_filters_per_model():
    assert str(Scope(path="0001").q(Row)) == "(AND: ('unit__path__startswith', '0001'))"
    assert str(Scope(path="0001", below=False).q(Row)) == "(AND: ('unit__path', '0001'))"
    # An enterprise user sees only rows tied to their enterprise, and nothing of models without one.
    assert str(Scope(enterprise_id=7).q(EnterpriseRow)) == "(AND: ('pk', 7))"
    assert str(Scope(enterprise_id=7).q(Row)) == "(AND: ('pk__in', []))"
    assert str(Scope().q(Row)) == "(AND: ('pk__in', []))"
