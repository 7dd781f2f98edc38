from django.contrib.auth.models import Group

from kota.accounts.permissions import (
    user_is_city_admin,
    user_is_officer,
    user_is_staff_member,
    user_roles,
    user_staff_roles,
)
from kota.accounts.roles import officer_roles, role_label, staff_roles
from kota.accounts.services import roles_seed
from kota.registry.catalog import module_register, module_unregister
from kota.registry.modules import Module
from kota.tenancy.scope import city_scope
from tests.conftest import person


def test_every_city_has_citizen_admin_and_officer_roles_seeded_idempotently(city_a):
    with city_scope(city_a):
        roles_seed(city_a)
        roles_seed(city_a)
        names = sorted(Group.objects.values_list("name", flat=True))

    assert names == ["citizen", "city-admin", "officer-noticeboard", "officer-plesiran"]


def test_modules_without_officers_have_no_officer_role():
    quiet = Module(key="sunyi", name="Sunyi", summary="-", icon="x", has_officers=False)
    busy = Module(key="ramai", name="Ramai", summary="-", icon="x")
    module_register(quiet)
    module_register(busy)
    try:
        roles = officer_roles()
        staff = list(staff_roles())
    finally:
        module_unregister("sunyi")
        module_unregister("ramai")

    assert sorted(roles) == ["officer-noticeboard", "officer-plesiran", "officer-ramai"]
    assert staff == ["city-admin", "officer-plesiran", "officer-noticeboard", "officer-ramai"]
    assert str(roles["officer-ramai"]) == "Officer: Ramai"


def test_role_labels():
    assert role_label("city-admin") == "City admin"
    assert role_label("officer-noticeboard") == "Officer: Papan pengumuman"
    assert role_label("officer-gone") == "officer-gone"


def test_the_permission_helper(city_a):
    admin = person(city_a, email="a@alfa.id", roles=["city-admin"])
    officer = person(city_a, email="o@alfa.id", roles=["officer-noticeboard", "citizen"])
    citizen = person(city_a, email="c@alfa.id", roles=["citizen"])
    gone = person(city_a, email="g@alfa.id", roles=["city-admin"], is_active=False)

    with city_scope(city_a):
        table = {
            user.email: (
                user_is_city_admin(user),
                user_is_officer(user, "noticeboard"),
                user_is_officer(user, "reports"),
                user_is_staff_member(user),
            )
            for user in (admin, officer, citizen, gone)
        }
        assert user_staff_roles(officer) == ["officer-noticeboard"]
        assert user_staff_roles(gone) == ["city-admin"]  # kept for a reactivation
        assert user_roles(gone) == frozenset()

    assert table == {
        "a@alfa.id": (True, True, True, True),
        "o@alfa.id": (False, True, False, True),
        "c@alfa.id": (False, False, False, False),
        "g@alfa.id": (False, False, False, False),
    }
