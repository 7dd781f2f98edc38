"""Deploy checks of billing: a production site without Stripe keys takes no payments."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def stripe_configured(app_configs, **kwargs) -> list[Warning]:
    if not settings.PRODUCTION:
        return []
    missing = [
        name
        for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")
        if not getattr(settings, name)
    ]
    if not missing:
        return []
    return [
        Warning(
            f"{' and '.join(missing)} not set: cities cannot pay for plans and Stripe's "
            "events are refused.",
            hint="Set them from the Stripe dashboard (API keys; the webhook endpoint "
            "https://<root domain>/billing/stripe/webhook/).",
            id="kota.billing.W001",
        )
    ]
