"""e-plesiran's statistics for the console: page views of destinations over a period of
the city's local dates (DestinationView rows, one per destination and day), by place, by
category and by day. Each read is one query, whatever the number of places or days."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, Sum

from kota.modules.plesiran.models import Category, Destination, DestinationView

# The periods the console offers, in days; the first one is not the default.
PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
TOP_PLACES = 10


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period_ending(today: date, days: int) -> Period:
    """The ``days`` local dates up to and including ``today``."""
    return Period(start=today - timedelta(days=days - 1), end=today)


@dataclass(frozen=True)
class PlaceViews:
    slug: str
    name: str
    category: str
    views: int


@dataclass(frozen=True)
class CategoryViews:
    slug: str
    name: str
    places: int
    views: int


@dataclass(frozen=True)
class DayViews:
    day: date
    views: int


def _in_period(period: Period, prefix: str = "") -> Q:
    return Q(**{f"{prefix}day__gte": period.start, f"{prefix}day__lte": period.end})


def views_by_destination(period: Period) -> list[PlaceViews]:
    """Every destination viewed in the period (published or not now), most viewed first."""
    rows = (
        Destination.objects.filter(_in_period(period, "views__"))
        .values("slug", "name", "category__name_id", "category__name_en")
        .annotate(total=Sum("views__count"))
        .order_by("-total", "name", "slug")
    )
    return [
        PlaceViews(
            slug=row["slug"],
            name=row["name"],
            category=_category_name(row["category__name_id"], row["category__name_en"]),
            views=row["total"],
        )
        for row in rows
    ]


def views_by_category(period: Period, *, categories: tuple[str, ...]) -> list[CategoryViews]:
    """Each of ``categories`` (slugs, in the city's order) with its views in the period
    and the number of its places viewed; categories without views are listed with 0."""
    rows = (
        Category.objects.filter(slug__in=categories)
        .annotate(
            total=Sum(
                "destinations__views__count", filter=_in_period(period, "destinations__views__")
            ),
            places=Count(
                "destinations",
                filter=_in_period(period, "destinations__views__"),
                distinct=True,
            ),
        )
        .order_by("position", "slug")
    )
    return [
        CategoryViews(slug=c.slug, name=c.name, places=c.places, views=c.total or 0) for c in rows
    ]


def views_by_day(period: Period) -> list[DayViews]:
    """Views of all destinations on each day of the period, days without views as 0."""
    totals = dict(
        DestinationView.objects.filter(_in_period(period))
        .values_list("day")
        .annotate(total=Sum("count"))
        .order_by()
        .values_list("day", "total")
    )
    return [
        DayViews(day=day, views=totals.get(day, 0))
        for day in (period.start + timedelta(days=n) for n in range(period.days))
    ]


@dataclass(frozen=True)
class DailyPlaceViews:
    day: date
    slug: str
    name: str
    category: str
    views: int


def views_daily_rows(period: Period) -> list[DailyPlaceViews]:
    """One row per destination and day with at least one view in the period, by day then
    name: what the CSV export holds."""
    rows = (
        DestinationView.objects.filter(_in_period(period))
        .values_list(
            "day",
            "destination__slug",
            "destination__name",
            "destination__category__name_id",
            "destination__category__name_en",
            "count",
        )
        .order_by("day", "destination__name", "destination__slug")
    )
    return [
        DailyPlaceViews(
            day=day, slug=slug, name=name, category=_category_name(name_id, name_en), views=count
        )
        for day, slug, name, name_id, name_en, count in rows
    ]


def _category_name(name_id: str, name_en: str) -> str:
    # The same choice as models.translated(), on values rather than an object.
    return Category(name_id=name_id, name_en=name_en).name
