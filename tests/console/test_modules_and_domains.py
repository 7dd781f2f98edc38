"""Console pages of the shell: modules, module settings, domains, audit log."""

import pytest

from kota.audit.models import AuditEntry
from kota.registry.services import module_enable, module_settings_get
from kota.tenancy.models import City, Domain
from kota.tenancy.scope import city_scope
from tests.conftest import host_client, logged_in


@pytest.fixture
def officer_client_a(officer_a, city_a):
    return logged_in("alfa.localhost", officer_a, city_a)


@pytest.fixture
def admin_client_a(admin_client_a):
    """City A's admin, who has chosen English with the language switch."""
    admin_client_a.cookies["django_language"] = "en"
    return admin_client_a


def _audit_actions(city) -> list[str]:
    with city_scope(city):
        return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_modules_page_lists_every_module_with_its_state(admin_client_a):
    response = admin_client_a.get("/console/modules/")

    assert response.status_code == 200
    rows = {row.module.key: row for row in response.context["rows"]}
    assert sorted(rows) == ["noticeboard", "plesiran"]
    assert (rows["noticeboard"].allowed, rows["noticeboard"].enabled) == (True, False)


def test_a_module_the_plan_does_not_allow_is_shown_locked_with_its_plan(admin_client_a, settings):
    settings.KOTA_MODULE_ENTITLEMENTS = "tests.registry.entitlements.nothing_allowed"

    page = admin_client_a.get("/console/modules/").content.decode()

    assert "the City plan unlocks this module" in page
    assert "/console/modules/noticeboard/switch/" not in page


def test_switching_a_module_on_and_off_from_the_console(admin_client_a, city_a, admin_a):
    on = admin_client_a.post("/console/modules/noticeboard/switch/", {"enabled": "on"})
    assert on.status_code == 302
    assert admin_client_a.get("/noticeboard/").status_code == 200

    admin_client_a.post("/console/modules/noticeboard/switch/", {"enabled": "off"})

    assert City.objects.get(pk=city_a.pk).enabled_modules == []
    assert admin_client_a.get("/noticeboard/").status_code == 404
    with city_scope(city_a):
        actors = set(AuditEntry.objects.values_list("actor_label", flat=True))
    assert actors == {admin_a.email}


