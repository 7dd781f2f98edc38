"""Writes of the signup wizard: submitting a signup, and creating its city.

``signup_submit`` records the signup (one per wizard run, however often it is submitted)
and hands it to a task after commit. ``signup_city_create`` (the task's work) makes the
whole city in one transaction: the city and its schema, its modules, its first admin,
its look, a one-time login link. Any failure rolls all of it back and leaves the signup
"failed" with a message, ready to retry. Progress for the waiting page goes to the cache,
which a transaction does not hide.
"""

import ipaddress
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kota.accounts.services import city_admin_ensure, login_link_create
from kota.billing.selectors import plan_get
from kota.billing.services import checkout_start
from kota.core.counters import window_count
from kota.onboarding.emails import welcome_email_send
from kota.onboarding.models import Signup, SignupStatus
from kota.onboarding.selectors import (
    plan_choosable,
    signup_payment_get,
    slug_alternatives,
    slug_taken,
)
from kota.onboarding.specs import SignupData
from kota.registry.catalog import module_get
from kota.tenancy import schemas
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope, public_scope
from kota.tenancy.services import city_provision
from kota.tenancy.specs import CitySpec, city_spec_validate
from kota.theming.services import branding_update

logger = logging.getLogger(__name__)

# A claimed run older than this died with its worker (the task's hard time limit).
RUN_LIFETIME = timedelta(seconds=300)
# A queued signup no worker picked up in this time is failed by the sweep.
QUEUE_LIFETIME = timedelta(minutes=15)
# A failed signup can be retried for this long; then its password hash is dropped.
RETRY_LIFETIME = timedelta(days=1)
# The new admin is handed to their console once, within this time after creation.
HAND_OVER_WINDOW = timedelta(minutes=15)

# Steps the waiting page shows, in order.
PROGRESS_STEPS = ("reserving", "creating", "seeding", "styling", "ready")
PROGRESS_SECONDS = 3600


def signup_progress_key(signup: Signup) -> str:
    return f"kota:signup:v1:{signup.public_id}:step"


def _progress(signup: Signup, step: str) -> None:
    cache.set(signup_progress_key(signup), step, PROGRESS_SECONDS)


def city_spec_for(data: SignupData) -> CitySpec:
    """The city a signup makes. Always on the free plan (``plan`` left empty), with the
    modules chosen switched on even where only a paid plan allows them: enabled but not
    live until the payment's webhook events give the plan (kota.registry.gating)."""
    return CitySpec(
        slug=data.slug,
        name=data.name,
        kind=data.kind,
        province=data.province,
        time_zone=data.time_zone,
        languages=tuple(data.languages),
        theme=data.theme,
        primary_color=data.primary_color,
        secondary_color=data.secondary_color,
        modules=tuple(data.modules),
        launched=False,
    )


def signup_validate(*, data: SignupData, password: str | None) -> None:
    """Everything the wizard's steps checked, checked again as a whole (the password only
    when given in clear: the wizard keeps only its hash, checked at its step). Raises
    ValidationError mapping each field to its messages."""
    errors: dict[str, list[str]] = {}
    try:
        city_spec_validate(city_spec_for(data))
    except ValidationError as error:
        errors.update(error.message_dict)
    for field_name, value in (
        ("contact_email", data.contact_email),
        ("admin_email", data.admin_email),
    ):
        try:
            validate_email(value)
        except ValidationError as error:
            errors.setdefault(field_name, []).extend(error.messages)
    if not data.admin_name.strip():
        errors.setdefault("admin_name", []).append(_("This field is required."))
    if password is not None:
        try:
            password_validation.validate_password(password)
        except ValidationError as error:
            errors.setdefault("password", []).extend(error.messages)
    plan = plan_get(key=data.plan)
    if plan is None or not plan.is_public:
        errors.setdefault("plan", []).append(_("Choose one of the plans offered."))
    elif not plan_choosable(plan):
        errors.setdefault("plan", []).append(
            _("The %(plan)s plan is billed by invoice and arranged with us; choose another.")
            % {"plan": plan.name}
        )
    else:
        outside = [key for key in data.modules if key not in plan.modules]
        if outside:
            names = ", ".join(str(module_get(key).name) for key in outside if module_get(key))
            errors.setdefault("modules", []).append(
                _("The %(plan)s plan does not include %(modules)s.")
                % {"plan": plan.name, "modules": names}
            )
    if errors:
        raise ValidationError(errors)


def _rate_limit(client_address: str | None) -> None:
    if not client_address:
        return
    count = window_count(f"kota:signup:v1:address:{client_address}", seconds=3600)
    if count > settings.KOTA_SIGNUPS_PER_HOUR:
        raise ValidationError(
            {"__all__": [_("Too many signups from your network; please try again in an hour.")]}
        )


