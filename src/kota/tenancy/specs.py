"""CitySpec: everything needed to create or update a city, validated in one place.

Manifests, the signup wizard and tests all describe a city as a CitySpec and hand it to
kota.tenancy.services; validation errors name the field and say why.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from kota.core.validators import hex_color_validator, hostname_validator
from kota.registry.catalog import module_get, module_keys
from kota.tenancy.regions import (
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    PROVINCE_TIME_ZONES,
    CityKind,
    TimeZone,
)
from kota.tenancy.slugs import slug_validate
from kota.theming.contrast import brand_color_validate
from kota.theming.packs import theme_keys

NAME_MAX_LENGTH = 120
TAGLINE_MAX_LENGTH = 160
_UNSAFE_TEXT = re.compile(r"[<>\x00-\x1f\x7f]")


@dataclass(frozen=True)
class CitySpec:
    slug: str
    name: str
    kind: str
    province: str
    time_zone: str = ""  # empty: the province's usual time zone
    languages: tuple[str, ...] = ("id", "en")
    theme: str = "default"
    tagline: str = ""
    primary_color: str = "#0b5394"
    secondary_color: str = "#f1c232"
    modules: tuple[str, ...] = ()
    custom_domains: tuple[str, ...] = ()
    map_center: tuple[float, float] | None = None  # (latitude, longitude)
    map_zoom: int = 12
    boundary: tuple[tuple[float, float], ...] | None = field(default=None)  # (lon, lat) ring
    # The city's first admin (optional): made by the app registered for it
    # (kota.tenancy.seeding.city_admin_hand_over) when a manifest is applied.
    admin_email: str = ""
    admin_name: str = ""
    # Open to citizens at once (manifests); a signup opens once its admin is verified.
    launched: bool = True
    # Content a manifest ships for its modules: (module key, folder) pairs, loaded by the
    # module's content_load after the module is on (kota.tenancy.services.city_content_load).
    content: tuple[tuple[str, str], ...] = ()
    # The plan an operator gives the city without a payment (a manifest's ``plan``), by
    # key; empty: the platform's free plan on creation, and no change on an update.
    plan: str = ""

    @property
    def effective_time_zone(self) -> str:
        return self.time_zone or PROVINCE_TIME_ZONES.get(self.province, TimeZone.WIB)


def city_spec_validate(spec: CitySpec) -> None:
    """Raise ValidationError mapping each bad field to its messages; return if all good."""
    errors: dict[str, list[str]] = {}

    def check(field_name: str, validate) -> None:
        try:
            validate()
        except ValidationError as error:
            errors.setdefault(field_name, []).extend(error.messages)

    check("slug", lambda: slug_validate(spec.slug))
    check("name", lambda: _validate_text(spec.name, NAME_MAX_LENGTH, required=True))
    check("kind", lambda: _validate_choice(spec.kind, CityKind.values))
    check("province", lambda: _validate_choice(spec.province, list(PROVINCE_TIME_ZONES)))
    if spec.time_zone:
        check("time_zone", lambda: _validate_choice(spec.time_zone, TimeZone.values))
    check("languages", lambda: _validate_languages(spec.languages))
    branding_errors = city_branding_validate(
        theme=spec.theme,
        tagline=spec.tagline,
        primary_color=spec.primary_color,
        secondary_color=spec.secondary_color,
    )
    for field_name, messages in branding_errors.items():
        errors.setdefault(field_name, []).extend(messages)
    check("modules", lambda: _validate_modules(spec.modules))
    for key, folder in spec.content:
        check(f"content.{key}", lambda key=key, folder=folder: _validate_content(spec, key, folder))
    for domain in spec.custom_domains:
        check("domains", lambda domain=domain: custom_domain_validate(domain, slug=spec.slug))
    for domain in sorted({d for d in spec.custom_domains if spec.custom_domains.count(d) > 1}):
        errors.setdefault("domains", []).append(
            _("%(domain)s is listed more than once.") % {"domain": domain}
        )
    if spec.map_center is not None:
        check("map.center", lambda: _validate_point(spec.map_center[1], spec.map_center[0]))
    if not 1 <= spec.map_zoom <= 19:
        errors.setdefault("map.zoom", []).append(_("Zoom must be between 1 and 19."))
    if spec.boundary is not None:
        check("map.boundary", lambda: _validate_boundary(spec.boundary, spec.map_center))
    if spec.admin_email:
        check("admin.email", lambda: validate_email(spec.admin_email))
    elif spec.admin_name:
        errors.setdefault("admin.email", []).append(_("Give the admin's email too."))
    check("admin.name", lambda: _validate_text(spec.admin_name, 150, required=False))
    if errors:
        raise ValidationError(errors)


def city_branding_validate(
    *, theme: str, tagline: str, primary_color: str | None, secondary_color: str | None
) -> dict[str, list[str]]:
    """The branding rules, shared by manifests and the console's branding page: a known
    theme, a short plain tagline, hex colours that leave text readable (WCAG AA). Returns
    field → messages (empty when all is well); a colour given as None is not checked."""
    errors: dict[str, list[str]] = {}

    def check(field_name: str, validate) -> None:
        try:
            validate()
        except ValidationError as error:
            errors.setdefault(field_name, []).extend(error.messages)

    check("tagline", lambda: _validate_text(tagline, TAGLINE_MAX_LENGTH, required=False))
    check("theme", lambda: _validate_choice(theme, sorted(theme_keys())))
    if primary_color is not None:
        check("primary_color", lambda: _validate_brand_color(primary_color, _("Primary colour")))
    if secondary_color is not None:
        check(
            "secondary_color",
            lambda: _validate_brand_color(secondary_color, _("Secondary colour")),
        )
    return errors


def custom_domain_validate(domain: str, *, slug: str) -> None:
    """A custom domain must be a host name that no other city's address could claim."""
    hostname_validator(domain)
    root = settings.KOTA_ROOT_DOMAIN
    if domain in settings.KOTA_PLATFORM_HOSTS:
        raise ValidationError(_("%(domain)s is the platform's own address.") % {"domain": domain})
    if domain.endswith("." + root):
        labels = domain[: -len(root) - 1].split(".")
        if len(labels) == 1 or labels[-1] != slug:
            raise ValidationError(
                _(
                    "%(domain)s would take another city's address; under %(root)s a city may only "
                    "use names below its own address, such as www.%(slug)s.%(root)s."
                )
                % {"domain": domain, "root": root, "slug": slug}
            )


