"""The signup wizard's steps as forms: each parses and validates its step's input with the
rules the city's creation applies (kota.tenancy.specs, kota.tenancy.slugs,
kota.theming), then saves its answers into the wizard's state (kota.onboarding.wizard).

Django ties each field's help text and errors to its input (``aria-describedby``).
"""

import json

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kota.billing.models import Plan
from kota.billing.selectors import plans_offered
from kota.onboarding.selectors import plan_choosable, slug_check, slug_propose
from kota.onboarding.wizard import (
    ADDRESS,
    ADMIN,
    CITY,
    LOOK,
    MODULES,
    PLAN,
    Step,
    WizardState,
)
from kota.registry.catalog import module_get, modules
from kota.registry.modules import Module
from kota.tenancy.regions import PROVINCE_CHOICES, PROVINCE_TIME_ZONES, CityKind, TimeZone
from kota.tenancy.slugs import SLUG_MAX_LENGTH
from kota.tenancy.specs import NAME_MAX_LENGTH, city_branding_validate
from kota.theming.contrast import hex_normalise
from kota.theming.forms import LookForm as BrandLookForm
from kota.theming.images import image_read, logo_renditions
from kota.theming.packs import DEFAULT_THEME, theme_pack

PERSON_NAME_MAX_LENGTH = 150
# Logos are drawn for light backgrounds (the same choice as the console's).
_MASKABLE_BACKGROUND = "#ffffff"

# The same rule as a city's name in kota.tenancy.specs: no markup, no control characters.
plain_text_validator = RegexValidator(
    regex=r"[<>\x00-\x1f\x7f]",
    inverse_match=True,
    message=_("Angle brackets and control characters are not allowed."),
    code="unsafe_text",
)


def _attrs(autocomplete: str, **extra) -> dict:
    return {"autocomplete": autocomplete, **extra}


class StepForm(forms.Form):
    """A wizard step: ``save`` puts its validated answers into the wizard's state."""

    step: Step
    # The cleaned fields that are the step's answers.
    answer_fields: tuple[str, ...] = ()

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.answer_fields}

    def save(self, state: WizardState) -> None:
        state.save(self.step, self.answers())


# 1. The city


