"""The citizen's account pages under /accounts/: register, verify, log in and out, profile,
password change and reset, account deletion, and accepting a staff invitation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kota.accounts.forms import (
    CityAuthenticationForm,
    CityPasswordResetForm,
    PasswordConfirmForm,
    ProfileForm,
    RegistrationForm,
)
from kota.accounts.mail import city_base_url
from kota.accounts.permissions import user_is_city_admin
from kota.accounts.selectors import invitation_get_open
from kota.accounts.services import (
    email_verification_resend,
    email_verify,
    login_link_use,
    staff_invitation_accept,
    user_erase,
    user_password_changed,
    user_profile_update,
    user_register,
)
from kota.accounts.tokens import password_reset_tokens
from kota.tenancy.services import city_launch


def _remember_language(response: HttpResponse, user) -> HttpResponse:
    """Show the site in the person's language from the next page on (LocaleMiddleware reads
    this cookie), as Django's own set_language view would."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        user.preferred_language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                user = user_register(
                    city=request.city,
                    base_url=city_base_url(request.city, request=request),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                auth_login(request, user)
                messages.success(
                    request,
                    _("Welcome! We sent a link to %(email)s: open it to verify your email.")
                    % {"email": user.email},
                )
                return _remember_language(redirect("accounts:profile"), user)
        return render(request, "accounts/register.html", {"form": form}, status=400)
    return render(request, "accounts/register.html", {"form": form})


def verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        verified = email_verify(token=token)
    except ValidationError:
        return render(request, "accounts/verify_failed.html", status=400)
    if user_is_city_admin(verified):
        # A city from the signup wizard opens to citizens once its admin is verified.
        city_launch(city=request.city)
    return render(request, "accounts/verified.html", {"verified_email": verified.email})


@require_safe
def login_link(request: HttpRequest, secret: str) -> HttpResponse:
    """Sign in with a one-time link (from the signup wizard) and go where it says."""
    link = login_link_use(secret=secret)
    if link is None:
        return render(request, "accounts/login_link_failed.html", status=400)
    auth_login(request, link.user)
    return redirect(link.next_path)


@require_POST
@login_required
def verify_resend(request: HttpRequest) -> HttpResponse:
    try:
        sent = email_verification_resend(
            city=request.city,
            user=request.user,
            base_url=city_base_url(request.city, request=request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if sent:
            messages.success(
                request, _("We sent a new link to %(email)s.") % {"email": request.user.email}
            )
        else:
            messages.info(request, _("Your email is already verified."))
    return redirect("accounts:profile")


class LoginView(auth_views.LoginView):
    """Django's login, within the login limits: while they pause logins, the form comes
    back with the reason and status 429."""

    authentication_form = CityAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.blocked is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.blocked.retry_after)
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if not user.email_verified:
            messages.warning(
                self.request,
                _("Your email is not verified yet. Open the link we sent to %(email)s.")
                % {"email": user.email},
            )
        return _remember_language(response, user)

    def get_default_redirect_url(self):
        # Without a page to return to, an unverified person lands where they can verify.
        if not self.request.user.email_verified:
            return reverse("accounts:profile")
        return super().get_default_redirect_url()


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html")


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method != "POST":
        form = ProfileForm(
            initial={
                "full_name": user.full_name,
                "phone": user.phone,
                "preferred_language": user.preferred_language,
            }
        )
        return render(request, "accounts/profile_edit.html", {"form": form})
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            user_profile_update(user=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return _remember_language(redirect("accounts:profile"), user)
    return render(request, "accounts/profile_edit.html", {"form": form}, status=400)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        user_password_changed(user=form.user)
        messages.success(self.request, _("Your password is changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = CityPasswordResetForm
    template_name = "accounts/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset_body.txt"
    html_email_template_name = "accounts/email/password_reset_body.html"
    token_generator = password_reset_tokens
    success_url = reverse_lazy("accounts:password-reset-done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "city": self.request.city}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    token_generator = password_reset_tokens
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        user_password_changed(user=form.user, through_email=True)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = PasswordConfirmForm(user=request.user)
        return render(request, "accounts/delete.html", {"form": form})
    form = PasswordConfirmForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            user_erase(user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            auth_logout(request)
            return redirect("accounts:deleted")
    return render(request, "accounts/delete.html", {"form": form}, status=400)


def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_get_open(token=token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.method != "POST":
        form = SetPasswordForm(invitation.user)
        return render(request, "accounts/invitation.html", {"form": form, "invitation": invitation})
    form = SetPasswordForm(invitation.user, request.POST)
    if form.is_valid():
        try:
            user = staff_invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error(None, ValidationError(error.messages))
        else:
            auth_login(request, user)
            messages.success(request, _("Welcome! Your account is ready."))
            return _remember_language(redirect("console:dashboard"), user)
    return render(
        request,
        "accounts/invitation.html",
        {"form": form, "invitation": invitation},
        status=400,
    )
