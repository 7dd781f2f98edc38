"""Findings of the module's review, kept fixed: a hidden review cannot be deleted and
written again to come back; the API names reviewers as the pages do; broken trip tokens
and page numbers are a 404 and a 400, never a 500; an event moved to another venue
moves with it."""

import re
from datetime import timedelta

from django.utils import timezone

from kota.modules.plesiran import services
from kota.modules.plesiran.models import Event, Review
from kota.tenancy.scope import city_scope
from tests.conftest import logged_in, person
from tests.modules.plesiran.api_calls import App
from tests.modules.plesiran.conftest import destination, event


def _hidden_review(city, author):
    place = destination(city, name="Pasar Lama")
    officer = person(city, email="petugas-wisata@alfa.id", roles=["officer-plesiran"])
    with city_scope(city):
        review = services.review_submit(destination=place, author=author, rating=1, body="Kasar")
        services.review_hide(review=review, actor=officer, reason="Kata-kata kasar")
    return place, review


def test_a_hidden_review_cannot_be_deleted_to_come_back_visible(plesiran_a, warga_a):
    place, review = _hidden_review(plesiran_a, warga_a)
    client = logged_in("alfa.localhost", warga_a, plesiran_a)

    response = client.post(f"/plesiran/tempat/{place.slug}/ulasan/hapus/", follow=True)
    client.post(f"/plesiran/tempat/{place.slug}/ulasan/", {"rating": "5", "body": "Bagus"})

    assert response.status_code == 200
    with city_scope(plesiran_a):
        kept = Review.objects.get(pk=review.pk)
        assert Review.objects.filter(destination=place).count() == 1
    assert (kept.hidden_reason, kept.rating, kept.body) == ("Kata-kata kasar", 5, "Bagus")
    assert kept.hidden_at is not None


