"""The console's events: list, create, edit (times typed in the city's local time),
publish and unpublish."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kota.console.access import officer_required
from kota.modules.plesiran import selectors, services
from kota.modules.plesiran.console_forms import EventForm, errors_attach
from kota.modules.plesiran.console_map import map_picker_context
from kota.modules.plesiran.console_views import saved_redirect, visibility_redirect
from kota.modules.plesiran.models import Event, Status

officer = officer_required("plesiran")

PER_PAGE = 25
WHEN_CHOICES = ("upcoming", "past", "all")


def _event(slug: str) -> Event:
    event = Event.objects.select_related("category", "venue").filter(slug=slug).first()
    if event is None:
        raise Http404
    return event


@require_safe
@officer
def event_list(request: HttpRequest) -> HttpResponse:
    when = request.GET.get("when", "upcoming")
    when = when if when in WHEN_CHOICES else "upcoming"
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    events = selectors.events_for_console(status=status, when="" if when == "all" else when)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "plesiran/console/event_list.html",
        {
            "page": page,
            "when": when,
            "status": status,
            "statuses": Status.choices,
            "query": f"when={when}&status={status}",
        },
    )


def _event_form_page(request, *, event: Event | None) -> HttpResponse:
    editing = event is not None
    title = event.name if editing else ""
    status = 200
    if request.method == "POST":
        form = EventForm(
            data=request.POST,
            initial=EventForm.initial_for(event) if event else None,
            editing=event,
        )
        if form.is_valid():
            try:
                saved = services.event_save(
                    city=request.city, actor=request.user, event=event, fields=form.service_fields()
                )
            except ValidationError as error:
                errors_attach(form, error)
            else:
                return saved_redirect(
                    request, saved, page="plesiran-console:event", draft=not editing
                )
        status = 400
    else:
        # Events are free unless the officer says otherwise (as the model has it).
        initial = EventForm.initial_for(event) if editing else {"is_free": True}
        form = EventForm(initial=initial, editing=event)
    return render(
        request,
        "plesiran/console/event_form.html",
        {"form": form, "event": event, "title": title, **map_picker_context(request.city)},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@officer
def event_create(request: HttpRequest) -> HttpResponse:
    return _event_form_page(request, event=None)


@require_http_methods(["GET", "HEAD", "POST"])
@officer
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _event_form_page(request, event=_event(slug))


@require_POST
@officer
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    changed = services.event_publish(event=event, actor=request.user)
    return visibility_redirect(
        request, event, changed=changed, published=True, page="plesiran-console:event"
    )


@require_POST
@officer
def event_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    changed = services.event_unpublish(event=event, actor=request.user)
    return visibility_redirect(
        request, event, changed=changed, published=False, page="plesiran-console:event"
    )
