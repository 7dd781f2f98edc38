"""The theming app's pages: the console's branding page and the initials app icons."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kota.console.access import city_admin_required
from kota.theming.branding import ICON_VARIANTS, initials_for, initials_version
from kota.theming.contrast import text_on
from kota.theming.forms import BrandingForm
from kota.theming.images import initials_icon
from kota.theming.services import branding_update


@require_http_methods(["GET", "HEAD", "POST"])
@city_admin_required
def branding_edit(request: HttpRequest) -> HttpResponse:
    city = request.city
    initial = {
        "tagline": city.tagline,
        "primary_color": city.primary_color,
        "primary_color_picker": city.primary_color,
        "secondary_color": city.secondary_color,
        "secondary_color_picker": city.secondary_color,
        "theme": city.theme,
    }
    status = 200
    if request.method == "POST":
        form = BrandingForm(data=request.POST, files=request.FILES, initial=initial)
        if form.is_valid():
            try:
                changed = branding_update(city=city, actor=request.user, **form.service_arguments())
            except ValidationError as error:
                for field, field_messages in error.message_dict.items():
                    for message in field_messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(
                    request, _("The branding is saved.") if changed else _("Nothing changed.")
                )
                return redirect("console:branding")
        status = 400
    else:
        form = BrandingForm(initial=initial)
    return render(
        request,
        "theming/branding.html",
        {
            "form": form,
            **form.look_context(),
        },
        status=status,
    )


@require_safe
def brand_icon(request: HttpRequest, variant: str) -> HttpResponse:
    """An app icon drawn from the city's initials on its primary colour."""
    if variant not in ICON_VARIANTS:
        raise Http404
    city = request.city
    size, purpose = ICON_VARIANTS[variant]
    png = initials_icon(
        initials=initials_for(city.name),
        background=city.primary_color,
        foreground=text_on(city.primary_color).color,
        size=size,
        maskable=purpose == "maskable",
    )
    response = HttpResponse(png, content_type="image/png")
    # The URL names the version (?v=), which changes with the name or colour.
    if request.GET.get("v") == initials_version(city):
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return response
