"""The console's destinations: list, create, edit (tickets, weekly hours, closures, map
location), publish and unpublish, and the photo gallery."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kota.console.access import officer_required
from kota.modules.plesiran import selectors, services
from kota.modules.plesiran.console_forms import (
    ClosureFormSet,
    DestinationFilterForm,
    DestinationForm,
    HoursFormSet,
    PhotoUploadForm,
    TicketFormSet,
    errors_attach,
    hours_rows,
)
from kota.modules.plesiran.console_map import map_picker_context
from kota.modules.plesiran.console_views import saved_redirect, visibility_redirect
from kota.modules.plesiran.models import Destination, Photo

officer = officer_required("plesiran")

PER_PAGE = 25


def _destination(slug: str) -> Destination:
    destination = selectors.destination_for_console(slug)
    if destination is None:
        raise Http404
    return destination


@require_safe
@officer
def destination_list(request: HttpRequest) -> HttpResponse:
    filters = DestinationFilterForm(data=request.GET)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    category = chosen.get("category")
    destinations = selectors.destinations_for_console(
        text=chosen.get("q", ""),
        status=chosen.get("status", ""),
        category=category.slug if category else "",
    )
    page = Paginator(destinations, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plesiran/console/destination_list.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


def _row_sets(data=None, destination: Destination | None = None) -> dict:
    if destination is None:
        initial = {"tickets": [], "hours": [], "closures": []}
    else:
        tickets = destination.tickets.all()
        closures = destination.closures.all()
        initial = {
            "tickets": [
                {"label_id": t.label_id, "label_en": t.label_en, "price_idr": t.price_idr}
                for t in tickets
            ],
            "hours": hours_rows(destination.hours.all()),
            "closures": [
                {
                    "starts_on": c.starts_on,
                    "ends_on": c.ends_on,
                    "note_id": c.note_id,
                    "note_en": c.note_en,
                }
                for c in closures
            ],
        }
    return {
        "tickets": TicketFormSet(data=data, initial=initial["tickets"], prefix="tickets"),
        "hours": HoursFormSet(data=data, initial=initial["hours"], prefix="hours"),
        "closures": ClosureFormSet(data=data, initial=initial["closures"], prefix="closures"),
    }


def _destination_form_page(request, *, destination: Destination | None) -> HttpResponse:
    editing = destination is not None
    title = destination.name if editing else ""
    status = 200
    if request.method == "POST":
        form = DestinationForm(data=request.POST, editing=destination)
        rows = _row_sets(request.POST)
        if form.is_valid() and all(rows_set.is_valid() for rows_set in rows.values()):
            try:
                saved = services.destination_save(
                    city=request.city,
                    actor=request.user,
                    destination=destination,
                    fields=form.service_fields(),
                    tickets=rows["tickets"].rows(),
                    hours=rows["hours"].periods(),
                    closures=rows["closures"].rows(),
                )
            except ValidationError as error:
                errors_attach(form, error)
            else:
                return saved_redirect(
                    request, saved, page="plesiran-console:destination", draft=not editing
                )
        status = 400
    else:
        initial = DestinationForm.initial_for(destination) if editing else {}
        form = DestinationForm(initial=initial, editing=destination)
        rows = _row_sets(destination=destination)
    return render(
        request,
        "plesiran/console/destination_form.html",
        {
            "form": form,
            "rows": rows,
            "destination": destination,
            "title": title,
            **map_picker_context(request.city),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@officer
def destination_create(request: HttpRequest) -> HttpResponse:
    return _destination_form_page(request, destination=None)


@require_http_methods(["GET", "HEAD", "POST"])
@officer
def destination_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _destination_form_page(request, destination=_destination(slug))


@require_POST
@officer
def destination_publish(request: HttpRequest, slug: str) -> HttpResponse:
    destination = _destination(slug)
    changed = services.destination_publish(destination=destination, actor=request.user)
    return visibility_redirect(
        request, destination, changed=changed, published=True, page="plesiran-console:destination"
    )


@require_POST
@officer
def destination_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    destination = _destination(slug)
    changed = services.destination_unpublish(destination=destination, actor=request.user)
    return visibility_redirect(
        request, destination, changed=changed, published=False, page="plesiran-console:destination"
    )


# --- Photos ----------------------------------------------------------------------------


def _photos_page(request, destination, *, form=None, caption_errors=None, status=200):
    return render(
        request,
        "plesiran/console/photos.html",
        {
            "destination": destination,
            "photos": list(destination.photos.order_by("position", "id")),
            "form": form or PhotoUploadForm(),
            "caption_errors": caption_errors or {},
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@officer
def photo_list(request: HttpRequest, slug: str) -> HttpResponse:
    destination = _destination(slug)
    if request.method != "POST":
        return _photos_page(request, destination)
    form = PhotoUploadForm(data=request.POST, files=request.FILES)
    if form.is_valid():
        try:
            added = services.photos_add(
                destination=destination,
                actor=request.user,
                uploads=form.cleaned_data["photos"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            errors_attach(form, error)
        else:
            messages.success(
                request,
                ngettext("%(count)d photo added.", "%(count)d photos added.", len(added))
                % {"count": len(added)},
            )
            return redirect("plesiran-console:photos", destination.slug)
    return _photos_page(request, destination, form=form, status=400)


def _photo(destination: Destination, photo_id: int) -> Photo:
    photo = destination.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    return photo


@require_POST
@officer
def photo_change(request: HttpRequest, slug: str, photo_id: int) -> HttpResponse:
    """One photo's buttons: save its caption, move it earlier or later, or delete it."""
    destination = _destination(slug)
    photo = _photo(destination, photo_id)
    action = request.POST.get("action")
    if action == "caption":
        try:
            services.photo_caption_set(
                photo=photo, actor=request.user, caption=request.POST.get("caption", "")
            )
        except ValidationError as error:
            return _photos_page(
                request,
                destination,
                caption_errors={photo.pk: error.message_dict["caption"]},
                status=400,
            )
        messages.success(request, _("The caption is saved."))
    elif action in ("earlier", "later"):
        services.photo_move(
            photo=photo, actor=request.user, offset=-1 if action == "earlier" else 1
        )
    elif action == "delete":
        services.photo_remove(city=request.city, photo=photo, actor=request.user)
        messages.success(request, _("The photo is deleted."))
    else:
        return HttpResponse(status=400)
    return redirect("plesiran-console:photos", destination.slug)
