"""Choice sets with a display colour, as NetBox has them."""

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
