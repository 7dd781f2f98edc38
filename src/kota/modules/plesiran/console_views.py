"""The tourism officers' console: its overview, review moderation and statistics.
Destinations, events and facilities have their own files (console_destinations.py,
console_events.py, console_facilities.py). Every view is for the module's officers and
the city's admins; the services do the writing (and the auditing)."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kota.accounts.permissions import user_is_city_admin
from kota.console.access import officer_required
from kota.modules.plesiran import selectors, services, statistics
from kota.modules.plesiran.console_forms import ReviewHideForm
from kota.modules.plesiran.models import Review

officer = officer_required("plesiran")


def saved_redirect(request: HttpRequest, item, *, page: str, draft: bool) -> HttpResponse:
    """After a create or edit form is saved: say so and go to the item's page."""
    message = _("%(name)s is saved as a draft.") if draft else _("%(name)s is saved.")
    messages.success(request, message % {"name": item.name})
    return redirect(page, item.slug)


def visibility_redirect(
    request: HttpRequest, item, *, changed: bool, published: bool, page: str
) -> HttpResponse:
    """After publishing or hiding an item: say so when it changed, back to its page."""
    if changed:
        message = (
            _("%(name)s is published.") if published else _("%(name)s is hidden from visitors.")
        )
        messages.success(request, message % {"name": item.name})
    return redirect(page, item.slug)


REVIEWS_PER_PAGE = 30
FLAGGED_SHOWN = 50
UPCOMING_SHOWN = 10
# The statistics page lists this many places at most; the CSV has them all.
PLACES_SHOWN = 200


@require_safe
@officer
def console_home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "plesiran/console/home.html",
        {
            "counts": selectors.console_counts(now),
            "upcoming": list(selectors.events_for_console(when="upcoming")[:UPCOMING_SHOWN]),
            "flagged": list(selectors.reviews_flagged().prefetch_related(None)[:5]),
            "is_admin": user_is_city_admin(request.user),
        },
    )


# --- Reviews ---------------------------------------------------------------------------


def _review(review_id) -> Review:
    review = Review.objects.select_related("destination").filter(public_id=review_id).first()
    if review is None:
        raise Http404
    return review


def _hide_prefix(review: Review) -> str:
    return f"r{review.public_id.hex[:12]}"


def _reviews_page(request, *, failed: ReviewHideForm | None = None, status=200) -> HttpResponse:
    flagged = list(selectors.reviews_flagged()[:FLAGGED_SHOWN])
    page = Paginator(selectors.reviews_recent(), REVIEWS_PER_PAGE).get_page(request.GET.get("page"))
    # A review may be in both lists: each of its forms gets its own element ids, and a
    # form that failed is shown once, in the first list holding its review.
    for where, reviews in (("flagged", flagged), ("recent", page)):
        for review in reviews:
            if failed is not None and failed.prefix == _hide_prefix(review):
                review.hide_form, failed = failed, None
            else:
                review.hide_form = ReviewHideForm(
                    prefix=_hide_prefix(review), auto_id=f"id_{where}_%s"
                )
    return render(
        request,
        "plesiran/console/reviews.html",
        {"flagged": flagged, "page": page},
        status=status,
    )


@require_safe
@officer
def review_list(request: HttpRequest) -> HttpResponse:
    return _reviews_page(request)


@require_POST
@officer
def review_hide(request: HttpRequest, review_id) -> HttpResponse:
    review = _review(review_id)
    form = ReviewHideForm(data=request.POST, prefix=_hide_prefix(review))
    if form.is_valid():
        try:
            services.review_hide(
                review=review, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for message in error.message_dict.get("reason", error.messages):
                form.add_error("reason", message)
        else:
            messages.success(
                request,
                _("The review of %(place)s is hidden.") % {"place": review.destination.name},
            )
            return redirect("plesiran-console:reviews")
    return _reviews_page(request, failed=form, status=400)


@require_POST
@officer
def review_unhide(request: HttpRequest, review_id) -> HttpResponse:
    review = _review(review_id)
    if services.review_unhide(review=review, actor=request.user):
        messages.success(
            request,
            _("The review of %(place)s is shown again.") % {"place": review.destination.name},
        )
    return redirect("plesiran-console:reviews")


# --- Statistics ------------------------------------------------------------------------


def _period(request) -> statistics.Period:
    try:
        days = int(request.GET.get("days", statistics.DEFAULT_PERIOD))
    except ValueError:
        days = statistics.DEFAULT_PERIOD
    if days not in statistics.PERIODS:
        days = statistics.DEFAULT_PERIOD
    return statistics.period_ending(timezone.localdate(), days)


@require_safe
@officer
def statistics_page(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    places = statistics.views_by_destination(period)
    days = statistics.views_by_day(period)
    busiest = max((d.views for d in days), default=0)
    return render(
        request,
        "plesiran/console/statistics.html",
        {
            "period": period,
            "periods": statistics.PERIODS,
            "places": places[:PLACES_SHOWN],
            "places_cut": len(places) > PLACES_SHOWN,
            "top": places[: statistics.TOP_PLACES],
            "total": sum(d.views for d in days),
            "categories": statistics.views_by_category(
                period, categories=selectors.plesiran_settings(request.city).categories
            ),
            "days": [
                {"day": d.day, "views": d.views, "share": _percent(d.views, busiest)}
                for d in reversed(days)
            ],
            "upcoming": list(selectors.events_upcoming(timezone.now(), limit=UPCOMING_SHOWN)),
        },
    )


def _percent(value: int, most: int) -> int:
    return round(100 * value / most) if most else 0


# Spreadsheets run a cell that starts with one of these as a formula: a place named
# "=HYPERLINK(...)" must stay text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


@require_safe
@officer
def statistics_csv(request: HttpRequest) -> HttpResponse:
    """The period's views as CSV for spreadsheets: one row per destination and day with
    at least one view (date, address in the site, name, category, views), by date then
    name; UTF-8 with a byte order mark so Excel reads the names right."""
    period = _period(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="plesiran-{request.city.slug}-{period.start}-{period.end}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Date"), _("Address in the site"), _("Name"), _("Category"), _("Views")])
    for row in statistics.views_daily_rows(period):
        writer.writerow(
            [row.day.isoformat(), row.slug, _cell(row.name), _cell(row.category), row.views]
        )
    return response
