"""The console's staff pages: the city's admins and officers, invitations, roles and
deactivation. City admins only; every change goes through kota.accounts.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kota.accounts import selectors, services
from kota.accounts.mail import city_base_url
from kota.console.access import city_admin_required
from kota.console.forms import StaffInviteForm, StaffRolesForm


def _member_or_404(public_id) -> selectors.StaffMember:
    member = selectors.staff_get(public_id=public_id)
    if member is None:
        raise Http404
    return member


def _member_page(request, member, *, form=None, error: str = "", status: int = 200):
    form = form or StaffRolesForm(initial={"roles": member.roles})
    return render(
        request,
        "console/staff_member.html",
        {"member": member, "form": form, "error": error},
        status=status,
    )


@city_admin_required
def staff_list(request: HttpRequest) -> HttpResponse:
    members = selectors.staff_list()
    return render(
        request,
        "console/staff.html",
        {
            "members": members,
            "seats_used": selectors.staff_seats_in(members),
            "seat_limit": selectors.staff_seat_limit(request.city),
        },
    )


@city_admin_required
def staff_invite(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "console/staff_invite.html", {"form": StaffInviteForm()})
    form = StaffInviteForm(request.POST)
    if form.is_valid():
        try:
            user, outcome = services.staff_invite(
                city=request.city,
                actor=request.user,
                base_url=city_base_url(request.city, request=request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = {
                "invited": _("Invitation sent to %(email)s."),
                "granted": _("%(email)s has the new roles and was told by email."),
                "unchanged": _("%(email)s already has these roles."),
            }[outcome]
            messages.success(request, message % {"email": user.email})
            return redirect("console:staff")
    return render(request, "console/staff_invite.html", {"form": form}, status=400)


@city_admin_required
def staff_member(request: HttpRequest, public_id) -> HttpResponse:
    member = _member_or_404(public_id)
    if request.method != "POST":
        return _member_page(request, member)
    form = StaffRolesForm(request.POST)
    if form.is_valid():
        try:
            changed = services.staff_roles_set(
                user=member.user, roles=form.cleaned_data["roles"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changed:
                messages.success(
                    request, _("Roles of %(email)s saved.") % {"email": member.user.email}
                )
            return redirect("console:staff")
    return _member_page(request, member, form=form, status=400)


@require_POST
@city_admin_required
def staff_deactivate(request: HttpRequest, public_id) -> HttpResponse:
    member = _member_or_404(public_id)
    try:
        changed = services.staff_deactivate(user=member.user, actor=request.user)
    except ValidationError as error:
        return _member_page(request, member, error=" ".join(error.messages), status=400)
    if changed:
        messages.success(
            request, _("%(email)s can no longer log in.") % {"email": member.user.email}
        )
    return redirect("console:staff")


@require_POST
@city_admin_required
def staff_reactivate(request: HttpRequest, public_id) -> HttpResponse:
    member = _member_or_404(public_id)
    try:
        changed = services.staff_reactivate(user=member.user, actor=request.user)
    except ValidationError as error:
        return _member_page(request, member, error=" ".join(error.messages), status=400)
    if changed:
        messages.success(request, _("%(email)s can log in again.") % {"email": member.user.email})
    return redirect("console:staff")
