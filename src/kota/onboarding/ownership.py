"""Which signups belong to this browser: only the session that submitted a signup may
watch it closely, retry it, or be signed in to the new city's console."""

from django.http import Http404, HttpRequest

from kota.onboarding.models import Signup
from kota.onboarding.selectors import signup_get

SESSION_KEY = "kota_signups"


def signup_remember(request: HttpRequest, signup: Signup) -> None:
    owned = list(request.session.get(SESSION_KEY, []))
    if str(signup.public_id) not in owned:
        owned.append(str(signup.public_id))
        request.session[SESSION_KEY] = owned[-10:]


def signup_owned(request: HttpRequest, signup: Signup) -> bool:
    return str(signup.public_id) in request.session.get(SESSION_KEY, [])


def signup_get_for_session(*, request: HttpRequest, public_id) -> Signup:
    """The signup this browser submitted; 404 for any other (or none), alike."""
    signup = signup_get(public_id=public_id)
    if signup is None or not signup_owned(request, signup):
        raise Http404
    return signup
