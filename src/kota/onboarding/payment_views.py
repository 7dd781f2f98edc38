"""After "Create", for a paid plan: the new city's officer goes to Stripe Checkout, comes
back to wait for the payment's confirmation, then to the console.

The city already exists, on the free plan with the modules chosen switched on; paying
only makes the plan's modules live. Whatever happens here (Checkout cancelled, abandoned,
Stripe unreachable) the city keeps working on the free plan and can upgrade from its
console's billing page. The plan is given by the webhook events alone
(kota.billing.services.account_sync): never by the way back from Checkout, nor by its
``session_id``.

Only the browser that submitted the signup sees these pages; a signup of a free plan has
none (404).
"""

from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from kota.billing.stripe_api import BillingUnavailable
from kota.onboarding.models import Signup
from kota.onboarding.ownership import signup_get_for_session
from kota.onboarding.selectors import (
    SignupPayment,
    payment_required,
    signup_payment_get,
    signup_plan,
)
from kota.onboarding.services import signup_checkout_start
from kota.registry.gating import live_modules

# How often the waiting page looks again without scripts (seconds).
REFRESH_SECONDS = 3


def _paying_signup(request: HttpRequest, public_id) -> Signup:
    """The browser's own signup of a plan paid by card; 404 otherwise."""
    signup = signup_get_for_session(request=request, public_id=public_id)
    plan = signup_plan(signup)
    if plan is None or not payment_required(plan):
        raise Http404
    return signup


def _platform_url(request: HttpRequest, name: str, signup: Signup) -> str:
    return f"{request.scheme}://{request.get_host()}{reverse(name, args=[signup.public_id])}"


def _page(
    request: HttpRequest,
    signup: Signup,
    payment: SignupPayment,
    state: str,
    *,
    status: int = 200,
    problems: list[str] | None = None,
) -> HttpResponse:
    """The payment page in one of its states: waiting, paid, cancelled, unavailable
    (Stripe cannot be reached), refused (Checkout would not start)."""
    context = {
        "signup": signup,
        "payment": payment,
        "state": state,
        "problems": problems or [],
        "city_url": f"{signup.city_base_url}/",
        "live_modules": live_modules(payment.city) if payment.paid else (),
        "refresh_seconds": REFRESH_SECONDS,
    }
    response = render(request, "onboarding/payment.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def signup_payment_start(request: HttpRequest, public_id) -> HttpResponse:
    """ "Continue to payment": a new Checkout for the plan chosen, and off to Stripe."""
    signup = _paying_signup(request, public_id)
    payment = signup_payment_get(signup=signup)
    if payment is None:  # the city is not made yet
        return redirect("onboarding:signup-progress", public_id=signup.public_id)
    if payment.paid:
        return HttpResponseRedirect(
            reverse("onboarding:signup-payment", args=[signup.public_id]), status=303
        )
    try:
        url = signup_checkout_start(
            signup=signup,
            success_url=_platform_url(request, "onboarding:signup-payment", signup)
            + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=_platform_url(request, "onboarding:signup-payment-cancel", signup),
        )
    except BillingUnavailable:
        return _page(request, signup, payment, "unavailable", status=503)
    except ValidationError as error:
        return _page(request, signup, payment, "refused", status=409, problems=error.messages)
    return HttpResponseRedirect(url, status=303)


@never_cache
@require_safe
def signup_payment(request: HttpRequest, public_id) -> HttpResponse:
    """Back from Checkout: waiting for the payment's confirmation, then the city with its
    paid modules live. Whatever the address says (``session_id``), only the city's billing
    account decides."""
    signup = _paying_signup(request, public_id)
    payment = signup_payment_get(signup=signup)
    if payment is None:
        return redirect("onboarding:signup-progress", public_id=signup.public_id)
    return _page(request, signup, payment, "paid" if payment.paid else "waiting")


@require_safe
def signup_payment_status(request: HttpRequest, public_id) -> JsonResponse:
    """Whether the payment is confirmed yet, for the waiting page's script."""
    signup = _paying_signup(request, public_id)
    payment = signup_payment_get(signup=signup)
    response = JsonResponse({"paid": bool(payment and payment.paid)})
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_safe
def signup_payment_cancel(request: HttpRequest, public_id) -> HttpResponse:
    """Checkout cancelled: the city works on the free plan; pay again or go on without."""
    signup = _paying_signup(request, public_id)
    payment = signup_payment_get(signup=signup)
    if payment is None:
        return redirect("onboarding:signup-progress", public_id=signup.public_id)
    if payment.paid:
        return redirect("onboarding:signup-payment", public_id=signup.public_id)
    return _page(request, signup, payment, "cancelled")
