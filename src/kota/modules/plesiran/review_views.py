"""Reviews from the destination's page: write or edit one's own, delete it, flag
someone else's. Plain POST forms (they work without JavaScript); each answers with a
redirect back to the reviews, or the form again with its errors and status 400."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kota.modules.plesiran import selectors, services
from kota.modules.plesiran.models import Destination, Review, Status
from kota.modules.plesiran.reviews import (
    REVIEW_DRAFT_KEY,
    REVIEW_MESSAGES,
    ReviewFlagForm,
    ReviewForm,
    login_url_for,
)


def _destination(request, slug: str) -> Destination:
    destination = selectors.destination_get_published(city=request.tenant, slug=slug)
    if destination is None:
        raise Http404
    return destination


def _back_to_reviews(destination: Destination):
    return redirect(reverse("plesiran:destination", args=[destination.slug]) + "#reviews")


@require_POST
def review_submit(request, slug: str):
    """Write the visitor's review of a place, or rewrite it (one each)."""
    destination = _destination(request, slug)
    if not request.user.is_authenticated:
        # Logged out meanwhile (an expired session): what they wrote waits in the
        # session, which survives logging in, and fills the form when they are back.
        request.session[REVIEW_DRAFT_KEY] = {
            "slug": destination.slug,
            "rating": request.POST.get("rating", "")[:1],
            "body": request.POST.get("body", "")[:2000],
        }
        return redirect(login_url_for(destination))
    existed = destination.reviews.filter(author=request.user).exists()
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_submit(
                destination=destination,
                author=request.user,
                rating=form.cleaned_data["rating"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    if not form.is_valid():
        context = {"destination": destination, "form": form, "editing": existed}
        return render(request, "plesiran/review_form.html", context, status=400)
    done = _("Your review is updated.") if existed else _("Thank you: your review is published.")
    messages.success(request, done, extra_tags=REVIEW_MESSAGES)
    return _back_to_reviews(destination)


@require_POST
def review_delete(request, slug: str):
    """The visitor deletes their own review of a place."""
    destination = _destination(request, slug)
    if not request.user.is_authenticated:
        return redirect(login_url_for(destination))
    review = destination.reviews.filter(author=request.user).first()
    if review is None:
        raise Http404
    try:
        services.review_delete(review=review, author=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0], extra_tags=REVIEW_MESSAGES)
    else:
        messages.success(request, _("Your review is deleted."), extra_tags=REVIEW_MESSAGES)
    return _back_to_reviews(destination)


@require_POST
def review_flag(request, review_id):
    """The visitor asks the city's officers to look at someone's review."""
    categories = selectors.plesiran_settings(request.tenant).categories
    review = (
        Review.objects.filter(
            public_id=review_id,
            hidden_at=None,
            destination__status=Status.PUBLISHED,
            destination__category__slug__in=categories,
        )
        .select_related("destination")
        .first()
    )
    if review is None:
        raise Http404
    destination = review.destination
    if not request.user.is_authenticated:
        return redirect(login_url_for(destination))
    form = ReviewFlagForm(request.POST)
    created = None
    if form.is_valid():
        try:
            created = services.review_flag(
                review=review, reporter=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
    if created is None:
        context = {"destination": destination, "review": review, "form": form}
        return render(request, "plesiran/review_flag.html", context, status=400)
    if created:
        done = _("Thank you: the city's officers will look at this review.")
    else:
        done = _("You have already reported this review.")
    messages.success(request, done, extra_tags=REVIEW_MESSAGES)
    return _back_to_reviews(destination)