def test_a_refused_switch_shows_the_reason_and_changes_nothing(admin_client_a, city_a, settings):
    settings.KOTA_MODULE_ENTITLEMENTS = "tests.registry.entitlements.nothing_allowed"

    response = admin_client_a.post(
        "/console/modules/noticeboard/switch/",
        {"enabled": "on"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Papan pengumuman is not included in the city's plan; the City plan unlocks it."
    ]
    assert City.objects.get(pk=city_a.pk).enabled_modules == []


def test_module_settings_form_saves_valid_values(admin_client_a, city_a):
    response = admin_client_a.post(
        "/console/modules/noticeboard/settings/", {"notices_per_page": "20"}
    )

    assert response.status_code == 302
    assert module_settings_get(city=city_a, key="noticeboard") == {"notices_per_page": 20}


def test_module_settings_form_refuses_bad_values_with_400(admin_client_a, city_a):
    response = admin_client_a.post(
        "/console/modules/noticeboard/settings/",
        {"notices_per_page": "abc"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["notices_per_page"] == ["Enter a whole number."]
    assert module_settings_get(city=city_a, key="noticeboard") == {}


@pytest.mark.parametrize(
    "path",
    [
        "/console/modules/",
        "/console/modules/noticeboard/settings/",
        "/console/domains/",
        "/console/audit/",
    ],
)
def test_admin_pages_are_404_for_officers_and_citizens(path, officer_client_a):
    assert officer_client_a.get(path).status_code == 404


def test_an_officer_reaches_their_module_console_but_not_admin_pages(officer_client_a, city_a):
    module_enable(city=city_a, key="noticeboard")

    assert officer_client_a.get("/console/noticeboard/").status_code == 200
    assert officer_client_a.get("/console/").status_code == 200
    assert (
        officer_client_a.post(
            "/console/modules/noticeboard/switch/", {"enabled": "off"}
        ).status_code
        == 404
    )
    assert City.objects.get(pk=city_a.pk).enabled_modules == ["noticeboard"]


def test_anonymous_visitors_are_sent_to_log_in(client_a):
    response = client_a.get("/console/modules/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/console/modules/"


def test_another_citys_admin_cannot_switch_this_citys_modules(admin_client_b, city_a, city_b):
    # City B's admin, on city A's host, has no session there at all.
    client = host_client("alfa.localhost")
    client.cookies = admin_client_b.cookies

    response = client.post("/console/modules/noticeboard/switch/", {"enabled": "on"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert City.objects.get(pk=city_a.pk).enabled_modules == []
    assert _audit_actions(city_a) == []


def test_adding_a_custom_domain_shows_dns_instructions(admin_client_a, city_a):
    response = admin_client_a.post("/console/domains/", {"domain": "Layanan.Alfa-Kota.go.id"})

    assert response.status_code == 302
    assert Domain.objects.filter(tenant=city_a, domain="layanan.alfa-kota.go.id").exists()
    page = admin_client_a.get("/console/domains/").content.decode()
    assert "CNAME   alfa.localhost." in page
    assert _audit_actions(city_a) == ["domain.add"]


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        ("layanan.alfa.localhost", "layanan.alfa.localhost is already in use."),
        ("beta.localhost", "beta.localhost would take another city's address"),
        ("bukan domain", "Enter a host name such as kota.example.go.id"),
        ("x" * 300, "Ensure this value has at most 253 characters (it has 300)."),
        ("localhost", "localhost is the platform's own address."),
    ],
)
def test_a_bad_or_taken_domain_is_refused_with_400(domain, message, admin_client_a, city_a):
    before = set(Domain.objects.values_list("domain", "tenant_id"))

    response = admin_client_a.post("/console/domains/", {"domain": domain})

    assert response.status_code == 400
    assert len(response.context["form"].errors["domain"]) == 1
    assert response.context["form"].errors["domain"][0].startswith(message)
    assert set(Domain.objects.values_list("domain", "tenant_id")) == before
    assert _audit_actions(city_a) == []


def test_a_domain_of_another_city_is_refused(admin_client_a, city_a, city_b):
    Domain.objects.create(domain="portal.beta-kab.go.id", tenant=city_b, is_primary=False)

    response = admin_client_a.post("/console/domains/", {"domain": "portal.beta-kab.go.id"})

    assert response.status_code == 400
    assert Domain.objects.get(domain="portal.beta-kab.go.id").tenant_id == city_b.pk


def test_removing_only_touches_this_citys_custom_domains(admin_client_a, city_a, city_b):
    Domain.objects.create(domain="portal.beta-kab.go.id", tenant=city_b, is_primary=False)

    admin_client_a.post("/console/domains/remove/", {"domain": "portal.beta-kab.go.id"})
    admin_client_a.post("/console/domains/remove/", {"domain": "alfa.localhost"})

    assert Domain.objects.filter(domain="portal.beta-kab.go.id").exists()
    assert Domain.objects.filter(domain="alfa.localhost", is_primary=True).exists()
    assert _audit_actions(city_a) == []


def test_audit_log_shows_changes_and_is_read_only(admin_client_a, city_a):
    module_enable(city=city_a, key="noticeboard")

    page = admin_client_a.get("/console/audit/")

    assert page.status_code == 200
    assert [e.action for e in page.context["page"]] == ["module.enable"]


@pytest.mark.parametrize("entries", [1, 60])
def test_audit_log_query_count_does_not_grow_with_entries(
    entries, admin_client_a, city_a, django_assert_max_num_queries
):
    from kota.audit.services import audit_record

    with city_scope(city_a):
        for n in range(entries):
            audit_record(actor=None, action="module.enable", target=f"m{n}")

    # Cold caches: the route and the city's entitlements (one query each) are counted too.
    with django_assert_max_num_queries(9):
        response = admin_client_a.get("/console/audit/")

    assert len(response.context["page"]) == min(entries, 50)


def test_modules_page_query_count(admin_client_a, django_assert_max_num_queries):
    # Cold caches: the route and the city's entitlements (one query each) are counted too.
    with django_assert_max_num_queries(7):
        assert admin_client_a.get("/console/modules/").status_code == 200


def test_dashboard_shows_live_modules_and_latest_changes_to_admins(admin_client_a, city_a):
    module_enable(city=city_a, key="noticeboard")

    page = admin_client_a.get("/console/")

    assert [m.key for m in page.context["live"]] == ["noticeboard"]
    assert [e.action for e in page.context["recent"]] == ["module.enable"]
    assert page.context["site_url"] == "http://alfa.localhost/"


def test_dashboard_shows_officers_no_audit_entries(officer_client_a, city_a):
    module_enable(city=city_a, key="noticeboard")

    page = officer_client_a.get("/console/")

    assert page.status_code == 200
    assert page.context["recent"] == []
    assert "/console/audit/" not in page.content.decode()