class CityForm(StepForm):
    step = CITY
    answer_fields = ("name", "kind", "province", "time_zone", "contact_email")

    name = forms.CharField(
        label=_("Official name"),
        max_length=NAME_MAX_LENGTH,
        validators=[plain_text_validator],
        help_text=_("As in the region's regulations, e.g. Kabupaten Gunung Kidul."),
        widget=forms.TextInput(attrs=_attrs("organization")),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CityKind.choices, widget=forms.RadioSelect)
    province = forms.ChoiceField(
        label=_("Province"),
        choices=[("", _("Choose a province")), *PROVINCE_CHOICES],
        widget=forms.Select(
            attrs={"data-time-zones": json.dumps(PROVINCE_TIME_ZONES, ensure_ascii=False)}
        ),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[("", _("The province's usual time zone")), *TimeZone.choices],
        required=False,
        help_text=_("WIB, WITA or WIT: proposed from the province; change it if yours differs."),
    )
    contact_email = forms.EmailField(
        label=_("Contact email"),
        help_text=_("Where Kota writes to the region about its site and its plan."),
        widget=forms.EmailInput(attrs=_attrs("email", inputmode="email")),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not any(character.isalpha() for character in name):
            raise ValidationError(_("Enter the region's name in letters."), code="no_letters")
        return name

    def clean(self) -> dict:
        cleaned = super().clean()
        province = cleaned.get("province")
        if province and not cleaned.get("time_zone"):
            cleaned["time_zone"] = str(PROVINCE_TIME_ZONES[province])
        return cleaned


# 2. The address


class AddressForm(StepForm):
    step = ADDRESS
    answer_fields = ("slug",)

    slug = forms.CharField(
        label=_("Address"),
        strip=True,
        help_text=_(
            "3 to 40 lowercase letters, digits or hyphens; the city's site will be at this "
            "name under the platform's domain."
        ),
        widget=forms.TextInput(
            attrs=_attrs(
                "off",
                maxlength=SLUG_MAX_LENGTH,
                autocapitalize="none",
                spellcheck="false",
                inputmode="url",
            )
        ),
    )

    def __init__(self, *args, kind: str = "", province: str = "", port: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.province, self.port = kind, province, port
        self.check = None

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        self.check = slug_check(slug=slug, kind=self.kind, province=self.province, port=self.port)
        if not self.check.available:
            raise ValidationError(self.check.message, code="unavailable")
        return slug


# 3. The first city admin


class AdminForm(StepForm):
    step = ADMIN
    answer_fields = ("admin_name", "admin_email")

    admin_name = forms.CharField(
        label=_("Full name"),
        max_length=PERSON_NAME_MAX_LENGTH,
        validators=[plain_text_validator],
        widget=forms.TextInput(attrs=_attrs("name")),
    )
    admin_email = forms.EmailField(
        label=_("Email"),
        help_text=_("The admin logs in with it; we send a link to confirm it."),
        widget=forms.EmailInput(attrs=_attrs("email", inputmode="email")),
    )
    password = forms.CharField(
        label=pgettext_lazy("account", "Password"),
        strip=False,
        widget=forms.PasswordInput(attrs=_attrs("new-password")),
    )

    def __init__(self, *args, password_saved: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.password_saved = password_saved
        help_text = password_validation.password_validators_help_text_html()
        if password_saved:
            # The password is never shown again; leaving it empty keeps the one chosen.
            self.fields["password"].required = False
            keep = gettext("Leave it empty to keep the password you chose.")
            help_text = format_html("<p>{}</p>{}", keep, help_text)
        self.fields["password"].help_text = help_text

    def clean(self) -> dict:
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            # An unsaved user, so the similarity check can compare with the name and email.
            user = get_user_model()(
                email=cleaned.get("admin_email", ""), full_name=cleaned.get("admin_name", "")
            )
            try:
                password_validation.validate_password(password, user=user)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned

    def save(self, state: WizardState) -> None:
        super().save(state)
        if self.cleaned_data["password"]:
            # Checked above; from here on only its hash exists, even in the session.
            state.password_hash = make_password(self.cleaned_data["password"])


# 4. Modules


def plan_including(module: Module, plans: list[Plan]) -> Plan | None:
    """The first (cheapest) of ``plans`` that includes ``module``."""
    return next((plan for plan in plans if module.key in plan.modules), None)


class ModulesForm(StepForm):
    step = MODULES
    answer_fields = ("modules",)

    modules = forms.MultipleChoiceField(
        label=_("Modules"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, plan: Plan | None, offered: list[Plan], **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.offered = offered
        self.fields["modules"].choices = [(module.key, module.name) for module in modules()]

    def locked(self, module: Module) -> bool:
        return self.plan is None or module.key not in self.plan.modules

    def preset(self, kind: str) -> list[str]:
        """The modules meant for a city of ``kind`` that the plan includes."""
        return [
            module.key for module in modules() if kind in module.presets and not self.locked(module)
        ]

    def entries(self) -> list[dict]:
        """Each registered module, whether it is chosen, and the plan it needs if locked."""
        if self.is_bound:
            widget = self.fields["modules"].widget
            chosen = set(widget.value_from_datadict(self.data, {}, "modules") or ())
        else:
            chosen = set(self.initial.get("modules", ()))
        return [
            {
                "module": module,
                "checked": module.key in chosen and not self.locked(module),
                "locked": self.locked(module),
                "needs_plan": plan_including(module, self.offered) if self.locked(module) else None,
            }
            for module in modules()
        ]

    def clean_modules(self) -> list[str]:
        keys = self.cleaned_data["modules"]
        errors = []
        for key in keys:
            module = module_get(key)
            if self.locked(module):
                errors.append(
                    ValidationError(
                        _("%(module)s is not included in the %(plan)s plan."),
                        code="locked",
                        params={
                            "module": module.name,
                            "plan": self.plan.name if self.plan else "—",
                        },
                    )
                )
            missing = [module_get(dep) for dep in module.depends_on if dep not in keys]
            if missing:
                errors.append(
                    ValidationError(
                        _("%(module)s needs %(missing)s; choose it too."),
                        code="depends",
                        params={
                            "module": module.name,
                            "missing": ", ".join(str(dep.name) for dep in missing if dep),
                        },
                    )
                )
        if errors:
            raise ValidationError(errors)
        # In the registry's order, whatever order they came in.
        return [module.key for module in modules() if module.key in keys]


# 5. The look


class LookForm(StepForm, BrandLookForm):
    """The look step: the console's look fields (kota.theming.forms.LookForm), with the
    logo kept in the session as a clean PNG."""

    step = LOOK
    answer_fields = ("theme", "primary_color", "secondary_color")

    def __init__(self, *args, logo_saved: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.logo_saved = logo_saved
        self.logo_png: bytes | None = None
        self.fields["logo"].label = _("Logo (optional)")
        if not logo_saved:
            del self.fields["remove_logo"]

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload:
            # Checked and re-encoded now, so only a clean PNG is kept in the session.
            image = image_read(upload)
            self.logo_png = logo_renditions(image, maskable_background=_MASKABLE_BACKGROUND).logo
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()  # the pickers reconciled with the text boxes
        colors = {}
        for name in ("primary_color", "secondary_color"):
            if name not in cleaned:
                colors[name] = None
                continue
            try:
                colors[name] = cleaned[name] = hex_normalise(cleaned[name])
            except ValueError:
                self.add_error(
                    name, _("Enter a colour as # followed by 3 or 6 hexadecimal digits.")
                )
                colors[name] = None
        if "theme" in cleaned:
            # The same rule as the console's branding page: text must read on each colour.
            problems = city_branding_validate(theme=cleaned["theme"], tagline="", **colors)
            for name, messages in problems.items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return cleaned

    def save(self, state: WizardState) -> None:
        super().save(state)
        if self.logo_png:
            state.logo_png = self.logo_png
        elif self.cleaned_data.get("remove_logo"):
            state.logo_png = None


def look_initial(state: WizardState) -> dict:
    saved = state.answers(LOOK)
    if saved is None:
        pack = theme_pack(DEFAULT_THEME)
        saved = {
            "theme": pack.key,
            "primary_color": pack.primary,
            "secondary_color": pack.secondary,
        }
    return {
        **saved,
        "primary_color_picker": saved["primary_color"],
        "secondary_color_picker": saved["secondary_color"],
    }


# 6. The plan


class PlanForm(StepForm):
    step = PLAN
    answer_fields = ("plan",)

    plan = forms.ChoiceField(label=_("Plan"), widget=forms.RadioSelect)

    def __init__(self, *args, offered: list[Plan], modules_chosen: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = {plan.key: plan for plan in offered}
        self.modules_chosen = modules_chosen
        self.fields["plan"].choices = [(plan.key, plan.name) for plan in offered]

    def clean_plan(self) -> str:
        plan = self.offered[self.cleaned_data["plan"]]
        if not plan_choosable(plan):
            raise ValidationError(
                _(
                    "The %(plan)s plan is billed by invoice and arranged with us, not chosen "
                    "here. Choose another plan for now; you can move to %(plan)s later."
                ),
                code="billed_by_invoice",
                params={"plan": plan.name},
            )
        outside = [key for key in self.modules_chosen if key not in plan.modules]
        if outside:
            names = [str(module.name) for key in outside if (module := module_get(key))]
            raise ValidationError(
                _(
                    "The %(plan)s plan does not include %(modules)s. Choose a plan that does, "
                    "or leave them out at the modules step."
                ),
                code="modules_outside_plan",
                params={"plan": plan.name, "modules": ", ".join(names or outside)},
            )
        return plan.key


class HoneypotForm(forms.Form):
    """A field people never see or fill in; a form-filling robot does."""

    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


# The forms of the steps, bound to what the officer sent or to what the wizard saved.


def step_form(step: Step, state: WizardState, *, data=None, files=None, port: str = "") -> StepForm:
    """``step``'s form for ``state``: bound to ``data`` when given, else showing the answers
    saved so far (or proposals for a step not yet done)."""
    saved = state.answers(step)
    if step is CITY:
        return CityForm(data=data, initial=saved)
    if step is ADDRESS:
        initial = saved or {"slug": _slug_proposal(state)}
        return AddressForm(
            data=data,
            initial=initial,
            kind=state.value(CITY, "kind", ""),
            province=state.value(CITY, "province", ""),
            port=port,
        )
    if step is ADMIN:
        return AdminForm(data=data, initial=saved, password_saved=bool(state.password_hash))
    if step is MODULES:
        form = ModulesForm(
            data=data, initial=saved, plan=state.plan(), offered=list(plans_offered())
        )
        if saved is None:
            form.initial = {"modules": form.preset(state.value(CITY, "kind", ""))}
        return form
    if step is LOOK:
        return LookForm(
            data=data, files=files, initial=look_initial(state), logo_saved=bool(state.logo_png)
        )
    if step is PLAN:
        return PlanForm(
            data=data,
            initial=saved or {"plan": state.plan_key()},
            offered=list(plans_offered()),
            modules_chosen=state.value(MODULES, "modules", []),
        )
    raise ValueError(f"no form for step {step.key}")


def saved_answers_problems(state: WizardState, *, port: str = "") -> list[tuple[Step, list[str]]]:
    """Each step whose saved answers no longer pass its checks (an address taken since,
    a plan changed by the operator…), with the messages."""
    problems = []
    for step in (CITY, ADDRESS, ADMIN, MODULES, LOOK, PLAN):
        data = dict(state.answers(step) or {})
        form = step_form(step, state, data=data, port=port)
        if not form.is_valid():
            problems.append((step, [m for messages in form.errors.values() for m in messages]))
    return problems


def _slug_proposal(state: WizardState) -> str:
    return slug_propose(state.value(CITY, "name", ""))
