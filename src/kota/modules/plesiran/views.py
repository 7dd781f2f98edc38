"""The citizen pages of the places to visit: the list (search, categories, near me), a
destination's page and the map of everything. Published content of the requesting city
only; a slug of a draft, of a category the city does not use or of another city is 404."""

from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kota.modules.plesiran import selectors, services
from kota.modules.plesiran.destination_filters import DestinationFilterForm
from kota.modules.plesiran.geo import Point, directions_url
from kota.modules.plesiran.models import FacilityKind
from kota.modules.plesiran.presentation import (
    FACILITY_ICONS,
    amenity_items,
    closures_upcoming,
    destination_cards,
    hours_rows,
    open_status,
)
from kota.modules.plesiran.structured_data import destination_json_ld
from kota.registry.offers import offer_url
from kota.theming.branding import branding_icons

PAGE_SIZE = 24
NEARBY_FACILITIES_SHOWN = 10
VENUE_EVENTS_SHOWN = 5


@require_safe
def destination_list(request):
    city = request.tenant
    categories = list(selectors.categories_in_use(city))
    form = DestinationFilterForm(request.GET, categories=categories)
    valid = form.is_valid()
    # A bad parameter is reported and left out; the rest of the query still applies.
    query = form.cleaned_data
    # By name unless a search ranks them or a position sorts them by distance (the
    # rating's GROUP BY drops the model's default ordering, so it is said here).
    destinations = selectors.destinations_filter(
        selectors.destinations_published(city).order_by("name", "slug"),
        category=query.get("kategori") or None,
        text=query.get("q") or None,
        near=form.near,
    )
    page = Paginator(destinations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "categories": categories,
        "category": query.get("kategori") or "",
        "q": query.get("q") or "",
        "near": form.near,
        "filtered": bool(query.get("q") or query.get("kategori") or form.near),
        "page": page,
        "cards": destination_cards(page.object_list, now=timezone.localtime()),
    }
    return render(request, "plesiran/destination_list.html", context, status=200 if valid else 400)


@require_safe
def destination_detail(request, slug: str):
    city = request.tenant
    destination = selectors.destination_get_published(city=city, slug=slug)
    if destination is None:
        raise Http404
    if request.method == "GET":
        services.destination_view_record(destination=destination, day=timezone.localdate())
    now = timezone.localtime()
    here = Point(destination.latitude, destination.longitude)
    url = request.build_absolute_uri(reverse("plesiran:destination", args=[destination.slug]))
    photos = list(destination.photos.all())
    image_urls = [request.build_absolute_uri(photo.image.url) for photo in photos]
    context = {
        "destination": destination,
        "photos": photos,
        "status": open_status(destination, now=now),
        "hours": hours_rows(destination, today=now.date()),
        "closures": closures_upcoming(destination, today=now.date()),
        "tickets": list(destination.tickets.all()),
        "amenities": amenity_items(destination),
        "facilities": list(selectors.facilities_near(here)[:NEARBY_FACILITIES_SHOWN]),
        "events": list(
            selectors.events_upcoming(timezone.now()).filter(venue=destination)[:VENUE_EVENTS_SHOWN]
        ),
        "report_url": offer_url(
            city,
            "report-at-location",
            lat=f"{destination.latitude:.6f}",
            lon=f"{destination.longitude:.6f}",
            title=destination.name,
        ),
        "directions_url": directions_url([destination]),
        "osm_url": map_link_url(destination.latitude, destination.longitude),
        "instagram_url": instagram_url(destination.instagram),
        "page_url": url,
        "share_image": image_urls[0] if image_urls else city_icon_url(request, city),
        "json_ld": destination_json_ld(destination, url=url, image_urls=image_urls, city=city),
        "map": map_config(),
    }
    return render(request, "plesiran/destination_detail.html", context)


@require_safe
def map_page(request):
    city = request.tenant
    module_settings = selectors.plesiran_settings(city)
    categories = list(selectors.categories_in_use(city))
    kinds = [(kind.value, kind.label, FACILITY_ICONS[kind]) for kind in FacilityKind]
    center = module_settings.map_center
    config = {
        **map_config(),
        "features": reverse("plesiran-api:geojson"),
        # The page of a destination: the script puts the slug in place of {slug}.
        "destinationUrl": reverse("plesiran:destination", args=["-"]).replace("/-/", "/{slug}/"),
        "center": [center.latitude, center.longitude] if center else None,
        "zoom": module_settings.map_zoom,
        "categories": {c.slug: {"name": c.name, "icon": c.icon} for c in categories},
        "kinds": {value: {"name": str(label), "icon": icon} for value, label, icon in kinds},
        "text": {
            "directions": _("Directions"),
            "details": _("See the place"),
            "you": _("You are here"),
            "locating": _("Finding your location…"),
            "unavailable": _(
                "Your location is not available. Allow this site to use your location "
                "in your browser, then try again."
            ),
            "failed": _("The places could not be loaded. Check your connection and reload."),
            "none": _("No places to show on the map yet."),
        },
    }
    context = {"categories": categories, "kinds": kinds, "map_config": config}
    return render(request, "plesiran/map.html", context)


# --- What the pages link to -------------------------------------------------------------


def map_link_url(latitude: float, longitude: float) -> str:
    """The point on OpenStreetMap's site: the page's map for visitors without JavaScript."""
    lat, lon = f"{latitude:.6f}", f"{longitude:.6f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


def instagram_url(account: str) -> str:
    account = account.strip().lstrip("@")
    return f"https://www.instagram.com/{quote(account, safe='._')}/" if account else ""


def city_icon_url(request, city) -> str:
    """The city's largest app icon, absolute: the share image of a page without a photo."""
    base = request.build_absolute_uri("/").rstrip("/")
    icons = {icon["variant"]: icon["src"] for icon in branding_icons(city, base_url=base)}
    return icons.get("any-512", "")


def map_config() -> dict:
    """What every map of the module needs: tiles (none when the setting is empty) and the
    icons' sprite."""
    return {
        "tiles": settings.KOTA_MAP_TILES_URL,
        "attribution": settings.KOTA_MAP_TILES_ATTRIBUTION,
        "sprite": static("kota/icons.svg"),
    }
