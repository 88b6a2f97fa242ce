from types import SimpleNamespace

from core.scope import EVERY, READ_ONLY, READ_REPORT, Grant, Link, LinkKind, Scope


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
    # The subtree is a range on the path (the same rows as a prefix; see test_scope_range).
    assert str(Scope(path="0001").q(Row)) == "(AND: ('unit__path__gte', '0001'), ('unit__path__lt', '0002'))"
    assert str(Scope(path="0001", below=False).q(Row)) == "(AND: ('unit__path', '0001'))"
    # An enterprise user sees only rows tied to their enterprise, and nothing of models without one.
    assert str(Scope(enterprise_id=7).q(EnterpriseRow)) == "(AND: ('pk', 7))"
    assert str(Scope(enterprise_id=7).q(Row)) == "(AND: ('pk__in', []))"
    assert str(Scope().q(Row)) == "(AND: ('pk__in', []))"


class Linked:
    """A row owned by a unit, answered for by another unit, followed by a person, made by a user."""

    scope_links = [
        Link("unit__path", EVERY, label="所属单位"),
        Link("responsible_unit__path", READ_REPORT, label="责任单位"),
        Link("leader_id", READ_ONLY, LinkKind.PERSON, label="分包领导"),
        Link("created_by_id", READ_ONLY, LinkKind.USER, label="填报人"),
    ]

    def __init__(self, unit_path="", responsible_path="", leader_id=None, created_by_id=None):
        self.pk = None
        self.unit = SimpleNamespace(path=unit_path)
        self.responsible_unit = SimpleNamespace(path=responsible_path) if responsible_path else None
        self.leader_id, self.created_by_id = leader_id, created_by_id


def test_it_builds_one_condition_of_the_links_that_grant_what_is_asked():
    s = Scope(path="0001", person_ids=(5,), user_id=9)
    read = str(s.q(Linked))
    assert "('unit__path__gte', '0001')" in read and "('responsible_unit__path__gte', '0001')" in read
    assert "('leader_id__in', (5,))" in read and "('created_by_id', 9)" in read
    change = str(s.q(Linked, Grant.CHANGE))
    assert change == "(AND: ('unit__path__gte', '0001'), ('unit__path__lt', '0002'))"  # only ownership changes the row
    # 兼职: the units of every post, each with the role's reach.
    both = str(Scope(path="0001", extra_paths=("0002",)).q(Linked, Grant.CHANGE))
    assert "('unit__path__gte', '0001')" in both and "('unit__path__gte', '0002')" in both
    assert str(Scope(user_id=9).q(Linked, Grant.REPORT)) == "(AND: ('pk__in', []))"


def test_it_checks_one_object_against_its_links():
    row = Linked(unit_path="00010002", responsible_path="00010003", leader_id=5, created_by_id=9)
    owner, responsible = Scope(path="0001000"), Scope(path="00010003")
    leader, maker, stranger = Scope(person_ids=(5,)), Scope(user_id=9), Scope(path="00010004", person_ids=(6,))
    assert all(owner.holds(row, g) for g in Grant)
    assert responsible.holds(row, Grant.REPORT) and not responsible.holds(row, Grant.CHANGE)
    assert leader.holds(row, Grant.READ) and not leader.holds(row, Grant.REPORT)
    assert maker.holds(row, Grant.READ) and not maker.holds(row, Grant.REPORT)
    assert not any(stranger.holds(row, g) for g in Grant)
    assert not Scope(path="00010003").holds(Linked(unit_path="00010002"), Grant.READ)  # an unset link
    assert Scope(path="0009", extra_paths=("00010002",)).holds(row, Grant.CHANGE)  # through a post
    # An enterprise user matches only enterprise links.
    assert not Scope(enterprise_id=7, person_ids=(5,)).holds(row, Grant.READ)
