"""Test helpers: a peer group over the test world's districts and a 示范区 administrator."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model


@dataclass
class Setup:
    group: object
    sfq_admin: object
    ind: dict


def build(world) -> Setup:
    from org.models import PeerGroup, Role

    from .models import Indicator

    group = PeerGroup.objects.create(name="城区组")
    group.members.set([world.units["macun"], world.units["sfq"]])
    sfq_admin = get_user_model().objects.create_user(
        username="sfq_admin", password="Test-password-2026", role=Role.objects.get(code="district_admin"),
        unit=world.units["sfq"],
    )  # fmt: skip
    return Setup(group, sfq_admin, {i.code: i for i in Indicator.objects.all()})
