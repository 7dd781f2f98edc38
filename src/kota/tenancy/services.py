"""Creating, changing and suspending cities. Everything that writes a city goes here."""

import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from kota.registry.catalog import module_get
from kota.tenancy import schemas
from kota.tenancy.models import City, CityStatus, Domain
from kota.tenancy.routing import routing_forget
from kota.tenancy.scope import city_scope, public_scope
from kota.tenancy.seeding import city_plan_hand_over, city_seed_defaults
from kota.tenancy.slugs import schema_name_for_slug
from kota.tenancy.specs import CitySpec, city_spec_validate, custom_domain_validate

logger = logging.getLogger(__name__)


def primary_domain_for_slug(slug: str) -> str:
    return f"{slug}.{settings.KOTA_ROOT_DOMAIN}"


def city_provision(*, spec: CitySpec) -> City:
    """Create a city: its row, its domains and its schema (cloned from the template), then
    seed its defaults. All or nothing: on any failure no City, Domain or schema remains.

    Raises ValidationError for a bad spec or an address that is already taken.
    """
    city_spec_validate(spec)
    schemas.template_ensure_current()  # outside the transaction: it may have to migrate
    try:
        with public_scope(), transaction.atomic():
            _refuse_taken(spec)
            city = City(schema_name=schema_name_for_slug(spec.slug), status=CityStatus.PROVISIONING)
            _apply_spec(city, spec)
            city.save()
            Domain.objects.create(
                domain=primary_domain_for_slug(spec.slug), tenant=city, is_primary=True
            )
            for host in spec.custom_domains:
                Domain.objects.create(domain=host, tenant=city, is_primary=False)
            _create_schema(city.schema_name)
            city_plan_hand_over(city=city, plan_key=spec.plan)
            with city_scope(city):
                city_seed_defaults(city)
            city.status = CityStatus.ACTIVE
            city.status_changed_at = timezone.now()
            city.launched_at = city.status_changed_at if spec.launched else None
            city.save(update_fields=["status", "status_changed_at", "launched_at", "updated_at"])
    except IntegrityError as error:
        if _table_of(error) not in {City._meta.db_table, Domain._meta.db_table}:
            raise
        # Lost a race for the same address or domain to a concurrent provisioning.
        raise ValidationError(
            {"slug": [_("This address was just taken; choose another.")]}
        ) from error
    logger.info("Provisioned city %s (%s).", city.slug, city.schema_name)
    return city


_SPEC_FIELDS = (
    "name",
    "kind",
    "province",
    "time_zone",
    "languages",
    "theme",
    "tagline",
    "primary_color",
    "secondary_color",
    "enabled_modules",
    "map_center_lat",
    "map_center_lon",
    "map_zoom",
    "boundary",
)


def city_update(*, city: City, spec: CitySpec) -> bool:
    """Bring an existing city's settings and custom domains in line with ``spec``.

    Returns whether anything changed; an unchanged city is not written at all.
    """
    city_spec_validate(spec)
    if spec.slug != city.slug:
        raise ValidationError({"slug": [_("A city's address cannot be changed here.")]})
    try:
        return _city_update(city=city, spec=spec)
    except IntegrityError as error:
        if _table_of(error) != Domain._meta.db_table:
            raise
        # A concurrent change took one of the domains between our check and our insert.
        raise ValidationError(
            {"domains": [_("One of these domains was just taken by another city.")]}
        ) from error


def _city_update(*, city: City, spec: CitySpec) -> bool:
    with public_scope(), transaction.atomic():
        _refuse_taken(spec, city=city)
        before = [getattr(city, name) for name in _SPEC_FIELDS]
        modules_before = list(city.enabled_modules)
        _apply_spec(city, spec)
        changed = before != [getattr(city, name) for name in _SPEC_FIELDS]
        if changed:
            city.save()
        if spec.plan and city_plan_hand_over(city=city, plan_key=spec.plan):
            changed = True
        if city.enabled_modules != modules_before:
            # Newly listed modules get their defaults, once (the seeders are idempotent).
            with city_scope(city):
                city_seed_defaults(city)
        wanted = set(spec.custom_domains)
        current = {d.domain: d for d in city.domains.filter(is_primary=False)}
        for host, domain in current.items():
            if host not in wanted:
                domain.delete()
        for host in sorted(wanted - set(current)):
            Domain.objects.create(domain=host, tenant=city, is_primary=False)
    return changed or wanted != set(current)


def city_content_load(*, city: City, spec: CitySpec) -> bool:
    """Load the content ``spec`` ships for its modules (a manifest's ``[content]``) through
    each module's registered loader, in the city's schema; call it once the modules are
    on and seeded. Returns whether anything changed. A loader's ValidationError comes
    back keyed ``content.<module>`` so a manifest reports it as a field of its file."""
    changed = False
    for key, folder in spec.content:
        loader = import_string(module_get(key).content_load)
        try:
            with city_scope(city):
                changed = bool(loader(city, Path(folder))) or changed
        except ValidationError as error:
            raise ValidationError({f"content.{key}": error.messages}) from error
    return changed


