"""The pages that set 兼职 and 代报: shown and accepted for an administrator, neither shown nor accepted
for anyone else, and offering only units within the administrator's scope."""

from core.models import AuditEntry
from org.models import Post


def test_it_lets_a_district_administrator_add_and_end_a_post_from_the_person_page(world, client_for):
    admin, person = world.users["macun_admin"], world.people["fengying"]
    client = client_for(admin)
    page = client.get(f"/org/people/{person.pk}/").content.decode()
    assert f"/org/people/{person.pk}/posts/add/" in page
    form = client.get(f"/org/people/{person.pk}/posts/add/").content.decode()
    assert "马村区发改委" in form  # named with its parent
    assert "示范区" not in form  # outside the administrator's scope
    response = client.post(
        f"/org/people/{person.pk}/posts/add/", {"unit": world.units["fgw"].pk, "title": "兼任联络员"}
    )
    assert response.status_code == 302
    post = Post.objects.get(person=person)
    assert post.unit == world.units["fgw"] and post.title == "兼任联络员" and post.is_active
    assert AuditEntry.objects.filter(object_id=str(post.pk)).exists()
    page = client.get(f"/org/people/{person.pk}/").content.decode()
    assert "兼任联络员" in page and f"/org/posts/{post.pk}/end/" in page

    again = client.post(f"/org/people/{person.pk}/posts/add/", {"unit": world.units["fgw"].pk})
    assert again.status_code == 200 and "此人已在该单位兼职" in again.content.decode()

    assert client.post(f"/org/posts/{post.pk}/end/").status_code == 302
    post.refresh_from_db()
    assert not post.is_active
    assert "兼任联络员" not in client.get(f"/org/people/{person.pk}/").content.decode()
    # Taken up again, the same row comes back.
    client.post(f"/org/people/{person.pk}/posts/add/", {"unit": world.units["fgw"].pk, "title": "联络员"})
    post.refresh_from_db()
    assert post.is_active and post.title == "联络员" and Post.objects.filter(person=person).count() == 1


def test_it_refuses_a_unit_outside_the_administrators_scope(world, client_for):
    person = world.people["fengying"]
    response = client_for(world.users["macun_admin"]).post(
        f"/org/people/{person.pk}/posts/add/", {"unit": world.units["sfq"].pk}
    )
    assert response.status_code == 200 and "兼职单位" in response.content.decode()
    assert not Post.objects.exists()


def test_it_shows_no_post_buttons_to_a_unit_user_and_refuses_their_requests(world, client_for):
    person = world.people["fengying"]
    post = Post.objects.create(person=person, unit=world.units["fgw"], title="兼任联络员")
    for username in ("fengying", "leader", "readonly"):
        client = client_for(world.users[username])
        page = client.get(f"/org/people/{person.pk}/").content.decode()
        assert "兼任联络员" in page  # they see the post
        assert "/posts/add/" not in page and "/end/" not in page
        assert client.get(f"/org/people/{person.pk}/posts/add/").status_code == 403
        assert client.post(f"/org/people/{person.pk}/posts/add/", {"unit": world.units["hexie"].pk}).status_code == 403
        assert client.post(f"/org/posts/{post.pk}/end/").status_code == 403
    post.refresh_from_db()
    assert post.is_active and Post.objects.count() == 1
    # An administrator of another district does not see the person at all.
    sfq_admin = world.users["macun_admin"]
    sfq_admin.unit = world.units["sfq"]
    sfq_admin.save()
    client = client_for(sfq_admin)
    assert client.get(f"/org/people/{person.pk}/posts/add/").status_code == 404
    assert client.post(f"/org/posts/{post.pk}/end/").status_code == 404


def test_it_lets_an_administrator_set_the_units_a_unit_reports_for(world, client_for):
    fgw = world.units["fgw"]
    client = client_for(world.users["macun_admin"])
    assert f"/org/units/{fgw.pk}/reports-for/" in client.get(f"/org/units/{fgw.pk}/").content.decode()
    form = client.get(f"/org/units/{fgw.pk}/reports-for/").content.decode()
    assert "冯营街道" in form and "示范区" not in form
    fengying, anyang = world.units["fengying"], world.units["anyang"]
    response = client.post(f"/org/units/{fgw.pk}/reports-for/", {"units": [fengying.pk, anyang.pk]})
    assert response.status_code == 302
    assert set(fgw.reports_for.all()) == {fengying, anyang}
    assert AuditEntry.objects.filter(object_id=str(fgw.pk), verb="代报单位").exists()
    refused = client.post(f"/org/units/{fgw.pk}/reports-for/", {"units": [world.units["sfq"].pk]})
    assert refused.status_code == 200 and set(fgw.reports_for.all()) == {fengying, anyang}


def test_it_shows_no_reports_for_button_to_others_and_refuses_them(world, client_for):
    fengying = world.units["fengying"]
    for username in ("fengying", "leader"):
        client = client_for(world.users[username])
        page = client.get(f"/org/units/{fengying.pk}/").content.decode()
        assert "/reports-for/" not in page
        assert client.get(f"/org/units/{fengying.pk}/reports-for/").status_code == 403
        assert (
            client.post(f"/org/units/{fengying.pk}/reports-for/", {"units": [world.units["hexie"].pk]}).status_code
            == 403
        )
    assert not fengying.reports_for.exists()
