"""e-plesiran's writes (kota.modules.plesiran.services): validated, audited, and on every
refusal nothing changed."""

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from kota.audit.models import AuditEntry
from kota.modules.plesiran import services
from kota.modules.plesiran.categories import CATEGORY_SLUGS
from kota.modules.plesiran.models import (
    Category,
    Closure,
    Destination,
    DestinationView,
    Event,
    Facility,
    OpeningHours,
    Review,
    ReviewFlag,
    Status,
    TicketPrice,
    Trip,
    TripStop,
)
from kota.tenancy.scope import city_scope
from tests.conftest import person
from tests.modules.plesiran.conftest import destination, event, facility

# Kota Tangerang's boundary, as its manifest ships it.
TANGERANG_OUTLINE = {
    "type": "Polygon",
    "coordinates": [
        [
            [106.560, -6.140],
            [106.610, -6.105],
            [106.680, -6.110],
            [106.730, -6.140],
            [106.720, -6.220],
            [106.650, -6.255],
            [106.580, -6.240],
            [106.555, -6.190],
            [106.560, -6.140],
        ]
    ],
}
MONAS = (-6.175392, 106.827153)


@pytest.fixture
def officer(plesiran_a):
    return person(plesiran_a, email="wisata@alfa.id", roles=["officer-plesiran"])


@pytest.fixture
def visitor(plesiran_a):
    return person(plesiran_a, email="wisatawan@alfa.id")


@pytest.fixture
def other_visitor(plesiran_a):
    return person(plesiran_a, email="pelancong@alfa.id")


@pytest.fixture
def bounded_city(plesiran_a):
    """City A with Kota Tangerang's boundary."""
    plesiran_a.boundary = TANGERANG_OUTLINE
    plesiran_a.save(update_fields=["boundary"])
    return plesiran_a


def fields(city, **overrides) -> dict:
    with city_scope(city):
        values = {
            "category_id": Category.objects.get(slug="taman-alam").pk,
            "name": "Taman Potret",
            "description_id": "Taman bertema fotografi di tepi Sungai Cisadane.",
            "address": "Jl. Ir. H. Juanda, Sukarasa",
            "latitude": -6.1748,
            "longitude": 106.6320,
        }
    values.update(overrides)
    return values


def audit_actions(city) -> list[tuple[str, str]]:
    with city_scope(city):
        return list(AuditEntry.objects.order_by("id").values_list("action", "target"))


def counts(city) -> dict[str, int]:
    with city_scope(city):
        return {
            model.__name__: model.objects.count()
            for model in (Destination, TicketPrice, OpeningHours, Closure, Event, Facility)
        } | {"audit": AuditEntry.objects.count()}


# --- Destinations ----------------------------------------------------------------------


def test_a_new_destination_is_an_audited_draft_with_a_slug_from_its_name(plesiran_a, officer):
    with city_scope(plesiran_a):
        made = services.destination_save(city=plesiran_a, actor=officer, fields=fields(plesiran_a))

        made.refresh_from_db()
        entry = AuditEntry.objects.get(action__startswith="plesiran.")
    assert (made.slug, made.status, made.published_at) == ("taman-potret", Status.DRAFT, None)
    assert (entry.action, entry.target, entry.actor_id, entry.before) == (
        "plesiran.destination.create",
        "taman-potret",
        officer.pk,
        {},
    )
    assert entry.after["name"] == "Taman Potret"
    assert entry.after["latitude"] == -6.1748


def test_two_places_of_the_same_name_get_distinct_slugs(plesiran_a):
    with city_scope(plesiran_a):
        first = services.destination_save(city=plesiran_a, actor=None, fields=fields(plesiran_a))
        second = services.destination_save(city=plesiran_a, actor=None, fields=fields(plesiran_a))
        third = services.destination_save(city=plesiran_a, actor=None, fields=fields(plesiran_a))

    assert [first.slug, second.slug, third.slug] == [
        "taman-potret",
        "taman-potret-2",
        "taman-potret-3",
    ]


def test_a_long_name_s_slug_is_cut_cleanly_and_stays_unique(plesiran_a):
    # Its slug's 70th character is a hyphen: "taman-" and seven "bekelir-", "bekelir-"...
    name = "Taman " + "Bekelir " * 9
    with city_scope(plesiran_a):
        first = services.destination_save(
            city=plesiran_a, actor=None, fields=fields(plesiran_a, name=name)
        )
        second = services.destination_save(
            city=plesiran_a, actor=None, fields=fields(plesiran_a, name=name)
        )

    cut = "taman-" + "bekelir-" * 7 + "bekelir"
    assert (first.slug, second.slug) == (cut, f"{cut}-2")


