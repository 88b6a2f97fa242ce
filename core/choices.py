"""Choice sets with a display colour, as NetBox has them."""

from functools import cache

from django.db import models


class ChoiceSet(models.TextChoices):
    """TextChoices whose members may carry a Bootstrap colour name.

    Subclasses define `colors()` returning {value: colour}; members without one are grey.
    """

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {}

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
