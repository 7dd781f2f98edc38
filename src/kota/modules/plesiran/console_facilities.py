"""The console's supporting facilities (petrol stations, ATMs, hospitals…): list,
create, edit, publish and unpublish."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kota.console.access import officer_required
from kota.modules.plesiran import selectors, services
from kota.modules.plesiran.console_forms import FacilityFilterForm, FacilityForm, errors_attach
from kota.modules.plesiran.console_map import map_picker_context
from kota.modules.plesiran.console_views import saved_redirect, visibility_redirect
from kota.modules.plesiran.models import Facility, FacilityKind, Status

officer = officer_required("plesiran")

PER_PAGE = 50


def _facility(slug: str) -> Facility:
    facility = Facility.objects.filter(slug=slug).first()
    if facility is None:
        raise Http404
    return facility


@require_safe
@officer
def facility_list(request: HttpRequest) -> HttpResponse:
    filters = FacilityFilterForm(data=request.GET)
    filters.is_valid()
    # Each filter that cannot be read (e.g. holding a NUL character) is left out alone.
    chosen = filters.cleaned_data
    text, kind, status = chosen.get("q", ""), chosen.get("kind", ""), chosen.get("status", "")
    facilities = selectors.facilities_for_console(text=text, kind=kind, status=status)
    page = Paginator(facilities, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plesiran/console/facility_list.html",
        {
            "page": page,
            "q": text,
            "kind": kind,
            "status": status,
            "kinds": FacilityKind.choices,
            "statuses": Status.choices,
            "query": query.urlencode(),
        },
    )


def _facility_form_page(request, *, facility: Facility | None) -> HttpResponse:
    editing = facility is not None
    title = facility.name if editing else ""
    status = 200
    if request.method == "POST":
        form = FacilityForm(data=request.POST, editing=facility)
        if form.is_valid():
            try:
                saved = services.facility_save(
                    city=request.city,
                    actor=request.user,
                    facility=facility,
                    fields=form.service_fields(),
                )
            except ValidationError as error:
                errors_attach(form, error)
            else:
                return saved_redirect(request, saved, page="plesiran-console:facility", draft=False)
        status = 400
    else:
        initial = FacilityForm.initial_for(facility) if editing else {}
        form = FacilityForm(initial=initial, editing=facility)
    return render(
        request,
        "plesiran/console/facility_form.html",
        {"form": form, "facility": facility, "title": title, **map_picker_context(request.city)},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@officer
def facility_create(request: HttpRequest) -> HttpResponse:
    return _facility_form_page(request, facility=None)


@require_http_methods(["GET", "HEAD", "POST"])
@officer
def facility_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _facility_form_page(request, facility=_facility(slug))


@require_POST
@officer
def facility_publish(request: HttpRequest, slug: str) -> HttpResponse:
    facility = _facility(slug)
    changed = services.facility_publish(facility=facility, actor=request.user)
    return visibility_redirect(
        request, facility, changed=changed, published=True, page="plesiran-console:facility"
    )


@require_POST
@officer
def facility_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    facility = _facility(slug)
    changed = services.facility_unpublish(facility=facility, actor=request.user)
    return visibility_redirect(
        request, facility, changed=changed, published=False, page="plesiran-console:facility"
    )