def test_a_name_of_only_symbols_still_gets_a_slug(plesiran_a):
    with city_scope(plesiran_a):
        made = services.destination_save(
            city=plesiran_a, actor=None, fields=fields(plesiran_a, name="★ ☆ ★")
        )

    assert made.slug == "tempat"


def test_an_explicit_slug_is_used(plesiran_a):
    with city_scope(plesiran_a):
        made = services.destination_save(
            city=plesiran_a, actor=None, fields=fields(plesiran_a, slug="taman-foto")
        )

    assert made.slug == "taman-foto"


def test_an_explicit_slug_already_taken_is_refused_and_nothing_saved(plesiran_a):
    with city_scope(plesiran_a):
        services.destination_save(city=plesiran_a, actor=None, fields=fields(plesiran_a))
    before = counts(plesiran_a)

    with city_scope(plesiran_a), pytest.raises(ValidationError) as refused:
        services.destination_save(
            city=plesiran_a,
            actor=None,
            fields=fields(plesiran_a, name="Taman Lain", slug="taman-potret"),
        )

    assert refused.value.message_dict == {
        "slug": ["Destination with this Address in the site already exists."]
    }
    assert counts(plesiran_a) == before


def test_an_explicit_slug_too_long_is_refused(plesiran_a):
    with city_scope(plesiran_a), pytest.raises(ValidationError) as refused:
        services.destination_save(
            city=plesiran_a, actor=None, fields=fields(plesiran_a, slug="a" * 81)
        )

    assert refused.value.message_dict == {
        "slug": ["Ensure this value has at most 80 characters (it has 81)."]
    }
    assert counts(plesiran_a)["Destination"] == 0


def test_the_slug_is_kept_when_the_name_changes(plesiran_a, officer):
    made = destination(plesiran_a, publish=False, name="Taman Potret")

    with city_scope(plesiran_a):
        services.destination_save(
            city=plesiran_a,
            actor=officer,
            destination=made,
            fields={"name": "Taman Potret Cisadane", "slug": "ganti"},
        )
        made.refresh_from_db()
        entry = AuditEntry.objects.order_by("id").last()

    assert (made.slug, made.name) == ("taman-potret", "Taman Potret Cisadane")
    assert entry.action == "plesiran.destination.change"
    assert (entry.before["name"], entry.after["name"]) == (
        "Taman Potret",
        "Taman Potret Cisadane",
    )


def test_a_point_outside_the_city_is_refused_with_a_hint_and_nothing_saved(bounded_city):
    before = counts(bounded_city)

    with city_scope(bounded_city), pytest.raises(ValidationError) as refused:
        services.destination_save(
            city=bounded_city,
            actor=None,
            fields=fields(bounded_city, latitude=MONAS[0], longitude=MONAS[1]),
        )

    assert refused.value.message_dict == {
        "latitude": [
            "This point (-6.17539, 106.82715) is outside Kota Alfa. Check the map location: "
            "latitude and longitude may be swapped."
        ]
    }
    assert counts(bounded_city) == before


def test_swapped_coordinates_are_refused(bounded_city):
    with city_scope(bounded_city), pytest.raises(ValidationError) as refused:
        services.destination_save(
            city=bounded_city,
            actor=None,
            fields=fields(bounded_city, latitude=106.632, longitude=-6.1748),
        )

    # Out of range for a latitude, and outside the city: the city check speaks first.
    assert list(refused.value.message_dict) == ["latitude"]
    assert counts(bounded_city)["Destination"] == 0


def test_a_point_inside_the_boundary_is_accepted(bounded_city):
    with city_scope(bounded_city):
        made = services.destination_save(city=bounded_city, actor=None, fields=fields(bounded_city))

    assert (made.latitude, made.longitude) == (-6.1748, 106.632)


def test_moving_a_destination_outside_the_city_changes_nothing(bounded_city):
    made = destination(bounded_city, publish=False, latitude=-6.1748, longitude=106.632)
    before = counts(bounded_city)

    with city_scope(bounded_city), pytest.raises(ValidationError):
        services.destination_save(
            city=bounded_city,
            actor=None,
            destination=made,
            fields={"latitude": MONAS[0], "longitude": MONAS[1]},
        )

    with city_scope(bounded_city):
        stored = Destination.objects.get(pk=made.pk)
    assert (stored.latitude, stored.longitude) == (-6.1748, 106.632)
    assert counts(bounded_city) == before


