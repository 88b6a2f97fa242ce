"""Finding units and people by the names users write in spreadsheets."""

from collections import Counter

from core import scope

from .models import Person, Unit


class UnitLookup:
    """Resolve "冯营街道", "马村区/发改委" or a division code to a unit in the user's scope.

    With `anywhere`, any active unit: those a row may name as 责任单位 or 配合单位, as the forms offer.
    """

    def __init__(self, user, *, anywhere: bool = False):
        active = Unit.objects.filter(is_active=True)
        self.units = list((active if anywhere else scope.restrict(active, user)).only("pk", "name", "code", "path"))
        self.anywhere = anywhere
        self.by_path = {u.path: u for u in Unit.objects.filter(is_active=True).only("pk", "name", "path")}
        self.counts = Counter(u.name for u in self.units)
        self._index: dict[str, list[Unit]] | None = None

    def _matches(self, text: str) -> list[Unit]:
        """Units whose name, division code or label is `text`; indexed once (imports call this per row)."""
        if self._index is None:
            self._index = {}
            for u in self.units:
                for key in {u.name, u.code, self.label(u)} - {""}:
                    self._index.setdefault(key, []).append(u)
        return list(self._index.get(text, ()))

    def find(self, text: str) -> Unit:
        text = (text or "").strip()
        matches = self._matches(text)
        if "/" in text and not matches:
            *parents, name = [t.strip() for t in text.split("/")]
            matches = [u for u in self.units if u.name == name and self._parent_names(u)[-len(parents) :] == parents]
        if not matches:
            raise ValueError(f"没有启用的单位“{text}”" if self.anywhere else f"“{text}”不是您数据权限范围内的单位")
        if len(matches) > 1:
            raise ValueError(f"“{text}”有 {len(matches)} 个同名单位，请写成“上级单位/{text}”或区划代码")
        return matches[0]

    def label(self, unit: Unit) -> str:
        """The name, or "parent/name" when the name alone is ambiguous in the scope."""
        if self.counts.get(unit.name, 0) <= 1:
            return unit.name
        return "/".join([*self._parent_names(unit)[-1:], unit.name])

    def _parent_names(self, unit: Unit) -> list[str]:
        names = []
        path = unit.path[: -Unit.steplen]
        while path:
            parent = self.by_path.get(path)
            if parent is None:
                break
            names.insert(0, parent.name)
            path = path[: -Unit.steplen]
        return names


class PersonLookup:
    def __init__(self, user):
        self.people = list(scope.restrict(Person.objects.filter(is_active=True), user).only("pk", "name"))
        self.by_name: dict[str, list[Person]] = {}
        for p in self.people:
            self.by_name.setdefault(p.name, []).append(p)

    def find(self, name: str) -> Person:
        matches = self.by_name.get(name.strip(), [])
        if not matches:
            raise ValueError(f"“{name}”不是您数据权限范围内的人员")
        if len(matches) > 1:
            raise ValueError(f"有 {len(matches)} 位“{name}”，请在人员中区分后再导入")
        return matches[0]
