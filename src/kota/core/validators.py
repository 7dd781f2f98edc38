"""Validators for values that many apps accept from people."""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

hex_color_validator = RegexValidator(
    regex=r"^#[0-9a-fA-F]{6}$",
    message=_("Enter a colour as # followed by six hexadecimal digits, e.g. #0b5394."),
    code="invalid_color",
)

# A host name as it may appear in a Domain row: lowercase labels of letters, digits and
# hyphens, separated by dots; no port, no trailing dot.
HOSTNAME_PATTERN = re.compile(
    r"(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
)

hostname_validator = RegexValidator(
    regex=r"^" + HOSTNAME_PATTERN.pattern + r"$",
    message=_("Enter a host name such as kota.example.go.id (lowercase, no port)."),
    code="invalid_hostname",
)