def test_an_unknown_amenity_is_refused(plesiran_a):
    with city_scope(plesiran_a), pytest.raises(ValidationError) as refused:
        services.destination_save(
            city=plesiran_a,
            actor=None,
            fields=fields(plesiran_a, amenities=["parking", "helipad"]),
        )

    assert refused.value.message_dict == {
        "amenities": [
            "Item 2 in the array did not validate: Value 'helipad' is not a valid choice."
        ]
    }
    assert counts(plesiran_a)["Destination"] == 0


def test_known_amenities_are_stored_in_order(plesiran_a):
    with city_scope(plesiran_a):
        made = services.destination_save(
            city=plesiran_a,
            actor=None,
            fields=fields(plesiran_a, amenities=["prayer_room", "parking", "wheelchair"]),
        )
        made.refresh_from_db()

    assert made.amenities == ["prayer_room", "parking", "wheelchair"]


def test_a_missing_name_is_refused(plesiran_a):
    with city_scope(plesiran_a), pytest.raises(ValidationError) as refused:
        services.destination_save(city=plesiran_a, actor=None, fields=fields(plesiran_a, name=""))

    assert refused.value.message_dict == {"name": ["This field cannot be blank."]}
    assert counts(plesiran_a)["Destination"] == 0


def _rows(city, made):
    with city_scope(city):
        return (
            list(made.tickets.values_list("label_id", "price_idr", "position")),
            list(made.hours.values_list("weekday", "opens", "closes")),
            list(made.closures.values_list("starts_on", "ends_on", "note_id")),
        )


def test_tickets_hours_and_closures_are_saved_and_then_replaced(plesiran_a):
    made = destination(
        plesiran_a,
        publish=False,
        tickets=[
            {"label_id": "Dewasa", "price_idr": 10000},
            {"label_id": "Anak", "price_idr": 5000},
        ],
        hours=[
            {"weekday": 0, "opens": time(8), "closes": time(17)},
            {"weekday": 5, "opens": time(18), "closes": time(2)},
        ],
        closures=[{"starts_on": date(2026, 12, 25), "ends_on": date(2026, 12, 26)}],
    )
    assert _rows(plesiran_a, made) == (
        [("Dewasa", 10000, 0), ("Anak", 5000, 1)],
        [(0, time(8), time(17)), (5, time(18), time(2))],
        [(date(2026, 12, 25), date(2026, 12, 26), "")],
    )

    with city_scope(plesiran_a):
        services.destination_save(
            city=plesiran_a,
            actor=None,
            destination=made,
            fields={},
            tickets=[{"label_id": "Umum", "label_en": "General", "price_idr": 15000}],
            hours=[{"weekday": 6, "opens": time(0), "closes": time(0)}],
            closures=[],
        )

    assert _rows(plesiran_a, made) == ([("Umum", 15000, 0)], [(6, time(0), time(0))], [])


def test_leaving_tickets_hours_and_closures_out_keeps_them(plesiran_a):
    made = destination(
        plesiran_a,
        publish=False,
        tickets=[{"label_id": "Dewasa", "price_idr": 10000}],
        hours=[{"weekday": 0, "opens": time(8), "closes": time(17)}],
        closures=[{"starts_on": date(2026, 12, 25), "ends_on": date(2026, 12, 25)}],
    )
    before = _rows(plesiran_a, made)

    with city_scope(plesiran_a):
        services.destination_save(
            city=plesiran_a, actor=None, destination=made, fields={"name": "Baru"}
        )

    assert _rows(plesiran_a, made) == before


def test_a_closure_ending_before_it_starts_is_refused_and_nothing_changes(plesiran_a):
    # Given a destination with a ticket, hours and a closure
    made = destination(
        plesiran_a,
        publish=False,
        name="Taman Potret",
        tickets=[{"label_id": "Dewasa", "price_idr": 10000}],
        hours=[{"weekday": 0, "opens": time(8), "closes": time(17)}],
        closures=[{"starts_on": date(2026, 12, 25), "ends_on": date(2026, 12, 25)}],
    )
    rows_before, counts_before = _rows(plesiran_a, made), counts(plesiran_a)

    # When an officer renames it, replaces everything, and gets the second closure wrong
    with city_scope(plesiran_a), pytest.raises(ValidationError) as refused:
        services.destination_save(
            city=plesiran_a,
            actor=None,
            destination=made,
            fields={"name": "Taman Baru"},
            tickets=[],
            hours=[],
            closures=[
                {"starts_on": date(2027, 1, 1), "ends_on": date(2027, 1, 1)},
                {"starts_on": date(2027, 3, 10), "ends_on": date(2027, 3, 9)},
            ],
        )

    # Then it is refused, and the name, tickets, hours and closures are as they were
    assert refused.value.message_dict == {"closures": ["A closure cannot end before it starts."]}
    with city_scope(plesiran_a):
        assert Destination.objects.get(pk=made.pk).name == "Taman Potret"
    assert _rows(plesiran_a, made) == rows_before
    assert counts(plesiran_a) == counts_before


