"""Console: the city's addresses, and adding a custom domain with DNS instructions."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kota.console.access import city_admin_required
from kota.console.services import domain_add, domain_remove


class DomainForm(forms.Form):
    domain = forms.CharField(
        label=gettext_lazy("Custom domain"),
        max_length=253,
        help_text=gettext_lazy("For example layanan.tangerangkota.go.id"),
    )


@city_admin_required
def domains(request: HttpRequest) -> HttpResponse:
    form = DomainForm(data=request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            added = domain_add(
                city=request.city, domain=form.cleaned_data["domain"], actor=request.user
            )
        except ValidationError as error:
            for message in error.message_dict.get("domain", error.messages):
                form.add_error("domain", message)
        else:
            messages.success(
                request,
                _(
                    "%(domain)s added. Create the DNS record below; the site answers there once "
                    "it resolves."
                )
                % {"domain": added.domain},
            )
            return redirect("console:domains")
    if request.method == "POST":
        status = 400
    city_domains = list(request.city.domains.all())
    primary = next((d.domain for d in city_domains if d.is_primary), "")
    return render(
        request,
        "console/domains.html",
        {
            "form": form,
            "domains": city_domains,
            "primary": primary,
            "root": settings.KOTA_ROOT_DOMAIN,
        },
        status=status,
    )


@require_POST
@city_admin_required
def domain_delete(request: HttpRequest) -> HttpResponse:
    host = request.POST.get("domain", "")
    if domain_remove(city=request.city, domain=host, actor=request.user):
        messages.success(request, _("%(domain)s removed.") % {"domain": host})
    return redirect("console:domains")