def test_the_api_refuses_to_delete_a_hidden_review(plesiran_a, warga_a):
    place, review = _hidden_review(plesiran_a, warga_a)
    with city_scope(plesiran_a):
        from rest_framework.authtoken.models import Token

        key = Token.objects.create(user=warga_a).key

    response = App(token=key).client.delete(
        f"/api/v1/plesiran/destinations/{place.slug}/reviews/",
        HTTP_AUTHORIZATION=f"Token {key}",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "hid this review" in response.content.decode()
    with city_scope(plesiran_a):
        assert Review.objects.filter(pk=review.pk).exists() is True


def test_the_api_names_a_reviewer_as_the_pages_do(plesiran_a):
    place = destination(plesiran_a, name="Pasar Lama")
    author = person(plesiran_a, email="budi@alfa.id", full_name="Budi Santoso Wijaya")
    with city_scope(plesiran_a):
        services.review_submit(destination=place, author=author, rating=4, body="Enak")

    body = App().get(f"destinations/{place.slug}/reviews/").json()

    names = [r["author_name"] for r in body["results"]]
    assert names == ["Budi W."]
    assert "Santoso" not in str(body)
    assert "budi@alfa.id" not in str(body)


def test_a_broken_trip_token_is_not_found_not_an_error(plesiran_a, client_a):
    assert client_a.get("/plesiran/perjalanan/%00/").status_code == 404
    assert App().get("trips/%00/").status_code == 404
    assert App().get("trips/a%00b/stops/").status_code in (401, 404, 405)


def test_a_page_number_that_is_not_plain_digits_is_a_400(plesiran_a):
    destination(plesiran_a, name="Pasar Lama")

    assert App().get("destinations/", {"page": "²"}).status_code == 400
    assert App().get("destinations/", {"page": "٣"}).status_code == 400


def test_an_event_moved_to_another_venue_takes_its_place(plesiran_a, tourism_officer_client_a):
    first = destination(plesiran_a, name="Pasar Lama", latitude=-6.1781, longitude=106.63)
    second = destination(plesiran_a, name="Situ Cipondoh", latitude=-6.19, longitude=106.67)
    starts = timezone.localtime() + timedelta(days=3)
    made = event(plesiran_a, name="Festival", venue=first, starts_at=starts)
    page = tourism_officer_client_a.get(f"/console/plesiran/acara/{made.slug}/")
    form = page.context["form"]
    data = {
        name: ("" if value is None else value)
        for name, value in ((f.name, f.value()) for f in form)
        if value not in (False,)
    }
    for name in ("starts_at", "ends_at"):
        data[name] = (
            form[name].value().strftime("%Y-%m-%dT%H:%M")
            if hasattr(form[name].value(), "strftime")
            else form[name].value()
        )
    data["venue"] = second.slug

    response = tourism_officer_client_a.post(f"/console/plesiran/acara/{made.slug}/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    with city_scope(plesiran_a):
        moved = Event.objects.get(pk=made.pk)
    assert (moved.venue_id, moved.venue_name) == (second.pk, "Situ Cipondoh")
    assert (moved.latitude, moved.longitude) == (-6.19, 106.67)


def test_events_of_a_category_the_city_switched_off_are_not_shown(plesiran_a, client_a):
    from kota.registry.services import module_settings_update

    kept = event(plesiran_a, name="Festival Kuliner", category="kuliner")
    gone = event(plesiran_a, name="Festival Budaya", category="sejarah-budaya")
    module_settings_update(city=plesiran_a, key="plesiran", data={"categories": ["kuliner"]})

    listed = client_a.get("/plesiran/acara/").content.decode()
    feed = client_a.get("/plesiran/acara.ics").content.decode()
    api = App().get("events/").json()
    sitemap = client_a.get("/sitemap.xml").content.decode()

    assert "Festival Kuliner" in listed
    assert "Festival Budaya" not in listed
    assert "Festival Kuliner" in feed
    assert "Festival Budaya" not in feed
    assert [e["slug"] for e in api["results"]] == [kept.slug]
    assert f"/plesiran/acara/{kept.slug}/" in sitemap
    assert f"/plesiran/acara/{gone.slug}/" not in sitemap
    assert client_a.get(f"/plesiran/acara/{gone.slug}/").status_code == 404
    assert client_a.get(f"/plesiran/acara/{gone.slug}/kalender.ics").status_code == 404
    assert App().get(f"events/{gone.slug}/").status_code == 404


def test_a_name_taken_in_the_instant_before_saving_gets_the_next_address(plesiran_a, monkeypatch):
    """Two officers create "Taman Potret" at the same moment: the other's row lands
    between this one's checks and its save (simulated right after the checks)."""
    from kota.modules.plesiran.models import Destination

    checked = Destination.full_clean
    raced = []

    def checks_then_the_other_officer_saves(self, *args, **kwargs):
        checked(self, *args, **kwargs)
        if not raced:
            raced.append(self.slug)
            other = Destination(
                **{
                    f: getattr(self, f)
                    for f in (
                        "category_id",
                        "name",
                        "description_id",
                        "address",
                        "latitude",
                        "longitude",
                    )
                },
                slug=self.slug,
            )
            Destination.objects.bulk_create([other])

    monkeypatch.setattr(Destination, "full_clean", checks_then_the_other_officer_saves)

    made = destination(plesiran_a, name="Taman Potret", publish=False)

    assert raced == ["taman-potret"]
    assert made.slug == "taman-potret-2"
    with city_scope(plesiran_a):
        assert sorted(Destination.objects.values_list("slug", flat=True)) == [
            "taman-potret",
            "taman-potret-2",
        ]


def test_a_review_sent_after_the_session_expired_waits_for_the_login(plesiran_a, client_a, warga_a):
    from tests.conftest import city_login

    place = destination(plesiran_a, name="Pasar Lama")

    sent = client_a.post(
        f"/plesiran/tempat/{place.slug}/ulasan/", {"rating": "4", "body": "Sate enak sekali"}
    )
    city_login(client_a, warga_a, plesiran_a)
    back = client_a.get(f"/plesiran/tempat/{place.slug}/").content.decode()
    later = client_a.get(f"/plesiran/tempat/{place.slug}/").content.decode()

    assert sent.status_code == 302
    assert sent["Location"].startswith("/accounts/login/?next=")
    assert "Sate enak sekali</textarea>" in back
    assert re.search(r"<input[^>]*value=\"4\"[^>]*checked|<input[^>]*checked[^>]*value=\"4\"", back)
    assert "Sate enak sekali" not in later
    with city_scope(plesiran_a):
        assert Review.objects.filter(destination=place).count() == 0