def test_an_impossible_weekday_is_refused_and_nothing_changes(plesiran_a):
    made = destination(
        plesiran_a, publish=False, hours=[{"weekday": 0, "opens": time(8), "closes": time(17)}]
    )
    rows_before = _rows(plesiran_a, made)

    with city_scope(plesiran_a), pytest.raises(ValidationError) as refused:
        services.destination_save(
            city=plesiran_a,
            actor=None,
            destination=made,
            fields={},
            hours=[{"weekday": 7, "opens": time(8), "closes": time(17)}],
        )

    assert refused.value.message_dict["weekday"] == [
        "Ensure this value is less than or equal to 6."
    ]
    assert _rows(plesiran_a, made) == rows_before


def test_publish_and_unpublish_are_idempotent_and_audited(plesiran_a, officer):
    made = destination(plesiran_a, publish=False)

    with city_scope(plesiran_a):
        AuditEntry.objects.all().delete()
        results = [
            services.destination_publish(destination=made, actor=officer),
            services.destination_publish(destination=made, actor=officer),
        ]
        first_published = Destination.objects.get(pk=made.pk).published_at
        results += [
            services.destination_unpublish(destination=made, actor=officer),
            services.destination_unpublish(destination=made, actor=officer),
            services.destination_publish(destination=made, actor=officer),
        ]
        stored = Destination.objects.get(pk=made.pk)
        entries = list(
            AuditEntry.objects.order_by("id").values_list("action", "target", "before", "after")
        )

    assert results == [True, False, True, False, True]
    assert stored.status == Status.PUBLISHED
    # The first publication's date is kept.
    assert stored.published_at == first_published
    assert first_published is not None
    assert entries == [
        (
            "plesiran.destination.publish",
            "klenteng-boen-tek-bio",
            {"status": "draft"},
            {"status": "published"},
        ),
        (
            "plesiran.destination.unpublish",
            "klenteng-boen-tek-bio",
            {"status": "published"},
            {"status": "draft"},
        ),
        (
            "plesiran.destination.publish",
            "klenteng-boen-tek-bio",
            {"status": "draft"},
            {"status": "published"},
        ),
    ]


def test_views_are_counted_per_day(plesiran_a):
    made = destination(plesiran_a)
    other = destination(plesiran_a, name="Pasar Lama")
    today, yesterday = date(2026, 6, 2), date(2026, 6, 1)

    with city_scope(plesiran_a):
        for _ in range(3):
            services.destination_view_record(destination=made, day=today)
        services.destination_view_record(destination=made, day=yesterday)
        services.destination_view_record(destination=other, day=today)

        rows = list(
            DestinationView.objects.order_by("destination__name", "day").values_list(
                "destination__name", "day", "count"
            )
        )

    assert rows == [
        ("Klenteng Boen Tek Bio", yesterday, 1),
        ("Klenteng Boen Tek Bio", today, 3),
        ("Pasar Lama", today, 1),
    ]


def test_a_destination_is_saved_in_its_city_only(plesiran_a, plesiran_b):
    destination(plesiran_a, name="Taman Potret")

    with city_scope(plesiran_b):
        assert Destination.objects.count() == 0
        assert AuditEntry.objects.filter(action__startswith="plesiran.").count() == 0


# --- Events ----------------------------------------------------------------------------


def _event_fields(city, **overrides) -> dict:
    starts = datetime(2026, 8, 17, 8, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))
    with city_scope(city):
        values = {
            "category_id": Category.objects.get(slug="sejarah-budaya").pk,
            "name": "Festival Cisadane",
            "description_id": "Lomba perahu naga.",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=10),
        }
    values.update(overrides)
    return values


def test_an_event_at_a_destination_takes_its_name_address_and_location(plesiran_a, officer):
    venue = destination(
        plesiran_a,
        name="Taman Elektrik",
        address="Jl. Taman Makam Pahlawan",
        latitude=-6.1701,
        longitude=106.6412,
    )

    with city_scope(plesiran_a):
        made = services.event_save(
            city=plesiran_a, actor=officer, fields=_event_fields(plesiran_a, venue=venue)
        )
        made.refresh_from_db()
        entry = AuditEntry.objects.order_by("id").last()

    assert (made.venue_id, made.venue_name, made.address, made.latitude, made.longitude) == (
        venue.pk,
        "Taman Elektrik",
        "Jl. Taman Makam Pahlawan",
        -6.1701,
        106.6412,
    )
    assert (made.slug, made.status) == ("festival-cisadane", Status.DRAFT)
    assert (entry.action, entry.target) == ("plesiran.event.create", "festival-cisadane")


