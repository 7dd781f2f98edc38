"""The roles every city has, seeded as groups when the city is provisioned."""

from django.utils.translation import gettext_lazy as _

CITY_ADMIN = "city-admin"
CITIZEN = "citizen"

CITY_ROLES = {
    CITY_ADMIN: _("City admin"),
    CITIZEN: _("Citizen"),
}