def _ip_or_none(address: str | None) -> str | None:
    """Only a real IP address is stored (a proxy may forward ``host:port`` or a name)."""
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def _taken(slug: str, *, kind: str, province: str) -> ValidationError:
    alternatives = slug_alternatives(slug, kind=kind, province=province)
    message = _("%(slug)s was just taken.") % {"slug": slug}
    if alternatives:
        message += " " + _("Free nearby: %(alternatives)s.") % {
            "alternatives": ", ".join(alternatives)
        }
    return ValidationError({"slug": [message]})


def signup_submit(
    *,
    data: SignupData,
    logo_png: bytes | None,
    submission_key: str,
    client_address: str | None,
    password: str | None = None,
    password_hash: str | None = None,
    city_base_url: str = "",
) -> Signup:
    """Validate everything once more, record the signup and start creating its city (a
    Celery task, after commit). The same ``submission_key`` twice returns the first
    signup. ``city_base_url`` is where the new city will answer for the person signing up
    (``http://<slug>.<root>:<port>``), for the links in the welcome email. Raises
    ValidationError (field → messages) for bad data, an address someone else has, or too
    many signups from one address."""
    existing = Signup.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    client_address = _ip_or_none(client_address)
    if not (password or password_hash):
        raise ValidationError({"password": [_("Choose a password for the admin.")]})
    signup_validate(data=data, password=password)
    if slug_taken(data.slug):
        raise _taken(data.slug, kind=data.kind, province=data.province)
    _rate_limit(client_address)
    try:
        with transaction.atomic():
            signup = Signup.objects.create(
                submission_key=submission_key,
                slug=data.slug,
                data=data.as_json(),
                plan_key=data.plan,
                admin_password_hash=password_hash or make_password(password),
                logo_png=logo_png,
                client_address=client_address,
                city_base_url=city_base_url,
            )
            _enqueue(signup)
    except IntegrityError as error:
        # The same wizard run submitted twice at once, or another signup took the address.
        existing = Signup.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
        raise _taken(data.slug, kind=data.kind, province=data.province) from error
    return signup


def signup_retry(*, signup: Signup) -> Signup:
    """Start a failed signup again (same data); refused if its address was taken since."""
    if signup.status != SignupStatus.FAILED:
        return signup
    if not signup.admin_password_hash:
        raise ValidationError(
            {"__all__": [_("This signup is too old to retry; please fill in the wizard again.")]}
        )
    data = SignupData.from_json(signup.data)
    if slug_taken(signup.slug):
        raise _taken(signup.slug, kind=data.kind, province=data.province)
    try:
        with transaction.atomic():
            updated = Signup.objects.filter(pk=signup.pk, status=SignupStatus.FAILED).update(
                status=SignupStatus.QUEUED, error="", finished_at=None
            )
            if updated:
                _enqueue(signup)
    except IntegrityError as error:
        raise _taken(signup.slug, kind=data.kind, province=data.province) from error
    signup.refresh_from_db()
    return signup


def _enqueue(signup: Signup) -> None:
    from kota.onboarding.tasks import signup_city_create_task

    public_id = str(signup.public_id)

    def send() -> None:
        # Sent from public: the worker enters the schema a task was sent from, and the
        # platform's own schema (where the wizard's requests run) is not a city.
        try:
            with public_scope():
                signup_city_create_task.delay(public_id)
        except Exception:
            # The broker is down: say so on the waiting page (with a retry), not a 500.
            logger.exception("Signup %s could not be queued.", public_id)
            Signup.objects.filter(public_id=public_id, status=SignupStatus.QUEUED).update(
                status=SignupStatus.FAILED,
                error=_("The city could not be started; please try again in a moment."),
                finished_at=timezone.now(),
            )

    transaction.on_commit(send)


def signup_city_create(*, signup: Signup) -> City | None:
    """Make the signup's city, all or nothing; the signup ends "ready" or "failed"."""
    with public_scope():
        now = timezone.now()
        claimable = Q(status=SignupStatus.QUEUED) | Q(
            status=SignupStatus.RUNNING, started_at__lt=now - RUN_LIFETIME
        )
        claimed = Signup.objects.filter(claimable, pk=signup.pk).update(
            status=SignupStatus.RUNNING, started_at=now
        )
        if not claimed:  # done, or running elsewhere right now (a redelivered task)
            return None
        data = SignupData.from_json(signup.data)
        _progress(signup, "reserving")
        try:
            schemas.template_ensure_current()  # outside the transaction: it may migrate
            _progress(signup, "creating")
            with transaction.atomic():
                city = _city_make(signup=signup, data=data)
        except Exception as error:
            _signup_fail(signup, data=data, error=error)
            return None
    logger.info("Signup %s made city %s.", signup.public_id, city.slug)
    return city