def _validate_text(value: str, max_length: int, *, required: bool) -> None:
    if not isinstance(value, str):
        raise ValidationError(_("Enter text."))
    if required and not value.strip():
        raise ValidationError(_("This field is required."))
    if len(value) > max_length:
        raise ValidationError(
            _("At most %(max)d characters (this has %(n)d).") % {"max": max_length, "n": len(value)}
        )
    if _UNSAFE_TEXT.search(value):
        raise ValidationError(_("Angle brackets and control characters are not allowed."))


def _validate_brand_color(value: str, label: str) -> None:
    hex_color_validator(value)
    # Text on the colour must be readable (WCAG AA): the same rule as the console's.
    brand_color_validate(value, label=label)


def _validate_choice(value: str, choices: list[str]) -> None:
    if value not in choices:
        raise ValidationError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": value, "choices": ", ".join(choices)}
        )


def _validate_modules(keys: tuple[str, ...]) -> None:
    for key in keys:
        _validate_choice(key, list(module_keys()))
    for key in keys:
        missing = [dep for dep in module_get(key).depends_on if dep not in keys]
        if missing:
            raise ValidationError(
                _("%(module)s needs %(missing)s; list it too.")
                % {"module": key, "missing": ", ".join(missing)}
            )


def _validate_content(spec: CitySpec, key: str, folder: str) -> None:
    if key not in spec.modules:
        raise ValidationError(
            _("Content for %(module)s needs the module too: list it in modules.") % {"module": key}
        )
    module = module_get(key)
    if module is None or not module.content_load:
        raise ValidationError(_("%(module)s loads no content.") % {"module": key})
    if not Path(folder).is_dir():
        raise ValidationError(_("The folder %(folder)s does not exist.") % {"folder": folder})


def _validate_languages(languages: tuple[str, ...]) -> None:
    known = [code for code, _name in settings.LANGUAGES]
    if not languages:
        raise ValidationError(_("Name at least one language."))
    for code in languages:
        _validate_choice(code, known)


def _validate_point(lon: float, lat: float) -> None:
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        raise ValidationError(_("Coordinates must be numbers."))
    if not (LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1]) or not (
        LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]
    ):
        raise ValidationError(
            _("(%(lat)s, %(lon)s) is outside Indonesia; check latitude/longitude order.")
            % {"lat": lat, "lon": lon}
        )


def _validate_boundary(ring, center) -> None:
    if len(ring) < 4:
        raise ValidationError(_("A boundary needs at least four points (the first repeated last)."))
    for point in ring:
        if len(point) != 2:
            raise ValidationError(_("Each boundary point is [longitude, latitude]."))
        _validate_point(point[0], point[1])
    if tuple(ring[0]) != tuple(ring[-1]):
        raise ValidationError(_("The boundary must be closed: repeat the first point last."))
    if center is not None and not point_in_ring(lon=center[1], lat=center[0], ring=ring):
        raise ValidationError(_("The map centre lies outside the boundary."))


def point_in_ring(*, lon: float, lat: float, ring) -> bool:
    """Ray casting: is (lon, lat) inside the closed ring of (lon, lat) points?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside
