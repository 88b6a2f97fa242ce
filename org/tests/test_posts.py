"""兼职 and 代报 are set through actions, shown on the pages and checked for who may set them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core import scope
from core.context import acting_as
from org import actions
from org.models import Person, User


def test_it_adds_a_post_that_widens_the_accounts_scope(world, client_for):
    admin, user = world.users["macun_admin"], world.users["fengying"]
    person = Person.objects.create(name="赵六", unit=world.units["fengying"])
    user.person = person
    user.save()
    assert not scope.scope_of(user).covers_path(world.units["anyang"].path)
    with acting_as(admin):
        post = actions.add_post(actor=admin, person=person, unit=world.units["anyang"], title="兼任联络员")
        with pytest.raises(ValidationError):
            actions.add_post(actor=admin, person=person, unit=world.units["fengying"])
    user = User.objects.get(pk=user.pk)  # the scope is computed once per loaded account (per request)
    assert scope.scope_of(user).covers_path(world.units["houyue"].path)  # the post's unit and below
    page = client_for(admin).get(f"/org/people/{person.pk}/").content.decode()
    assert "安阳城街道" in page and "兼任联络员" in page
    with acting_as(admin):
        actions.end_post(actor=admin, post=post)
    user = User.objects.get(pk=user.pk)
    assert not scope.scope_of(user).covers_path(world.units["anyang"].path)


def test_it_lets_only_an_administrator_of_both_sides_set_reports_for(world, client_for):
    fgw, fengying = world.units["fgw"], world.units["fengying"]
    with acting_as(world.users["fengying"]), pytest.raises(PermissionDenied):
        actions.set_reports_for(actor=world.users["fengying"], unit=fengying, units=[world.units["hexie"]])
    sfq_outsider = world.units["sfq"]
    with acting_as(world.users["macun_admin"]), pytest.raises(PermissionDenied):
        actions.set_reports_for(actor=world.users["macun_admin"], unit=fgw, units=[sfq_outsider])
    with acting_as(world.users["macun_admin"]):
        actions.set_reports_for(actor=world.users["macun_admin"], unit=fgw, units=[fengying])
    assert list(fgw.reports_for.all()) == [fengying]
    assert "冯营街道" in client_for(world.users["macun_admin"]).get(f"/org/units/{fgw.pk}/").content.decode()