def test_an_event_s_own_place_details_win_over_its_venue_s(plesiran_a):
    venue = destination(plesiran_a, name="Taman Elektrik", latitude=-6.1701, longitude=106.6412)

    with city_scope(plesiran_a):
        made = services.event_save(
            city=plesiran_a,
            actor=None,
            fields=_event_fields(
                plesiran_a,
                venue=venue,
                venue_name="Panggung utama",
                address="Sisi timur taman",
                latitude=-6.1705,
                longitude=106.6415,
            ),
        )

    assert (made.venue_id, made.venue_name, made.address, made.latitude, made.longitude) == (
        venue.pk,
        "Panggung utama",
        "Sisi timur taman",
        -6.1705,
        106.6415,
    )


def test_an_event_ending_before_it_starts_is_refused_and_nothing_saved(plesiran_a):
    values = _event_fields(plesiran_a, latitude=-6.17, longitude=106.63, venue_name="Alun-alun")
    values["ends_at"] = values["starts_at"] - timedelta(minutes=1)
    before = counts(plesiran_a)

    with city_scope(plesiran_a), pytest.raises(ValidationError) as refused:
        services.event_save(city=plesiran_a, actor=None, fields=values)

    assert refused.value.message_dict == {"ends_at": ["An event cannot end before it starts."]}
    assert counts(plesiran_a) == before


def test_moving_only_the_end_before_the_stored_start_is_refused_clearly(plesiran_a):
    made = event(plesiran_a)

    with city_scope(plesiran_a), pytest.raises(ValidationError) as refused:
        services.event_save(
            city=plesiran_a,
            actor=None,
            event=made,
            fields={"ends_at": made.starts_at - timedelta(hours=1)},
        )

    assert refused.value.message_dict == {"ends_at": ["An event cannot end before it starts."]}
    with city_scope(plesiran_a):
        assert Event.objects.get(pk=made.pk).ends_at == made.ends_at


def test_an_event_outside_the_city_is_refused(bounded_city):
    values = _event_fields(bounded_city, venue_name="Monas", latitude=MONAS[0], longitude=MONAS[1])

    with city_scope(bounded_city), pytest.raises(ValidationError) as refused:
        services.event_save(city=bounded_city, actor=None, fields=values)

    assert list(refused.value.message_dict) == ["latitude"]
    assert counts(bounded_city)["Event"] == 0


def test_events_publish_and_unpublish_once(plesiran_a):
    made = event(plesiran_a, publish=False)

    with city_scope(plesiran_a):
        results = [
            services.event_publish(event=made, actor=None),
            services.event_publish(event=made, actor=None),
            services.event_unpublish(event=made, actor=None),
            services.event_unpublish(event=made, actor=None),
        ]
        actions = list(
            AuditEntry.objects.filter(
                action__in=["plesiran.event.publish", "plesiran.event.unpublish"]
            )
            .order_by("id")
            .values_list("action", flat=True)
        )

    assert results == [True, False, True, False]
    assert actions == ["plesiran.event.publish", "plesiran.event.unpublish"]


# --- Facilities ------------------------------------------------------------------------


def test_a_facility_is_published_on_creation_and_audited(plesiran_a, officer):
    with city_scope(plesiran_a):
        made = services.facility_save(
            city=plesiran_a,
            actor=officer,
            fields={
                "kind": "fuel",
                "name": "SPBU Pertamina Daan Mogot",
                "latitude": -6.1712,
                "longitude": 106.6409,
                "open_all_day": True,
            },
        )
        entry = AuditEntry.objects.get(action="plesiran.facility.create")

    assert (made.slug, made.status, made.open_all_day) == (
        "spbu-pertamina-daan-mogot",
        Status.PUBLISHED,
        True,
    )
    assert (entry.target, entry.actor_id, entry.after["kind"]) == (
        "spbu-pertamina-daan-mogot",
        officer.pk,
        "fuel",
    )


def test_an_unknown_facility_kind_is_refused(plesiran_a):
    with city_scope(plesiran_a), pytest.raises(ValidationError) as refused:
        services.facility_save(
            city=plesiran_a,
            actor=None,
            fields={"kind": "casino", "name": "X", "latitude": -6.17, "longitude": 106.63},
        )

    assert refused.value.message_dict == {"kind": ["Value 'casino' is not a valid choice."]}
    assert counts(plesiran_a)["Facility"] == 0