# Which status a city may move to from which: an archived city stays archived.
_STATUS_CHANGES = {
    CityStatus.SUSPENDED: {CityStatus.ACTIVE},
    CityStatus.ACTIVE: {CityStatus.SUSPENDED},
}


def city_suspend(*, city: City) -> City:
    """Take an active city's site offline (503 page); its data stays untouched."""
    return _city_set_status(city=city, status=CityStatus.SUSPENDED)


def city_resume(*, city: City) -> City:
    """Bring a suspended city back online."""
    return _city_set_status(city=city, status=CityStatus.ACTIVE)


def _city_set_status(*, city: City, status: str) -> City:
    if city.status not in _STATUS_CHANGES.get(status, set()):
        raise ValidationError(
            {
                "status": [
                    _("A %(current)s city cannot become %(new)s.")
                    % {
                        "current": city.get_status_display().lower(),
                        "new": CityStatus(status).label.lower(),
                    }
                ]
            }
        )
    with public_scope(), transaction.atomic():
        city.status = status
        city.status_changed_at = timezone.now()
        city.save(update_fields=["status", "status_changed_at", "updated_at"])
    return city


def _create_schema(schema_name: str) -> None:
    template = schemas.template_state_for_cloning()
    if template.is_current:
        if schemas.spare_take(schema_name, template=template):
            transaction.on_commit(_spares_refill_later, robust=True)
            return
        try:
            schemas.schema_clone_from_template(schema_name, template=template)
            return
        except schemas.TemplateNotClonable as reason:
            logger.warning("Template cannot be cloned (%s); migrating %s.", reason, schema_name)
    with transaction.atomic():
        schemas.schema_migrate(schema_name)


def _table_of(error: IntegrityError) -> str | None:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "table_name", None)


def _spares_refill_later() -> None:
    from kota.tenancy.tasks import spares_refill

    spares_refill.delay()


def _refuse_taken(spec: CitySpec, city: City | None = None) -> None:
    others = City.objects.exclude(pk=city.pk) if city else City.objects.all()
    if others.filter(slug=spec.slug).exists():
        raise ValidationError({"slug": [_("This address is already taken.")]})
    hosts = [primary_domain_for_slug(spec.slug), *spec.custom_domains]
    taken = Domain.objects.filter(domain__in=hosts)
    if city is not None:
        taken = taken.exclude(tenant=city)
    taken_hosts = sorted(taken.values_list("domain", flat=True))
    if taken_hosts:
        raise ValidationError(
            {
                "domains": [
                    _("Already used by another city: %(hosts)s.")
                    % {"hosts": ", ".join(taken_hosts)}
                ]
            }
        )


def _apply_spec(city: City, spec: CitySpec) -> None:
    city.slug = spec.slug
    city.name = spec.name.strip()
    city.kind = spec.kind
    city.province = spec.province
    city.time_zone = spec.effective_time_zone
    city.languages = list(spec.languages)
    city.theme = spec.theme
    city.tagline = spec.tagline.strip()
    city.primary_color = spec.primary_color.lower()
    city.secondary_color = spec.secondary_color.lower()
    city.enabled_modules = list(dict.fromkeys(spec.modules))
    city.map_center_lat, city.map_center_lon = spec.map_center or (None, None)
    city.map_zoom = spec.map_zoom
    city.boundary = (
        {"type": "Polygon", "coordinates": [[list(p) for p in spec.boundary]]}
        if spec.boundary
        else None
    )


def city_domain_add(*, city: City, domain: str) -> Domain:
    """Let ``city`` answer on a custom domain as well. Raises ValidationError (field
    ``domain``) for a bad host name or one another city (or this one) already uses."""
    host = (domain or "").strip().lower().rstrip(".")
    try:
        custom_domain_validate(host, slug=city.slug)
    except ValidationError as error:
        raise ValidationError({"domain": error.messages}) from error
    taken = _("%(domain)s is already in use.") % {"domain": host}
    try:
        with public_scope(), transaction.atomic():
            if Domain.objects.filter(domain=host).exists():
                raise ValidationError({"domain": [taken]})
            return Domain.objects.create(domain=host, tenant=city, is_primary=False)
    except IntegrityError as error:
        # A concurrent request took it between our check and our insert.
        raise ValidationError({"domain": [taken]}) from error


def city_domain_remove(*, city: City, domain: str) -> bool:
    """Stop answering on one of ``city``'s custom domains; its primary address stays."""
    with public_scope():
        deleted, _rows = Domain.objects.filter(
            tenant=city, domain=domain, is_primary=False
        ).delete()
    return deleted > 0


def city_launch(*, city: City) -> bool:
    """Open ``city``'s citizen site (it leaves "coming soon"). Returns whether it changed."""
    with public_scope():
        opened = City.objects.filter(pk=city.pk, launched_at=None).update(
            launched_at=timezone.now()
        )
    if opened:
        routing_forget()
        city.launched_at = City.objects.values_list("launched_at", flat=True).get(pk=city.pk)
    return bool(opened)
