"""The signup wizard's state: what an officer has entered so far, and which steps are done.

Everything lives in the officer's own session until they press "Create": the wizard writes
no row of its own before kota.onboarding.services.signup_submit, so an abandoned wizard
leaves nothing behind but the session. The admin's password is never kept: only its hash,
made as soon as step 3 has checked it, and it goes with the rest of the state after a
successful submission.

A paid plan is paid for after "Create", never before: the city is made on the free plan
with the modules chosen switched on, and the officer goes from its progress page to Stripe
Checkout (kota.onboarding.payment_views); the paid modules go live once the payment's
webhook events have arrived. So the way through is the same seven steps for every plan.

A step is complete once its answers are saved; a step can only be opened when every step
before it is complete. Answers are saved only after their step's form has validated them,
and the review validates them all once more, since time passes between steps (an address
can be taken meanwhile).
"""

import base64
import secrets
from dataclasses import dataclass

from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kota.billing.models import Plan
from kota.billing.selectors import plan_get
from kota.onboarding.specs import SignupData

SESSION_KEY = "kota.signup"
# The public id of the signup this session last submitted: a refreshed or repeated "Create"
# finds its progress page instead of an empty wizard.
LAST_SIGNUP_KEY = "kota.signup.last"
# Until the officer chooses a plan (step 6), modules are offered as the free plan has them.
DEFAULT_PLAN = "gratis"


@dataclass(frozen=True)
class Step:
    key: str
    url_name: str
    title: str | Promise


CITY = Step("city", "onboarding:signup", _("The city"))
ADDRESS = Step("address", "onboarding:signup-address", _("The address"))
ADMIN = Step("admin", "onboarding:signup-admin", _("The first admin"))
MODULES = Step("modules", "onboarding:signup-modules", _("Modules"))
LOOK = Step("look", "onboarding:signup-look", _("The look"))
PLAN = Step("plan", "onboarding:signup-plan", _("The plan"))
REVIEW = Step("review", "onboarding:signup-review", _("Review and create"))
STEPS = (CITY, ADDRESS, ADMIN, MODULES, LOOK, PLAN, REVIEW)


class WizardState:
    """The wizard's answers in ``session``. Changes are written back to the session at once
    (and so saved with it at the end of the request)."""

    def __init__(self, session: SessionBase):
        self._session = session
        self._state: dict = dict(session.get(SESSION_KEY) or {})
        self._plans: dict[str, Plan | None] = {}

    # --- answers -------------------------------------------------------------------------

    def answers(self, step: Step) -> dict | None:
        """What was saved for ``step``, or None if it is not complete."""
        return self._state.get("steps", {}).get(step.key)

    def save(self, step: Step, answers: dict) -> None:
        """Save ``step``'s validated answers (JSON-serialisable values)."""
        steps = dict(self._state.get("steps", {}))
        steps[step.key] = answers
        self._state["steps"] = steps
        self._write()

    def value(self, step: Step, name: str, default=None):
        return (self.answers(step) or {}).get(name, default)

    @property
    def submission_key(self) -> str:
        """Made when the wizard starts; signup_submit creates one city per key."""
        return self._state.get("submission_key", "")

    @property
    def password_hash(self) -> str:
        """The admin's password, hashed (Argon2) when step 3 accepted it."""
        return self._state.get("password_hash", "")

    @password_hash.setter
    def password_hash(self, value: str) -> None:
        self._state["password_hash"] = value
        self._write()

    @property
    def logo_png(self) -> bytes | None:
        """The logo, already checked and re-encoded as PNG by kota.theming.images."""
        encoded = self._state.get("logo_png")
        return base64.b64decode(encoded) if encoded else None

    @logo_png.setter
    def logo_png(self, value: bytes | None) -> None:
        if value:
            self._state["logo_png"] = base64.b64encode(value).decode("ascii")
        else:
            self._state.pop("logo_png", None)
        self._write()

    # --- the way through -----------------------------------------------------------------

    def plan_key(self) -> str:
        """The plan chosen so far (the free plan until step 6)."""
        return self.value(PLAN, "plan") or DEFAULT_PLAN

    def plan(self) -> Plan | None:
        key = self.plan_key()
        if key not in self._plans:
            self._plans[key] = plan_get(key=key)
        return self._plans[key]

    def steps(self) -> tuple[Step, ...]:
        """The steps, in order: the same for every plan (a paid one is paid for after
        "Create", from the new city's progress page)."""
        return STEPS

    def first_incomplete(self) -> Step:
        """The first step without saved answers (the review once all are done)."""
        for step in self.steps():
            if step is REVIEW or self.answers(step) is None:
                return step
        return REVIEW

    def may_open(self, step: Step) -> bool:
        """Whether every step before ``step`` is complete."""
        steps = self.steps()
        if step not in steps:
            return False
        return steps.index(step) <= steps.index(self.first_incomplete())

    def previous(self, step: Step) -> Step | None:
        steps = self.steps()
        index = steps.index(step)
        return steps[index - 1] if index > 0 else None

    def next(self, step: Step) -> Step:
        steps = self.steps()
        return steps[min(steps.index(step) + 1, len(steps) - 1)]

    def signup_data(self) -> SignupData:
        """Everything collected, for signup_submit; every step must be complete."""
        return SignupData(
            **self.answers(CITY),
            **self.answers(ADDRESS),
            **self.answers(ADMIN),
            modules=tuple(self.value(MODULES, "modules", ())),
            **self.answers(LOOK),
            plan=self.plan_key(),
        )

    def clear(self) -> None:
        """Forget everything, the password included."""
        self._state = {}
        self._session.pop(SESSION_KEY, None)

    def _write(self) -> None:
        if not self._state.get("submission_key"):
            self._state["submission_key"] = secrets.token_urlsafe(32)
        # A new dict each time, so that the session sees the change and saves it.
        self._session[SESSION_KEY] = dict(self._state)


def step_by_key(key: str) -> Step | None:
    for step in STEPS:
        if step.key == key:
            return step
    return None


# Where each field that signup_submit may complain about is entered (its own names, and
# CitySpec's for the admin).
_FIELD_STEPS = {
    "name": CITY,
    "kind": CITY,
    "province": CITY,
    "time_zone": CITY,
    "contact_email": CITY,
    "slug": ADDRESS,
    "admin_name": ADMIN,
    "admin_email": ADMIN,
    "admin.name": ADMIN,
    "admin.email": ADMIN,
    "password": ADMIN,
    "modules": MODULES,
    "theme": LOOK,
    "primary_color": LOOK,
    "secondary_color": LOOK,
    "logo": LOOK,
    "logo_png": LOOK,
    "plan": PLAN,
}


def problems_by_step(error: ValidationError) -> list[tuple[Step | None, list[str]]]:
    """A ValidationError's messages grouped by the step where they can be put right (None:
    no step, such as too many signups from one address), in the order of the steps."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    grouped: dict[Step | None, list[str]] = {}
    for field, messages in by_field.items():
        grouped.setdefault(_FIELD_STEPS.get(field), []).extend(messages)
    order = [CITY, ADDRESS, ADMIN, MODULES, LOOK, PLAN, None]
    return sorted(grouped.items(), key=lambda item: order.index(item[0]))
