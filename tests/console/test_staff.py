import re

from django.contrib.auth import get_user_model
from django.core import mail
from rest_framework.authtoken.models import Token

from kota.accounts.models import StaffInvitation
from kota.audit.models import AuditEntry
from kota.registry.services import module_enable
from kota.tenancy.scope import city_scope
from tests.conftest import PASSWORD, cookies_to, host_client, logged_in, person


def _roles(city, email: str) -> list[str]:
    with city_scope(city):
        user = get_user_model().objects.get(email=email)
        return sorted(user.groups.values_list("name", flat=True))


def _account(city, email: str) -> dict:
    with city_scope(city):
        user = get_user_model().objects.filter(email=email).first()
        if user is None:
            return {}
        return {
            "active": user.is_active,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "invitations": user.invitations.count(),
        }


def _audit(city, action: str) -> list[tuple]:
    with city_scope(city):
        return [
            (e.actor_label, e.target, e.before, e.after)
            for e in AuditEntry.objects.filter(action=action).order_by("id")
        ]


def test_staff_page_lists_admins_and_officers_not_citizens(
    city_a, admin_client_a, officer_a, warga_a, django_assert_max_num_queries
):
    person(city_a, email="undangan@alfa.id", roles=["officer-noticeboard"], is_active=False)
    with city_scope(city_a):
        pending = get_user_model().objects.get(email="undangan@alfa.id")
        pending.set_unusable_password()
        pending.save()

    for n in range(5):
        person(city_a, email=f"z{n}@alfa.id", roles=["officer-noticeboard", "citizen"])

    # Routing, entitlements, session, the admin and their roles, then two for the list,
    # however long.
    with django_assert_max_num_queries(9):
        response = admin_client_a.get("/console/staff/")

    members = [(m.user.email, m.roles, m.status) for m in response.context["members"]]
    assert members[:3] == [
        ("admin@alfa.id", ["city-admin"], "active"),
        ("petugas@alfa.id", ["officer-noticeboard"], "active"),
        ("undangan@alfa.id", ["officer-noticeboard"], "invitation-expired"),
    ]
    assert len(members) == 8
    body = response.content.decode()
    assert "Officer: Papan pengumuman" in body
    assert "warga@alfa.id" not in body
    assert '<a href="/console/staff/" aria-current="page">Staff</a>' in body