def _city_make(*, signup: Signup, data: SignupData) -> City:
    city = city_provision(spec=city_spec_for(data))
    _progress(signup, "seeding")
    admin, _created = city_admin_ensure(
        city=city,
        email=data.admin_email,
        full_name=data.admin_name,
        password_hash=signup.admin_password_hash,
        preferred_language=data.languages[0] if data.languages else "",
    )
    _progress(signup, "styling")
    if signup.logo_png:
        branding_update(
            city=city,
            actor=None,
            tagline=city.tagline,
            primary_color=city.primary_color,
            secondary_color=city.secondary_color,
            theme=city.theme,
            logo=SimpleUploadedFile("logo.png", bytes(signup.logo_png), "image/png"),
        )
    city.refresh_from_db()
    Signup.objects.filter(pk=signup.pk).update(
        status=SignupStatus.READY,
        finished_at=timezone.now(),
        admin_password_hash="",
        logo_png=None,
        error="",
        city_id=city.pk,
        admin_public_id=admin.public_id,
    )
    welcome_email_send(city=city, admin=admin, base_url=signup.city_base_url or None)
    transaction.on_commit(lambda: _progress(signup, "ready"))
    return city


def _signup_fail(signup: Signup, *, data: SignupData, error: Exception) -> None:
    if isinstance(error, ValidationError) and "slug" in getattr(error, "message_dict", {}):
        message = str(_taken(data.slug, kind=data.kind, province=data.province).messages[0])
    elif isinstance(error, ValidationError):
        message = " ".join(error.messages)
    else:
        logger.exception("Signup %s failed.", signup.public_id)
        message = _("Something went wrong while creating the city; nothing was kept.")
    Signup.objects.filter(pk=signup.pk).update(
        status=SignupStatus.FAILED, error=message, finished_at=timezone.now()
    )
    cache.delete(signup_progress_key(signup))


def signup_login_link(*, signup: Signup) -> str | None:
    """The one hand-over of a ready signup: a one-time link that signs the new admin in on
    their city's console. Only once, and only soon after the city was made: later the
    admin logs in like everyone else. None otherwise."""
    if signup.status != SignupStatus.READY or signup.city_id is None:
        return None
    handed = Signup.objects.filter(
        pk=signup.pk,
        handed_over_at=None,
        finished_at__gt=timezone.now() - HAND_OVER_WINDOW,
    ).update(handed_over_at=timezone.now())
    if not handed:
        return None
    city = City.objects.filter(pk=signup.city_id).first()
    if city is None:
        return None
    with city_scope(city):
        admin = get_user_model().objects.filter(public_id=signup.admin_public_id).first()
    if admin is None:
        return None
    return login_link_create(city=city, user=admin)


def signups_sweep() -> int:
    """Fail the signups whose run can no longer finish: queued with no worker taking them,
    or claimed by a worker that died. Their address is free again and the person may
    retry. Returns how many."""
    now = timezone.now()
    stuck = Q(status=SignupStatus.QUEUED, created_at__lt=now - QUEUE_LIFETIME) | Q(
        status=SignupStatus.RUNNING, started_at__lt=now - RUN_LIFETIME - QUEUE_LIFETIME
    )
    swept = Signup.objects.filter(stuck).update(
        status=SignupStatus.FAILED,
        error=_("Creating the city took too long and was stopped; please try again."),
        finished_at=now,
    )
    # A failure nobody retried within a day: its password hash and logo are not kept.
    Signup.objects.filter(status=SignupStatus.FAILED, finished_at__lt=now - RETRY_LIFETIME).exclude(
        admin_password_hash=""
    ).update(admin_password_hash="", logo_png=None)
    return swept


def signup_checkout_start(*, signup: Signup, success_url: str, cancel_url: str) -> str:
    """Send the new city's officer to Stripe Checkout for the paid plan chosen in the
    wizard; returns Checkout's address. Nothing is given here: the plan follows the
    subscription's webhook events. Raises ValidationError when there is nothing to pay
    (a free plan, a city not made yet, or a plan already paid for) or Checkout refuses it
    (a subscription already running), and BillingUnavailable when Stripe cannot be
    reached; the city stays on the free plan either way."""
    payment = signup_payment_get(signup=signup)
    if payment is None:
        raise ValidationError(_("This signup has nothing to pay."))
    if payment.paid:
        raise ValidationError(_("The %(plan)s plan is already paid for.") % {"plan": payment.plan})
    return checkout_start(
        city=payment.city, plan=payment.plan, success_url=success_url, cancel_url=cancel_url
    )
