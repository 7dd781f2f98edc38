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

# One line of text that ends up in an email header (a sender's display name): no line
# breaks or other control characters, which could start a new header, and no angle
# brackets or quotes, which would blur where the name ends and the address begins.
single_line_name_validator = RegexValidator(
    regex=r"[\x00-\x1f\x7f<>\"]",
    inverse_match=True,
    message=_("Use one line of text without angle brackets, quotes or control characters."),
    code="invalid_name",
)

# A phone number as people type it: digits, optionally a leading +, spaces or hyphens
# between them; 8 to 15 digits (E.164's maximum).
phone_validator = RegexValidator(
    regex=r"^\+?(?:[0-9][ -]?){7,14}[0-9]$",
    message=_("Enter a phone number such as 0812 3456 7890 or +62 812 3456 7890."),
    code="invalid_phone",
)