def test_inviting_someone_new_sends_a_single_use_link(
    city_a, admin_client_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_a.post(
            "/console/staff/invite/",
            {
                "email": "Petugas.Baru@Alfa.id",
                "full_name": "Petugas Baru",
                "roles": ["officer-noticeboard"],
            },
        )

    assert response["Location"] == "/console/staff/"
    assert _account(city_a, "petugas.baru@alfa.id") == {
        "active": False,
        "roles": ["officer-noticeboard"],
        "invitations": 1,
    }
    assert _audit(city_a, "staff.invite") == [
        (
            "admin@alfa.id",
            "petugas.baru@alfa.id",
            None,
            {"roles": ["officer-noticeboard"], "active": False},
        )
    ]
    (message,) = mail.outbox
    assert message.to == ["petugas.baru@alfa.id"]
    assert message.from_email == "Kota Alfa <no-reply@localhost>"
    # Someone new has the default language, Indonesian: so has their email, roles included,
    # whatever the language of the admin's console.
    assert message.subject == "Anda diundang menjadi staf Kota Alfa"
    assert "sebagai: Petugas: Papan pengumuman." in message.body
    link = re.search(r"http://alfa\.localhost(/accounts/invitation/\S+/)", message.body).group(1)

    newcomer = host_client("alfa.localhost")
    form = newcomer.get(link)
    accepted = newcomer.post(
        link, {"new_password1": "teh-manis-sore-42", "new_password2": "teh-manis-sore-42"}
    )
    reused = host_client("alfa.localhost").get(link)

    assert form.status_code == 200
    assert 'autocomplete="new-password"' in form.content.decode()
    assert accepted["Location"] == "/console/"
    assert newcomer.get("/console/noticeboard/").status_code == 404  # module not live yet
    assert newcomer.get("/console/").status_code == 200
    assert reused.status_code == 404
    with city_scope(city_a):
        user = get_user_model().objects.get(email="petugas.baru@alfa.id")
    assert (user.is_active, user.email_verified, user.full_name) == (True, True, "Petugas Baru")
    assert user.check_password("teh-manis-sore-42") is True


def test_an_invitation_link_refuses_a_weak_password_and_stays_open(
    city_a, admin_client_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_a.post(
            "/console/staff/invite/", {"email": "baru@alfa.id", "roles": ["city-admin"]}
        )
    link = re.search(r"(/accounts/invitation/\S+/)", mail.outbox[0].body).group(1)

    response = host_client("alfa.localhost").post(
        link, {"new_password1": "12345678", "new_password2": "12345678"}
    )

    assert response.status_code == 400
    assert _account(city_a, "baru@alfa.id")["active"] is False
    assert host_client("alfa.localhost").get(link).status_code == 200


def test_an_expired_or_replaced_invitation_does_not_work(
    city_a, admin_client_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            admin_client_a.post(
                "/console/staff/invite/", {"email": "baru@alfa.id", "roles": ["city-admin"]}
            )
    first, second = (
        re.search(r"(/accounts/invitation/\S+/)", m.body).group(1) for m in mail.outbox
    )

    assert host_client("alfa.localhost").get(first).status_code == 404
    assert host_client("alfa.localhost").get(second).status_code == 200
    with city_scope(city_a):
        StaffInvitation.objects.update(expires_at="2000-01-01T00:00:00Z")
    assert host_client("alfa.localhost").get(second).status_code == 404


def test_an_invitation_link_of_one_city_does_nothing_on_another(
    city_a, city_b, admin_client_a, django_capture_on_commit_callbacks
):
    twin = person(city_b, email="baru@alfa.id", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_a.post(
            "/console/staff/invite/", {"email": "baru@alfa.id", "roles": ["city-admin"]}
        )
    link = re.search(r"(/accounts/invitation/\S+/)", mail.outbox[0].body).group(1)

    response = host_client("beta.localhost").post(
        link, {"new_password1": "teh-manis-sore-42", "new_password2": "teh-manis-sore-42"}
    )

    assert response.status_code == 404
    with city_scope(city_b):
        twin.refresh_from_db()
    assert (twin.is_active, twin.check_password("teh-manis-sore-42")) == (False, False)


def test_inviting_an_existing_citizen_gives_them_the_role(
    city_a, admin_client_a, warga_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_a.post(
            "/console/staff/invite/",
            {"email": "warga@alfa.id", "roles": ["officer-noticeboard"]},
            follow=True,
        )

    assert "warga@alfa.id has the new roles and was told by email." in response.content.decode()
    assert _account(city_a, "warga@alfa.id") == {
        "active": True,
        "roles": ["citizen", "officer-noticeboard"],
        "invitations": 0,
    }
    (message,) = mail.outbox
    assert message.subject == "New role on Kota Alfa's site"
    assert "http://alfa.localhost/console/" in message.body
    assert _audit(city_a, "staff.invite") == [
        (
            "admin@alfa.id",
            "warga@alfa.id",
            {"roles": [], "active": True},
            {"roles": ["officer-noticeboard"], "active": True},
        )
    ]


def test_inviting_someone_who_has_the_roles_already_changes_nothing(
    city_a, admin_client_a, officer_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_a.post(
            "/console/staff/invite/",
            {"email": officer_a.email, "roles": ["officer-noticeboard"]},
            follow=True,
        )

    assert "petugas@alfa.id already has these roles." in response.content.decode()
    assert mail.outbox == []
    assert _audit(city_a, "staff.invite") == []


def test_bad_invitations_are_form_errors_and_nothing_is_saved(
    city_a, admin_client_a, django_capture_on_commit_callbacks
):
    person(city_a, email="lama@alfa.id", roles=["officer-noticeboard"], is_active=False)
    attempts = [
        {"email": "bukan-email", "roles": ["city-admin"]},
        {"email": "baru@alfa.id"},
        {"email": "baru@alfa.id", "roles": ["superuser"]},
        {"email": "baru@alfa.id", "full_name": "<b>Baru</b>", "roles": ["city-admin"]},
        {"email": "lama@alfa.id", "roles": ["city-admin"]},
    ]

    with django_capture_on_commit_callbacks(execute=True):
        responses = [admin_client_a.post("/console/staff/invite/", data) for data in attempts]

    assert [r.status_code for r in responses] == [400] * 5
    errors = [sorted(r.context["form"].errors) for r in responses]
    assert errors == [["email"], ["roles"], ["roles"], ["full_name"], ["email"]]
    assert 'aria-describedby="id_email_error"' in responses[0].content.decode()
    assert _account(city_a, "baru@alfa.id") == {}
    assert _account(city_a, "lama@alfa.id")["roles"] == ["officer-noticeboard"]
    assert mail.outbox == []
    assert _audit(city_a, "staff.invite") == []


def test_changing_roles_is_audited(city_a, admin_client_a, officer_a):
    page = admin_client_a.get(f"/console/staff/{officer_a.public_id}/")
    response = admin_client_a.post(
        f"/console/staff/{officer_a.public_id}/", {"roles": ["city-admin", "officer-noticeboard"]}
    )

    assert page.status_code == 200
    assert response["Location"] == "/console/staff/"
    assert _roles(city_a, officer_a.email) == ["city-admin", "officer-noticeboard"]
    assert _audit(city_a, "staff.roles") == [
        (
            "admin@alfa.id",
            "petugas@alfa.id",
            {"roles": ["officer-noticeboard"]},
            {"roles": ["city-admin", "officer-noticeboard"]},
        )
    ]


def test_removing_every_staff_role_leaves_a_citizen_a_citizen(city_a, admin_client_a):
    both = person(city_a, email="dua@alfa.id", roles=["citizen", "officer-noticeboard"])

    admin_client_a.post(f"/console/staff/{both.public_id}/", {})

    assert _roles(city_a, "dua@alfa.id") == ["citizen"]
    assert admin_client_a.get(f"/console/staff/{both.public_id}/").status_code == 404


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(city_a, admin_client_a, admin_a):
    demote = admin_client_a.post(
        f"/console/staff/{admin_a.public_id}/", {"roles": ["officer-noticeboard"]}
    )
    deactivate = admin_client_a.post(f"/console/staff/{admin_a.public_id}/deactivate/")

    assert (demote.status_code, deactivate.status_code) == (400, 400)
    assert demote.context["form"].non_field_errors() == [
        "This is the city's only active admin; make someone else admin first."
    ]
    assert "only active admin" in deactivate.content.decode()
    assert _account(city_a, admin_a.email) == {
        "active": True,
        "roles": ["city-admin"],
        "invitations": 0,
    }
    assert _audit(city_a, "staff.roles") == _audit(city_a, "staff.deactivate") == []


def test_an_admin_may_step_down_while_another_admin_is_active(city_a, admin_client_a, admin_a):
    person(city_a, email="admin2@alfa.id", roles=["city-admin"])

    response = admin_client_a.post(
        f"/console/staff/{admin_a.public_id}/", {"roles": ["officer-noticeboard"]}
    )

    assert response.status_code == 302
    assert _roles(city_a, admin_a.email) == ["officer-noticeboard"]
    assert admin_client_a.get("/console/staff/").status_code == 404  # no longer an admin


def test_a_deactivated_admin_does_not_count_as_the_other_admin(city_a, admin_client_a, admin_a):
    person(city_a, email="admin2@alfa.id", roles=["city-admin"], is_active=False)

    response = admin_client_a.post(f"/console/staff/{admin_a.public_id}/deactivate/")

    assert response.status_code == 400
    assert _account(city_a, admin_a.email)["active"] is True


def test_deactivating_and_reactivating_an_officer(city_a, admin_client_a, officer_a):
    officer_client = logged_in("alfa.localhost", officer_a, city_a)
    with city_scope(city_a):
        Token.objects.create(user=officer_a)

    off = admin_client_a.post(f"/console/staff/{officer_a.public_id}/deactivate/")
    shut_out = officer_client.get("/console/")
    on = admin_client_a.post(f"/console/staff/{officer_a.public_id}/reactivate/")

    assert (off.status_code, on.status_code) == (302, 302)
    assert shut_out["Location"].startswith("/accounts/login/")
    assert _account(city_a, officer_a.email) == {
        "active": True,
        "roles": ["officer-noticeboard"],
        "invitations": 0,
    }
    with city_scope(city_a):
        assert Token.objects.filter(user=officer_a).exists() is False
    assert _audit(city_a, "staff.deactivate") == [
        ("admin@alfa.id", "petugas@alfa.id", {"active": True}, {"active": False})
    ]
    assert _audit(city_a, "staff.reactivate") == [
        ("admin@alfa.id", "petugas@alfa.id", {"active": False}, {"active": True})
    ]
    assert (
        host_client("alfa.localhost")
        .post("/accounts/login/", {"username": officer_a.email, "password": PASSWORD})
        .status_code
        == 302
    )


def test_someone_who_never_accepted_cannot_be_reactivated(city_a, admin_client_a):
    pending = person(
        city_a, email="undangan@alfa.id", roles=["officer-noticeboard"], is_active=False
    )
    with city_scope(city_a):
        pending.set_unusable_password()
        pending.save()

    response = admin_client_a.post(f"/console/staff/{pending.public_id}/reactivate/")

    assert response.status_code == 400
    assert "never accepted their invitation" in response.content.decode()
    assert _account(city_a, "undangan@alfa.id")["active"] is False


def test_an_officer_reaches_their_module_console_but_no_admin_page(city_a, officer_a):
    module_enable(city=city_a, key="noticeboard")
    client = logged_in("alfa.localhost", officer_a, city_a)

    module_page = client.get("/console/noticeboard/")
    overview = client.get("/console/")
    admin_pages = [
        client.get(path).status_code
        for path in (
            "/console/staff/",
            "/console/staff/invite/",
            f"/console/staff/{officer_a.public_id}/",
            "/console/email/",
            "/console/modules/",
        )
    ]
    write = client.post(f"/console/staff/{officer_a.public_id}/", {"roles": ["city-admin"]})

    assert module_page.status_code == 200
    assert module_page.content.decode() == "1 notices"
    assert overview.status_code == 200
    assert "/console/staff/" not in overview.content.decode()
    assert admin_pages == [404] * 5
    assert write.status_code == 404
    assert _roles(city_a, officer_a.email) == ["officer-noticeboard"]


def test_a_citizen_gets_404_and_a_visitor_is_sent_to_log_in(city_a, client_a, warga_a):
    citizen = logged_in("alfa.localhost", warga_a, city_a)

    assert citizen.get("/console/staff/").status_code == 404
    assert client_a.get("/console/staff/")["Location"] == "/accounts/login/?next=/console/staff/"


def test_another_citys_staff_member_is_not_found_and_nothing_changes(
    city_a, city_b, admin_client_a, admin_b
):
    officer_b = person(city_b, email="petugas@beta.id", roles=["officer-noticeboard"])
    before = _account(city_b, officer_b.email)

    paths = [
        f"/console/staff/{officer_b.public_id}/",
        f"/console/staff/{officer_b.public_id}/deactivate/",
        f"/console/staff/{admin_b.public_id}/",
    ]
    answers = [admin_client_a.post(path, {"roles": []}).status_code for path in paths]

    assert answers == [404, 404, 404]
    assert _account(city_b, officer_b.email) == before
    assert _account(city_b, admin_b.email)["roles"] == ["city-admin"]
    with city_scope(city_b):
        assert AuditEntry.objects.count() == 0


def test_another_citys_admin_has_no_access_and_changes_nothing(city_a, admin_client_b, officer_a):
    # City B's admin session, presented on city A: nobody there.
    on_a = cookies_to("alfa.localhost", admin_client_b)

    listing = on_a.get("/console/staff/")
    invite = on_a.post("/console/staff/invite/", {"email": "x@beta.id", "roles": ["city-admin"]})
    deactivate = on_a.post(f"/console/staff/{officer_a.public_id}/deactivate/")

    assert [r.status_code for r in (listing, invite, deactivate)] == [302, 302, 302]
    assert listing["Location"].startswith("/accounts/login/")
    assert _account(city_a, "x@beta.id") == {}
    assert _account(city_a, officer_a.email)["active"] is True
    with city_scope(city_a):
        assert AuditEntry.objects.count() == 0
