"""The console's billing page: the city's plan and what it includes, its staff seats and
next invoice, with buttons to pay for a plan through Stripe Checkout and to manage billing
in Stripe's customer portal. City admins only.

Nothing here grants anything: coming back from Checkout only changes the words shown; the
plan follows Stripe's webhooks (kota.billing.services.account_sync).
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kota.accounts.selectors import staff_seat_limit, staff_seats_used
from kota.billing.selectors import billing_state, checkout_outcome, plan_get, plans_for_upgrade
from kota.billing.services import checkout_start, has_live_subscription, portal_url
from kota.billing.stripe_api import BillingUnavailable
from kota.console.access import city_admin_required
from kota.console.context import billing_account
from kota.registry.catalog import modules
from kota.registry.gating import live_module_keys

# While the admin waits for Stripe's webhooks after paying, the page reloads itself.
WAITING_REFRESH_SECONDS = 5


def _unavailable() -> str:
    return _("The payment service cannot be reached. Nothing changed; try again in a moment.")


def _page(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    account = billing_account(request)
    live = live_module_keys(request.city)
    included = set(account.plan.modules)
    checkout = checkout_outcome(account=account, returned=request.GET.get("checkout", ""))
    context = {
        "account": account,
        "plan": account.plan,
        "billing": billing_state(account=account),
        "module_rows": [
            {"module": m, "included": m.key in included, "live": m.key in live} for m in modules()
        ],
        "seats_used": staff_seats_used(),
        "seat_limit": staff_seat_limit(request.city),
        # Not while a payment is being confirmed, nor with a subscription to change instead.
        "upgrade_plans": []
        if has_live_subscription(account) or checkout == "waiting"
        else list(plans_for_upgrade(account=account)),
        "can_manage": bool(account.stripe_customer_id),
        "checkout": checkout,
        "refresh_seconds": WAITING_REFRESH_SECONDS if checkout == "waiting" else None,
        "error": error,
    }
    return render(request, "console/billing.html", context, status=status)


def _billing_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("console:billing"))


def _see_other(url: str) -> HttpResponse:
    """Send the browser on to Stripe with a GET, whatever method brought it here."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@city_admin_required
def billing(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@city_admin_required
def billing_checkout(request: HttpRequest) -> HttpResponse:
    """Pay for a plan by card: off to Stripe Checkout, back to the billing page."""
    key = request.POST.get("plan", "")
    plan = plan_get(key=key) if key else None
    if plan is None:
        return _page(request, error=_("Choose one of the plans below."), status=400)
    if not plan.is_public:
        return _page(
            request,
            error=_("The %(plan)s plan is arranged with us, not bought here; please contact us.")
            % {"plan": plan.name},
            status=400,
        )
    back = _billing_url(request)
    try:
        url = checkout_start(
            city=request.city,
            plan=plan,
            success_url=f"{back}?checkout=selesai",
            cancel_url=f"{back}?checkout=batal",
        )
    except ValidationError as error:
        return _page(request, error=" ".join(error.messages), status=400)
    except BillingUnavailable:
        return _page(request, error=_unavailable(), status=503)
    return _see_other(url)


@require_POST
@city_admin_required
def billing_manage(request: HttpRequest) -> HttpResponse:
    """Change the plan, cancel or update the card in Stripe's customer portal."""
    try:
        url = portal_url(city=request.city, return_url=_billing_url(request))
    except ValidationError as error:
        return _page(request, error=" ".join(error.messages), status=400)
    except BillingUnavailable:
        return _page(request, error=_unavailable(), status=503)
    return _see_other(url)
