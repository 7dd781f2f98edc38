"""Writes: switching a city's modules on and off, and their settings. Each is audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from kota.audit.services import audit_record
from kota.registry.catalog import module_get, modules
from kota.registry.gating import allowed_module_keys
from kota.registry.models import ModuleState
from kota.registry.modules import Module
from kota.registry.tiers import tier_label
from kota.tenancy.scope import city_scope


def _module_or_error(key: str) -> Module:
    module = module_get(key)
    if module is None:
        raise ValidationError(_("There is no module “%(key)s”.") % {"key": key})
    return module


def _refresh_locked(city) -> None:
    """Lock the city's row and read its switches afresh: the caller's copy may come from
    the routing cache, and two admins switching two modules at once must not undo each
    other's change."""
    fresh = type(city).objects.select_for_update().only("enabled_modules").get(pk=city.pk)
    city.enabled_modules = list(fresh.enabled_modules)


@transaction.atomic
def module_enable(*, city, key: str, actor=None) -> bool:
    """Switch ``key`` on for ``city``; seed its defaults the first time. Returns whether
    anything changed. Refused (ValidationError) when the plan does not allow the module or
    a module it depends on is off."""
    module = _module_or_error(key)
    if key not in allowed_module_keys(city):
        raise ValidationError(
            _("%(module)s is not included in the city's plan; the %(tier)s plan unlocks it.")
            % {"module": module.name, "tier": tier_label(module.plan_tier)}
        )
    _refresh_locked(city)
    missing = [dep for dep in module.depends_on if dep not in city.enabled_modules]
    if missing:
        names = ", ".join(str(module_get(dep).name) for dep in missing)
        raise ValidationError(
            _("Switch on %(names)s first: %(module)s needs it.")
            % {"names": names, "module": module.name}
        )
    if key in city.enabled_modules:
        return False
    before = list(city.enabled_modules)
    city.enabled_modules = [m.key for m in modules() if m.key in {*before, key}]
    city.save(update_fields=["enabled_modules", "updated_at"])
    with city_scope(city):
        modules_seed_enabled(city)
        audit_record(
            actor=actor,
            action="module.enable",
            target=key,
            before=before,
            after=list(city.enabled_modules),
        )
    return True


@transaction.atomic
def module_disable(*, city, key: str, actor=None) -> bool:
    """Switch ``key`` off for ``city``. Its data stays; switching it on brings it all back.
    Refused while another enabled module depends on it."""
    module = _module_or_error(key)
    _refresh_locked(city)
    dependents = [m for m in modules() if key in m.depends_on and m.key in city.enabled_modules]
    if dependents:
        raise ValidationError(
            _("%(names)s needs %(module)s; switch it off first.")
            % {"names": ", ".join(str(m.name) for m in dependents), "module": module.name}
        )
    if key not in city.enabled_modules:
        return False
    before = list(city.enabled_modules)
    city.enabled_modules = [k for k in before if k != key]
    city.save(update_fields=["enabled_modules", "updated_at"])
    with city_scope(city):
        audit_record(
            actor=actor,
            action="module.disable",
            target=key,
            before=before,
            after=list(city.enabled_modules),
        )
    return True


def module_settings_get(*, city, key: str) -> dict:
    with city_scope(city):
        state = ModuleState.objects.filter(key=key).first()
    return dict(state.settings) if state else {}


@transaction.atomic
def module_settings_update(*, city, key: str, data, actor=None) -> dict:
    """Validate ``data`` with the module's settings form and store the cleaned values.
    Raises ValidationError with the form's field errors; nothing is stored then."""
    module = _module_or_error(key)
    if not module.settings_form:
        raise ValidationError(_("%(module)s has no settings.") % {"module": module.name})
    form = import_string(module.settings_form)(data=data)
    if not form.is_valid():
        raise ValidationError(
            {f: [e["message"] for e in errs] for f, errs in form.errors.get_json_data().items()}
        )
    with city_scope(city):
        state, _created = ModuleState.objects.select_for_update().get_or_create(key=key)
        before = dict(state.settings)
        state.settings = form.cleaned_data
        state.save(update_fields=["settings"])
        if before != state.settings:
            audit_record(
                actor=actor,
                action="module.settings",
                target=key,
                before=before,
                after=state.settings,
            )
    return dict(state.settings)


def modules_seed_enabled(city) -> None:
    """Seed every enabled module of ``city`` that was never seeded (provisioning, manifests).
    Runs in the city's schema; idempotent."""
    for key in city.enabled_modules:
        module = module_get(key)
        if module is None:
            continue
        state, _created = ModuleState.objects.select_for_update().get_or_create(key=key)
        if state.seeded_at is None:
            if module.seed:
                import_string(module.seed)(city)
            state.seeded_at = timezone.now()
            state.save(update_fields=["seeded_at"])
