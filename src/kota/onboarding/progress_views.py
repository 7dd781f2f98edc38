"""After "Create": the waiting page with real progress, its status endpoint, the hand-over
to the new city's console (a one-time login link on the city's own host) and retry. A
signup of a paid plan goes on to pay from here (kota.onboarding.payment_views)."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from kota.onboarding.models import Signup, SignupStatus
from kota.onboarding.ownership import signup_get_for_session
from kota.onboarding.selectors import payment_required, signup_plan
from kota.onboarding.services import (
    PROGRESS_STEPS,
    signup_login_link,
    signup_progress_key,
    signup_retry,
)

STEP_LABELS = {
    "reserving": _("Reserving the address"),
    "creating": _("Creating the database"),
    "seeding": _("Seeding the modules and the admin account"),
    "styling": _("Applying the look"),
    "ready": _("Ready"),
}


def _owned_signup(request: HttpRequest, public_id) -> Signup:
    return signup_get_for_session(request=request, public_id=public_id)


def _pays(signup: Signup) -> bool:
    """Whether the signup's plan is bought by card once its city exists."""
    plan = signup_plan(signup)
    return plan is not None and payment_required(plan)


def _status(signup: Signup) -> dict:
    if signup.status == SignupStatus.READY:
        step = "ready"
    elif signup.status == SignupStatus.RUNNING:
        step = cache.get(signup_progress_key(signup)) or "reserving"
    else:
        step = ""
    return {
        "status": signup.status,
        "step": step,
        "steps": [{"key": key, "label": str(STEP_LABELS[key])} for key in PROGRESS_STEPS],
        "error": signup.error,
        "console_url": reverse("onboarding:signup-go", args=[signup.public_id])
        if signup.status == SignupStatus.READY
        else None,
        # A paid plan: once ready, the officer goes on to pay instead of to the console.
        "payment_url": reverse("onboarding:signup-pay", args=[signup.public_id])
        if signup.status == SignupStatus.READY and _pays(signup)
        else None,
    }


@require_safe
def signup_progress(request: HttpRequest, public_id) -> HttpResponse:
    signup = _owned_signup(request, public_id)
    return render(
        request,
        "onboarding/progress.html",
        {
            "signup": signup,
            "state": _status(signup),
            "refresh": signup.status in {"queued", "running"},
            "plan": signup_plan(signup) if _pays(signup) else None,
        },
    )


@require_safe
def signup_status(request: HttpRequest, public_id) -> JsonResponse:
    signup = _owned_signup(request, public_id)
    response = JsonResponse(_status(signup))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def signup_go(request: HttpRequest, public_id) -> HttpResponse:
    """Into the new city's console, signed in, through a one-time link on its host; once.
    After that (or too late) the console's login page."""
    signup = _owned_signup(request, public_id)
    secret = signup_login_link(signup=signup)
    if secret is None:
        if signup.status == SignupStatus.READY:
            return redirect(f"{signup.city_base_url}/accounts/login/?next=/console/")
        return redirect("onboarding:signup-progress", public_id=signup.public_id)
    return redirect(f"{signup.city_base_url}/accounts/login/link/{secret}/")


@require_POST
def signup_retry_view(request: HttpRequest, public_id) -> HttpResponse:
    signup = _owned_signup(request, public_id)
    try:
        signup_retry(signup=signup)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("onboarding:signup-progress", public_id=signup.public_id)