def test_a_facility_outside_the_city_is_refused(bounded_city):
    with city_scope(bounded_city), pytest.raises(ValidationError) as refused:
        services.facility_save(
            city=bounded_city,
            actor=None,
            fields={
                "kind": "atm",
                "name": "ATM Monas",
                "latitude": MONAS[0],
                "longitude": MONAS[1],
            },
        )

    assert list(refused.value.message_dict) == ["latitude"]
    assert counts(bounded_city)["Facility"] == 0


def test_a_facility_can_be_unpublished_and_changed(plesiran_a):
    made = facility(plesiran_a, publish=False)

    with city_scope(plesiran_a):
        services.facility_save(
            city=plesiran_a, actor=None, facility=made, fields={"name": "ATM Bank Banten Baru"}
        )
        stored = Facility.objects.get(pk=made.pk)

    assert (stored.slug, stored.name, stored.status) == (
        "atm-bank-banten",
        "ATM Bank Banten Baru",
        Status.DRAFT,
    )


# --- Reviews ---------------------------------------------------------------------------


def test_one_review_per_person_a_second_submission_edits_it(plesiran_a, visitor):
    place = destination(plesiran_a)

    with city_scope(plesiran_a):
        first = services.review_submit(destination=place, author=visitor, rating=3, body="Lumayan")
        second = services.review_submit(
            destination=place, author=visitor, rating=5, body="  Ternyata indah sekali.  "
        )
        rows = list(Review.objects.values_list("public_id", "rating", "body"))

    assert second.pk == first.pk
    assert rows == [(first.public_id, 5, "Ternyata indah sekali.")]


def test_editing_a_hidden_review_keeps_it_hidden(plesiran_a, visitor, officer):
    place = destination(plesiran_a)
    with city_scope(plesiran_a):
        review = services.review_submit(destination=place, author=visitor, rating=1, body="Kasar")
        services.review_hide(review=review, actor=officer, reason="Kata-kata kasar")

        services.review_submit(destination=place, author=visitor, rating=2, body="Masih kasar")
        stored = Review.objects.get()

    assert (stored.rating, stored.body, stored.hidden_by_id, stored.hidden_reason) == (
        2,
        "Masih kasar",
        officer.pk,
        "Kata-kata kasar",
    )
    assert stored.hidden_at is not None


def test_a_draft_destination_takes_no_reviews(plesiran_a, visitor):
    place = destination(plesiran_a, publish=False)

    with city_scope(plesiran_a), pytest.raises(ValidationError) as refused:
        services.review_submit(destination=place, author=visitor, rating=5)

    assert refused.value.messages == ["This place is not open for reviews."]
    with city_scope(plesiran_a):
        assert Review.objects.count() == 0


@pytest.mark.parametrize(
    ("rating", "message"),
    [
        (0, "Ensure this value is greater than or equal to 1."),
        (6, "Ensure this value is less than or equal to 5."),
    ],
)
def test_a_rating_out_of_range_is_refused_and_nothing_saved(plesiran_a, visitor, rating, message):
    place = destination(plesiran_a)

    with city_scope(plesiran_a), pytest.raises(ValidationError) as refused:
        services.review_submit(destination=place, author=visitor, rating=rating)

    assert refused.value.message_dict == {"rating": [message]}
    with city_scope(plesiran_a):
        assert Review.objects.count() == 0


def test_a_bad_rating_on_an_edit_leaves_the_review_as_it_was(plesiran_a, visitor):
    place = destination(plesiran_a)
    with city_scope(plesiran_a):
        services.review_submit(destination=place, author=visitor, rating=4, body="Bagus")

    with city_scope(plesiran_a), pytest.raises(ValidationError):
        services.review_submit(destination=place, author=visitor, rating=9, body="Diubah")

    with city_scope(plesiran_a):
        assert list(Review.objects.values_list("rating", "body")) == [(4, "Bagus")]


def test_a_review_longer_than_2000_characters_is_refused(plesiran_a, visitor):
    place = destination(plesiran_a)

    with city_scope(plesiran_a), pytest.raises(ValidationError) as refused:
        services.review_submit(destination=place, author=visitor, rating=4, body="a" * 2001)

    assert refused.value.message_dict == {
        "body": ["Ensure this value has at most 2000 characters (it has 2001)."]
    }
    with city_scope(plesiran_a):
        assert Review.objects.count() == 0


