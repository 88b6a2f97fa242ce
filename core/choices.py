"""Choice sets with a display colour, as NetBox has them."""

from functools import cache

from django.db import models
from django.db.models.enums import ChoicesType


class ChoiceSetType(ChoicesType):
    """Takes a member's colour from a third item, `OPEN = "open", _("办理中"), "primary"`, and keeps
    the member itself what TextChoices makes of `OPEN = "open", _("办理中")`."""

    def __new__(metacls, classname, bases, classdict, **kwds):
        colours = {}
        for key in classdict._member_names:
            value = classdict[key]
            if isinstance(value, tuple) and len(value) == 3:
                value, label, colour = value
                colours[value] = colour
                dict.__setitem__(classdict, key, (value, label))
        cls = super().__new__(metacls, classname, bases, classdict, **kwds)
        cls._colours = colours
        return cls


class ChoiceSet(models.TextChoices, metaclass=ChoiceSetType):
    """TextChoices whose members may carry a Bootstrap colour name, given with the member as NetBox
    gives it: `OPEN = "open", _("办理中"), "primary"`. Members without one are grey."""

    @classmethod
    def colors(cls) -> dict[str, str]:
        return dict(cls._colours)

    @property
    def color(self) -> str:
        return self.colors().get(self.value, "secondary")

    @classmethod
    def color_of(cls, value: str) -> str:
        return cls.colors().get(value, "secondary")


def _choice_sets(cls=ChoiceSet):
    for sub in cls.__subclasses__():
        yield sub
        yield from _choice_sets(sub)


@cache
def choice_set_of(model: type[models.Model], field_name: str) -> type[ChoiceSet] | None:
    """The ChoiceSet a model field takes its choices from (`choices=Stage.choices`), found by its
    values and labels; None for a field whose choices are not a ChoiceSet's."""
    wanted = [(value, str(label)) for value, label in model._meta.get_field(field_name).flatchoices]
    for choice_set in _choice_sets():
        if [(value, str(label)) for value, label in choice_set.choices] == wanted:
            return choice_set
    return None
