"""Reads for the signup wizard."""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kota.billing.models import Account, Plan, SubscriptionStatus
from kota.billing.selectors import plan_get
from kota.core.counters import window_count
from kota.onboarding.models import Signup, SignupStatus
from kota.tenancy.models import City
from kota.tenancy.slugs import SLUG_MAX_LENGTH, slug_validate

_PREFIXES = ("kota ", "kabupaten ", "kab. ", "kab ")


@dataclass(frozen=True)
class SlugCheck:
    slug: str
    available: bool
    message: str
    suggestions: tuple[str, ...]
    url: str


def slug_propose(name: str) -> str:
    """An address from a city's name, without its kind: "Kabupaten Gunung Kidul" →
    "gunung-kidul"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:SLUG_MAX_LENGTH].strip("-")


def slug_taken(slug: str) -> bool:
    """Taken by a city, or by a signup being created right now."""
    return (
        City.objects.filter(slug=slug).exists()
        or Signup.objects.filter(
            slug=slug, status__in=[SignupStatus.QUEUED, SignupStatus.RUNNING]
        ).exists()
    )


def slug_alternatives(slug: str, *, kind: str = "", province: str = "") -> tuple[str, ...]:
    """Up to three free addresses close to ``slug``."""
    candidates = []
    if kind:
        candidates += [f"{kind}-{slug}", f"{slug}{kind[:3]}"]
    if province:
        candidates.append(f"{slug}-{slug_propose(province)}")
    candidates += [f"{slug}-{n}" for n in range(2, 6)]
    free = []
    for candidate in candidates:
        candidate = candidate[:SLUG_MAX_LENGTH].strip("-")
        try:
            slug_validate(candidate)
        except ValidationError:
            continue
        if candidate not in free and not slug_taken(candidate):
            free.append(candidate)
        if len(free) == 3:
            break
    return tuple(free)


def city_url_for_slug(slug: str, *, port: str = "", scheme: str = "http") -> str:
    suffix = f":{port}" if port else ""
    return f"{scheme}://{slug}.{settings.KOTA_ROOT_DOMAIN}{suffix}/"


def slug_check(*, slug: str, kind: str = "", province: str = "", port: str = "") -> SlugCheck:
    """Is ``slug`` a valid address that nobody has? With a reason and alternatives."""
    slug = (slug or "").strip().lower()
    url = city_url_for_slug(slug, port=port) if slug else ""
    try:
        slug_validate(slug)
    except ValidationError as error:
        return SlugCheck(slug, False, " ".join(error.messages), (), url)
    if slug_taken(slug):
        return SlugCheck(
            slug,
            False,
            _("%(slug)s is already taken.") % {"slug": slug},
            slug_alternatives(slug, kind=kind, province=province),
            url,
        )
    return SlugCheck(slug, True, "", (), url)


SLUG_CHECKS_PER_MINUTE = 60


def slug_checks_exhausted(client_address: str) -> bool:
    """Count one address check for ``client_address``; True past the minute's allowance."""
    count = window_count(f"kota:signup:v1:slug-checks:{client_address}", seconds=60)
    return count > SLUG_CHECKS_PER_MINUTE


def signup_get(*, public_id) -> Signup | None:
    return Signup.objects.filter(public_id=public_id).first()


# --- Plans at signup, and the payment that follows a paid one -----------------------------


def payment_required(plan: Plan) -> bool:
    """Whether a city on ``plan`` pays for it by card (Stripe Checkout) right after it is
    created. A plan billed by invoice is arranged with us, never bought in the wizard."""
    return plan.price_idr > 0 and not plan.billed_by_invoice


def plan_choosable(plan: Plan) -> bool:
    """Whether the wizard lets a new city choose ``plan``: a free one, or one paid by card."""
    return plan.price_idr == 0 or payment_required(plan)


@dataclass(frozen=True)
class SignupPayment:
    """Where the payment of a ready signup's paid plan stands."""

    city: City
    plan: Plan
    # Only the webhook events make this true (kota.billing.services.account_sync): the
    # city's account is on the plan and its subscription is active or trialing.
    paid: bool


_PAID = {SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING}


def signup_plan(signup: Signup) -> Plan | None:
    """The plan chosen in the wizard (None: the free plan, or one no longer there)."""
    return plan_get(key=signup.plan_key) if signup.plan_key else None


def signup_payment_get(*, signup: Signup) -> SignupPayment | None:
    """The payment a ready signup is to make, or None: a free plan (nothing to pay), a
    signup whose city is not made (yet), or a city since removed."""
    if signup.status != SignupStatus.READY or signup.city_id is None:
        return None
    plan = signup_plan(signup)
    if plan is None or not payment_required(plan):
        return None
    city = City.objects.filter(pk=signup.city_id).first()
    if city is None:
        return None
    account = Account.objects.filter(city=city).first()
    paid = account is not None and account.plan_id == plan.pk and account.status in _PAID
    return SignupPayment(city=city, plan=plan, paid=paid)
