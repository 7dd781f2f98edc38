"""Reviews on the citizen pages: their forms (writing one, flagging one), how a reviewer
is named, and where an anonymous visitor logs in to write one."""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kota.modules.plesiran.models import Review

BODY_MAX = Review._meta.get_field("body").max_length
# Flash messages about reviews carry this tag: the reviews block shows them where the
# visitor pressed the button (far down a phone's screen), not at the top of the page.
REVIEW_MESSAGES = "plesiran-review"


class _Form(forms.Form):
    """Labels without Django's trailing colon (they are questions and titles here)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ReviewForm(_Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        # The labels draw the stars; the radios stay for keyboards and screen readers.
        widget=forms.RadioSelect(attrs={"class": "visually-hidden"}),
        error_messages={
            "required": _("Choose a rating from 1 to 5 stars."),
            "invalid_choice": _("Choose a rating from 1 to 5 stars."),
        },
    )
    body = forms.CharField(
        label=_("Your review (optional)"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": BODY_MAX}),
        help_text=_("What should other visitors know? At most 2,000 characters."),
    )


class ReviewFlagForm(_Form):
    reason = forms.CharField(
        label=_("Why should the city's officers look at this review?"),
        max_length=200,
        min_length=3,
        error_messages={"required": _("Say what is wrong with this review.")},
        help_text=_("For example: insults, advertising, personal data."),
    )


def reviewer_name(user) -> str:
    """What others see of a reviewer: their first name and an initial ("Budi S."),
    never their email."""
    words = (user.full_name if user is not None else "").split()
    if not words:
        return gettext("A visitor")
    if len(words) == 1:
        return words[0]
    return f"{words[0]} {words[-1][0]}."


# A review written by someone whose session had expired, kept until they log in.
REVIEW_DRAFT_KEY = "plesiran_review_draft"


def login_url_for(destination) -> str:
    """The login page, coming back to the destination's reviews."""
    back = reverse("plesiran:destination", args=[destination.slug]) + "#reviews"
    return reverse("accounts:login") + "?" + urlencode({"next": back})
