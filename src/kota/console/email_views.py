"""The console's email identity page: who the city's emails come from, where replies go."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kota.accounts.mail import city_mail_sender
from kota.accounts.services import city_email_identity_update
from kota.console.access import city_admin_required
from kota.console.forms import EmailIdentityForm


@city_admin_required
def email_identity(request: HttpRequest) -> HttpResponse:
    city = request.city
    if request.method != "POST":
        form = EmailIdentityForm(
            initial={
                "email_sender_name": city.email_sender_name,
                "email_reply_to": city.email_reply_to,
            }
        )
        status = 200
    else:
        form = EmailIdentityForm(request.POST)
        if form.is_valid():
            try:
                changed = city_email_identity_update(
                    city=city,
                    sender_name=form.cleaned_data["email_sender_name"],
                    reply_to=form.cleaned_data["email_reply_to"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if changed:
                    messages.success(request, _("The city's email identity is saved."))
                return redirect("console:email-identity")
        status = 400
    return render(
        request,
        "console/email_identity.html",
        {"form": form, "sender": city_mail_sender(city)},
        status=status,
    )
