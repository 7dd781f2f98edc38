"""Writes of a city's branding: the one setter the console (and later the signup wizard)
calls. Validated with the same rules as a city manifest, audited, all or nothing."""

import hashlib
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from kota.audit.services import audit_record
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope, public_scope
from kota.tenancy.specs import city_branding_validate
from kota.theming.contrast import hex_normalise
from kota.theming.images import favicon_rendition, image_read, logo_renditions

logger = logging.getLogger(__name__)

BRANDING_FOLDER = "branding"
# What a branding change may touch on the City row, and what its audit entry shows.
_FIELDS = ("tagline", "primary_color", "secondary_color", "theme", "logo", "favicon", "icons")
# The maskable icon made from a logo sits on white: logos are drawn for light backgrounds.
_MASKABLE_BACKGROUND = "#ffffff"


@dataclass
class _Files:
    """Files to write: storage name → PNG bytes."""

    contents: dict[str, bytes] = field(default_factory=dict)

    def add(self, kind: str, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()[:16]
        name = f"{BRANDING_FOLDER}/{kind}-{digest}.png"
        self.contents[name] = data
        return name


def branding_update(
    *,
    city: City,
    actor,
    tagline: str,
    primary_color: str,
    secondary_color: str,
    theme: str,
    logo: UploadedFile | None = None,
    favicon: UploadedFile | None = None,
    remove_logo: bool = False,
    remove_favicon: bool = False,
) -> bool:
    """Change ``city``'s tagline, colours, theme, logo and favicon. Returns whether
    anything changed; a change is recorded in the city's audit log with before and after.

    Colours are ``#rgb`` or ``#rrggbb`` (stored as lowercase ``#rrggbb``) and must leave text
    readable at WCAG AA. Images must be PNG, JPEG or WebP, at most 2 MB, 64 to 4096 pixels a
    side; they are re-encoded as PNG without metadata, and a logo also gives the city's app
    icons. Raises ValidationError mapping each bad field to its messages; then nothing is
    written: no City change, no file.
    """
    errors: dict[str, list[str]] = {}
    colors = {}
    for name, value in (("primary_color", primary_color), ("secondary_color", secondary_color)):
        try:
            colors[name] = hex_normalise(value)
        except ValueError:
            errors[name] = [_("Enter a colour as # followed by 3 or 6 hexadecimal digits.")]
            colors[name] = None
    tagline = (tagline or "").strip()
    for name, messages in city_branding_validate(
        theme=theme,
        tagline=tagline,
        primary_color=colors["primary_color"],
        secondary_color=colors["secondary_color"],
    ).items():
        errors.setdefault(name, []).extend(messages)

    files = _Files()
    wanted = {"tagline": tagline, "theme": theme, **colors}
    if logo is not None:
        try:
            renditions = logo_renditions(image_read(logo), maskable_background=_MASKABLE_BACKGROUND)
        except ValidationError as error:
            errors.setdefault("logo", []).extend(error.messages)
        else:
            wanted["logo"] = files.add("logo", renditions.logo)
            wanted["icons"] = {
                variant: files.add(f"icon-{variant}", data)
                for variant, data in renditions.icons.items()
            }
    elif remove_logo:
        wanted.update(logo="", icons={})
    if favicon is not None:
        try:
            wanted["favicon"] = files.add("favicon", favicon_rendition(image_read(favicon)))
        except ValidationError as error:
            errors.setdefault("favicon", []).extend(error.messages)
    elif remove_favicon:
        wanted["favicon"] = ""
    if errors:
        raise ValidationError(errors)
    return _branding_write(city=city, actor=actor, wanted=wanted, files=files)


def _branding_write(*, city: City, actor, wanted: dict, files: _Files) -> bool:
    written: list[str] = []
    try:
        with transaction.atomic():
            with public_scope():
                current = City.objects.select_for_update().get(pk=city.pk)
                before = {name: getattr(current, name) for name in _FIELDS}
                after = {**before, **wanted}
                if after == before:
                    return False
                for name in _FIELDS:
                    setattr(current, name, after[name])
                current.save(update_fields=[*_FIELDS, "updated_at"])
            with city_scope(city):
                _files_save(files, written=written)
                audit_record(
                    actor=actor,
                    action="branding.update",
                    target="branding",
                    before=before,
                    after=after,
                )
            obsolete = _file_names(before) - _file_names(after)
            transaction.on_commit(lambda: _files_delete(city, obsolete), robust=True)
    except BaseException:
        # Nothing of a failed change stays behind, files included.
        _files_delete(city, set(written))
        raise
    for name in _FIELDS:
        setattr(city, name, after[name])
    logger.info("Branding of %s changed by %s.", city.slug, getattr(actor, "email", "system"))
    return True


def _files_save(files: _Files, *, written: list[str]) -> None:
    """Write the new files in the active city's storage, adding each name to ``written``
    as soon as it exists. A name is its content's hash, so an existing file already holds
    these bytes. (Concurrent changes of one city wait for each other on its row's lock.)"""
    for name, data in files.contents.items():
        if not default_storage.exists(name):
            written.append(default_storage.save(name, ContentFile(data)))


def _files_delete(city: City, names: set[str]) -> None:
    if not names:
        return
    with city_scope(city):
        for name in sorted(names):
            default_storage.delete(name)


def _file_names(values: dict) -> set[str]:
    names = {values["logo"], values["favicon"], *(values["icons"] or {}).values()}
    return {name for name in names if name}
