"""The platform site's pages: the front page and the signup wizard.

Thin on purpose: the step forms (kota.onboarding.forms) validate, the wizard's state
(kota.onboarding.wizard) keeps the answers in the officer's session, and
kota.onboarding.services.signup_submit records the signup and creates the city.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.request import split_domain_port
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from kota.accounts.login_limits import client_address
from kota.billing.selectors import plan_get, plans_offered
from kota.onboarding.forms import HoneypotForm, saved_answers_problems, step_form
from kota.onboarding.ownership import signup_remember
from kota.onboarding.selectors import (
    city_url_for_slug,
    payment_required,
    plan_choosable,
    slug_check,
    slug_checks_exhausted,
)
from kota.onboarding.services import signup_submit
from kota.onboarding.wizard import (
    ADDRESS,
    ADMIN,
    CITY,
    LAST_SIGNUP_KEY,
    LOOK,
    MODULES,
    PLAN,
    REVIEW,
    Step,
    WizardState,
    problems_by_step,
    step_by_key,
)
from kota.registry.catalog import module_get, modules
from kota.tenancy.regions import CityKind, TimeZone
from kota.tenancy.selectors import city_list_live, city_primary_host
from kota.theming.packs import theme_pack


def home(request: HttpRequest) -> HttpResponse:
    """The platform's front page: what Kota is, its plans, the cities already live."""
    port = _port(request)
    suffix = f":{port}" if port else ""
    cities = [
        {"city": city, "url": f"{request.scheme}://{host}{suffix}/"}
        for city in city_list_live()
        if (host := city_primary_host(city))
    ]
    return render(
        request,
        "onboarding/home.html",
        {"cities": cities, "plans": plan_cards(list(plans_offered()))},
    )


def plan_cards(plans) -> list[dict]:
    """Each plan with the registered modules it includes and whether it can be chosen yet."""
    registered = modules()
    return [
        {
            "plan": plan,
            "modules": [module for module in registered if module.key in plan.modules],
            "choosable": plan_choosable(plan),
        }
        for plan in plans
    ]


