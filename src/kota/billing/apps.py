from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "kota.billing"
    label = "billing"
    verbose_name = _("Plans and billing")

    def ready(self) -> None:
        from kota.billing import checks  # noqa: F401 - registers the deploy check
        from kota.billing.entitlements import connect_invalidation
        from kota.billing.services import account_open
        from kota.tenancy.seeding import register_city_plan_handler

        connect_invalidation()
        register_city_plan_handler(account_open)