def test_only_the_author_deletes_a_review(plesiran_a, visitor, other_visitor):
    place = destination(plesiran_a)
    with city_scope(plesiran_a):
        review = services.review_submit(destination=place, author=visitor, rating=4)

        with pytest.raises(ValidationError) as refused:
            services.review_delete(review=review, author=other_visitor)
        assert refused.value.messages == ["Only its author can delete a review."]
        assert Review.objects.count() == 1

        services.review_delete(review=review, author=visitor)
        assert Review.objects.count() == 0


def test_a_review_is_flagged_once_per_person(plesiran_a, visitor, other_visitor):
    place = destination(plesiran_a)
    with city_scope(plesiran_a):
        review = services.review_submit(destination=place, author=visitor, rating=1)

        results = [
            services.review_flag(review=review, reporter=other_visitor, reason="  Kasar  "),
            services.review_flag(review=review, reporter=other_visitor, reason="Lagi"),
        ]
        flags = list(ReviewFlag.objects.values_list("reporter", "reason"))

    assert results == [True, False]
    assert flags == [(other_visitor.pk, "Kasar")]


def test_nobody_flags_their_own_review(plesiran_a, visitor):
    place = destination(plesiran_a)
    with city_scope(plesiran_a):
        review = services.review_submit(destination=place, author=visitor, rating=1)

        with pytest.raises(ValidationError) as refused:
            services.review_flag(review=review, reporter=visitor)

        assert refused.value.messages == ["You cannot flag your own review."]
        assert ReviewFlag.objects.count() == 0


def test_hiding_a_review_needs_a_reason(plesiran_a, visitor, officer):
    place = destination(plesiran_a)
    with city_scope(plesiran_a):
        review = services.review_submit(destination=place, author=visitor, rating=1)
        audit_before = AuditEntry.objects.count()

        with pytest.raises(ValidationError) as refused:
            services.review_hide(review=review, actor=officer, reason="   ")

        stored = Review.objects.get()
        assert refused.value.message_dict == {"reason": ["Say why the review is hidden."]}
        assert (stored.hidden_at, stored.hidden_by_id, stored.hidden_reason) == (None, None, "")
        assert AuditEntry.objects.count() == audit_before


def test_hiding_is_recorded_once(plesiran_a, visitor, officer):
    place = destination(plesiran_a)
    with city_scope(plesiran_a):
        review = services.review_submit(destination=place, author=visitor, rating=1)

        results = [
            services.review_hide(review=review, actor=officer, reason=" Ujaran kebencian "),
            services.review_hide(review=review, actor=officer, reason="Lagi"),
        ]
        stored = Review.objects.get()
        entries = list(
            AuditEntry.objects.filter(action="plesiran.review.hide").values_list(
                "target", "actor", "before", "after"
            )
        )

    assert results == [True, False]
    assert (stored.hidden_by_id, stored.hidden_reason) == (officer.pk, "Ujaran kebencian")
    assert entries == [
        (
            "klenteng-boen-tek-bio",
            officer.pk,
            {"hidden": False},
            {"hidden": True, "reason": "Ujaran kebencian"},
        )
    ]


def test_unhiding_shows_the_review_and_clears_its_flags(
    plesiran_a, visitor, other_visitor, officer
):
    place = destination(plesiran_a)
    with city_scope(plesiran_a):
        review = services.review_submit(destination=place, author=visitor, rating=1)
        services.review_flag(review=review, reporter=other_visitor)
        services.review_hide(review=review, actor=officer, reason="Dilaporkan")

        results = [
            services.review_unhide(review=review, actor=officer),
            services.review_unhide(review=review, actor=officer),
        ]
        stored = Review.objects.get()
        flag_count = ReviewFlag.objects.count()
        unhides = AuditEntry.objects.filter(action="plesiran.review.unhide").count()

    assert results == [True, False]
    assert (stored.hidden_at, stored.hidden_by_id, stored.hidden_reason) == (None, None, "")
    assert flag_count == 0
    assert unhides == 1


# --- Trips -----------------------------------------------------------------------------


def test_a_new_trip_has_a_long_random_token(plesiran_a, visitor):
    with city_scope(plesiran_a):
        mine = services.trip_create(owner=visitor, title="  Akhir pekan  ")
        anonymous = services.trip_create(owner=AnonymousUser())

    assert (mine.owner_id, mine.title, len(mine.token)) == (visitor.pk, "Akhir pekan", 22)
    assert anonymous.owner_id is None
    assert anonymous.token != mine.token


def test_adding_a_place_twice_keeps_one_stop(plesiran_a):
    place = destination(plesiran_a)
    with city_scope(plesiran_a):
        trip = services.trip_create()

        results = [
            services.trip_stop_add(trip=trip, destination=place),
            services.trip_stop_add(trip=trip, destination=place),
        ]
        stops = list(TripStop.objects.values_list("trip", "destination"))

    assert results == [True, False]
    assert stops == [(trip.pk, place.pk)]