# The wizard.


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup_step(request: HttpRequest, step_key: str) -> HttpResponse:
    """Steps 1 to 6: show the step with what was saved; save valid input and move on."""
    step = step_by_key(step_key)
    state = WizardState(request.session)
    if not state.may_open(step):
        return redirect(state.first_incomplete().url_name)
    port = _port(request)
    status = 200
    if request.method == "POST":
        form = step_form(step, state, data=request.POST, files=request.FILES, port=port)
        preset = request.POST.get("preset")
        if step is MODULES and preset in CityKind.values:
            form = step_form(step, state, port=port)
            form.initial = {"modules": form.preset(preset)}
        elif form.is_valid():
            form.save(state)
            return redirect(_after_save(request, state, step).url_name)
        elif "back" in request.POST and (previous := state.previous(step)):
            # Going back never needs valid input; what was saved before stays.
            return redirect(previous.url_name)
        else:
            status = 400
    else:
        form = step_form(step, state, port=port)
        if step is ADDRESS and request.GET.get("slug"):
            # A suggested address, chosen without scripts: shown and checked, not yet saved.
            form.initial = {"slug": request.GET["slug"][:100].strip().lower()}
    context = {"form": form, **_wizard_context(request, state, step), **_step_context(step, form)}
    return render(request, f"onboarding/signup/{step.key}.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup_review(request: HttpRequest) -> HttpResponse:
    """Step 7: everything on one page; "Create" submits the signup."""
    state = WizardState(request.session)
    if not state.submission_key and (last := request.session.get(LAST_SIGNUP_KEY)):
        # Already submitted (a refresh, a second tab): its progress, not an empty wizard.
        return redirect(reverse("onboarding:signup-progress", args=[last]))
    if not state.may_open(REVIEW):
        return redirect(state.first_incomplete().url_name)
    # (step or None, messages): the saved answers are checked again, time has passed.
    problems = saved_answers_problems(state, port=_port(request))
    status = 200
    if request.method == "POST":
        status = 400
        if HoneypotForm(data=request.POST).is_robot():
            problems.append((None, [_("The city could not be created. Please try again.")]))
        elif not problems:
            try:
                signup = signup_submit(
                    data=state.signup_data(),
                    password_hash=state.password_hash,
                    logo_png=state.logo_png,
                    submission_key=state.submission_key,
                    client_address=_client_address(request),
                    city_base_url=city_url_for_slug(
                        state.signup_data().slug, port=_port(request), scheme=request.scheme
                    ).rstrip("/"),
                )
            except ValidationError as error:
                problems = problems_by_step(error)
            else:
                state.clear()
                request.session[LAST_SIGNUP_KEY] = str(signup.public_id)
                signup_remember(request, signup)
                return redirect(reverse("onboarding:signup-progress", args=[signup.public_id]))
    context = {
        "honeypot": HoneypotForm(),
        "problems": problems,
        "summary": _review_summary(state, port=_port(request)),
        **_wizard_context(request, state, REVIEW),
    }
    return render(request, "onboarding/signup/review.html", context, status=status)


@require_safe
def signup_slug_check(request: HttpRequest) -> JsonResponse:
    """Whether an address is valid and free, as the officer types it (step 2's script).
    Limited per client address, so that the list of cities cannot be harvested quickly."""
    if slug_checks_exhausted(_client_address(request) or "unknown"):
        response = JsonResponse({"detail": _("Too many checks; wait a minute.")}, status=429)
        response["Retry-After"] = "60"
        return response
    state = WizardState(request.session)
    check = slug_check(
        slug=request.GET.get("slug", "")[:100],
        kind=state.value(CITY, "kind", ""),
        province=state.value(CITY, "province", ""),
        port=_port(request),
    )
    response = JsonResponse(
        {
            "available": check.available,
            "message": check.message,
            "suggestions": list(check.suggestions),
            "url": check.url,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def signup_logo(request: HttpRequest) -> HttpResponse:
    """The logo chosen at step 5, from the officer's own session."""
    logo = WizardState(request.session).logo_png
    if not logo:
        raise Http404
    response = HttpResponse(logo, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


# Helpers of the views above.


def _port(request: HttpRequest) -> str:
    return split_domain_port(request.get_host())[1]


def _client_address(request: HttpRequest) -> str | None:
    address = client_address(request)
    return None if address == "unknown" else address


def _after_save(request: HttpRequest, state: WizardState, step: Step) -> Step:
    if "back" in request.POST and (previous := state.previous(step)):
        return previous
    if request.POST.get("return") == "review":
        # A change made from the review page goes back there (or to what is still missing).
        return state.first_incomplete()
    return state.next(step)


def _wizard_context(request: HttpRequest, state: WizardState, step: Step) -> dict:
    steps = state.steps()
    return {
        "step": step,
        "step_number": steps.index(step) + 1,
        "step_count": len(steps),
        "previous_step": state.previous(step),
        "returning_to_review": request.GET.get("return") == "review"
        or request.POST.get("return") == "review",
        "steps": [
            {
                "step": each,
                "number": number,
                "open": state.may_open(each),
                "done": each is not REVIEW and state.answers(each) is not None,
                "current": each is step,
            }
            for number, each in enumerate(steps, start=1)
        ],
        "city_name": state.value(CITY, "name", ""),
        "logo_saved": bool(state.logo_png),
    }


def _step_context(step: Step, form) -> dict:
    if step is ADDRESS:
        check = form.check
        if not form.is_bound and (slug := form.initial.get("slug")):
            # Shown before anything is sent, so the proposal's availability is known at once.
            check = slug_check(slug=slug, kind=form.kind, province=form.province, port=form.port)
        return {"check": check}
    if step is LOOK:
        return form.look_context()
    if step is PLAN:
        cards = plan_cards(form.offered.values())
        chosen = form.data.get("plan") if form.is_bound else form.initial.get("plan")
        for card in cards:
            card["checked"] = card["plan"].key == chosen
        return {"plan_cards": cards}
    return {}


def _review_summary(state: WizardState, *, port: str) -> dict:
    city = state.answers(CITY)
    look = state.answers(LOOK)
    plan = state.plan()
    pays = plan is not None and payment_required(plan)
    free = plan_get(key=settings.KOTA_BILLING_FREE_PLAN) if pays else None
    return {
        "city": {
            **city,
            "kind_label": CityKind(city["kind"]).label,
            "time_zone_label": TimeZone(city["time_zone"]).label,
        },
        "url": city_url_for_slug(state.value(ADDRESS, "slug"), port=port),
        "admin": state.answers(ADMIN),
        "modules": [
            module for key in state.value(MODULES, "modules", []) if (module := module_get(key))
        ],
        "look": {**look, "theme_name": theme_pack(look["theme"]).name},
        "plan": plan,
        "pays": pays,
        # The modules chosen that the free plan does not include: live once paid for.
        "after_payment": set(plan.modules) - set(free.modules if free else ()) if pays else set(),
    }
