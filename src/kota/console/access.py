"""Who may open which console page. Not allowed and not found look the same: 404, except
that an anonymous visitor is sent to log in."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from kota.accounts.permissions import user_is_city_admin, user_is_officer, user_is_staff_member


def _guard(allowed):
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _guard(lambda request: user_is_staff_member(request.user))
city_admin_required = _guard(lambda request: user_is_city_admin(request.user))


def officer_required(module_key: str):
    """For a module's console pages: its officers and the city's admins."""
    return _guard(lambda request: user_is_officer(request.user, module_key))
