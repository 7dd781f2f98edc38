"""The city console's own pages (modules' console pages come from the registry)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kota.accounts.permissions import user_is_city_admin
from kota.audit.selectors import audit_entries
from kota.console.access import city_admin_required, staff_required
from kota.console.selectors import module_rows
from kota.registry.catalog import module_get
from kota.registry.services import (
    module_disable,
    module_enable,
    module_settings_get,
    module_settings_update,
)


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The console's start: the site's address, its live modules, the latest changes."""
    is_admin = user_is_city_admin(request.user)
    recent = list(audit_entries()[:5]) if is_admin else []
    return render(
        request,
        "console/dashboard.html",
        {
            "live": [row.module for row in module_rows(city=request.city) if row.live],
            "site_url": f"{request.scheme}://{request.get_host()}/",
            "is_admin": is_admin,
            "recent": recent,
        },
    )


@city_admin_required
def modules_list(request: HttpRequest) -> HttpResponse:
    return render(request, "console/modules.html", {"rows": module_rows(city=request.city)})


@require_POST
@city_admin_required
def module_switch(request: HttpRequest, key: str) -> HttpResponse:
    module = module_get(key)
    if module is None:
        raise Http404
    switch_on = request.POST.get("enabled") == "on"
    service = module_enable if switch_on else module_disable
    try:
        changed = service(city=request.city, key=key, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("console:modules")
    if changed:
        message = _("%(module)s is on.") if switch_on else _("%(module)s is off; its data is kept.")
        messages.success(request, message % {"module": module.name})
    return redirect("console:modules")


@city_admin_required
def module_settings(request: HttpRequest, key: str) -> HttpResponse:
    module = module_get(key)
    if module is None or not module.settings_form:
        raise Http404
    form_class = import_string(module.settings_form)
    if request.method == "POST":
        form = form_class(data=request.POST)
        try:
            module_settings_update(
                city=request.city, key=key, data=request.POST, actor=request.user
            )
        except ValidationError:
            form.is_valid()  # show the same errors next to their fields
            status = 400
        else:
            messages.success(request, _("Settings of %(module)s saved.") % {"module": module.name})
            return redirect("console:modules")
    else:
        form = form_class(initial=module_settings_get(city=request.city, key=key))
        status = 200
    return render(
        request, "console/module_settings.html", {"module": module, "form": form}, status=status
    )


@city_admin_required
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = audit_entries(action_prefix=request.GET.get("area", "")).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "console/audit.html", {"page": page})
