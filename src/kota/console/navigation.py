"""The console's own pages, in menu order. ``admin_only`` pages are for city admins;
officers see the rest plus the console pages of the modules they handle."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ConsolePage:
    url_name: str
    label: str
    admin_only: bool = True


CONSOLE_PAGES = (
    ConsolePage("console:dashboard", _("Overview"), admin_only=False),
    ConsolePage("console:modules", _("Modules")),
    ConsolePage("console:branding", _("Branding")),
    ConsolePage("console:staff", _("Staff")),
    ConsolePage("console:domains", _("Domains")),
    ConsolePage("console:email-identity", _("Email identity")),
    ConsolePage("console:billing", _("Plan and billing")),
    ConsolePage("console:audit", _("Audit log")),
)