def test_a_draft_cannot_be_added_to_a_trip(plesiran_a):
    place = destination(plesiran_a, publish=False)
    with city_scope(plesiran_a):
        trip = services.trip_create()

        with pytest.raises(ValidationError) as refused:
            services.trip_stop_add(trip=trip, destination=place)

        assert refused.value.messages == ["This place cannot be added to a trip."]
        assert TripStop.objects.count() == 0


def test_a_trip_holds_at_most_max_trip_stops(plesiran_a):
    places = [
        destination(plesiran_a, name=f"Tempat {i}") for i in range(services.MAX_TRIP_STOPS + 1)
    ]
    with city_scope(plesiran_a):
        trip = services.trip_create()
        for place in places[:-1]:
            services.trip_stop_add(trip=trip, destination=place)

        with pytest.raises(ValidationError) as refused:
            services.trip_stop_add(trip=trip, destination=places[-1])
        # A place already in a full trip is simply already there.
        again = services.trip_stop_add(trip=trip, destination=places[0])

        assert refused.value.messages == ["A trip holds at most 25 places."]
        assert again is False
        assert trip.stops.count() == services.MAX_TRIP_STOPS
        assert not trip.stops.filter(destination=places[-1]).exists()


def test_removing_a_stop(plesiran_a):
    place = destination(plesiran_a)
    with city_scope(plesiran_a):
        trip = services.trip_create()
        services.trip_stop_add(trip=trip, destination=place)

        results = [
            services.trip_stop_remove(trip=trip, destination=place),
            services.trip_stop_remove(trip=trip, destination=place),
        ]

        assert results == [True, False]
        assert TripStop.objects.count() == 0


def test_a_visitor_who_logs_in_claims_their_anonymous_trip_only(plesiran_a, visitor, other_visitor):
    with city_scope(plesiran_a):
        anonymous = services.trip_create()
        theirs = services.trip_create(owner=other_visitor)

        services.trip_claim(trip=anonymous, owner=visitor)
        services.trip_claim(trip=theirs, owner=visitor)

        owners = dict(Trip.objects.values_list("pk", "owner"))

    assert owners == {anonymous.pk: visitor.pk, theirs.pk: other_visitor.pk}


# --- Personal data ---------------------------------------------------------------------


def test_erasing_a_person_anonymises_their_reviews_and_flags_and_deletes_their_trips(
    plesiran_a, visitor, other_visitor
):
    # Given a person with a review, a flag on someone else's review and a trip
    place = destination(plesiran_a)
    with city_scope(plesiran_a):
        own = services.review_submit(destination=place, author=visitor, rating=5, body="Indah")
        others = services.review_submit(destination=place, author=other_visitor, rating=1)
        services.review_flag(review=others, reporter=visitor, reason="Kasar")
        trip = services.trip_create(owner=visitor)
        services.trip_stop_add(trip=trip, destination=place)
        kept_trip = services.trip_create(owner=other_visitor)

        # When their data is erased
        services.plesiran_personal_data_erase(visitor)

        # Then the review stays without a name, the flag without a reporter, and their trip
        # is gone
        assert list(Review.objects.order_by("rating").values_list("pk", "author", "body")) == [
            (others.pk, other_visitor.pk, ""),
            (own.pk, None, "Indah"),
        ]
        assert list(ReviewFlag.objects.values_list("review", "reporter", "reason")) == [
            (others.pk, None, "Kasar")
        ]
        assert list(Trip.objects.values_list("pk", flat=True)) == [kept_trip.pk]
        assert TripStop.objects.count() == 0


# --- Seeding ---------------------------------------------------------------------------


def test_enabling_the_module_seeds_every_category(plesiran_a):
    with city_scope(plesiran_a):
        rows = list(Category.objects.values_list("slug", "position"))

    assert rows == [(slug, position) for position, slug in enumerate(CATEGORY_SLUGS)]


def test_seeding_again_keeps_the_city_s_changes_and_restores_missing_categories(plesiran_a):
    with city_scope(plesiran_a):
        Category.objects.filter(slug="kuliner").update(name_id="Wisata kuliner")
        Category.objects.filter(slug="edukasi").delete()

        services.plesiran_seed(plesiran_a)
        services.plesiran_seed(plesiran_a)

        assert Category.objects.count() == len(CATEGORY_SLUGS)
        assert Category.objects.get(slug="kuliner").name_id == "Wisata kuliner"
        assert Category.objects.get(slug="edukasi").name_id == "Edukasi"
