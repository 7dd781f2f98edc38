"""The rules for a city's address (slug) and the schema name derived from it."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SLUG_MIN_LENGTH = 3
SLUG_MAX_LENGTH = 40
SCHEMA_PREFIX = "city_"

_SLUG_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")

# Names that would collide with the platform's own hosts, well-known service names
# or Kota's paths, or would mislead citizens about who runs the site.
RESERVED_SLUGS = frozenset(
    {
        "about",
        "account",
        "accounts",
        "admin",
        "administrator",
        "api",
        "app",
        "apps",
        "assets",
        "auth",
        "billing",
        "blog",
        "cdn",
        "console",
        "daftar",
        "dashboard",
        "dev",
        "docs",
        "email",
        "ftp",
        "help",
        "healthz",
        "imap",
        "internal",
        "kota",
        "localhost",
        "login",
        "logout",
        "mail",
        "masuk",
        "media",
        "mx",
        "ns1",
        "ns2",
        "operator",
        "platform",
        "pop",
        "pop3",
        "portal",
        "postgres",
        "public",
        "root",
        "secure",
        "signup",
        "smtp",
        "sso",
        "staging",
        "static",
        "status",
        "support",
        "system",
        "template",
        "test",
        "webmail",
        "www",
    }
)


def slug_validate(slug: str) -> str:
    """Return the slug if it is a valid, unreserved city address; raise ValidationError."""
    if not isinstance(slug, str) or slug == "":
        raise ValidationError(_("Enter an address for the city."), code="required")
    if not SLUG_MIN_LENGTH <= len(slug) <= SLUG_MAX_LENGTH:
        raise ValidationError(
            _("The address must be %(min)d–%(max)d characters long.")
            % {"min": SLUG_MIN_LENGTH, "max": SLUG_MAX_LENGTH},
            code="length",
        )
    if not _SLUG_PATTERN.fullmatch(slug):
        raise ValidationError(
            _(
                "Use only lowercase letters (a–z), digits and hyphens; "
                "start and end with a letter or digit."
            ),
            code="invalid",
        )
    if "--" in slug:
        raise ValidationError(
            _("The address may not contain two hyphens in a row."), code="invalid"
        )
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is reserved; choose another address.") % {"slug": slug},
            code="reserved",
        )
    return slug


def schema_name_for_slug(slug: str) -> str:
    """The PostgreSQL schema of a city: a fixed prefix plus the slug, hyphens as underscores.

    Slugs contain no underscores, so the mapping is one-to-one; the prefix keeps city
    schemas apart from ``public``, the template schema and PostgreSQL's own ``pg_*``.
    """
    slug_validate(slug)
    return SCHEMA_PREFIX + slug.replace("-", "_")
