import pytest
from django.core.exceptions import ValidationError

from kota.audit.models import AuditEntry
from kota.registry.catalog import module_register, module_unregister
from kota.registry.gating import live_module_keys
from kota.registry.models import ModuleState
from kota.registry.modules import Module
from kota.registry.services import (
    module_disable,
    module_enable,
    module_settings_get,
    module_settings_update,
)
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope


@pytest.fixture
def bulletin(settings):
    """A module that depends on the noticeboard. It exists only in these tests, so no plan
    names it: every module is allowed while it is registered."""
    settings.KOTA_MODULE_ENTITLEMENTS = "tests.registry.entitlements.everything_allowed"
    module = module_register(
        Module(
            key="bulletin",
            name="Buletin",
            summary="",
            icon="file-text",
            depends_on=("noticeboard",),
        )
    )
    yield module
    module_unregister("bulletin")


def test_live_needs_allowed_and_enabled(city_a, settings):
    city_a.enabled_modules = ["noticeboard"]
    assert live_module_keys(city_a) == {"noticeboard"}

    settings.KOTA_MODULE_ENTITLEMENTS = "tests.registry.entitlements.nothing_allowed"

    assert live_module_keys(city_a) == frozenset()


def test_a_module_is_live_only_while_its_dependencies_are(city_a, bulletin, settings):
    city_a.enabled_modules = ["noticeboard", "bulletin"]
    assert live_module_keys(city_a) == {"noticeboard", "bulletin"}

    city_a.enabled_modules = ["bulletin"]
    assert live_module_keys(city_a) == frozenset()


def test_unknown_enabled_keys_are_never_live(city_a):
    city_a.enabled_modules = ["vanished"]

    assert live_module_keys(city_a) == frozenset()


def test_enabling_needs_the_dependencies_switched_on_first(city_a, bulletin):
    with pytest.raises(ValidationError) as refused:
        module_enable(city=city_a, key="bulletin")

    assert refused.value.messages == ["Switch on Papan pengumuman first: Buletin needs it."]
    assert City.objects.get(pk=city_a.pk).enabled_modules == []


def test_disabling_a_module_others_need_is_refused(city_a, bulletin):
    module_enable(city=city_a, key="noticeboard")
    module_enable(city=city_a, key="bulletin")

    with pytest.raises(ValidationError) as refused:
        module_disable(city=city_a, key="noticeboard")

    assert refused.value.messages == ["Buletin needs Papan pengumuman; switch it off first."]
    assert City.objects.get(pk=city_a.pk).enabled_modules == ["noticeboard", "bulletin"]


def test_a_module_the_plan_does_not_allow_cannot_be_enabled(city_a, settings):
    settings.KOTA_MODULE_ENTITLEMENTS = "tests.registry.entitlements.nothing_allowed"

    with pytest.raises(ValidationError) as refused:
        module_enable(city=city_a, key="noticeboard")

    assert refused.value.messages == [
        "Papan pengumuman is not included in the city's plan; the City plan unlocks it."
    ]
    assert City.objects.get(pk=city_a.pk).enabled_modules == []


def test_enable_and_disable_are_audited_and_idempotent(city_a):
    assert module_enable(city=city_a, key="noticeboard") is True
    assert module_enable(city=city_a, key="noticeboard") is False
    assert module_disable(city=city_a, key="noticeboard") is True
    assert module_disable(city=city_a, key="noticeboard") is False

    with city_scope(city_a):
        entries = list(AuditEntry.objects.order_by("id").values_list("action", "before", "after"))
    assert entries == [
        ("module.enable", [], ["noticeboard"]),
        ("module.disable", ["noticeboard"], []),
    ]


def test_enabling_seeds_once_in_the_city_only(city_a, city_b):
    from tests.registry.noticeboard.models import Notice

    module_enable(city=city_a, key="noticeboard")
    module_disable(city=city_a, key="noticeboard")
    module_enable(city=city_a, key="noticeboard")

    with city_scope(city_a):
        assert list(Notice.objects.values_list("title", flat=True)) == [
            "Selamat datang di Kota Alfa"
        ]
        assert ModuleState.objects.get(key="noticeboard").seeded_at is not None
    with city_scope(city_b):
        assert Notice.objects.count() == 0


def test_settings_are_validated_stored_and_audited(city_a):
    stored = module_settings_update(city=city_a, key="noticeboard", data={"notices_per_page": "25"})

    assert stored == {"notices_per_page": 25}
    assert module_settings_get(city=city_a, key="noticeboard") == {"notices_per_page": 25}
    with city_scope(city_a):
        entry = AuditEntry.objects.get(action="module.settings")
    assert (entry.before, entry.after) == ({}, {"notices_per_page": 25})


def test_bad_settings_are_refused_and_nothing_is_stored(city_a):
    with pytest.raises(ValidationError) as refused:
        module_settings_update(city=city_a, key="noticeboard", data={"notices_per_page": "0"})

    assert refused.value.message_dict == {
        "notices_per_page": ["Ensure this value is greater than or equal to 1."]
    }
    assert module_settings_get(city=city_a, key="noticeboard") == {}
    with city_scope(city_a):
        assert AuditEntry.objects.count() == 0


def test_an_unknown_module_is_a_validation_error(city_a):
    with pytest.raises(ValidationError):
        module_enable(city=city_a, key="nope")


def test_a_stale_copy_of_the_city_does_not_undo_another_switch(city_a, bulletin):
    stale = City.objects.get(pk=city_a.pk)  # e.g. the routing cache's copy
    module_enable(city=city_a, key="noticeboard")

    module_enable(city=stale, key="bulletin")

    assert City.objects.get(pk=city_a.pk).enabled_modules == ["noticeboard", "bulletin"]
