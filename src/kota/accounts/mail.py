"""The one way a city sends email: as itself, with its own sender name and reply-to.

Verification, password reset and staff invitations all go through city_mail_send. The
message is rendered at once (in the recipient's language, in the city's schema) and handed
to a task only when the current transaction commits, so nothing is sent for a change that
was rolled back.
"""

from collections.abc import Sequence
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from kota.accounts.tasks import city_mail_deliver
from kota.tenancy.localization import city_default_language
from kota.tenancy.models import City


def city_mail_sender(city: City) -> str:
    """``"<sender name>" <address of DEFAULT_FROM_EMAIL>``: every city sends from the
    platform's own address (which its mail server may send for), under the city's name."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return formataddr((city.email_sender_name or city.name, address))


def city_base_url(city: City, *, request=None) -> str:
    """Where links in the city's emails point: the host the person is using, or outside
    a request the city's primary address."""
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    scheme = "https" if settings.PRODUCTION else "http"
    return f"{scheme}://{city.get_primary_domain().domain}"


def city_link(city: City, url_name: str, *, base_url: str | None = None, **kwargs) -> str:
    """An absolute link to one of the city's pages, for an email: on ``base_url`` (see
    city_base_url) or the city's primary address. Resolved in the city's URLconf, which is
    not the active one outside a request (manifests, tasks)."""
    path = reverse(url_name, kwargs=kwargs or None, urlconf=settings.KOTA_CITY_URLCONF)
    return (base_url or city_base_url(city)) + path


def city_mail_send(
    *,
    city: City,
    to: Sequence[str],
    subject_template: str,
    body_template: str,
    context: dict,
    html_template: str | None = None,
    language: str | None = None,
) -> None:
    """Render one email from templates (plain text, and HTML when ``html_template`` is
    given) and send it as ``city`` once the current transaction commits.

    Templates see ``context`` plus ``city``. ``language`` (e.g. the recipient's
    preferred one) defaults to the city's first language.
    """
    with translation.override(language or city_default_language(city)):
        full_context = {"city": city, **context}
        # A subject is one line, whatever the template's line breaks.
        subject = " ".join(render_to_string(subject_template, full_context).split())
        body = render_to_string(body_template, full_context)
        html = render_to_string(html_template, full_context) if html_template else None
    city_mail_deliver.delay_on_commit(
        {
            "subject": subject,
            "body": body,
            "html": html,
            "from_email": city_mail_sender(city),
            "to": list(to),
            "reply_to": [city.email_reply_to] if city.email_reply_to else [],
        }
    )
